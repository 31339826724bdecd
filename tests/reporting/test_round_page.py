"""The round page at province scale: a per-unit summary, filters by unit, state and kind,
pages of assignments; a new round is created in the background with its progress shown."""

import re

import pytest
from django.core.management import call_command

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Program
from dxtrack.reporting import services
from dxtrack.reporting.jobs import RoundJob, round_jobs_run_pending
from dxtrack.reporting.models import Assignment, Round
from dxtrack.reporting.round_page import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _rows(page: str) -> list[dict[str, str]]:
    table = page[page.index('id="assignments"') :]
    table = table[: table.index("</table>")]
    return [
        {"unit": u, "state": s, "kind": k}
        for u, s, k in re.findall(
            r'<tr data-unit="([^"]+)" data-state="([^"]+)" data-kind="([^"]+)"', table
        )
    ]


@pytest.fixture
def coordinator(client_as, personas):
    return client_as(personas.coordinator)


def test_the_round_page_lists_one_page_of_assignments_and_pages_through_them(coordinator, setup):
    total = Assignment.objects.filter(round=setup.round).count()
    assert total > PAGE_SIZE  # the proposal of 38/KH-UBND is larger than a page
    first = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/").content.decode()
    assert len(_rows(first)) == PAGE_SIZE
    assert f"trên {total} phân công" in first
    last_page = (total + PAGE_SIZE - 1) // PAGE_SIZE
    last = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/", {"trang": last_page}).content.decode()
    assert len(_rows(last)) == total - PAGE_SIZE * (last_page - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_it_shows_the_per_unit_summary_before_the_assignments(coordinator, setup):
    page = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/").content.decode()
    assert page.index('id="unit-summary"') < page.index('id="assignments"')
    row = re.search(r'<tr data-unit="so-y-te"[^>]*>(.*?)</tr>', page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]
    assert cells[0] == "Sở Y tế" and cells[1] == "4"


def test_it_filters_by_unit_state_and_kind(coordinator, setup):
    services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="45,5"
    )
    url = f"/bao-cao/ky/{setup.round.pk}/"
    soyte = _rows(coordinator.get(url, {"unit": "so-y-te"}).content.decode())
    assert len(soyte) == 4 and {r["unit"] for r in soyte} == {"so-y-te"}
    drafts = _rows(coordinator.get(url, {"state": "draft"}).content.decode())
    assert drafts == [{"unit": "so-y-te", "state": "draft", "kind": "indicator"}]
    tasks = _rows(coordinator.get(url, {"unit": "so-y-te", "kind": "task"}).content.decode())
    assert tasks == [{"unit": "so-y-te", "state": "missing", "kind": "task"}]
    missing = _rows(coordinator.get(url, {"unit": "so-y-te", "state": "missing"}).content.decode())
    assert len(missing) == 3


def test_the_pager_keeps_the_filters(coordinator, setup):
    page = coordinator.get(
        f"/bao-cao/ky/{setup.round.pk}/", {"kind": "indicator", "state": "missing"}
    ).content.decode()
    if 'rel="next"' in page:
        link = re.search(r'href="\?([^"]+)" rel="next"|rel="next" href="\?([^"]+)"', page)
        query = next(g for g in link.groups() if g)
        assert "kind=indicator" in query and "state=missing" in query


def test_unknown_filter_values_are_ignored_not_errors(coordinator, setup):
    response = coordinator.get(
        f"/bao-cao/ky/{setup.round.pk}/", {"state": "nope", "kind": "x", "trang": "abc"}
    )
    assert response.status_code == 200 and len(_rows(response.content.decode())) == PAGE_SIZE


def test_the_round_page_reads_a_bounded_number_of_queries(
    coordinator, setup, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        coordinator.get(f"/bao-cao/ky/{setup.round.pk}/")


def test_a_unit_officer_is_sent_to_the_workspace_and_another_department_refused(
    client_as, personas, setup
):
    response = client_as(personas.reporter_soyte).get(f"/bao-cao/ky/{setup.round.pk}/")
    assert response.status_code == 302 and "/don-vi/so-y-te/" in response["Location"]


# -- creation in the background ---------------------------------------------------------------


def _ask(client, program, period=("2027", "Q1")):
    return client.post(
        "/bao-cao/ky/moi/",
        {
            "programs": [program.pk],
            "period_0": period[0],
            "period_1": period[1],
            "working_days": 5,
            "title": "",
        },
    )


def test_creating_a_round_returns_at_once_and_the_worker_creates_it(coordinator, personas):
    program = Program.objects.get(number="38/KH-UBND")
    rounds_before = Round.objects.count()
    response = _ask(coordinator, program)
    job = RoundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/ky/tao/{job.pk}/"
    assert Round.objects.count() == rounds_before  # nothing heavy ran in the request
    waiting = coordinator.get(response["Location"]).content.decode()
    assert "Đang chờ" in waiting and 'http-equiv="refresh"' in waiting
    assert AuditLog.objects.filter(action="round_job.create", object_id=str(job.pk)).exists()

    call_command("round_jobs", verbosity=0)

    job.refresh_from_db()
    assert job.state == "done" and job.round.period == "2027Q1"
    assert job.round.assignments.count() > 0
    assert job.round.created_by == personas.coordinator
    done = coordinator.get(f"/bao-cao/ky/tao/{job.pk}/").content.decode()
    assert "Đã tạo xong" in done and f'href="/bao-cao/ky/{job.round_id}/"' in done
    assert 'http-equiv="refresh"' not in done
    follow = coordinator.get(f"/bao-cao/ky/tao/{job.pk}/", {"di": "1"})
    assert follow["Location"] == f"/bao-cao/ky/{job.round_id}/"


def test_the_worker_runs_each_job_once(coordinator):
    program = Program.objects.get(number="38/KH-UBND")
    _ask(coordinator, program)
    assert round_jobs_run_pending() == 1
    assert round_jobs_run_pending() == 0
    assert Round.objects.filter(period="2027Q1").count() == 1


def test_a_mistake_is_reported_on_the_form_at_once(coordinator):
    response = coordinator.post(
        "/bao-cao/ky/moi/", {"period_0": "2027", "period_1": "Q1", "working_days": 5}
    )
    assert response.status_code == 400 and not RoundJob.objects.exists()


def test_a_job_that_fails_says_why_in_words(coordinator, personas):
    program = Program.objects.get(number="38/KH-UBND")
    _ask(coordinator, program)
    personas.coordinator.dx_role.delete()  # lost the coordinator's role before it ran
    round_jobs_run_pending()
    job = RoundJob.objects.get()
    assert job.state == "failed" and job.error and job.round is None
    assert not Round.objects.filter(period="2027Q1").exists()


def test_only_the_coordinator_may_ask_for_a_round(client_as, personas):
    program = Program.objects.get(number="38/KH-UBND")
    response = _ask(client_as(personas.reporter_soyte), program)
    assert response.status_code == 403 and not RoundJob.objects.exists()
