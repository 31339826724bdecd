"""Periods, Nghị định 09/2019 windows and working days (dxtrack.core.periods)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxtrack.core.periods import (
    KINDS,
    Period,
    add_working_days,
    due_date,
    for_date,
    fractional_year,
    is_working_day,
    reporting_window,
)

PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(KINDS))
    year = draw(st.integers(min_value=1901, max_value=2998))
    number = draw(st.integers(min_value=1, max_value=PER_YEAR[kind]))
    return Period(kind, year, number)


dates = st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31))


# -- parsing and display ----------------------------------------------------------------


@pytest.mark.parametrize(
    "code, kind, start, end",
    [
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025S1", "half", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025S2", "half", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025Q3", "quarter", date(2025, 7, 1), date(2025, 9, 30)),
        ("2024Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
        ("202507", "month", date(2025, 7, 1), date(2025, 7, 31)),
        ("202402", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("202502", "month", date(2025, 2, 1), date(2025, 2, 28)),
    ],
)
def test_it_parses_each_kind_of_code(code, kind, start, end):
    period = Period.parse(code)
    assert period.kind == kind
    assert period.code == code
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "code, label_vi, label_en",
    [
        ("2025", "Năm 2025", "Year 2025"),
        ("2025S1", "6 tháng đầu năm 2025", "First half of 2025"),
        ("2025S2", "6 tháng cuối năm 2025", "Second half of 2025"),
        ("2025Q4", "Quý IV năm 2025", "Q4 2025"),
        ("2025Q1", "Quý I năm 2025", "Q1 2025"),
        ("202507", "Tháng 7 năm 2025", "July 2025"),
        ("202512", "Tháng 12 năm 2025", "December 2025"),
    ],
)
def test_it_labels_periods_in_vietnamese_and_english(code, label_vi, label_en):
    period = Period.parse(code)
    assert period.label_vi == label_vi
    assert period.label_en == label_en


def test_it_tolerates_spaces_and_lower_case_letters_but_writes_the_canonical_code():
    assert Period.parse(" 2025q3 ").code == "2025Q3"
    assert Period.parse("2025s2") == Period("half", 2025, 2)


def test_it_gives_the_exact_vietnamese_message_for_a_fifth_quarter():
    with pytest.raises(ValueError) as error:
        Period.parse("2025Q5")
    assert str(error.value) == "Mã kỳ '2025Q5' không hợp lệ: quý phải từ 1 đến 4"


@pytest.mark.parametrize(
    "code, reason",
    [
        ("2025Q0", "quý phải từ 1 đến 4"),
        ("2025Q12", "quý phải từ 1 đến 4"),
        ("2025S3", "kỳ 6 tháng phải là S1 hoặc S2"),
        ("2025S0", "kỳ 6 tháng phải là S1 hoặc S2"),
        ("202513", "tháng phải từ 01 đến 12"),
        ("202500", "tháng phải từ 01 đến 12"),
        ("1899", "năm phải từ 1900 đến 2999"),
        ("25Q1", "định dạng phải là"),
        ("2025W01", "định dạng phải là"),
        ("20255", "định dạng phải là"),
        ("2025-07", "định dạng phải là"),
        ("", "định dạng phải là"),
        ("Quý IV", "định dạng phải là"),
    ],
)
def test_it_refuses_bad_codes_with_a_vietnamese_reason(code, reason):
    with pytest.raises(ValueError) as error:
        Period.parse(code)
    assert f"Mã kỳ '{code}' không hợp lệ" in str(error.value)
    assert reason in str(error.value)


def test_it_refuses_a_code_that_is_not_text():
    with pytest.raises(ValueError, match="phải là chuỗi ký tự"):
        Period.parse(2025)


def test_it_refuses_to_build_an_impossible_period():
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period("quarter", 2025, 5)
    with pytest.raises(ValueError, match="Loại kỳ 'week' không hợp lệ"):
        Period("week", 2025, 1)


# -- calendar ---------------------------------------------------------------------------


def test_the_quarter_after_the_fourth_is_the_first_of_next_year():
    assert Period.parse("2025Q4").next() == Period.parse("2026Q1")
    assert Period.parse("202601").previous() == Period.parse("202512")
    assert Period.parse("2025S1").previous() == Period.parse("2024S2")
    assert Period.parse("2025").next() == Period.parse("2026")


def test_it_finds_the_period_that_contains_a_date():
    day = date(2025, 8, 19)
    assert for_date("quarter", day).code == "2025Q3"
    assert for_date("half", day).code == "2025S2"
    assert for_date("month", day).code == "202508"
    assert Period.for_date("year", day).code == "2025"
    assert Period.parse("2025Q3").contains(day)
    assert not Period.parse("2025Q2").contains(day)


def test_it_sorts_periods_by_start_then_by_end():
    codes = ["202504", "2025Q2", "2025", "2024Q4", "2025S1", "202501"]
    assert [p.code for p in sorted(Period.parse(c) for c in codes)] == [
        "2024Q4",
        "2025",
        "2025S1",
        "202501",
        "2025Q2",
        "202504",
    ]


def test_it_places_the_first_of_july_at_about_half_a_year():
    assert fractional_year(date(2025, 7, 1)) == pytest.approx(2025.5, abs=0.005)


def test_a_year_end_is_exactly_the_next_whole_year_even_in_a_leap_year():
    assert fractional_year(date(2023, 12, 31)) == 2024.0
    assert fractional_year(date(2024, 12, 31)) == 2025.0
    assert fractional_year(date(2024, 12, 31)) - fractional_year(date(2020, 12, 31)) == 4.0


def test_quarter_ends_fall_on_quarter_boundaries():
    assert fractional_year(Period.parse("2025Q2").end) == pytest.approx(2025 + 181 / 365)
    assert fractional_year(Period.parse("2025Q3").end) == pytest.approx(2025 + 273 / 365)


# -- Nghị định 09/2019, Điều 12 -------------------------------------------------------------


@pytest.mark.parametrize(
    "code, first, last",
    [
        ("202507", date(2025, 6, 15), date(2025, 7, 14)),
        ("202501", date(2024, 12, 15), date(2025, 1, 14)),
        ("2025Q1", date(2024, 12, 15), date(2025, 3, 14)),
        ("2025Q3", date(2025, 6, 15), date(2025, 9, 14)),
        ("2025Q4", date(2025, 9, 15), date(2025, 12, 14)),
        ("2025S1", date(2024, 12, 15), date(2025, 6, 14)),
        ("2025S2", date(2025, 6, 15), date(2025, 12, 14)),
        ("2025", date(2024, 12, 15), date(2025, 12, 14)),
    ],
)
def test_it_cuts_off_data_as_decree_09_says(code, first, last):
    assert reporting_window(Period.parse(code)) == (first, last)


# -- working days -----------------------------------------------------------------------


def test_it_counts_tet_as_a_holiday():
    assert not is_working_day(date(2025, 1, 29))  # Mùng 1 Tết Ất Tỵ, a Wednesday
    assert not is_working_day(date(2025, 1, 27))  # 28 tháng Chạp, a Monday
    assert not is_working_day(date(2026, 2, 17))  # Mùng 1 Tết Bính Ngọ, a Tuesday
    assert is_working_day(date(2025, 2, 3))


def test_it_counts_weekends_and_national_days_off():
    assert not is_working_day(date(2025, 8, 30))  # Saturday
    assert not is_working_day(date(2025, 8, 31))  # Sunday
    assert not is_working_day(date(2025, 9, 2))  # Quốc khánh
    assert not is_working_day(date(2025, 4, 30))
    assert is_working_day(date(2025, 9, 3))


def test_it_counts_a_saturday_swapped_for_a_bridge_day_as_working():
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 5, 2))


def test_it_skips_the_whole_tet_break_when_adding_working_days():
    # Friday 24/1/2025 is the last working day before Tết; the next is Monday 3/2/2025.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)


def test_zero_working_days_rolls_a_day_off_forward_to_the_next_working_day():
    assert add_working_days(date(2025, 1, 29), 0) == date(2025, 2, 3)
    assert add_working_days(date(2025, 2, 4), 0) == date(2025, 2, 4)


def test_a_due_date_counts_working_days_after_the_cut_off():
    # Cut-off Sunday 14/12/2025; five working days later is Friday 19/12/2025.
    assert due_date(Period.parse("2025Q4"), 5) == date(2025, 12, 19)


def test_a_due_date_after_a_february_cut_off_waits_out_tet():
    # Cut-off Saturday 14/2/2026; 16–20/2/2026 is Tết, so five working days end on 27/2.
    assert due_date(Period.parse("202602"), 5) == date(2026, 2, 27)


def test_it_refuses_a_negative_number_of_days_for_a_due_date():
    with pytest.raises(ValueError, match="không được âm"):
        due_date(Period.parse("2025Q4"), -1)


# -- properties -------------------------------------------------------------------------


@given(periods())
def test_every_code_parses_back_to_the_same_period(period):
    assert Period.parse(period.code) == period
    assert Period.parse(period.code.lower()).code == period.code


@given(periods())
def test_next_and_previous_are_inverse_and_adjacent(period):
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.next().start == period.end + timedelta(days=1)
    assert period.next().kind == period.kind


@given(periods())
def test_windows_of_consecutive_periods_tile_without_gap_or_overlap(period):
    first, last = reporting_window(period)
    assert first < last
    assert last.day == 14 and first.day == 15
    assert reporting_window(period.next())[0] == last + timedelta(days=1)


@given(st.sampled_from(KINDS), dates)
def test_the_period_found_for_a_date_contains_it(kind, day):
    period = for_date(kind, day)
    assert period.contains(day)
    assert period.start <= day <= period.end


@given(dates)
def test_fractional_year_grows_with_the_date_and_stays_in_its_year(day):
    t = fractional_year(day)
    assert day.year < t <= day.year + 1
    if day < date(2998, 12, 31):
        assert fractional_year(day + timedelta(days=1)) > t


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 40))
def test_adding_n_working_days_lands_on_the_nth_working_day(day, n):
    result = add_working_days(day, n)
    assert is_working_day(result)
    if n > 0:
        between = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
        assert sum(is_working_day(d) for d in between) == n
