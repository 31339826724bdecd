"""The words of the evaluation methods: status and component labels, and the one-sentence
explanations of every result, each written in Vietnamese and in English from one set of numbers
(a reader must be able to check each status by hand)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from dxtrack.core import comparators
from dxtrack.core.numbers import number_text
from dxtrack.core.vn import format_date_short
from dxtrack.evaluation.methods.inputs import Point

if TYPE_CHECKING:
    from dxtrack.evaluation.methods.scores import ScoreComponent


Lang = Literal["vi", "en"]
LANGUAGES: tuple[Lang, ...] = ("vi", "en")

# Numbers are written by dxtrack.core.numbers.number_text: English pages swap the Vietnamese
# separators ("2.389,05" → "2,389.05"), as the template filters of dxtrack.core.templatetags.vn
# do; dates stay dd/mm/yyyy, which reads the same in British English (their `shortdate`).


def in_both(sentence: Callable[..., str], **numbers: Any) -> tuple[str, str]:
    """(Vietnamese, English) of ``sentence(lang=…, **numbers)``: one set of numbers, two texts."""
    return sentence(lang="vi", **numbers), sentence(lang="en", **numbers)


# Labels

STATUS_LABELS_VI: dict[str, str] = {
    "achieved": "Đã đạt",
    "missed": "Không đạt",
    "on_track": "Có khả năng đạt",
    "at_risk": "Có nguy cơ không đạt",
    "off_track": "Khó đạt",
    "no_data": "Chưa đủ số liệu",
}

# The same labels in English, for the English pages (the presentation layer picks the language).
STATUS_LABELS_EN: dict[str, str] = {
    "achieved": "Achieved",
    "missed": "Missed",
    "on_track": "On track",
    "at_risk": "At risk of missing",
    "off_track": "Off track",
    "no_data": "Not enough data",
}

TASK_STATUS_LABELS_VI: dict[str, str] = {
    "done": "Hoàn thành",
    "overdue": "Quá hạn",
    "at_risk": "Có nguy cơ chậm",
    "on_schedule": "Đúng tiến độ",
    "not_started": "Chưa triển khai",
}

TASK_STATUS_LABELS_EN: dict[str, str] = {
    "done": "Done",
    "overdue": "Overdue",
    "at_risk": "At risk of delay",
    "on_schedule": "On schedule",
    "not_started": "Not started",
}


# The four-way status of the Government's task tracking (hệ thống theo dõi nhiệm vụ): whether a
# task is done, and whether on time. Told apart by the day the unit says it was finished.
TRACKING_STATUS_LABELS_VI: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open_in_time": "Chưa hoàn thành, còn trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
}

TRACKING_STATUS_LABELS_EN: dict[str, str] = {
    "done_on_time": "Done on time",
    "done_late": "Done late",
    "open_in_time": "Not done, still in time",
    "open_overdue": "Not done, overdue",
}


SCORECARD_COMPONENTS: dict[str, str] = {
    "tasks": "Nhiệm vụ đúng hạn",
    "report_completeness": "Báo cáo đầy đủ",
    "report_timeliness": "Báo cáo đúng hạn",
    "targets": "Chỉ tiêu đạt hoặc có khả năng đạt",
}

SCORECARD_COMPONENTS_EN: dict[str, str] = {
    "tasks": "Tasks on time",
    "report_completeness": "Reports complete",
    "report_timeliness": "Reports on time",
    "targets": "Targets achieved or on track",
}


# ---------------------------------------------------------------------------------------
# Target status
# ---------------------------------------------------------------------------------------


def value_text(x: float, lang: Lang = "vi") -> str:
    return number_text(round(x, 4), lang)


def when_text(d: date) -> str:
    # Yearly values sit on 31/12: "(2023)" reads better than "(31/12/2023)". Same in English.
    return str(d.year) if (d.month, d.day) == (12, 31) else format_date_short(d)


def goal_phrase(
    comparator: str, target_value: float, threshold: float | None, lang: Lang = "vi"
) -> str:
    phrase = comparators.goal_phrase(comparator, value_text(target_value, lang), lang)
    if comparator in ("increase", "decrease") and threshold is not None:
        phrase += f" ({'mức' if lang == 'vi' else 'level'} {value_text(threshold, lang)})"
    return phrase


def rate_text(rate: float, method: str, lang: Lang = "vi") -> str:
    per_year = "/năm" if lang == "vi" else "/year"
    if method == "cagr":
        return f"{number_text(round(rate * 100, 2), lang)}%{per_year}"
    return f"{value_text(rate, lang)}{per_year}"


# The sentences that explain a target's status, each in both languages side by side.


def latest_text(latest: Point, lang: Lang) -> str:
    word = "Giá trị mới nhất" if lang == "vi" else "Latest value"
    return f"{word} {value_text(latest.value, lang)} ({when_text(latest.when)})"


def no_value_text(*, as_of: date, lang: Lang) -> str:
    if lang == "en":
        return f"No value up to {format_date_short(as_of)}: not enough data to evaluate."
    return f"Chưa có số liệu nào đến {format_date_short(as_of)}: chưa đủ số liệu để đánh giá."


def achieved_text(*, latest: Point, goal: Mapping[Lang, str], lang: Lang) -> str:
    if lang == "en":
        return f"{latest_text(latest, lang)} meets the target {goal[lang]}: achieved."
    return f"{latest_text(latest, lang)} đạt chỉ tiêu {goal[lang]}: đã đạt."


def missed_text(*, latest: Point, goal: Mapping[Lang, str], deadline: date, lang: Lang) -> str:
    if lang == "en":
        return (
            f"The deadline {format_date_short(deadline)} has passed; the latest value "
            f"{value_text(latest.value, lang)} ({when_text(latest.when)}) does not meet the target {goal[lang]}: missed."
        )
    latest_words = latest_text(latest, lang)
    return (
        f"Đã quá hạn {format_date_short(deadline)}; {latest_words[0].lower()}{latest_words[1:]} "
        f"chưa đạt chỉ tiêu {goal[lang]}: không đạt."
    )


def one_value_text(*, latest: Point, lang: Lang) -> str:
    if lang == "en":
        return (
            f"Only one value so far, {value_text(latest.value, lang)} ({when_text(latest.when)}); at least two are "
            "needed (the baseline included): not enough data to evaluate."
        )
    return (
        f"Mới có một giá trị {value_text(latest.value, lang)} ({when_text(latest.when)}), cần ít nhất hai "
        "(kể cả giá trị cơ sở): chưa đủ số liệu để đánh giá."
    )


def head_text(
    *, latest: Point, base: Point, goal: Mapping[Lang, str], deadline: date, lang: Lang
) -> str:
    latest_words, base_value, by = (
        latest_text(latest, lang),
        value_text(base.value, lang),
        format_date_short(deadline),
    )
    if lang == "en":
        return f"{latest_words} against the baseline {base_value} ({when_text(base.when)}), target {goal[lang]} by {by}"
    return f"{latest_words} so với cơ sở {base_value} ({when_text(base.when)}), chỉ tiêu {goal[lang]} vào {by}"


def expected_text(*, as_of: date, expected_now: float | None, lang: Lang) -> str:
    """The value expected by now on the straight path, as a clause to append (or nothing)."""
    if expected_now is None:
        return ""
    expected = number_text(round(expected_now, 2), lang)
    if lang == "en":
        return f"; on the straight line to {format_date_short(as_of)} it should be {expected}"
    return f"; theo đường thẳng đến {format_date_short(as_of)} cần {expected}"


def no_ratio_text(*, head: Mapping[Lang, str], expected: Mapping[Lang, str], lang: Lang) -> str:
    if lang == "en":
        return (
            f"{head[lang]}{expected[lang]}; the baseline is already at the target level, so R cannot "
            "be computed, and the latest value does not meet it: off track."
        )
    return (
        f"{head[lang]}{expected[lang]}; giá trị cơ sở đã ở mức chỉ tiêu nên không tính được R, "
        "giá trị mới nhất chưa đạt: khó đạt."
    )


_RATE_KIND = {
    "vi": {
        "cagr": "tốc độ tăng trưởng bình quân",
        "linear": "mức thay đổi bình quân (giá trị đổi dấu)",
    },
    "en": {"cagr": "average annual growth", "linear": "average change (the values change sign)"},
}
_VERDICT = {
    "vi": {
        "on_track": "có khả năng đạt",
        "at_risk": "có nguy cơ không đạt",
        "off_track": "khó đạt",
    },
    "en": {"on_track": "on track", "at_risk": "at risk of missing", "off_track": "off track"},
}


def ratio_text(
    *,
    status: str,
    r: float,
    bound: float,
    rates: tuple[float, float],
    method: str,
    head: Mapping[Lang, str],
    expected: Mapping[Lang, str],
    lang: Lang,
) -> str:
    """The head, the observed against the required rate, the expected value, R against its bound."""
    observed, required = (rate_text(rate, method, lang) for rate in rates)
    kind = _RATE_KIND[lang][method]
    sign = "≥" if status == "on_track" else "<"
    verdict = (
        f"R = {number_text(r, lang, 3)} {sign} {number_text(bound, lang)}: {_VERDICT[lang][status]}"
    )
    if lang == "en":
        return f"{head[lang]}: {kind} {observed} against the {required} needed{expected[lang]}; {verdict}."
    return f"{head[lang]}: {kind} {observed} so với mức cần {required}{expected[lang]}; {verdict}."


# The sentences the services add around a target's status, in both languages.


def no_deadline_explanation() -> tuple[str, str]:
    return (
        "Chỉ tiêu không có thời hạn (năm) nên chưa đánh giá được.",
        "The target has no deadline (year), so it cannot be evaluated yet.",
    )


def not_evaluable_explanation(error: ValueError) -> tuple[str, str]:
    """Why a target or task could not be evaluated: the refused input, in both languages when
    it is an InvalidInput (any other ValueError has only its own message)."""
    english = getattr(error, "message_en", str(error))
    return f"Chưa đánh giá được: {error}.", f"Cannot be evaluated yet: {english}."


def conflicts_note(conflicts: Iterable[Mapping[str, Any]]) -> tuple[str, str]:
    """The note on periods that had different province values: ``conflicts`` holds
    ``{"period", "used", "ignored": [values]}`` (series.Series.points_as_of)."""
    conflicts = list(conflicts)  # read once per language

    def listing(lang: Lang) -> str:
        return "; ".join(
            f"{c['period']}: {'dùng' if lang == 'vi' else 'used'} {number_text(c['used'], lang)}, "
            f"{'bỏ' if lang == 'vi' else 'ignored'} {', '.join(number_text(v, lang) for v in c['ignored'])}"
            for c in conflicts
        )

    return (
        f" Lưu ý: có số liệu khác nhau cho cùng kỳ ({listing('vi')}).",
        f" Note: different values for the same period ({listing('en')}).",
    )


# ---------------------------------------------------------------------------------------
# Task status
# ---------------------------------------------------------------------------------------


def done_text(*, lang: Lang) -> str:
    return (
        "Done (approved, with evidence)."
        if lang == "en"
        else "Đã hoàn thành (được duyệt, có minh chứng)."
    )


def done_late_text(*, completed_on: date, end: date, lang: Lang) -> str:
    days = (completed_on - end).days
    if lang == "en":
        return (
            f"Done late: finished on {format_date_short(completed_on)}, {days} "
            f"day{'' if days == 1 else 's'} after the deadline {format_date_short(end)} "
            "(approved, with evidence)."
        )
    return (
        f"Hoàn thành quá hạn: xong ngày {format_date_short(completed_on)}, chậm {days} ngày so "
        f"với hạn {format_date_short(end)} (được duyệt, có minh chứng)."
    )


def before_start_text(*, start: date, lang: Lang) -> str:
    if lang == "en":
        return f"The start date ({format_date_short(start)}) has not come yet."
    return f"Chưa đến thời gian bắt đầu ({format_date_short(start)})."


def overdue_text(*, days: int, end: date, lang: Lang) -> str:
    if lang == "en":
        return f"Overdue by {days} day{'' if days == 1 else 's'} (deadline {format_date_short(end)}) and not done."
    return f"Quá hạn {days} ngày (hạn {format_date_short(end)}) mà chưa hoàn thành."


_RECURRING_TEXTS = {
    False: (
        "Nhiệm vụ thường xuyên: kỳ này đã đến hạn nhưng chưa báo cáo.",
        "Recurring task: this period's report is due and has not been made.",
    ),
    True: ("Nhiệm vụ thường xuyên: đã báo cáo kỳ này.", "Recurring task: reported this period."),
    None: (
        "Nhiệm vụ thường xuyên: chưa đến hạn báo cáo kỳ này.",
        "Recurring task: this period's report is not due yet.",
    ),
}


def recurring_text(*, reported: bool | None, lang: Lang) -> str:
    vi, en = _RECURRING_TEXTS[None if reported is None else bool(reported)]
    return en if lang == "en" else vi


def behind_text(*, elapsed: float, done: float, gap: float, limit: float, lang: Lang) -> str:
    elapsed_text, done_text, gap_text, limit_text = (
        number_text(round(elapsed, 1), lang),
        number_text(round(done, 1), lang),
        number_text(round(gap, 1), lang),
        number_text(limit, lang),
    )
    if lang == "en":
        return (
            f"{elapsed_text}% of the time has passed but only {done_text}% is done, {gap_text} points "
            f"behind (more than {limit_text} points): at risk of delay."
        )
    return (
        f"Đã qua {elapsed_text}% thời gian nhưng mới hoàn thành {done_text}%, "
        f"chậm {gap_text} điểm (quá {limit_text} điểm): có nguy cơ chậm."
    )


def no_progress_text(*, lang: Lang) -> str:
    return "No progress reported yet." if lang == "en" else "Chưa có tiến độ được báo cáo."


def no_schedule_text(*, done: float, lang: Lang) -> str:
    done_text = number_text(round(done, 1), lang)
    if lang == "en":
        return f"{done_text}% done; there are not enough dates to compare it with the schedule."
    return f"Đã hoàn thành {done_text}%; chưa đủ mốc thời gian để so với tiến độ."


def on_schedule_text(*, elapsed: float, done: float, lang: Lang) -> str:
    elapsed_text, done_text = (
        number_text(round(elapsed, 1), lang),
        number_text(round(done, 1), lang),
    )
    if lang == "en":
        return f"{elapsed_text}% of the time has passed, {done_text}% done: on schedule."
    return f"Đã qua {elapsed_text}% thời gian, hoàn thành {done_text}%: đúng tiến độ."


# ---------------------------------------------------------------------------------------
# Scorecard
# ---------------------------------------------------------------------------------------


def formula_text(
    *,
    score: float | None,
    components: tuple[ScoreComponent, ...],
    omitted: tuple[str, ...],
    weight_of: dict[str, float],
    total_weight: float,
    lang: Lang,
) -> str:
    """The score written out, each component with its count, and the components left out."""

    def n(x: float) -> str:
        return number_text(round(x, 2), lang)

    labels = SCORECARD_COMPONENTS_EN if lang == "en" else SCORECARD_COMPONENTS
    if score is None:
        if lang == "en":
            return "Nothing to evaluate in the period: no score."
        return "Không có thành phần nào để đánh giá trong kỳ: chưa tính điểm."
    terms = " + ".join(f"{n(c.weight)} × {n(c.score)}" for c in components)
    points = "points" if lang == "en" else "điểm"
    details = "; ".join(
        f"{labels[c.key]} = {c.numerator}/{c.denominator} = {n(c.score)} {points}"
        for c in components
    )
    if lang == "en":
        formula = f"Score = ({terms}) / {n(total_weight)} = {n(score)}; where {details}."
    else:
        formula = f"Điểm = ({terms}) / {n(total_weight)} = {n(score)}; trong đó {details}."
    if not omitted:
        return formula
    reasons = []
    for k in omitted:
        if lang == "en":
            why = "weight 0" if weight_of[k] == 0 else "nothing to evaluate"
        else:
            why = "trọng số 0" if weight_of[k] == 0 else "không có gì để đánh giá"
        reasons.append(f"{labels[k]} ({why})")
    total, all_weights = n(total_weight), n(math.fsum(weight_of.values()))
    if lang == "en":
        return (
            f"{formula} Not counted: {', '.join(reasons)}; the weights of the other components are "
            f"renormalised (divided by their total {total} instead of {all_weights})."
        )
    return (
        f"{formula} Không tính {', '.join(reasons)}; trọng số các thành phần còn lại được chuẩn hóa lại "
        f"(chia cho tổng {total} thay vì {all_weights})."
    )
