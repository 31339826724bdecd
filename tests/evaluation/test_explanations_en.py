"""Explanations in the reader's language: every result carries its sentence in Vietnamese and in
English with the same numbers; the pages show the one of the page's language, the API both."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from dxtrack.evaluation import methods, services
from dxtrack.evaluation.methods import (
    DEFAULT_SCORECARD_WEIGHTS,
    Point,
    scorecard,
    target_status,
    task_status,
)
from dxtrack.evaluation.models import TargetEvaluation, TaskEvaluation, UnitScore
from dxtrack.registry.models import Task
from tests.helpers import accepted_value, indicator_target, make_program, page_text, province


def year_end(year: int) -> date:
    return date(year, 12, 31)


# -- methods: known sentences ------------------------------------------------------------


def test_an_achieved_target_is_explained_in_both_languages():
    result = target_status(
        comparator=">",
        target_value=20,
        deadline=year_end(2025),
        baseline=None,
        points=[Point(year_end(2023), 31.4)],
        as_of=date(2024, 6, 30),
    )
    assert result.explanation_vi == "Giá trị mới nhất 31,4 (2023) đạt chỉ tiêu trên 20: đã đạt."
    assert result.explanation_en == "Latest value 31.4 (2023) meets the target above 20: achieved."


def test_the_open_sdg_case_at_risk_reads_the_same_numbers_in_english():
    result = target_status(
        comparator=">=",
        target_value=90,
        deadline=year_end(2025),
        baseline=Point(year_end(2020), 60),
        points=[Point(year_end(2023), 75)],
        as_of=date(2024, 3, 31),
    )
    assert result.status == "at_risk"
    assert result.explanation_vi == (
        "Giá trị mới nhất 75 (2023) so với cơ sở 60 (2020), chỉ tiêu từ 90 trở lên vào 31/12/2025: "
        "tốc độ tăng trưởng bình quân 7,72%/năm so với mức cần 8,45%/năm; theo đường thẳng đến "
        "31/03/2024 cần 79,49; R = 0,914 < 0,95: có nguy cơ không đạt."
    )
    assert result.explanation_en == (
        "Latest value 75 (2023) against the baseline 60 (2020), target at least 90 by 31/12/2025: "
        "average annual growth 7.72%/year against the 8.45%/year needed; on the straight line to "
        "31/03/2024 it should be 79.49; R = 0.914 < 0.95: at risk of missing."
    )


def test_a_missed_target_and_one_without_data_are_explained_in_english():
    missed = target_status(
        comparator=">=",
        target_value=2500,
        deadline=year_end(2025),
        baseline=None,
        points=[Point(year_end(2024), 1234.5)],
        as_of=date(2026, 2, 1),
    )
    assert missed.explanation_vi == (
        "Đã quá hạn 31/12/2025; giá trị mới nhất 1.234,5 (2024) chưa đạt "
        "chỉ tiêu từ 2.500 trở lên: không đạt."
    )
    assert missed.explanation_en == (
        "The deadline 31/12/2025 has passed; the latest value 1,234.5 (2024) "
        "does not meet the target at least 2,500: missed."
    )
    empty = target_status(
        comparator=">=",
        target_value=90,
        deadline=year_end(2025),
        baseline=None,
        points=[],
        as_of=date(2024, 1, 5),
    )
    assert empty.explanation_en == "No value up to 05/01/2024: not enough data to evaluate."


def test_task_statuses_are_explained_in_english():
    overdue = task_status(
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        recurrence=None,
        done=False,
        percent_done=40,
        as_of=date(2025, 3, 1),
        reported_this_period=None,
    )
    assert overdue.explanation_vi == "Quá hạn 60 ngày (hạn 31/12/2024) mà chưa hoàn thành."
    assert overdue.explanation_en == "Overdue by 60 days (deadline 31/12/2024) and not done."
    behind = task_status(
        start=date(2024, 1, 1),
        end=date(2025, 12, 31),
        recurrence=None,
        done=False,
        percent_done=10,
        as_of=date(2025, 6, 30),
        reported_this_period=None,
    )
    assert behind.explanation_en == (
        "74.8% of the time has passed but only 10% is done, 64.8 points behind "
        "(more than 20 points): at risk of delay."
    )
    recurring = task_status(
        start=None,
        end=None,
        recurrence="annual",
        done=False,
        percent_done=None,
        as_of=date(2025, 3, 1),
        reported_this_period=True,
    )
    assert recurring.explanation_en == "Recurring task: reported this period."


def test_a_scorecard_prints_its_formula_in_english_with_the_omitted_component():
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
    assert card.formula_en == (
        "Score = (40 × 80 + 20 × 100 + 10 × 75) / 70 = 85; where Tasks on time = 8/10 = 80 points; "
        "Reports complete = 4/4 = 100 points; Reports on time = 3/4 = 75 points. Not counted: Targets "
        "achieved or on track (nothing to evaluate); the weights of the other components are "
        "renormalised (divided by their total 70 instead of 100)."
    )
    assert card.formula_vi.startswith("Điểm = (40 × 80 + 20 × 100 + 10 × 75) / 70 = 85; trong đó")


def test_a_refused_input_gives_its_reason_in_both_languages():
    with pytest.raises(ValueError, match="Phép so sánh 'about' không hợp lệ") as refused:
        target_status(
            comparator="about",
            target_value=1,
            deadline=year_end(2025),
            baseline=None,
            points=[],
            as_of=date(2024, 1, 1),
        )
    vi, en = methods.not_evaluable_explanation(refused.value)
    assert vi.startswith("Chưa đánh giá được: Phép so sánh 'about' không hợp lệ")
    assert en.startswith(
        "Cannot be evaluated yet: comparator 'about' is not valid: it must be one of >, >="
    )


def test_the_note_on_conflicting_values_lists_them_in_each_language():
    vi, en = methods.conflicts_note([{"period": "2024", "used": 72.5, "ignored": [70, 1250.25]}])
    assert vi == " Lưu ý: có số liệu khác nhau cho cùng kỳ (2024: dùng 72,5, bỏ 70, 1.250,25)."
    assert (
        en == " Note: different values for the same period (2024: used 72.5, ignored 70, 1,250.25)."
    )


# -- methods: the same numbers in both languages ------------------------------------------

_NUMBER = re.compile(r"-?\d[\d.,]*\d|-?\d")


def numbers_in(text: str, lang: str) -> list[str]:
    """The numbers of a sentence in one spelling: "1.234,5" (vi) and "1,234.5" (en) → "1234.5"."""
    found = _NUMBER.findall(text)
    if lang == "vi":
        return [n.replace(".", "").replace(",", ".") for n in found]
    return [n.replace(",", "") for n in found]


values = st.floats(min_value=-5000, max_value=50000, allow_nan=False).map(lambda x: round(x, 3))
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31))


@given(
    st.sampled_from(methods.COMPARATORS),
    values,
    days,
    st.dictionaries(days, values, max_size=5),
    days,
)
def test_both_explanations_carry_the_same_numbers(comparator, value, deadline, points, as_of):
    if comparator in ("top", "increase", "decrease"):
        value = max(1.0, abs(value))
    result = target_status(
        comparator=comparator,
        target_value=value,
        deadline=deadline,
        baseline=None,
        points=[Point(d, v) for d, v in points.items()],
        as_of=as_of,
    )
    assert numbers_in(result.explanation_vi, "vi") == numbers_in(result.explanation_en, "en")
    assert not re.search(r"[ạảãàáâậầấẩẫăắằặẳẵđệếềểễơờởỡợưừứựửữ]", result.explanation_en)


# -- stored rows, pages and the API --------------------------------------------------------

ENGLISH = "en"


@pytest.fixture
def evaluated(db):
    """A program with one at-risk target (the Open SDG case, two values for 2023 in conflict) and
    one overdue task, evaluated on 30/06/2024."""
    program = make_program(
        key="TEST-EN",
        number="98/KH-TEST",
        title="Kế hoạch thử tiếng Anh",
        section="II.2.b Phát triển kinh tế số",
    )
    target = indicator_target(
        program, "Tỷ lệ thử tiếng Anh", aggregation="province", unit="%", value=90, year=2025
    )
    indicator = target.indicator
    home = province()
    for period, value, kind in (
        ("2020", 60, "report"),
        ("2023", 75, "report"),
        ("2023", 74.5, "document"),
    ):
        accepted_value(indicator, home, period, value, source_kind=kind, source="thử")
    task = Task.objects.create(
        program=program, order=1, name="Nhiệm vụ thử tiếng Anh", start_year=2022, end_year=2023
    )
    services.evaluation_recompute_all(as_of=date(2024, 6, 30))
    return target, task


def test_stored_rows_keep_both_sentences(evaluated):
    target, task = evaluated
    ev = TargetEvaluation.objects.get(target=target)
    assert ev.status == "at_risk"
    assert "R = 0,914 < 0,95" in ev.explanation and "dùng 75, bỏ 74,5" in ev.explanation
    assert "R = 0.914 < 0.95: at risk of missing" in ev.explanation_en
    assert ev.explanation_en.endswith(
        " Note: different values for the same period (2023: used 75, ignored 74.5)."
    )
    assert "explanation_en" not in ev.numbers
    task_ev = TaskEvaluation.objects.get(task=task)
    assert task_ev.explanation_en == "Overdue by 182 days (deadline 31/12/2023) and not done."
    score = UnitScore.objects.exclude(formula_en="").first()
    assert (
        score is not None
        and score.formula.startswith(("Điểm", "Không"))
        and score.formula_en.startswith(("Score", "Nothing"))
    )


def test_the_target_page_shows_the_explanation_of_the_page_language(evaluated, client):
    target, _ = evaluated
    ev = TargetEvaluation.objects.get(target=target)
    english = page_text(client, f"/chi-tieu/{target.pk}/", english=True)
    assert f'<p id="evaluation-explanation">{escape(ev.explanation_en)}</p>' in english
    assert escape(ev.explanation) not in english
    vietnamese = page_text(client, f"/chi-tieu/{target.pk}/", english=False)
    assert f'<p id="evaluation-explanation">{escape(ev.explanation)}</p>' in vietnamese


def test_the_dashboards_show_english_explanations_and_formulas(evaluated, client):
    target, task = evaluated
    ev = TargetEvaluation.objects.get(target=target)
    indicator = page_text(client, f"/tong-quan/chi-so/{target.indicator_id}/", english=True)
    assert escape(ev.explanation_en) in indicator and escape(ev.explanation) not in indicator
    program = page_text(client, f"/tong-quan/chuong-trinh/{target.program_id}/", english=True)
    assert escape(TaskEvaluation.objects.get(task=task).explanation_en) in program
    assert "Overdue by 182 days" in program and "Quá hạn 182 ngày" not in program
    assert "Quá hạn 182 ngày" in page_text(
        client, f"/tong-quan/chuong-trinh/{target.program_id}/", english=False
    )
    score = UnitScore.objects.filter(unit__code="so-tai-chinh").exclude(formula_en="").first()
    unit = page_text(client, "/tong-quan/don-vi/so-tai-chinh/", english=True)
    assert escape(score.formula_en) in unit and escape(score.formula) not in unit


def test_a_row_stored_before_the_english_existed_shows_the_vietnamese(evaluated, client):
    target, _ = evaluated
    TargetEvaluation.objects.filter(target=target).update(explanation_en="")
    ev = TargetEvaluation.objects.get(target=target)
    assert escape(ev.explanation) in page_text(client, f"/chi-tieu/{target.pk}/", english=True)


def test_the_api_keeps_explanation_in_vietnamese_and_adds_explanation_en(evaluated, client):
    target, _ = evaluated
    ev = TargetEvaluation.objects.get(target=target)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = (
        ENGLISH  # the language does not change the fields
    )
    item = client.get("/api/v1/targets/", {"program": target.program_id}).json()["results"][0]
    assert item["explanation"] == ev.explanation and item["explanation_en"] == ev.explanation_en
    past = client.get(
        "/api/v1/targets/", {"program": target.program_id, "as_of": "2024-03-31"}
    ).json()
    assert past["results"][0]["explanation_en"].startswith(
        "Latest value 75 (2023) against the baseline 60"
    )
    rankings = client.get("/api/v1/rankings/", {"group": "department", "period": "2024Q2"}).json()
    scored = [r for r in rankings["results"] if r["formula"]]
    assert scored and all(r["formula_en"].startswith(("Score", "Nothing")) for r in scored)
