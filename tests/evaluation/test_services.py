"""Evaluation services: stored statuses from accepted data, aggregation, as-of dates, hooks."""

import math
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from dxtrack.core.models import AuditLog
from dxtrack.core.vn import fold
from dxtrack.evaluation import compute, methods, services
from dxtrack.evaluation.models import RankingRow, TargetEvaluation, TaskEvaluation, UnitScore
from dxtrack.evaluation.series import series_load
from dxtrack.registry.demo_data import demo_documents
from dxtrack.registry.models import Indicator, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Assignment, Evidence, Round, TaskUpdate
from tests.helpers import (
    DATA_DIR,
    accepted_value,
    indicator_target,
    make_program,
    province,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(db):
    return make_program(
        key="TEST-EVAL",
        number="99/KH-TEST",
        title="Kế hoạch thử đánh giá",
        section="II.2.b Phát triển kinh tế số",
        goal_text="Kinh tế số chiếm trên 20% GRDP",
    )


def make_target(
    program,
    *,
    comparator=">=",
    value=90.0,
    year=2025,
    quarter=None,
    aggregation="province",
    baseline=None,
    owner=None,
    denominator=None,
    name="Tỷ lệ thử",
):
    return indicator_target(
        program,
        name,
        aggregation=aggregation,
        unit="%",
        denominator=denominator,
        comparator=comparator,
        value=value,
        year=year,
        quarter=quarter,
        owner=owner,
        baseline_value=baseline[1] if baseline else None,
        baseline_period=baseline[0] if baseline else "",
    )


def observe(
    indicator,
    period,
    value,
    *,
    unit=None,
    state="accepted",
    kind="report",
    reviewed=None,
    source="báo cáo thử",
):
    return accepted_value(
        indicator,
        unit or province(),
        period,
        value,
        state=state,
        source_kind=kind,
        source=source,
        reviewed_at=reviewed,
    )


def evaluation_of(target) -> TargetEvaluation:
    return TargetEvaluation.objects.get(target=target)


def test_it_stores_the_open_sdg_worked_case_with_its_numbers(program):
    target = make_target(program, value=90, year=2025)
    observe(target.indicator, "2020", 60)
    observe(target.indicator, "2023", 75)
    services.evaluation_recompute_all(as_of=date(2024, 6, 30))
    ev = evaluation_of(target)
    assert ev.status == "at_risk"
    assert ev.progress_ratio == pytest.approx(0.914, abs=0.001)
    assert (ev.latest_value, ev.latest_period) == (75, "2023")
    assert ev.numbers["baseline"] == {"date": "2020-12-31", "value": 60}
    assert [p["period"] for p in ev.numbers["points"]] == ["2020", "2023"]
    assert ev.numbers["method"] == "cagr"
    assert "R = 0,914" in ev.explanation


def test_it_uses_the_targets_own_baseline_when_it_has_one(program):
    target = make_target(program, value=90, year=2025, baseline=("2020", 60))
    observe(target.indicator, "2023", 75)
    ev = compute.target_evaluations_compute(as_of=date(2024, 6, 30), targets=[target])[0]
    assert ev.status == "at_risk" and ev.numbers["baseline_source"] == "target"


def test_a_strict_target_met_exactly_is_not_achieved_and_missed_after_the_deadline(program):
    target = make_target(program, comparator=">", value=20, year=2025)
    observe(target.indicator, "2024", 20)
    ev = compute.target_evaluations_compute(as_of=date(2026, 3, 1), targets=[target])[0]
    assert ev.status == "missed"


def test_it_counts_only_values_of_ended_periods_accepted_by_the_date(program):
    target = make_target(program, value=90, year=2030)
    observe(target.indicator, "2024", 95, reviewed=datetime(2025, 2, 1, 3, tzinfo=UTC))
    observe(target.indicator, "2025Q4", 99)
    observe(target.indicator, "2025Q1", 97, state="submitted")
    early = compute.target_evaluations_compute(as_of=date(2025, 1, 15), targets=[target])[0]
    assert early.status == "no_data"
    later = compute.target_evaluations_compute(as_of=date(2025, 6, 1), targets=[target])[0]
    assert (later.status, later.latest_period) == ("achieved", "2024")
    latest = compute.target_evaluations_compute(as_of=date(2026, 1, 1), targets=[target])[0]
    assert latest.latest_period == "2025Q4"


def test_it_sums_unit_values_to_the_province_when_the_province_has_none(program):
    target = make_target(program, comparator=">=", value=100, year=2030, aggregation="sum")
    communes = list(Unit.objects.filter(kind="commune").order_by("code")[:3])
    for unit, value in zip(communes, [10, 20, 30.5], strict=False):
        observe(target.indicator, "2024", value, unit=unit)
    observe(target.indicator, "2025", 40, unit=communes[0])
    ev = compute.target_evaluations_compute(as_of=date(2026, 1, 1), targets=[target])[0]
    first = ev.numbers["points"][0]
    assert (
        first["value"] == methods.aggregate([(10, None), (20, None), (30.5, None)], "sum") == 60.5
    )
    assert (first["level"], first["n_units"]) == ("aggregate", 3)
    assert ev.latest_value == 40


def test_a_province_value_wins_over_the_aggregate(program):
    target = make_target(program, comparator=">=", value=100, year=2030, aggregation="mean")
    commune = Unit.objects.filter(kind="commune").first()
    observe(target.indicator, "2024", 10, unit=commune)
    observe(target.indicator, "2024", 77)
    ev = compute.target_evaluations_compute(as_of=date(2025, 6, 1), targets=[target])[0]
    assert ev.latest_value == 77 and ev.numbers["points"][0]["level"] == "province"


def test_it_weights_unit_values_by_the_denominator_indicator(program):
    population = Indicator.objects.create(name="Dân số thử", aggregation="sum")
    target = make_target(
        program,
        comparator=">=",
        value=90,
        year=2030,
        aggregation="weighted",
        denominator=population,
    )
    a, b = Unit.objects.filter(kind="commune").order_by("code")[:2]
    observe(target.indicator, "2024", 50, unit=a)
    observe(target.indicator, "2024", 80, unit=b)
    observe(population, "2024", 1000, unit=a)
    observe(population, "2024", 3000, unit=b)
    ev = compute.target_evaluations_compute(as_of=date(2025, 6, 1), targets=[target])[0]
    assert ev.latest_value == pytest.approx(methods.aggregate([(50, 1000), (80, 3000)], "weighted"))
    assert ev.latest_value == pytest.approx(72.5)


def test_a_report_beats_a_document_figure_and_the_conflict_is_explained(program):
    target = make_target(program, value=90, year=2030)
    observe(target.indicator, "2024", 70, kind="document", source="văn bản, dòng 3")
    observe(target.indicator, "2024", 72, kind="report")
    observe(target.indicator, "2022", 60)
    ev = compute.target_evaluations_compute(as_of=date(2025, 6, 1), targets=[target])[0]
    assert ev.latest_value == 72
    assert ev.numbers["conflicts"] == [{"period": "2024", "used": 72, "ignored": [70]}]
    assert "bỏ 70" in ev.explanation


def test_a_later_accepted_value_updates_the_status_in_the_same_request(program, client):
    target = make_target(program, value=90, year=2030)
    observe(target.indicator, "2022", 60)
    services.evaluation_recompute_all()
    before = client.get("/api/v1/targets/", {"program": program.pk}).json()["results"][0]
    assert before["status"] == "no_data"
    value = observe(target.indicator, "2024", 95)
    services.evaluation_on_observation_accepted(observation=value)
    after = client.get("/api/v1/targets/", {"program": program.pk}).json()["results"][0]
    assert after["status"] == "achieved"
    assert after["latest"] == {
        "value": 95,
        "period": "2024",
        "unit_code": "19",
        "source": "báo cáo thử",
    }


def test_the_hook_also_moves_targets_that_use_the_value_as_a_denominator(program):
    population = Indicator.objects.create(name="Dân số thử 2", aggregation="sum")
    target = make_target(
        program, value=60, year=2030, aggregation="weighted", denominator=population
    )
    a = Unit.objects.filter(kind="commune").first()
    observe(target.indicator, "2024", 70, unit=a)
    services.evaluation_recompute_all()
    assert evaluation_of(target).status == "no_data"
    weight = observe(population, "2024", 100, unit=a)
    services.evaluation_on_observation_accepted(observation=weight)
    assert evaluation_of(target).status == "achieved"


def test_a_completed_task_update_with_evidence_makes_the_task_done(program, personas):
    sokhcn = Unit.objects.get(code="so-khoa-hoc-va-cong-nghe")
    task = Task.objects.create(
        program=program, order=1, name="Xây dựng nền tảng thử", start_year=2025, end_year=2030
    )
    TaskUnit.objects.create(task=task, unit=sokhcn, role="lead", written_name="Sở KH&CN")
    services.evaluation_recompute_all()
    assert TaskEvaluation.objects.get(task=task).status in ("at_risk", "not_started", "on_schedule")
    update = TaskUpdate.objects.create(
        task=task,
        unit=sokhcn,
        period="2026Q3",
        progress="completed",
        percent_done=100,
        state="accepted",
        reviewed_at=timezone.now(),
    )
    Evidence.objects.create(
        task_update=update,
        file=ContentFile(b"%PDF-1.4", name="bb.pdf"),
        original_name="bb.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    services.evaluation_on_task_update_accepted(task_update=update)
    ev = TaskEvaluation.objects.get(task=task)
    assert ev.status == "done" and ev.percent_done == 100
    score = UnitScore.objects.get(
        unit=sokhcn, period=compute.scoring_periods(compute.today())[-1].code
    )
    assert str(task.pk) in score.numbers["task_status"]


def test_a_task_past_its_end_is_overdue_and_listed(program):
    task = Task.objects.create(
        program=program, order=2, name="Nhiệm vụ cũ", end_year=2024, end_quarter=4
    )
    ev = compute.task_evaluations_compute(
        as_of=date(2025, 3, 1), tasks=Task.objects.filter(pk=task.pk)
    )[0]
    assert ev.status == "overdue" and ev.numbers["days_overdue"] == 60


def test_scorecards_count_reports_on_time_and_rankings_tie(program):
    a, b, c = Unit.objects.filter(kind="commune", valid_to__isnull=True).order_by("code")[:3]
    rnd = Round.objects.create(
        title="Quý III/2025",
        period="2025Q3",
        window_start=date(2025, 6, 15),
        window_end=date(2025, 9, 14),
        due_date=date(2025, 9, 20),
        state="closed",
    )
    indicator = Indicator.objects.create(name="Chỉ số báo cáo thử")
    for unit in (a, b, c):
        Assignment.objects.create(round=rnd, unit=unit, kind="indicator", indicator=indicator)
    on_time = datetime(2025, 9, 18, 3, tzinfo=UTC)
    late = datetime(2025, 9, 25, 3, tzinfo=UTC)
    for unit, sent in ((a, on_time), (b, on_time), (c, late)):
        accepted_value(indicator, unit, "2025Q3", 1, round=rnd, submitted_at=sent, reviewed_at=sent)
    services.evaluation_recompute_all(as_of=date(2025, 10, 31))
    scores = {s.unit_id: s for s in UnitScore.objects.filter(period="2025Q3", unit__in=[a, b, c])}
    assert scores[a.pk].score == scores[b.pk].score == 100
    assert scores[c.pk].score == pytest.approx((20 * 100 + 10 * 0) / 30)
    assert "Báo cáo đúng hạn = 0/1" in scores[c.pk].formula
    rows = {r.unit_id: r for r in RankingRow.objects.filter(group="commune", period="2025Q3")}
    assert rows[a.pk].rank == rows[b.pk].rank < rows[c.pk].rank


def test_recompute_writes_an_audit_row_and_is_reproducible_for_a_past_date(program):
    target = make_target(program, value=90, year=2025)
    observe(target.indicator, "2020", 60)
    observe(target.indicator, "2023", 75)
    observe(target.indicator, "2025", 91)
    services.evaluation_recompute_all(as_of=date(2024, 6, 30))
    assert evaluation_of(target).status == "at_risk"
    services.evaluation_recompute_all(as_of=date(2026, 1, 1))
    assert evaluation_of(target).status == "achieved"
    services.evaluation_recompute_all(as_of=date(2024, 6, 30))
    assert evaluation_of(target).status == "at_risk"
    assert AuditLog.objects.filter(action="evaluation.recompute_all").count() == 3


def test_reloading_the_same_plans_leaves_every_status_unchanged():
    def statuses():
        services.evaluation_recompute_all(as_of=date(2026, 1, 15))
        return {
            (
                e.target.program.key,
                e.target.goal.order,
                e.target.order,
                e.target.comparator,
                e.target.value,
            ): (e.status, e.progress_ratio, e.latest_value, e.explanation)
            for e in TargetEvaluation.objects.select_related("target__program", "target__goal")
        }

    def reload():
        for entry in demo_documents():
            call_command(
                "load",
                str(DATA_DIR / "extractions" / f"{entry['id']}.json"),
                source_note=entry["source"],
                publish=True,
                stdout=StringIO(),
            )

    reload()  # the files on disk may be newer than the session's copy: start from them
    first = statuses()
    reload()
    assert statuses() == first


def test_every_demo_status_follows_from_its_own_numbers():
    """On the plans' own figures: each stored status agrees with the numbers stored with it."""
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))
    evaluations = list(TargetEvaluation.objects.select_related("target"))
    assert evaluations and all(e.explanation for e in evaluations)
    for e in evaluations:
        n = e.numbers
        if e.status in ("achieved", "missed"):
            value, threshold = n["latest"]["value"], n["threshold"]
            met = {
                ">": value > threshold,
                ">=": value >= threshold,
                "<": value < threshold,
                "<=": value <= threshold,
                "=": math.isclose(value, threshold),
                "top": value <= threshold,
                "increase": value >= threshold,
                "decrease": value <= threshold,
            }[n["comparator"]]
            assert met == (e.status == "achieved"), e.explanation
        if e.status in ("on_track", "at_risk", "off_track") and e.progress_ratio is not None:
            assert (e.progress_ratio >= 0.95) == (e.status == "on_track")


def _demo_target(words):
    for t in Target.objects.select_related("indicator", "goal"):
        text = fold(f"{t.subject} {t.goal.text} {t.indicator.name}")
        if all(w in text for w in words):
            yield t


def test_the_digital_economy_share_of_31_4_percent_achieves_its_2025_target():
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))
    found = [
        TargetEvaluation.objects.get(target=t)
        for t in _demo_target(["kinh te so", "grdp"])
        if t.value == 20 and t.year == 2025
    ]
    assert found and any(e.status == "achieved" and e.latest_value == 31.4 for e in found)


def test_the_dti_series_shows_its_progress_ratio():
    services.evaluation_recompute_all(as_of=date(2025, 6, 30))
    found = [TargetEvaluation.objects.get(target=t) for t in _demo_target(["dti"])]
    assert any(e.progress_ratio is not None and e.latest_value == 0.79 for e in found)


def test_series_queries_stay_few_whatever_the_number_of_targets(
    program, django_assert_max_num_queries
):
    for i in range(5):
        t = make_target(program, value=90, year=2030, aggregation="sum", name=f"Chỉ số {i}")
        observe(t.indicator, "2024", 1, unit=Unit.objects.filter(kind="commune").first())
    with django_assert_max_num_queries(6):
        series_load(as_of=date(2025, 6, 1))
