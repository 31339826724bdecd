"""Evaluation methods of DESIGN.md (dxtrack.evaluation.methods)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxtrack.core import comparators as core_comparators
from dxtrack.core.periods import Period, fractional_year
from dxtrack.evaluation import methods
from dxtrack.evaluation.methods import (
    DEFAULT_SCORECARD_WEIGHTS,
    TARGET_STATUSES,
    Point,
    RankRow,
    aggregate,
    rank,
    rank_change,
    scorecard,
    target_status,
    task_status,
)


def year_end(year: int) -> date:
    return date(year, 12, 31)


def cagr(current: float, base: float, years: float) -> float:
    """The growth rate written out by hand, to check the module against."""
    return (current / base) ** (1 / years) - 1


def status(**kwargs):
    defaults = {"baseline": None, "as_of": date(2024, 6, 30), "deadline": year_end(2025)}
    defaults.update(kwargs)
    return target_status(**defaults)


# -- target status: known answers -------------------------------------------------------


def test_it_reproduces_the_open_sdg_worked_example():
    # Open SDG: 60% in 2020, 75% in 2023, target 90% by 2025 → R ≈ 0.914, moderate progress.
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2023), 75)],
        as_of=date(2024, 3, 31),
    )
    expected_r = cagr(75, 60, 3) / cagr(90, 60, 5)
    assert result.progress_ratio == pytest.approx(expected_r, rel=1e-12)
    assert result.progress_ratio == pytest.approx(0.914, abs=0.0005)
    assert result.status == "at_risk"
    assert result.method == "cagr"
    assert (result.t_baseline, result.t_latest, result.t_deadline) == (2021.0, 2024.0, 2026.0)
    assert result.observed_rate == pytest.approx(cagr(75, 60, 3))
    assert result.required_rate == pytest.approx(cagr(90, 60, 5))
    assert result.latest == Point(year_end(2023), 75)
    assert result.baseline == Point(year_end(2020), 60)
    assert "Giá trị mới nhất 75 (2023)" in result.explanation_vi
    assert "R = 0,914 < 0,95: có nguy cơ không đạt" in result.explanation_vi


def test_it_gives_the_expected_value_on_the_straight_path_to_the_target():
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2023), 75)],
        as_of=year_end(2023),
    )
    # 3 of 5 years gone on the straight line from 60 to 90.
    assert result.expected_now == pytest.approx(60 + 30 * 3 / 5)


def test_a_strict_target_met_exactly_at_the_threshold_is_not_achieved():
    points = [Point(year_end(2022), 15), Point(year_end(2024), 20)]
    strict = status(comparator=">", target_value=20, points=points, as_of=date(2025, 3, 1))
    assert strict.status != "achieved"
    assert strict.status in ("on_track", "at_risk", "off_track")
    inclusive = status(comparator=">=", target_value=20, points=points, as_of=date(2025, 3, 1))
    assert inclusive.status == "achieved"


def test_a_single_value_above_the_threshold_is_achieved():
    # The digital economy at 31,4% of GRDP in 2023 against "trên 20% GRDP" by 2025.
    result = status(comparator=">", target_value=20, points=[Point(year_end(2023), 31.4)])
    assert result.status == "achieved"
    assert result.explanation_vi == "Giá trị mới nhất 31,4 (2023) đạt chỉ tiêu trên 20: đã đạt."


def test_a_top_ten_rank_target_is_met_at_rank_ten_or_better():
    ranks = [Point(year_end(2022), 25), Point(year_end(2024), 10)]
    assert (
        status(comparator="top", target_value=10, points=ranks, as_of=date(2025, 1, 10)).status
        == "achieved"
    )
    ranks = [Point(year_end(2022), 25), Point(year_end(2024), 11)]
    assert (
        status(comparator="top", target_value=10, points=ranks, as_of=date(2025, 1, 10)).status
        != "achieved"
    )


def test_a_top_ten_rank_target_measures_progress_as_a_falling_rank():
    ranks = [Point(year_end(2022), 25), Point(year_end(2024), 14)]
    result = status(comparator="top", target_value=10, points=ranks, as_of=date(2025, 3, 1))
    expected_r = cagr(14, 25, 2) / cagr(10, 25, 3)  # both negative: lower is better
    assert result.direction == -1
    assert result.progress_ratio == pytest.approx(expected_r)
    assert result.status == "on_track"


def test_a_rank_that_gets_worse_is_off_track():
    ranks = [Point(year_end(2022), 25), Point(year_end(2024), 30)]
    result = status(comparator="top", target_value=10, points=ranks, as_of=date(2025, 3, 1))
    assert result.progress_ratio < 0
    assert result.status == "off_track"


def test_a_decrease_target_is_relative_to_the_baseline():
    base = Point(year_end(2020), 50)
    result = status(
        comparator="decrease",
        target_value=20,
        baseline=base,
        points=[Point(year_end(2023), 43)],
        as_of=date(2024, 1, 31),
    )
    assert result.threshold == 40
    assert result.progress_ratio == pytest.approx(cagr(43, 50, 3) / cagr(40, 50, 5))
    assert result.status == "on_track"
    met = status(
        comparator="decrease", target_value=20, baseline=base, points=[Point(year_end(2023), 40)]
    )
    assert met.status == "achieved"


def test_a_decrease_target_that_rises_instead_is_off_track():
    result = status(
        comparator="decrease",
        target_value=20,
        baseline=Point(year_end(2020), 50),
        points=[Point(year_end(2023), 55)],
    )
    assert result.progress_ratio < 0
    assert result.status == "off_track"


def test_an_upper_limit_target_uses_the_same_ratio_of_negative_growth_rates():
    # Poverty rate 5% in 2021, 3,8% in 2023, target at most 2% by 2025.
    result = status(
        comparator="<=",
        target_value=2,
        points=[Point(year_end(2021), 5), Point(year_end(2023), 3.8)],
        as_of=date(2024, 2, 1),
    )
    expected_r = cagr(3.8, 5, 2) / cagr(2, 5, 4)
    assert result.progress_ratio == pytest.approx(expected_r)
    assert result.status == "at_risk"


def test_an_increase_target_is_relative_to_the_baseline():
    result = status(
        comparator="increase",
        target_value=50,
        baseline=Point(year_end(2020), 200),
        points=[Point(year_end(2023), 300)],
    )
    assert result.threshold == 300
    assert result.status == "achieved"


def test_a_deadline_in_the_past_without_the_value_is_missed():
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2025), 85)],
        as_of=date(2026, 1, 1),
    )
    assert result.status == "missed"
    assert result.progress_ratio is None
    assert "Đã quá hạn 31/12/2025" in result.explanation_vi


def test_on_the_deadline_itself_the_target_is_not_yet_missed():
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2025), 85)],
        as_of=year_end(2025),
    )
    assert result.status != "missed"


def test_quarterly_data_counts_time_in_fractional_years():
    q4_2024, q2_2025 = Period.parse("2024Q4").end, Period.parse("2025Q2").end
    result = status(
        comparator=">=",
        target_value=80,
        baseline=Point(q4_2024, 40),
        points=[Point(Period.parse("2025Q1").end, 45), Point(q2_2025, 60)],
        deadline=Period.parse("2025Q4").end,
        as_of=date(2025, 7, 20),
    )
    observed_years = fractional_year(q2_2025) - 2025.0
    assert observed_years == pytest.approx(181 / 365)
    assert result.t_latest == pytest.approx(2025 + 181 / 365)
    assert result.progress_ratio == pytest.approx(cagr(60, 40, observed_years) / cagr(80, 40, 1.0))
    assert result.status == "on_track"
    assert "(30/06/2025)" in result.explanation_vi


def test_a_zero_baseline_is_replaced_by_a_thousandth_as_sdg_build_does():
    result = status(
        comparator=">=",
        target_value=100,
        points=[Point(year_end(2021), 0), Point(year_end(2023), 40)],
        as_of=date(2024, 1, 10),
    )
    assert result.progress_ratio == pytest.approx(cagr(40, 0.001, 2) / cagr(100, 0.001, 4))
    assert result.status == "on_track"


def test_values_that_change_sign_fall_back_to_straight_line_rates():
    result = status(
        comparator=">=",
        target_value=5,
        points=[Point(year_end(2021), -3), Point(year_end(2023), 1)],
        as_of=date(2024, 1, 10),
    )
    assert result.method == "linear"
    assert result.progress_ratio == pytest.approx(((1 - -3) / 2) / ((5 - -3) / 4))
    assert result.status == "on_track"


def test_an_exact_target_reached_is_achieved_and_one_moving_away_is_off_track():
    assert (
        status(comparator="=", target_value=100, points=[Point(year_end(2023), 100.0)]).status
        == "achieved"
    )
    away = status(
        comparator="=",
        target_value=100,
        points=[Point(year_end(2021), 90), Point(year_end(2023), 85)],
        as_of=date(2024, 1, 10),
    )
    assert away.direction == 1
    assert away.status == "off_track"


def test_a_baseline_already_at_a_strict_target_cannot_make_progress():
    result = status(
        comparator=">",
        target_value=20,
        points=[Point(year_end(2021), 20), Point(year_end(2023), 20)],
        as_of=date(2024, 1, 10),
    )
    assert result.progress_ratio is None
    assert result.status == "off_track"


# -- target status: data selection ------------------------------------------------------


def test_one_point_below_the_threshold_is_not_enough_data():
    result = status(comparator=">=", target_value=90, points=[Point(year_end(2023), 75)])
    assert result.status == "no_data"
    assert result.points_used == 1


def test_no_points_at_all_is_no_data():
    result = status(comparator=">=", target_value=90, points=[])
    assert result.status == "no_data"
    assert result.latest is None and result.expected_now is None


def test_the_baseline_counts_as_one_of_the_two_points():
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2023), 75)],
    )
    assert result.points_used == 2
    assert result.status == "at_risk"


def test_values_after_the_as_of_date_are_ignored():
    points = [Point(year_end(2020), 60), Point(year_end(2023), 75), Point(year_end(2024), 95)]
    before = status(comparator=">=", target_value=90, points=points, as_of=date(2024, 6, 30))
    after = status(comparator=">=", target_value=90, points=points, as_of=date(2025, 1, 15))
    assert before.status == "at_risk" and before.latest.value == 75
    assert after.status == "achieved" and after.latest.value == 95


def test_points_before_an_explicit_baseline_are_ignored():
    result = status(
        comparator=">=",
        target_value=90,
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2018), 10), Point(year_end(2023), 75)],
    )
    assert result.points_used == 2
    assert result.baseline.value == 60


def test_it_refuses_two_different_values_on_the_same_date():
    with pytest.raises(ValueError, match="Có hai giá trị khác nhau cùng thời điểm 31/12/2023"):
        status(
            comparator=">=",
            target_value=90,
            points=[Point(year_end(2023), 75), Point(year_end(2023), 76)],
        )


def test_the_same_value_loaded_twice_counts_once():
    result = status(
        comparator=">=",
        target_value=90,
        points=[Point(year_end(2020), 60), Point(year_end(2023), 75), Point(year_end(2023), 75)],
    )
    assert result.points_used == 2


# -- target status: refusals ------------------------------------------------------------


@pytest.mark.parametrize("comparator", ["gt", "!=", "top10", "", "tăng"])
def test_it_refuses_an_unknown_comparator_in_vietnamese(comparator):
    with pytest.raises(ValueError, match="Phép so sánh .* không hợp lệ: phải là một trong"):
        status(comparator=comparator, target_value=1, points=[])


def test_it_accepts_the_mathematical_signs_for_comparators():
    assert (
        status(comparator="≥", target_value=20, points=[Point(year_end(2023), 20)]).comparator
        == ">="
    )
    assert status(comparator=" TOP ", target_value=10, points=[]).comparator == "top"


def test_the_comparators_are_cores_and_every_spelling_of_core_is_accepted():
    assert methods.COMPARATORS == core_comparators.COMPARATORS
    for spelling, code in core_comparators.ALIASES.items():
        assert methods.normalize_comparator(f" {spelling} ") == code
    for code in core_comparators.COMPARATORS:
        assert methods.normalize_comparator(code.upper()) == code


@pytest.mark.parametrize("comparator", [None, 1, [">="], {">": 1}])
def test_a_comparator_that_is_not_text_is_refused_in_both_languages(comparator):
    with pytest.raises(methods.InvalidInput, match="Phép so sánh .* không hợp lệ") as refused:
        methods.normalize_comparator(comparator)
    assert "is not valid" in refused.value.message_en


def test_it_refuses_a_top_zero_target():
    with pytest.raises(ValueError, match="N phải từ 1 trở lên"):
        status(comparator="top", target_value=0, points=[])


def test_it_refuses_thresholds_in_the_wrong_order():
    with pytest.raises(ValueError, match="Ngưỡng đánh giá không hợp lệ"):
        status(comparator=">=", target_value=1, points=[], on_track=0.5, at_risk=0.6)


def test_it_refuses_a_value_that_is_not_a_number():
    with pytest.raises(ValueError, match="không phải là số"):
        Point(year_end(2023), float("nan"))


# -- target status: properties ----------------------------------------------------------

values = st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda x: round(x, 3))
point_lists = st.dictionaries(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)), values, max_size=8
).map(lambda d: [Point(k, v) for k, v in d.items()])
comparators = st.sampled_from([">", ">=", "<", "<=", "=", "top", "increase", "decrease"])


def _target(comparator: str, value: float) -> float:
    return max(1.0, abs(value)) if comparator in ("top", "increase", "decrease") else value


@given(
    comparators,
    values,
    st.dates(min_value=date(2016, 1, 1), max_value=date(2032, 12, 31)),
    point_lists,
    st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31)),
    st.randoms(use_true_random=False),
)
def test_reloading_the_same_data_in_any_order_gives_the_same_status(
    comparator, value, deadline, points, as_of, rnd
):
    kwargs = {
        "comparator": comparator,
        "target_value": _target(comparator, value),
        "deadline": deadline,
        "baseline": None,
        "as_of": as_of,
    }
    first = target_status(points=points, **kwargs)
    shuffled = points + points  # loaded twice
    rnd.shuffle(shuffled)
    again = target_status(points=shuffled, **kwargs)
    assert again == first
    assert first.status in TARGET_STATUSES
    if first.status in ("on_track", "at_risk"):
        assert first.progress_ratio is not None and first.points_used >= 2
    if first.status == "no_data":
        assert first.points_used < 2


@given(values, values, values)
def test_a_later_value_that_meets_the_target_makes_it_achieved(base, latest, target):
    points = [Point(year_end(2021), base), Point(year_end(2023), latest)]
    before = target_status(
        comparator=">=",
        target_value=target,
        deadline=year_end(2025),
        baseline=None,
        points=points,
        as_of=date(2024, 6, 30),
    )
    after = target_status(
        comparator=">=",
        target_value=target,
        deadline=year_end(2025),
        baseline=None,
        points=[*points, Point(date(2024, 6, 30), max(target, latest))],
        as_of=date(2024, 6, 30),
    )
    assert after.status == "achieved"
    assert before.status == ("achieved" if latest >= target else before.status)


# -- aggregation ------------------------------------------------------------------------


def test_it_sums_averages_and_weights_unit_values():
    rows = [(80.0, 100), (50.0, 300), (None, 50)]
    assert aggregate(rows, "sum") == 130.0
    assert aggregate(rows, "mean") == 65.0
    assert aggregate(rows, "weighted") == pytest.approx((80 * 100 + 50 * 300) / 400)


def test_a_unit_without_a_weight_is_left_out_of_a_weighted_mean():
    assert aggregate([(80.0, None), (50.0, 10)], "weighted") == 50.0


def test_nothing_to_aggregate_gives_no_value_rather_than_zero():
    assert aggregate([], "sum") is None
    assert aggregate([(None, 1)], "mean") is None
    assert aggregate([(10.0, 0)], "weighted") is None


def test_it_refuses_an_unknown_aggregation():
    with pytest.raises(ValueError, match="Cách tổng hợp 'median' không hợp lệ"):
        aggregate([(1.0, None)], "median")


def test_it_refuses_a_negative_weight():
    with pytest.raises(ValueError, match="Trọng số .* không hợp lệ"):
        aggregate([(1.0, -1)], "weighted")


# -- task status ------------------------------------------------------------------------

YEAR_2025 = {
    "start": date(2025, 1, 1),
    "end": year_end(2025),
    "recurrence": None,
    "reported_this_period": None,
}


def test_an_approved_completion_is_done_even_after_the_end():
    result = task_status(**YEAR_2025, done=True, percent_done=100, as_of=date(2026, 3, 1))
    assert result.status == "done"


def test_a_task_past_its_end_and_not_done_is_overdue():
    result = task_status(**YEAR_2025, done=False, percent_done=90, as_of=date(2026, 1, 10))
    assert result.status == "overdue"
    assert result.days_overdue == 10


def test_a_task_more_than_twenty_points_behind_time_is_at_risk():
    # 1/7/2025 is day 182 of 365: 49,9% of the time gone.
    result = task_status(**YEAR_2025, done=False, percent_done=25, as_of=date(2025, 7, 1))
    assert result.time_elapsed_pct == pytest.approx(100 * 182 / 365)
    assert result.gap_points == pytest.approx(100 * 182 / 365 - 25)
    assert result.status == "at_risk"
    assert "chậm 24,9 điểm" in result.explanation_vi


def test_a_task_twenty_points_behind_or_less_is_on_schedule():
    result = task_status(**YEAR_2025, done=False, percent_done=30, as_of=date(2025, 7, 1))
    assert result.status == "on_schedule"


def test_a_task_before_its_start_is_not_started():
    result = task_status(**YEAR_2025, done=False, percent_done=None, as_of=date(2024, 12, 1))
    assert result.status == "not_started"


def test_a_task_with_no_progress_early_on_is_not_started_and_later_at_risk():
    early = task_status(**YEAR_2025, done=False, percent_done=None, as_of=date(2025, 2, 1))
    late = task_status(**YEAR_2025, done=False, percent_done=0, as_of=date(2025, 5, 1))
    assert early.status == "not_started"
    assert late.status == "at_risk"


def test_a_recurring_task_is_judged_on_this_periods_report():
    common = {
        "start": date(2025, 1, 1),
        "end": year_end(2030),
        "recurrence": "annual",
        "done": False,
        "percent_done": None,
    }
    assert (
        task_status(**common, as_of=date(2025, 10, 1), reported_this_period=True).status
        == "on_schedule"
    )
    assert (
        task_status(**common, as_of=date(2025, 10, 1), reported_this_period=False).status
        == "overdue"
    )
    assert (
        task_status(**common, as_of=date(2025, 10, 1), reported_this_period=None).status
        == "on_schedule"
    )
    assert task_status(**common, as_of=date(2025, 10, 1), reported_this_period=True).recurring


def test_a_continuous_task_without_dates_is_judged_on_its_report():
    result = task_status(
        start=None,
        end=None,
        recurrence="continuous",
        done=False,
        percent_done=None,
        as_of=date(2025, 10, 1),
        reported_this_period=False,
    )
    assert result.status == "overdue"
    assert result.time_elapsed_pct is None


def test_it_refuses_an_unknown_recurrence_and_an_impossible_percentage():
    with pytest.raises(ValueError, match="Kiểu lặp lại 'weekly' không hợp lệ"):
        task_status(
            **{**YEAR_2025, "recurrence": "weekly"},
            done=False,
            percent_done=None,
            as_of=date(2025, 7, 1),
        )
    with pytest.raises(ValueError, match="Tỷ lệ hoàn thành 120 không hợp lệ"):
        task_status(**YEAR_2025, done=False, percent_done=120, as_of=date(2025, 7, 1))


# -- scorecard --------------------------------------------------------------------------


def test_a_scorecard_weights_each_component_and_prints_the_formula():
    card = scorecard(
        tasks_total=10,
        tasks_on_time=8,
        reports_expected=4,
        reports_submitted=4,
        reports_on_time=3,
        targets_led=5,
        targets_achieved_or_on_track=2,
        weights=DEFAULT_SCORECARD_WEIGHTS,
    )
    assert card.score == pytest.approx((40 * 80 + 20 * 100 + 10 * 75 + 30 * 40) / 100)
    assert [c.key for c in card.components] == [
        "tasks",
        "report_completeness",
        "report_timeliness",
        "targets",
    ]
    assert card.omitted == ()
    assert card.formula_vi.startswith(
        "Điểm = (40 × 80 + 20 × 100 + 10 × 75 + 30 × 40) / 100 = 71,5;"
    )
    assert "Nhiệm vụ đúng hạn = 8/10 = 80 điểm" in card.formula_vi


def test_a_unit_that_leads_no_target_is_scored_on_the_rest_with_renormalised_weights():
    card = scorecard(
        tasks_total=10,
        tasks_on_time=8,
        reports_expected=4,
        reports_submitted=4,
        reports_on_time=3,
        targets_led=0,
        targets_achieved_or_on_track=0,
        weights=DEFAULT_SCORECARD_WEIGHTS,
    )
    assert card.omitted == ("targets",)
    assert card.score == pytest.approx((40 * 80 + 20 * 100 + 10 * 75) / 70)
    assert sum(c.share for c in card.components) == pytest.approx(1)
    assert "chuẩn hóa lại" in card.formula_vi and "chia cho tổng 70 thay vì 100" in card.formula_vi


def test_a_unit_with_nothing_to_judge_gets_no_score():
    card = scorecard(
        tasks_total=0,
        tasks_on_time=0,
        reports_expected=0,
        reports_submitted=0,
        reports_on_time=0,
        targets_led=0,
        targets_achieved_or_on_track=0,
        weights=DEFAULT_SCORECARD_WEIGHTS,
    )
    assert card.score is None
    assert card.components == ()


def test_it_refuses_unknown_weights_and_impossible_counts():
    counts = {
        "tasks_total": 1,
        "tasks_on_time": 1,
        "reports_expected": 1,
        "reports_submitted": 1,
        "reports_on_time": 1,
        "targets_led": 1,
        "targets_achieved_or_on_track": 1,
    }
    with pytest.raises(ValueError, match="không có thành phần budget"):
        scorecard(**counts, weights={"budget": 10})
    with pytest.raises(ValueError, match="lớn hơn tổng"):
        scorecard(**{**counts, "tasks_on_time": 2}, weights=DEFAULT_SCORECARD_WEIGHTS)
    with pytest.raises(ValueError, match="phải là số không âm"):
        scorecard(**counts, weights={"tasks": -1})


# -- ranking ----------------------------------------------------------------------------


def test_it_ranks_with_ties_sharing_a_place_and_skipping_the_next():
    rows = rank([("so-y-te", 70), ("so-noi-vu", 90), ("so-tu-phap", 80), ("so-tai-chinh", 80)])
    assert [(r.key, r.rank) for r in rows] == [
        ("so-noi-vu", 1),
        ("so-tai-chinh", 2),
        ("so-tu-phap", 2),
        ("so-y-te", 4),
    ]


def test_units_without_a_score_are_listed_last_without_a_rank():
    rows = rank([("b", None), ("a", 50)])
    assert rows == [RankRow("a", 50, 1), RankRow("b", None, None)]


def test_float_noise_does_not_break_a_tie():
    rows = rank([("a", 100 / 3 * 3), ("b", 100.0)])
    assert rows[0].rank == rows[1].rank == 1


def test_it_refuses_the_same_unit_twice():
    with pytest.raises(ValueError, match="trùng đơn vị a"):
        rank([("a", 1), ("a", 2)])


def test_rank_change_counts_places_moved_up():
    before = rank([("a", 90), ("b", 80), ("c", 70)])
    after = rank([("c", 95), ("a", 90), ("d", 10)])
    changes = rank_change(before, after)
    assert list(changes) == ["c", "a", "d"]
    assert changes["c"].change == 2
    assert changes["a"].change == -1 and changes["a"].previous_rank == 1
    assert changes["d"].change is None


scores = st.lists(
    st.sampled_from([0.0, 12.5, 50.0, 50.0, 77.7, 100.0]) | st.floats(0, 100), max_size=30
)


@given(scores)
def test_ranks_follow_from_the_number_of_better_scores(values_):
    rows = rank([(f"u{i:02d}", s) for i, s in enumerate(values_)])
    assert len(rows) == len(values_)
    for row in rows:
        better = sum(1 for other in rows if round(other.score, 9) > round(row.score, 9))
        assert row.rank == better + 1
    for a, b in zip(rows, rows[1:], strict=False):
        assert a.rank <= b.rank
        assert (a.rank == b.rank) == (round(a.score, 9) == round(b.score, 9))
