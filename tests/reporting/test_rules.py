"""Each validation rule, as a pure function and through the save service."""

import math

import pytest

from dxtrack.reporting import rules, services
from dxtrack.reporting.models import IndicatorProfile, Observation
from dxtrack.reporting.rules import parse_number
from tests.helpers import accepted_value

P = rules.Profile


def codes(findings, blocking=True):
    return [f.code for f in findings if f.blocking == blocking]


@pytest.mark.parametrize(
    "raw,ok",
    [("0", True), ("100", True), ("55,5", True), ("100,01", False), ("-1", False), ("abc", False)],
)
def test_a_percentage_must_lie_between_0_and_100(raw, ok):
    value, findings = rules.check_value(raw, profile=rules.default_profile("%"))
    assert (codes(findings) == []) is ok


def test_a_percentage_error_names_the_range_and_the_value():
    _, findings = rules.check_value("120", profile=rules.default_profile("%"))
    assert (
        findings[0].code == "percent_range"
        and "0 đến 100" in findings[0].message
        and "120" in findings[0].message
    )


@pytest.mark.parametrize(
    "raw,ok", [("12", True), ("0", True), ("1.234.000", True), ("12,5", False), ("-3", False)]
)
def test_counts_are_whole_and_not_negative(raw, ok):
    _, findings = rules.check_value(raw, profile=rules.default_profile("doanh nghiệp"))
    assert (codes(findings) == []) is ok
    if not ok:
        assert codes(findings) == ["count_whole"]


@pytest.mark.parametrize(
    "raw,ok", [("1", True), ("34", True), ("0", False), ("2,5", False), ("64", False)]
)
def test_a_rank_is_a_whole_number_from_1(raw, ok):
    _, findings = rules.check_value(raw, profile=rules.default_profile("rank"))
    assert (codes(findings) == []) is ok


def test_an_index_must_lie_in_its_range():
    profile = P("index", 0, 1)
    assert codes(rules.check_value("0,56", profile=profile)[1]) == []
    assert codes(rules.check_value("56", profile=profile)[1]) == ["index_range"]


def test_amounts_are_not_negative():
    assert codes(rules.check_value("-5", profile=rules.default_profile("Mbps"))[1]) == [
        "non_negative"
    ]


def test_a_non_number_is_refused_whatever_the_measure():
    assert codes(rules.check_value("mười", profile=rules.default_profile("%"))[1]) == ["number"]


def test_vietnamese_number_formats_are_understood():
    assert rules.parse_number("2.389,05") == 2389.05
    assert rules.parse_number("12,5") == 12.5
    assert rules.parse_number("1.234.567") == 1234567


def test_a_cumulative_value_that_falls_needs_an_explanation():
    profile = P("count", 0, None, cumulative=True)
    _, findings = rules.check_value("90", profile=profile, previous=100, previous_period="2026Q3")
    assert codes(findings) == ["cumulative_no_fall"] and findings[0].field == "note"
    _, findings = rules.check_value(
        "90", profile=profile, previous=100, note="Sáp nhập đơn vị, số liệu tính lại"
    )
    assert codes(findings) == [] and findings[0].flag["code"] == "cumulative_no_fall"
    _, findings = rules.check_value("110", profile=profile, previous=100)
    assert findings == []


def test_a_non_cumulative_value_may_fall():
    assert rules.check_value("90", profile=P("count", 0, None), previous=100)[1] == []


def test_the_modified_z_score_follows_iglewicz_and_hoaglin():
    history = [10, 11, 12, 13, 14]
    # median 12, MAD 1 → Mz = 0.6745 · (20 − 12) / 1
    assert rules.modified_z(20, history) == pytest.approx(0.6745 * 8)
    assert rules.modified_z(12, [12, 12, 12, 12]) == 0
    assert math.isinf(rules.modified_z(13, [12, 12, 12, 12]))


def test_an_outlier_against_the_units_history_is_flagged_and_needs_a_note():
    history = [50, 52, 51, 53, 49]
    _, findings = rules.check_value("95", profile=P("percent", 0, 100), history=history)
    assert codes(findings) == ["outlier_mz"]
    assert findings[0].message.startswith("95 cao hơn nhiều so với các kỳ trước (49–53)")
    _, findings = rules.check_value(
        "95", profile=P("percent", 0, 100), history=history, note="Đã kiểm tra lại"
    )
    assert codes(findings) == [] and findings[0].flag["mz"] > 3.5
    _, findings = rules.check_value("54", profile=P("percent", 0, 100), history=history)
    assert findings == []


def test_too_short_a_history_does_not_judge_outliers():
    assert rules.check_value("95", profile=P("percent", 0, 100), history=[50, 51, 52])[1] == []


def test_a_completion_claim_needs_evidence_to_be_submitted():
    _, findings = rules.check_task_update(progress="completed", percent_done="100", submitting=True)
    assert codes(findings) == ["completion_evidence"]
    assert (
        rules.check_task_update(progress="completed", percent_done="100", submitting=False)[1] == []
    )
    assert rules.check_task_update(
        progress="completed", percent_done=None, submitting=True, evidence_count=1
    ) == (100.0, [])


def test_task_percent_done_lies_between_0_and_100_and_completed_means_100():
    assert codes(rules.check_task_update(progress="in_progress", percent_done="120")[1]) == [
        "task_percent_range"
    ]
    assert codes(rules.check_task_update(progress="completed", percent_done="80")[1]) == [
        "task_percent_range"
    ]


# -- the same rules through the service (web, Excel and API share it) ---------------------------


def test_the_service_refuses_an_invalid_value_and_stores_nothing(setup):
    with pytest.raises(services.ReportingError) as exc:
        services.observation_save(
            acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="150"
        )
    assert "value" in exc.value.errors
    assert not Observation.objects.filter(
        unit=setup.soyte, indicator=setup.percent, period="2026Q4"
    ).exists()


def test_the_service_applies_the_cumulative_rule_with_the_units_previous_value(setup):
    IndicatorProfile.objects.create(indicator=setup.count, measure="count", cumulative=True)
    accepted_value(setup.count, setup.soyte, "2026Q3", 40)
    with pytest.raises(services.ReportingError) as exc:
        services.observation_save(
            acting_user=setup.p.reporter_soyte, assignment=setup.a_count, value="35"
        )
    assert "2026Q3" in exc.value.errors["note"][0]
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_count,
        value="35",
        note="Hai doanh nghiệp giải thể",
    )
    assert obs.flags[0]["code"] == "cumulative_no_fall"


def test_the_service_flags_outliers_against_the_units_own_history(setup):
    for i, v in enumerate([50, 52, 51, 53, 49]):
        accepted_value(setup.percent, setup.soyte, f"2025Q{i % 4 + 1}" if i < 4 else "2026Q1", v)
    with pytest.raises(services.ReportingError) as exc:
        services.observation_save(
            acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="99"
        )
    assert "99 cao hơn nhiều so với các kỳ trước (49–53)" in exc.value.errors["note"][0]


def test_the_rules_page_lists_every_rule_for_the_coordinator(client_as, personas):
    page = client_as(personas.coordinator).get("/bao-cao/quy-tac/").content.decode()
    for rule in rules.RULES:
        assert str(rule.title) in page


@pytest.mark.parametrize(
    "typed,value",
    [
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1.800", 1800),
        ("12.345.678", 12345678),
        ("1 234", 1234),
        ("12.5", 12.5),
        ("0.790", 0.79),
        ("0,79", 0.79),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567),
        ("-3,5", -3.5),
        ("45.75", 45.75),
    ],
)
def test_numbers_are_read_as_vietnamese_and_english_keyboards_type_them(typed, value):
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "nan", "1..2"])
def test_unreadable_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_an_outlier_is_explained_in_plain_words_with_the_units_range():
    history = [56.8, 60.1, 63.3, 58.2, 61.4]
    _, findings = rules.check_value("45,5", profile=P("percent", 0, 100), history=history)
    assert codes(findings) == ["outlier_mz"] and findings[0].flag["mz"] < -3.5
    assert findings[0].message == (
        "45,5 thấp hơn nhiều so với các kỳ trước (56,8–63,3): hãy ghi chú giải trình."
    )
    assert "Mz" not in findings[0].message and "ngưỡng" not in findings[0].message
    _, findings = rules.check_value("1250", profile=P("count", 0, None), history=[90, 95, 100, 97])
    assert findings[0].message.startswith("1.250 cao hơn nhiều so với các kỳ trước (90–100)")
