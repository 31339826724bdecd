"""Running sums of unit values (evaluation/rollups.py): the incremental path must judge exactly as a
full recompute does, whatever order values are accepted in and whatever else changed meanwhile."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from dxtrack.core.audit import audit_record
from dxtrack.evaluation import compute, services
from dxtrack.evaluation.models import IndicatorRollup, TargetEvaluation
from dxtrack.evaluation.series import grouped_unit_values
from dxtrack.registry.models import Target, Unit
from dxtrack.reporting import services as reporting
from dxtrack.reporting.models import Observation
from tests.helpers import accepted_value, indicator_target, make_program, open_round_assigning

pytestmark = pytest.mark.django_db

PERIODS = ["2023", "2024", "2025Q1", "2025Q2", "2025"]


@pytest.fixture
def program(db):
    return make_program(key="TEST-ROLLUP", number="98/KH-TEST", title="Kế hoạch thử tổng hợp")


def target_on(program, aggregation: str, value: float = 500.0) -> Target:
    return indicator_target(
        program, f"Chỉ số thử {aggregation}", aggregation=aggregation, value=value
    )


def accept(indicator, unit, period, value) -> Observation:
    """A unit's value accepted now, then the hook, as the reporting app's accept does."""
    obs, _ = Observation.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        period=period,
        source_kind="report",
        defaults={
            "value": value,
            "state": "accepted",
            "source": "báo cáo thử",
            "reviewed_at": timezone.now(),
        },
    )
    services.evaluation_on_observation_accepted(observation=obs)
    return obs


def as_recomputed(target) -> tuple:
    ev = compute.target_evaluations_compute(as_of=compute.today(), targets=[target])[0]
    return ev.status, ev.latest_value, ev.latest_period, ev.numbers["points"], ev.explanation


def as_stored(target) -> tuple:
    ev = TargetEvaluation.objects.get(target=target)
    return ev.status, ev.latest_value, ev.latest_period, ev.numbers["points"], ev.explanation


def rollup_matches_observations(indicator) -> bool:
    province = Unit.objects.get(code="19")
    grouped = grouped_unit_values(
        Observation.objects.filter(state="accepted", indicator=indicator).exclude(unit=province)
    )
    expected = {r["period"]: [r["total"], r["n"]] for r in grouped}
    held = {p: e[:2] for p, e in IndicatorRollup.objects.get(indicator=indicator).periods.items()}
    return held == expected


values = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from(PERIODS), st.integers(0, 400)),
    min_size=1,
    max_size=12,
)


# The program fixture is shared on purpose: each example rolls its own writes back.
@hsettings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=values, aggregation=st.sampled_from(["sum", "mean"]))
def test_accepting_values_one_by_one_judges_as_a_full_recompute_does(
    program, sequence, aggregation
):
    communes = list(Unit.objects.filter(kind="commune").order_by("code")[:6])
    with transaction.atomic():
        target = target_on(program, aggregation)
        services.evaluation_recompute_all()
        for unit_index, period, value in sequence:
            accept(target.indicator, communes[unit_index], period, value)
            assert as_stored(target) == as_recomputed(target)
        assert rollup_matches_observations(target.indicator)
        transaction.set_rollback(True)


def test_a_rollup_is_built_on_first_use_and_then_regrouped_for_one_period(program):
    target = target_on(program, "sum")
    a, b = Unit.objects.filter(kind="commune").order_by("code")[:2]
    accept(target.indicator, a, "2024", 100)
    assert IndicatorRollup.objects.get(indicator=target.indicator).periods["2024"][:2] == [100, 1]
    accept(target.indicator, b, "2024", 250)
    accept(target.indicator, b, "2025", 40)
    periods = IndicatorRollup.objects.get(indicator=target.indicator).periods
    assert periods["2024"][:2] == [350, 2] and periods["2025"][:2] == [40, 1]
    assert TargetEvaluation.objects.get(target=target).latest_value == 40


def test_a_value_loaded_behind_the_hooks_back_is_counted_once_its_write_is_audited(program):
    """A plan loaded or an admin edit writes accepted values without the hook; both write their
    audit row, whose freshness listener must forget the running sums, or the next accept would
    judge on totals that miss the new value."""
    target = target_on(program, "sum", value=1000)
    a, b, c = Unit.objects.filter(kind="commune").order_by("code")[:3]
    accept(target.indicator, a, "2025", 300)
    added = accepted_value(
        target.indicator, b, "2025", 600, source_kind="document", source="văn bản, dòng 9"
    )
    audit_record(actor=None, action="observation.admin_create", obj=added)
    assert not IndicatorRollup.objects.filter(indicator=target.indicator).exists()
    accept(target.indicator, c, "2025", 200)
    assert as_stored(target) == as_recomputed(target)
    assert (
        TargetEvaluation.objects.get(target=target).status == "achieved"
    )  # 300 + 600 + 200 ≥ 1000


def test_a_value_of_an_indicator_no_target_reads_drops_its_rollup(program):
    target = target_on(program, "sum")
    commune = Unit.objects.filter(kind="commune").first()
    accept(target.indicator, commune, "2024", 10)
    target.delete()  # (the admin would also forget every rollup; here only the hook acts)
    accept(target.indicator, commune, "2025", 20)
    assert not IndicatorRollup.objects.filter(indicator=target.indicator).exists()


def test_a_full_recompute_for_today_stores_every_rollup_and_one_for_a_past_date_keeps_them(program):
    target = target_on(program, "mean")
    commune = Unit.objects.filter(kind="commune").first()
    accepted_value(
        target.indicator, commune, "2024", 80, source="báo cáo thử", reviewed_at=timezone.now()
    )
    services.evaluation_recompute_all()
    assert rollup_matches_observations(target.indicator)
    IndicatorRollup.objects.filter(indicator=target.indicator).update(
        periods={"2024": [1, 1, None]}
    )
    services.evaluation_recompute_all(as_of=date(2025, 6, 30))  # judged on values accepted by then
    assert IndicatorRollup.objects.get(indicator=target.indicator).periods == {"2024": [1, 1, None]}


def test_the_province_value_is_left_out_of_the_running_sums(program):
    target = target_on(program, "sum")
    commune = Unit.objects.filter(kind="commune").first()
    accept(target.indicator, commune, "2024", 10)
    accept(target.indicator, Unit.objects.get(code="19"), "2024", 999)
    assert IndicatorRollup.objects.get(indicator=target.indicator).periods["2024"][:2] == [10, 1]
    assert (
        TargetEvaluation.objects.get(target=target).latest_value == 999
    )  # the province's own figure wins


def test_a_commune_reporters_accepted_value_reaches_the_running_sum(program, personas):
    """From the personas: the commune's officer reports, the coordinator accepts; the target's
    status is then the one a full recompute gives."""
    target = target_on(program, "sum", value=50)
    commune = personas.reporter_commune.dx_role.unit
    assignment = open_round_assigning(personas, program, commune, target.indicator, "2026Q3")
    obs = reporting.observation_save(
        acting_user=personas.reporter_commune, assignment=assignment, value="60", submit=True
    )
    reporting.item_accept(acting_user=personas.coordinator, item=obs)
    assert IndicatorRollup.objects.get(indicator=target.indicator).periods["2026Q3"][:2] == [60, 1]
    assert as_stored(target) == as_recomputed(target)
    assert TargetEvaluation.objects.get(target=target).status == "achieved"
