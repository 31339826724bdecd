"""An item's history ("Lịch sử") speaks the unit's language: who by their full name, what by
its Vietnamese label, simulated steps marked "(mô phỏng)"."""

import re

import pytest

from dxtrack.reporting import services
from dxtrack.reporting.models import ValueRevision
from tests.helpers import accepted_value, value_sent_by_reporter, workspace_url

pytestmark = pytest.mark.django_db


def history_of_page(setup, client_as, user) -> str:
    page = client_as(user).get(workspace_url(setup) + f"chi-so/{setup.percent.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    table = re.search(r'<table class="data" id="history">(.*?)</table>', html, re.S)
    assert table is not None
    return re.sub(r"\s+", " ", table.group(1))


def test_the_history_names_people_by_their_full_name_else_their_username(setup, client_as):
    reporter, approver = setup.p.reporter_soyte, setup.p.approver_soyte
    reporter.first_name, reporter.last_name = "Lan", "Nguyễn Thị"
    reporter.save(update_fields=["first_name", "last_name"])
    approver.first_name = approver.last_name = ""
    approver.save(update_fields=["first_name", "last_name"])
    sent = value_sent_by_reporter(setup)
    services.item_approve(acting_user=approver, item=sent)
    history = history_of_page(setup, client_as, reporter)
    assert reporter.get_full_name() in history
    assert f">{reporter.username}<" not in history
    assert approver.username in history


def test_the_history_labels_simulated_steps_in_vietnamese(setup, client_as):
    sent = value_sent_by_reporter(setup)
    ValueRevision.objects.create(
        observation=sent,
        version=sent.version + 1,
        action="send",
        state="pending_approval",
        data={"value": 40.0, "note": ""},
        actor_name="Cán bộ mô phỏng",
        via="sim",
    )
    history = history_of_page(setup, client_as, setup.p.reporter_soyte)
    assert "(mô phỏng)" in history and "Cán bộ mô phỏng" in history
    assert "send (sim)" not in history and "(sim)" not in history
    assert history.count("Gửi lãnh đạo đơn vị duyệt") == 2  # the real send and the simulated one
    assert "(web)" in history


def test_another_departments_officer_cannot_read_the_history(setup, client_as, personas):
    value_sent_by_reporter(setup)
    page = client_as(personas.reporter_taichinh).get(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/"
    )
    assert page.status_code in (403, 404)


def test_the_value_page_names_an_outlier_warning_in_words_not_a_score(setup, client_as):
    for period, v in zip(
        ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"], [50, 52, 51, 53, 49], strict=True
    ):
        accepted_value(setup.percent, setup.soyte, period, v)
    services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_percent,
        value="95",
        note="Năm nay bổ sung 3 bệnh viện",
    )
    page = client_as(setup.p.reporter_soyte).get(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/"
    )
    html = page.content.decode()
    assert "Khác nhiều so với các kỳ trước của đơn vị" in html
    assert "outlier_mz" not in html and "Mz =" not in html
