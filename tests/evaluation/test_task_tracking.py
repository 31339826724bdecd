"""The four-way task status (done on time / done late / open in time / open overdue) and
overdue tasks counting against their lead unit in every period until they are done: the
scorecards, the rankings and the stored task statuses tell the same facts."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from dxtrack.core.periods import Period
from dxtrack.evaluation import compute, methods, services
from dxtrack.evaluation.models import RankingRow, TaskEvaluation, UnitScore
from dxtrack.registry.models import Task, TaskUnit, Unit
from dxtrack.reporting.models import Evidence, TaskUpdate
from tests.helpers import make_program

pytestmark = pytest.mark.django_db

END = date(2025, 12, 31)


def judged(*, done: bool, completed_on: date | None = None, as_of: date) -> methods.TaskResult:
    return methods.task_status(
        start=date(2025, 1, 1),
        end=END,
        recurrence=None,
        done=done,
        percent_done=100 if done else 90,
        as_of=as_of,
        reported_this_period=None,
        completed_on=completed_on,
    )


@pytest.mark.parametrize(
    ("done", "completed_on", "as_of", "expected"),
    [
        (True, date(2025, 11, 20), date(2026, 3, 1), "done_on_time"),
        (True, END, date(2026, 3, 1), "done_on_time"),
        (True, date(2026, 2, 10), date(2026, 3, 1), "done_late"),
        (False, None, date(2025, 10, 1), "open_in_time"),
        (False, None, date(2026, 1, 1), "open_overdue"),
    ],
)
def test_the_four_way_status_tells_done_late_from_done_on_time(done, completed_on, as_of, expected):
    result = judged(done=done, completed_on=completed_on, as_of=as_of)
    assert result.tracking_status == expected
    assert result.on_time == (expected in ("done_on_time", "open_in_time"))


def test_a_task_done_late_says_by_how_many_days_in_both_languages():
    result = judged(done=True, completed_on=date(2026, 2, 10), as_of=date(2026, 3, 1))
    assert result.status == "done"
    assert "chậm 41 ngày so với hạn 31/12/2025" in result.explanation_vi
    assert "41 days after the deadline 31/12/2025" in result.explanation_en


def test_a_recurring_task_whose_report_is_missing_is_open_and_overdue():
    result = methods.task_status(
        start=None,
        end=None,
        recurrence="quarterly",
        done=False,
        percent_done=None,
        as_of=date(2026, 5, 1),
        reported_this_period=False,
    )
    assert result.tracking_status == "open_overdue"


@pytest.fixture
def program(db):
    return make_program(key="TEST-TRACK", number="98/KH-TEST", title="Kế hoạch thử theo dõi")


def lead_task(program, unit: Unit, *, order: int, end_year: int, end_quarter: int | None = None):
    task = Task.objects.create(
        program=program,
        order=order,
        name=f"Nhiệm vụ thử {order}",
        start_year=2025,
        end_year=end_year,
        end_quarter=end_quarter,
    )
    TaskUnit.objects.create(task=task, unit=unit, role="lead", written_name=unit.name)
    return task


def completed(
    task: Task, unit: Unit, *, period: str, completed_on: date | None, accepted_on: date
) -> TaskUpdate:
    update = TaskUpdate.objects.create(
        task=task,
        unit=unit,
        period=period,
        progress="completed",
        percent_done=100,
        completed_on=completed_on,
        state="accepted",
        reviewed_at=timezone.make_aware(
            timezone.datetime(accepted_on.year, accepted_on.month, accepted_on.day, 9)
        ),
    )
    Evidence.objects.create(
        task_update=update,
        file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"),
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    return update


def scorecard(unit: Unit, period: str) -> UnitScore:
    """The unit's scorecard for any period, judged as of 30/11/2026."""
    return compute.unit_scores_compute(
        period=Period.parse(period), as_of=date(2026, 11, 30), unit_ids=[unit.pk]
    )[0]


def tasks_line(score: UnitScore, tasks: list[Task]) -> tuple[set[str], set[str]]:
    """(four-way statuses, on-time flags) of `tasks` in the scorecard."""
    ids = [t.pk for t in tasks]
    tracking = {score.numbers["task_tracking"][str(i)] for i in ids}
    on_time = {str(i in score.numbers["tasks_on_time"]) for i in ids}
    return tracking, on_time


def test_a_police_unit_whose_two_tasks_are_overdue_loses_them_in_later_quarters(program):
    """The Công an tỉnh case: both lead tasks' deadlines passed in 2025 unfinished; in 2026's
    quarters they still count against it, not drop out of the period."""
    police = Unit.objects.get(code="cong-an-tinh")
    tasks = [lead_task(program, police, order=o, end_year=2025, end_quarter=4) for o in (1, 2)]
    services.evaluation_recompute_all(as_of=date(2026, 11, 30))

    score = UnitScore.objects.get(unit=police, period="2026Q4")
    assert set(map(int, score.numbers["tasks"])) >= {t.pk for t in tasks}
    assert tasks_line(score, tasks) == ({"open_overdue"}, {"False"})
    for ev in TaskEvaluation.objects.filter(task__in=tasks):
        assert ev.tracking_status == "open_overdue"
    row = RankingRow.objects.get(unit=police, period="2026Q4")
    assert row.score == score.score and score.score < 100


def test_a_unit_whose_only_task_is_overdue_has_it_in_every_later_quarter(program):
    unit = Unit.objects.get(code="so-y-te")
    task = lead_task(program, unit, order=1, end_year=2025, end_quarter=2)
    for period in ("2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"):
        score = scorecard(unit, period)
        assert tasks_line(score, [task]) == ({"open_overdue"}, {"False"}), period


def test_a_task_done_late_counts_against_its_unit_until_done_and_then_stops(program):
    unit = Unit.objects.get(code="so-y-te")
    task = lead_task(program, unit, order=1, end_year=2025, end_quarter=2)
    completed(
        task, unit, period="2025Q4", completed_on=date(2025, 11, 15), accepted_on=date(2025, 11, 25)
    )
    services.evaluation_recompute_all(as_of=date(2026, 11, 30))

    assert TaskEvaluation.objects.get(task=task).tracking_status == "done_late"
    # overdue all through Q3 (judged at the end of Q3, it was not done yet)
    assert tasks_line(scorecard(unit, "2025Q3"), [task]) == ({"open_overdue"}, {"False"})
    # done in Q4, but late: counted, not on time
    assert tasks_line(scorecard(unit, "2025Q4"), [task]) == ({"done_late"}, {"False"})
    # done before 2026 began: no longer counted
    assert task.pk not in scorecard(unit, "2026Q1").numbers["tasks"]


def test_a_task_done_by_its_deadline_counts_on_time(program):
    unit = Unit.objects.get(code="so-y-te")
    task = lead_task(program, unit, order=1, end_year=2025, end_quarter=4)
    completed(
        task, unit, period="2025Q4", completed_on=date(2025, 12, 20), accepted_on=date(2025, 12, 28)
    )
    services.evaluation_recompute_all(as_of=date(2026, 11, 30))
    assert TaskEvaluation.objects.get(task=task).tracking_status == "done_on_time"
    assert tasks_line(scorecard(unit, "2025Q4"), [task]) == ({"done_on_time"}, {"True"})


def test_without_a_completion_day_the_reported_period_end_is_taken(program):
    unit = Unit.objects.get(code="so-y-te")
    task = lead_task(program, unit, order=1, end_year=2025, end_quarter=3)
    completed(task, unit, period="2025Q4", completed_on=None, accepted_on=date(2026, 1, 5))
    services.evaluation_recompute_all(as_of=date(2026, 11, 30))
    ev = TaskEvaluation.objects.get(task=task)
    assert ev.numbers["completed_on"] == "2025-12-31"
    assert ev.tracking_status == "done_late"


def test_scorecards_and_stored_task_statuses_agree(program):
    """The facts of the rankings are the facts of the task pages: for the current quarter,
    every task a scorecard judges has the stored four-way status of the same date."""
    units = [Unit.objects.get(code=c) for c in ("so-y-te", "cong-an-tinh")]
    specs = [(2025, 2), (2026, 4), (2027, None), (2025, 4)]
    for i, (year, quarter) in enumerate(specs):
        task = lead_task(program, units[i % 2], order=i + 1, end_year=year, end_quarter=quarter)
        if i == 3:
            completed(
                task,
                units[1],
                period="2026Q1",
                completed_on=date(2026, 2, 1),
                accepted_on=date(2026, 2, 9),
            )
    as_of = date(2026, 11, 30)
    services.evaluation_recompute_all(as_of=as_of)
    current = Period.for_date("quarter", as_of).code
    stored = dict(TaskEvaluation.objects.values_list("task_id", "tracking_status"))
    for unit in units:
        score = UnitScore.objects.get(unit=unit, period=current)
        for task_id, tracking in score.numbers["task_tracking"].items():
            assert stored[int(task_id)] == tracking


def test_a_draft_plans_tasks_do_not_count_in_scorecards_until_published(program):
    draft = make_program(
        key="TEST-DRAFT", number="97/KH-TEST", title="Kế hoạch nháp", status="draft"
    )
    unit = Unit.objects.get(code="so-y-te")
    task = lead_task(draft, unit, order=1, end_year=2025, end_quarter=2)
    assert task.pk not in scorecard(unit, "2026Q3").numbers["tasks"]
    draft.status = "published"
    draft.save(update_fields=["status"])
    assert tasks_line(scorecard(unit, "2026Q3"), [task]) == ({"open_overdue"}, {"False"})
