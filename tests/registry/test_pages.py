"""Each registry page for each persona, including the refusals."""

import pytest

from dxtrack.core.models import AuditLog
from dxtrack.core.periods import Period
from dxtrack.registry.models import Program, Unit
from dxtrack.registry.services import program_unpublish
from dxtrack.reporting.registry_parts import observations_of_target
from tests.helpers import accepted_value, province

pytestmark = pytest.mark.django_db


def published():
    return Program.objects.filter(status="published").order_by("pk").first()


@pytest.fixture
def draft(personas):
    program = Program.objects.exclude(number="2840/QĐ-UBND").order_by("pk").first()
    program_unpublish(program=program, acting_user=None)
    return program


def test_the_public_sees_the_published_programs(client_as):
    response = client_as(None).get("/")
    assert response.status_code == 200
    for program in Program.objects.filter(status="published"):
        assert program.title in response.content.decode()


def test_the_public_cannot_see_a_draft_program(client_as, draft):
    assert client_as(None).get(f"/chuong-trinh/{draft.pk}/").status_code == 404
    assert draft.title not in client_as(None).get("/").content.decode()


@pytest.mark.parametrize("persona", ["reporter_soyte", "reporter_commune"])
def test_unit_officers_cannot_see_a_draft_program(client_as, personas, draft, persona):
    assert (
        client_as(getattr(personas, persona)).get(f"/chuong-trinh/{draft.pk}/").status_code == 404
    )


@pytest.mark.parametrize("persona", ["coordinator", "leader", "admin"])
def test_staff_see_draft_programs(client_as, personas, draft, persona):
    assert (
        client_as(getattr(personas, persona)).get(f"/chuong-trinh/{draft.pk}/").status_code == 200
    )


def test_the_coordinator_publishes_a_draft_and_it_is_audited(client_as, personas, draft):
    response = client_as(personas.coordinator).post(f"/chuong-trinh/{draft.pk}/cong-bo/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    row = AuditLog.objects.filter(action="program.publish", object_id=str(draft.pk)).latest("id")
    assert row.actor == personas.coordinator
    assert row.before["status"] == "draft" and row.after["status"] == "published"


@pytest.mark.parametrize(
    "persona,status", [("leader", 403), ("reporter_soyte", 404), ("approver_soyte", 404)]
)
def test_others_cannot_publish(client_as, personas, draft, persona, status):
    # Unit officers do not even learn that the draft exists; a leader sees it but may not publish.
    response = client_as(getattr(personas, persona)).post(f"/chuong-trinh/{draft.pk}/cong-bo/")
    assert response.status_code == status
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_needs_a_login(client_as, draft):
    response = client_as(None).post(f"/chuong-trinh/{draft.pk}/cong-bo/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_program_page_shows_the_task_table_and_budget_split(client_as):
    program = Program.objects.get(number="2840/QĐ-UBND")
    html = client_as(None).get(f"/chuong-trinh/{program.pk}/").content.decode()
    assert html.count('<tr class="part">') >= 1
    assert "2.389,05 tỷ đồng" in html
    for task in program.tasks.all():
        assert task.name.replace("&", "&amp;").replace('"', "&quot;")[:40] in html


def test_the_target_page_shows_the_source_line(client_as):
    program = published()
    target = program.targets.first()
    html = client_as(None).get(f"/chi-tieu/{target.pk}/").content.decode()
    assert f"dòng {target.goal.line}" in html


def test_a_historic_unit_page_says_what_it_is_now(client_as):
    html = client_as(None).get("/don-vi/so-thong-tin-va-truyen-thong/").content.decode()
    assert "nay là" in html and "Sở Khoa học và Công nghệ" in html


def test_todays_unit_page_lists_the_tasks_of_its_predecessor(client_as):
    html = client_as(None).get("/don-vi/so-khoa-hoc-va-cong-nghe/").content.decode()
    assert "Sở Thông tin và Truyền thông" in html  # as predecessor
    assert "Nhiệm vụ chủ trì (0)" not in html


def test_an_unknown_unit_is_a_404(client_as):
    assert client_as(None).get("/don-vi/khong-co/").status_code == 404


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("leader", 200),
        ("admin", 200),
        ("reporter_soyte", 403),
        ("approver_soyte", 403),
        ("reporter_commune", 403),
    ],
)
def test_the_audit_log_is_for_staff_only(client_as, personas, persona, status):
    assert client_as(getattr(personas, persona)).get("/nhat-ky/").status_code == status


def test_the_audit_log_asks_the_public_to_log_in(client_as):
    assert client_as(None).get("/nhat-ky/").status_code == 302


def test_the_django_admin_is_refused_to_unit_officers(client_as, personas):
    response = client_as(personas.reporter_soyte).get("/quan-tri/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_english_switch_changes_the_interface_language(client_as):
    client = client_as(None)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_missing_page_is_a_friendly_404_without_a_traceback(client_as):
    response = client_as(None).get("/chuong-trinh/999999/")
    assert response.status_code == 404 and "Traceback" not in response.content.decode()


def test_the_unit_list_groups_units_by_kind(client_as):
    html = client_as(None).get("/don-vi/").content.decode()
    communes = Unit.objects.filter(kind="commune").count()
    assert f"Xã, phường ({communes})" in html


def test_pages_are_vietnamese_even_for_an_english_browser(client_as):
    response = client_as(None).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_the_coordinator_filters_the_audit_log_by_action(client_as, personas, draft):
    client = client_as(personas.coordinator)
    client.post(f"/chuong-trinh/{draft.pk}/cong-bo/")
    html = client.get("/nhat-ky/", {"action": "program.publish"}).content.decode()
    assert "program.publish" in html and "unit.create" not in html


def test_the_target_page_lists_values_oldest_period_first_a_year_before_its_quarters(client_as):
    target = published().targets.first()
    home = province()
    for code in ["2024Q3", "202407", "2024", "2023", "2024S1"]:
        accepted_value(target.indicator, home, code, 1, source="thử")
    listed = [o.period for o in observations_of_target(target) if o.source == "thử"]
    assert listed == ["2023", "2024", "2024S1", "2024Q3", "202407"]
    assert listed == sorted(listed, key=Period.parse)
    html = client_as(None).get(f"/chi-tieu/{target.pk}/").content.decode()
    table = html[html.index('id="observations"') :]
    assert table.index("Năm 2023") < table.index("Năm 2024") < table.index("Quý III năm 2024")
