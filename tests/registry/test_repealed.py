"""Repealed records and draft amendments out of every figure (issue 14 follow-up).

A small published plan is amended by a decision (no file, its number written in) that repeals
one of its targets (owned by Sở Y tế) and one of its tasks (led by Sở Y tế). From then on
neither counts: not in the overview, the program's counts, the owner's scorecard, a new round,
the API lists, the open data or the report's figures; their pages still open and say they were
repealed. A draft amendment under review is in no list, figure or public page.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.periods import Period
from dxtrack.dashboards.my_work import unit_work
from dxtrack.docimport import extract_text
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.models import UnitScore
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.opendata import selectors as opendata
from dxtrack.outputs import figures
from dxtrack.registry import search_index, services
from dxtrack.registry.models import Program, Target, Task, Unit
from dxtrack.registry.review import selectors as review_selectors
from dxtrack.registry.review import services as review
from dxtrack.reporting import selectors as reporting_selectors
from dxtrack.reporting import services as reporting
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import Assignment
from tests.registry.test_review_versions import V1  # the same small plan

pytestmark = pytest.mark.django_db

DECISION = "15/QĐ-UBND"


@pytest.fixture
def published() -> Program:
    """Kế hoạch chuyển đổi số năm 2026 (two targets, two tasks), loaded and published."""
    program = services.program_load_extraction(data=extract_text(V1), source_text=V1).program
    return services.program_publish(program=program, acting_user=None)


def _owned_target(program: Program) -> Target:
    """The 85% target, given to Sở Y tế: it counts in Sở Y tế's scorecard."""
    target = program.targets.get(value=85)
    Target.objects.filter(pk=target.pk).update(owner=Unit.objects.get(code="so-y-te"))
    target.refresh_from_db()
    return target


def _led_task(program: Program) -> Task:
    """The medical records task, led by Sở Y tế from 2026."""
    return program.tasks.get(name="Triển khai bệnh án điện tử")


def _amendment_start(coordinator, program: Program) -> Program:
    return review.amendment_start(
        program=program,
        uploaded=None,
        max_bytes=1_000_000,
        document_number=DECISION,
        document_date=date(2026, 11, 20),
        acting_user=coordinator,
    )


def _twin(amendment: Program, record: Target | Task) -> Target | Task:
    """The amendment's copy of a published target or task (same place, same content)."""
    if isinstance(record, Target):
        return amendment.targets.get(
            goal__order=record.goal.order, order=record.order, indicator=record.indicator
        )
    return amendment.tasks.get(order=record.order)


def _amend(coordinator, target: Target, task: Task) -> None:
    """The decision repeals `target` and `task`; the coordinator publishes every change."""
    amendment = _amendment_start(coordinator, target.program)
    review.target_delete(target=_twin(amendment, target), acting_user=coordinator)
    review.task_delete(task=_twin(amendment, task), acting_user=coordinator)
    changes, _matched = review_selectors.amendment_changes(amendment=amendment)
    assert {(c.kind, c.op) for c in changes} == {("target", "remove"), ("task", "remove")}
    review.amendment_publish(
        amendment=amendment,
        accepted={c.key for c in changes},
        acknowledge_budget=True,
        acting_user=coordinator,
    )


@pytest.fixture
def repealed(personas, published):
    """(target, task), repealed by the decision; stored evaluations recomputed before and after
    (as the nightly `dxtrack evaluate`), the owner's scorecards before kept for comparison."""
    target, task = _owned_target(published), _led_task(published)
    evaluation_recompute_all()
    before = {
        "overview": ev.overview(user=personas.leader),
        "scores_with_target": [
            s.pk for s in UnitScore.objects.all() if target.pk in s.numbers.get("targets", [])
        ],
    }
    _amend(personas.coordinator, target, task)
    evaluation_recompute_all()
    target.refresh_from_db()
    task.refresh_from_db()
    return target, task, before


def test_the_repeal_is_recorded_on_the_records_not_deleted(repealed):
    target, task, _before = repealed
    assert target.repealed_by is not None and str(target.repealed_by) == DECISION
    assert task.repealed_by == target.repealed_by
    # Its stored status is kept for history.
    assert target.evaluation.status


def test_the_overview_no_longer_counts_them(personas, repealed):
    _target, _task, before = repealed
    now = ev.overview(user=personas.leader)
    assert now["n_targets"] == before["overview"]["n_targets"] - 1
    assert now["n_tasks"] == before["overview"]["n_tasks"] - 1
    # Computed for another date the same rule holds.
    computed = ev.overview(user=personas.leader, as_of=date(2026, 6, 30))
    assert computed["n_targets"] == now["n_targets"] and computed["n_tasks"] == now["n_tasks"]


def test_the_program_summary_counts_only_records_in_force(client_as, personas, repealed, published):
    target, task, _before = repealed
    program = published
    in_force = program.targets.filter(repealed_by__isnull=True).count()
    assert program.targets.count() == in_force + 1
    summary = ev.program_dashboard(program=program)
    assert summary["n_targets"] == in_force
    assert target.pk not in {t.pk for t, _ev in summary["targets"]}
    assert task.pk not in {t.pk for t, _ev in summary["tasks"]}
    listed = next(p for p in client_as(None).get("/").context["programs"] if p.pk == program.pk)
    assert listed.n_targets == in_force
    assert listed.n_tasks == program.tasks.filter(repealed_by__isnull=True).count()


def test_the_owner_scorecard_and_ranking_no_longer_count_the_target(repealed):
    target, task, before = repealed
    assert before["scores_with_target"], "the owned target counted before the repeal"
    for score in UnitScore.objects.all():
        assert target.pk not in score.numbers.get("targets", [])
        assert task.pk not in score.numbers.get("tasks", [])


def test_a_new_round_assigns_nothing_of_the_repealed_task(personas, repealed, published):
    _target, task, _before = repealed
    rnd = reporting.round_create(
        acting_user=personas.coordinator, programs=[published], period="2026Q4", working_days=5
    )
    assert not Assignment.objects.filter(round=rnd, task=task).exists()
    assert Assignment.objects.filter(round=rnd, kind="task").exists()  # the others are
    lead = task.task_units.filter(role="lead").first()
    with pytest.raises(ReportingError) as refusal:
        reporting.assignment_add(
            acting_user=personas.coordinator, rnd=rnd, unit=lead.unit, kind="task", task=task
        )
    assert "đã bãi bỏ theo 15/QĐ-UBND" in str(refusal.value)


def test_the_api_lists_leave_them_out(client_as, repealed, published):
    target, task, _before = repealed
    program = published
    client = client_as(None)  # the public reads the API
    targets = client.get(f"/api/v1/targets/?program={program.pk}&page_size=1000").json()
    tasks = client.get(f"/api/v1/tasks/?program={program.pk}&page_size=1000").json()
    assert target.pk not in {row["id"] for row in targets["results"]}
    assert task.pk not in {row["id"] for row in tasks["results"]}
    assert targets["count"] == program.targets.filter(repealed_by__isnull=True).count()
    detail = client.get(f"/api/v1/programs/{program.pk}/").json()
    assert detail["counts"]["targets"] == targets["count"]
    assert detail["counts"]["tasks"] == tasks["count"]
    assert task.pk not in {row["id"] for row in detail["tasks"]}


def test_open_data_leaves_them_out(repealed, published):
    target, task, _before = repealed
    datasets = opendata.catalog().datasets
    target_ids = {row[0] for row in opendata.dataset_rows(dataset=datasets["chi-tieu"])}
    task_ids = {row[0] for row in opendata.dataset_rows(dataset=datasets["nhiem-vu"])}
    assert target.pk not in target_ids and task.pk not in task_ids
    assert target_ids and task_ids  # the others are published


def test_the_report_figures_leave_them_out(repealed):
    target, task, _before = repealed
    data = figures.figures_gather(
        scope=figures.Scope(kind="province"), period=Period.parse("2026Q4"), as_of=date(2026, 12, 1)
    )
    assert target.pk not in {row["id"] for row in data["targets"]}
    assert task.pk not in {row["id"] for row in data["tasks"]}


def test_the_target_page_still_opens_and_says_it_was_repealed(
    client_as, personas, repealed, published
):
    target, task, _before = repealed
    for user in (None, personas.coordinator):
        page = client_as(user).get(f"/chi-tieu/{target.pk}/")
        assert page.status_code == 200
        assert f"đã bãi bỏ theo {DECISION}" in page.content.decode()
    program_page = client_as(None).get(f"/chuong-trinh/{published.pk}/").content.decode()
    assert program_page.count(f"đã bãi bỏ theo {DECISION}") == 2  # the target and the task


def test_a_draft_amendment_is_in_no_list_figure_or_public_page(client_as, personas, published):
    before = ev.overview(user=personas.coordinator)
    amendment = _amendment_start(personas.coordinator, published)
    # The public: not found; the public and the leader (who may open drafts): not listed.
    assert client_as(None).get(f"/chuong-trinh/{amendment.pk}/").status_code == 404
    for user in (None, personas.leader):
        client = client_as(user)
        assert amendment.pk not in {p.pk for p in client.get("/").context["programs"]}
    # The coordinator: not in the program list, the API list, the search or the figures…
    client = client_as(personas.coordinator)
    assert amendment.pk not in {p.pk for p in client.get("/").context["programs"]}
    api = client.get("/api/v1/programs/?page_size=1000").json()
    assert amendment.pk not in {row["id"] for row in api["results"]}
    found = search_index.search(user=personas.coordinator, query=published.title[:30])
    assert amendment.pk not in {p.pk for p in found["programs"]}
    assert amendment.pk not in {t.program_id for t in found["tasks"]}
    assert amendment.pk not in ev.visible_program_ids(user=personas.coordinator)
    after = ev.overview(user=personas.coordinator)
    assert (after["n_targets"], after["n_tasks"]) == (before["n_targets"], before["n_tasks"])
    # … but in the "bản nháp" area and on the program it amends.
    drafts = ev.draft_programs(user=personas.coordinator)
    assert amendment.pk in {row["program"].pk for row in drafts}
    overview = client.get("/tong-quan/").content.decode()
    assert f"bản điều chỉnh, bổ sung của {published}" in overview
    page = client.get(f"/chuong-trinh/{published.pk}/").content.decode()
    assert 'id="open-amendment"' in page and f"/chuong-trinh/{amendment.pk}/ra-soat/" in page
    assert client.get(f"/chuong-trinh/{amendment.pk}/").status_code == 200
    # The public's program page does not mention it.
    assert (
        'id="open-amendment"'
        not in client_as(None).get(f"/chuong-trinh/{published.pk}/").content.decode()
    )


def test_another_department_cannot_repeal_or_start_an_amendment(personas, published):
    with pytest.raises(PermissionDenied):
        _amendment_start(personas.reporter_taichinh, published)
    assert not Program.objects.filter(amends=published).exists()


def test_the_unit_no_longer_owes_an_update_of_a_repealed_task_in_an_open_round(
    client_as, personas, published
):
    target, task = _owned_target(published), _led_task(published)
    rnd = reporting.round_create(
        acting_user=personas.coordinator, programs=[published], period="2026Q4", working_days=5
    )
    reporting.round_open(acting_user=personas.coordinator, rnd=rnd)
    soyte = Unit.objects.get(code="so-y-te")
    assert Assignment.objects.filter(round=rnd, unit=soyte, task=task).exists()

    def owed() -> set[int | None]:
        return {
            row.assignment.task_id
            for work in unit_work(unit=soyte)
            if work.round.pk == rnd.pk
            for row in work.owed
        }

    assert task.pk in owed()
    _amend(personas.coordinator, target, task)
    assert task.pk not in owed()
    # Its row stays in the unit's workspace (an update may still be sent), marked.
    page = client_as(personas.reporter_soyte).get(f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/")
    assert page.status_code == 200 and f"đã bãi bỏ theo {DECISION}" in page.content.decode()
    # Nor does the round's completeness expect it any more.
    expected = reporting_selectors.completeness(rnd=rnd)[soyte.pk].expected
    assert (
        expected
        == Assignment.objects.filter(round=rnd, unit=soyte, role="report")
        .exclude(task=task)
        .count()
    )


def test_the_stored_scorecards_leave_the_repealed_target_out_at_once(personas, published):
    """No nightly `dxtrack evaluate` needed: publishing the amendment recomputes the stored
    results as of their date."""
    target, task = _owned_target(published), _led_task(published)
    evaluation_recompute_all(as_of=date(2026, 11, 30))
    assert any(target.pk in s.numbers.get("targets", []) for s in UnitScore.objects.all())
    _amend(personas.coordinator, target, task)
    assert UnitScore.objects.exists()
    for score in UnitScore.objects.all():
        assert target.pk not in score.numbers.get("targets", [])
        assert task.pk not in score.numbers.get("tasks", [])
        assert score.as_of <= date(2026, 11, 30)
    assert ev.evaluation_as_of() == date(2026, 11, 30)
