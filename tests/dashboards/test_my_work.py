"""“Việc của tôi”: login lands each role on its own work — the reporter on what the unit owes
(with the due date and days left) and what was returned with the comment, the approver on what
waits for sign-off, the coordinator on what waits for review and which units are late, the
leader on the overview's figures beside those of the last period."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from dxtrack.evaluation import selectors as ev
from dxtrack.reporting import services
from dxtrack.reporting.models import Round
from tests.helpers import Setup, make_user, value_sent_by_reporter

pytestmark = pytest.mark.django_db

URL = "/tong-quan/viec-cua-toi/"


@pytest.fixture
def setup(personas, settings, tmp_path) -> Setup:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Setup(personas)


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@override_settings(AXES_ENABLED=False)
def test_login_lands_on_my_work(db, client):
    user = make_user("reporter-login-t", "reporter", "so-y-te")
    user.set_password("Mật-khẩu-dài-2026")
    user.save()
    response = client.post(
        "/dang-nhap/", {"username": user.username, "password": "Mật-khẩu-dài-2026"}
    )
    assert response.status_code == 302 and response["Location"] == URL


def test_the_reporter_sees_what_the_unit_owes_with_the_due_date_and_days_left(setup, client_as):
    html = page(client_as(setup.p.reporter_soyte))
    assert setup.round.title in html
    days = (setup.round.due_date - timezone.localdate()).days
    assert f"còn {days} ngày" in html if days > 0 else "quá hạn" in html
    assert "Cần nhập và gửi (4)" in html  # three values and a task
    assert setup.percent.name in html and setup.task.name[:40] in html
    assert f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/chi-so/{setup.percent.pk}/" in html


def test_a_returned_value_shows_with_the_coordinators_comment(setup, client_as):
    sent = value_sent_by_reporter(setup)
    services.item_approve(acting_user=setup.p.approver_soyte, item=sent)
    services.item_return(
        acting_user=setup.p.coordinator, item=sent, comment="Đề nghị ghi rõ nguồn số liệu"
    )
    html = page(client_as(setup.p.reporter_soyte))
    assert "Bị trả lại, cần sửa (1)" in html
    assert "Đề nghị ghi rõ nguồn số liệu" in html
    assert "Cần nhập và gửi (3)" in html


def test_the_approver_sees_what_waits_for_sign_off(setup, client_as):
    value_sent_by_reporter(setup)
    html = page(client_as(setup.p.approver_soyte))
    assert "Chờ tôi duyệt (1)" in html and setup.percent.name in html
    # The reporter sees it waits for the leader, not among what is owed.
    reporter = page(client_as(setup.p.reporter_soyte))
    assert "1 mục đang chờ lãnh đạo đơn vị duyệt" in reporter
    assert "Cần nhập và gửi (3)" in reporter


def test_another_departments_officer_sees_nothing_of_so_y_te(setup, client_as):
    value_sent_by_reporter(setup)
    html = page(client_as(setup.p.reporter_taichinh))
    assert "/don-vi/so-y-te/" not in html and "Chờ tôi duyệt" not in html


def test_a_commune_officer_sees_the_communes_work(setup, client_as):
    html = page(client_as(setup.p.reporter_commune))
    code = setup.commune.code
    assert f"/bao-cao/ky/{setup.round.pk}/don-vi/{code}/chi-so/{setup.percent.pk}/" in html
    assert "Cần nhập và gửi (2)" in html


def test_the_coordinator_sees_submissions_to_review_and_late_units(setup, client_as):
    sent = value_sent_by_reporter(setup)
    services.item_approve(acting_user=setup.p.approver_soyte, item=sent)
    Round.objects.filter(pk=setup.round.pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    html = page(client_as(setup.p.coordinator))
    assert "1 mục chờ duyệt" in html
    assert f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/" in html
    assert "Đơn vị trễ hoặc thiếu sau hạn (" in html
    assert f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/" in html
    assert "đã quá hạn" in html


def test_the_leader_sees_the_public_figures_beside_the_last_periods(setup, client_as):
    html = page(client_as(setup.p.leader))
    assert 'id="leader-changes"' in html
    public = ev.overview(user=setup.p.leader)
    for status, n in zip(
        [s for s, _ in public["target_statuses"]], public["target_totals"], strict=True
    ):
        assert f'<tr data-status="{status}">' in html
        row = html.split(f'<tr data-status="{status}">', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num">{n}</td>' in row


def test_a_user_without_a_role_reads_the_public_overview(db, client_as):
    response = client_as(make_user("no-role-t", None)).get(URL)
    assert response.status_code == 302 and response["Location"] == "/tong-quan/"


def test_the_public_is_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
