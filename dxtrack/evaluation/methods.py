"""Evaluation methods of DESIGN.md ("Methods"): target status, aggregation, task status,
scorecards and rankings.

Pure functions, no Django: the services load approved data, call these, and store the
results. Every result is a frozen dataclass that carries the numbers it was computed from and
a one-sentence explanation in Vietnamese and in English (the same numbers, each written as the
pages of that language write them), so that a reader can check each status by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dxtrack.core.periods import fractional_year
from dxtrack.core.vn import format_date_short, format_number

__all__ = [
    "AGGREGATIONS",
    "COMPARATORS",
    "DEFAULT_SCORECARD_WEIGHTS",
    "InvalidInput",
    "RECURRENCES",
    "SCORECARD_COMPONENTS",
    "SCORECARD_COMPONENTS_EN",
    "STATUS_LABELS_EN",
    "STATUS_LABELS_VI",
    "TARGET_STATUSES",
    "TASK_STATUSES",
    "TASK_STATUS_LABELS_EN",
    "TASK_STATUS_LABELS_VI",
    "Point",
    "RankChange",
    "RankRow",
    "ScoreComponent",
    "Scorecard",
    "TargetResult",
    "TaskResult",
    "aggregate",
    "conflicts_note",
    "no_deadline_explanation",
    "normalize_comparator",
    "not_evaluable_explanation",
    "number_text",
    "rank",
    "rank_change",
    "scorecard",
    "target_status",
    "task_status",
]

# ---------------------------------------------------------------------------------------
# Target status
# ---------------------------------------------------------------------------------------

TargetStatus = Literal["achieved", "missed", "on_track", "at_risk", "off_track", "no_data"]

TARGET_STATUSES: tuple[str, ...] = (
    "achieved",
    "missed",
    "on_track",
    "at_risk",
    "off_track",
    "no_data",
)

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

COMPARATORS: tuple[str, ...] = (">", ">=", "<", "<=", "=", "top", "increase", "decrease")

# Spellings that reach us from documents and forms.
_COMPARATOR_ALIASES = {"≥": ">=", "≤": "<=", "==": "="}

# sdg-build replaces a zero base value or target by this, since a growth rate from or to 0
# is undefined.
_ZERO_SUBSTITUTE = 0.001

# R is capped so it stays a finite, JSON-safe number; only two values a few days apart that
# differ wildly come near it.
_R_CAP = 999.0
_GROWTH_CAP = 1e9

# ---------------------------------------------------------------------------------------
# Writing the explanations in both languages
# ---------------------------------------------------------------------------------------

Lang = Literal["vi", "en"]
LANGUAGES: tuple[Lang, ...] = ("vi", "en")

# English pages swap the Vietnamese separators ("2.389,05" → "2,389.05"), as the template
# filters of dxtrack.core.templatetags.vn do; dates stay dd/mm/yyyy, which reads the same in
# British English (their `shortdate`).
_ENGLISH_SEPARATORS = str.maketrans({".": ",", ",": "."})


def number_text(x: float, lang: Lang, decimals: int | None = None) -> str:
    """A number as the pages of ``lang`` write it: "2.389,05" (vi) or "2,389.05" (en)."""
    text = format_number(x, decimals)
    return text.translate(_ENGLISH_SEPARATORS) if lang == "en" else text


def _in_both(sentence, **numbers) -> tuple[str, str]:
    """(Vietnamese, English) of ``sentence(lang=…, **numbers)``: one set of numbers, two texts."""
    return sentence(lang="vi", **numbers), sentence(lang="en", **numbers)


class InvalidInput(ValueError):
    """A refused input. ``str()`` is the Vietnamese message, as for every ValueError here;
    ``message_en`` the English one: the services store the message as an explanation, and the
    English pages show it too."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.message_en = message_en


@dataclass(frozen=True)
class Point:
    """A value at a time: for an observation, the end date of its period."""

    when: date
    value: float

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise ValueError(f"Giá trị {self.value!r} ngày {self.when} không phải là số")
        if not math.isfinite(self.value):
            raise ValueError(f"Giá trị {self.value!r} ngày {self.when} không phải là số hữu hạn")


@dataclass(frozen=True)
class TargetResult:
    """Status of a target as of a date, with every number behind it.

    ``threshold`` is the level the latest value must meet (for ``increase``/``decrease``
    computed from the baseline). ``direction`` is +1 when higher is better, -1 when lower is
    better, 0 when undetermined (an ``=`` target whose baseline already equals it).
    ``t_*`` are fractional years. ``method`` is ``"cagr"`` (Open SDG), ``"linear"`` (fallback
    when values change sign) or None when R was not computed.
    """

    status: str
    comparator: str
    target_value: float
    threshold: float | None
    deadline: date
    as_of: date
    baseline: Point | None
    latest: Point | None
    points_used: int
    direction: int
    progress_ratio: float | None
    method: str | None
    observed_rate: float | None
    required_rate: float | None
    t_baseline: float | None
    t_latest: float | None
    t_deadline: float
    expected_now: float | None
    on_track_threshold: float
    at_risk_threshold: float
    explanation_vi: str
    explanation_en: str

    @property
    def label_vi(self) -> str:
        return STATUS_LABELS_VI[self.status]


def normalize_comparator(comparator: str) -> str:
    """Canonical comparator, or InvalidInput (a ValueError, Vietnamese message)."""
    key = comparator.strip().lower() if isinstance(comparator, str) else comparator
    key = _COMPARATOR_ALIASES.get(key, key)
    if key not in COMPARATORS:
        raise InvalidInput(
            f"Phép so sánh {comparator!r} không hợp lệ: phải là một trong {', '.join(COMPARATORS)}",
            f"comparator {comparator!r} is not valid: it must be one of {', '.join(COMPARATORS)}",
        )
    return key


def _threshold(comparator: str, target_value: float, baseline: Point | None) -> float | None:
    if comparator in ("increase", "decrease"):
        if baseline is None:
            return None
        # |base| keeps "increase by p%" meaning "move up" even for a negative base.
        change = abs(baseline.value) * target_value / 100.0
        return baseline.value + change if comparator == "increase" else baseline.value - change
    return target_value


def _meets(comparator: str, value: float, threshold: float) -> bool:
    if comparator == ">":
        return value > threshold
    if comparator in (">=", "increase"):
        return value >= threshold
    if comparator == "<":
        return value < threshold
    if comparator in ("<=", "decrease", "top"):
        # top N: a rank, lower is better, met at rank N or better.
        return value <= threshold
    return math.isclose(value, threshold, rel_tol=1e-9, abs_tol=1e-12)


def _direction(comparator: str, base_value: float | None, threshold: float | None) -> int:
    if comparator in (">", ">=", "increase"):
        return 1
    if comparator in ("<", "<=", "decrease", "top"):
        return -1
    if base_value is None or threshold is None or base_value == threshold:
        return 0
    return 1 if threshold > base_value else -1


def _growth(ratio: float, years: float) -> float:
    """Compound annual growth rate for a positive ``ratio`` over ``years`` (sdg-build's
    ``growth_calculation``), computed through logs so that short spans cannot overflow."""
    if ratio == 0:
        # Falling to zero (or underflowing to it) is -100 %, the limit of the formula;
        # log(0) cannot give it.
        return -1.0
    exponent = math.log(ratio) / years
    # Growth beyond 10⁹ (10¹¹ %) a year only comes from near-zero values a few days apart;
    # capping it keeps R and the explanation finite numbers.
    if exponent > math.log1p(_GROWTH_CAP):
        return _GROWTH_CAP
    return math.expm1(exponent)


def _cap(r: float) -> float:
    return max(-_R_CAP, min(_R_CAP, r))


def _progress_ratio(
    *,
    base: float,
    current: float,
    target: float,
    years_observed: float,
    years_required: float,
    direction: int,
) -> tuple[float | None, str | None, float | None, float | None]:
    """(R, method, observed rate, required rate); see ``target_status`` for the method."""
    if direction == 0 or years_observed <= 0 or years_required <= 0:
        return None, None, None, None
    b = _ZERO_SUBSTITUTE if base == 0 else base
    t = _ZERO_SUBSTITUTE if target == 0 else target
    same_sign = (b > 0 and current >= 0 and t > 0) or (b < 0 and current <= 0 and t < 0)
    if same_sign:
        cagr_o = _growth(current / b, years_observed)
        cagr_r = _growth(t / b, years_required)
        if cagr_r == 0:
            return None, None, cagr_o, cagr_r
        sign = -1 if b < 0 else 1
        return _cap(sign * direction * cagr_o / abs(cagr_r)), "cagr", cagr_o, cagr_r
    # Values change sign: no real growth rate exists, so compare straight-line rates
    # (units per year) in the same ratio form instead.
    rate_o = (current - base) / years_observed
    rate_r = (target - base) / years_required
    if rate_r == 0:
        return None, None, rate_o, rate_r
    return _cap(direction * rate_o / abs(rate_r)), "linear", rate_o, rate_r


def _v(x: float, lang: Lang = "vi") -> str:
    return number_text(round(x, 4), lang)


def _when(d: date) -> str:
    # Yearly values sit on 31/12: "(2023)" reads better than "(31/12/2023)". Same in English.
    return str(d.year) if (d.month, d.day) == (12, 31) else format_date_short(d)


_GOAL_WORDS = {
    "vi": {
        ">": "trên {n}",
        ">=": "từ {n} trở lên",
        "<": "dưới {n}",
        "<=": "không quá {n}",
        "=": "bằng {n}",
        "top": "thuộc nhóm {n} đứng đầu (thứ hạng ≤ {n})",
        "increase": "tăng {n}% so với giá trị cơ sở",
        "decrease": "giảm {n}% so với giá trị cơ sở",
    },
    "en": {
        ">": "above {n}",
        ">=": "at least {n}",
        "<": "below {n}",
        "<=": "at most {n}",
        "=": "equal to {n}",
        "top": "among the top {n} (rank ≤ {n})",
        "increase": "up {n}% on the baseline",
        "decrease": "down {n}% on the baseline",
    },
}


def _goal_phrase(
    comparator: str, target_value: float, threshold: float | None, lang: Lang = "vi"
) -> str:
    phrase = _GOAL_WORDS[lang][comparator].format(n=_v(target_value, lang))
    if comparator in ("increase", "decrease") and threshold is not None:
        phrase += f" ({'mức' if lang == 'vi' else 'level'} {_v(threshold, lang)})"
    return phrase


def _rate_text(rate: float, method: str, lang: Lang = "vi") -> str:
    per_year = "/năm" if lang == "vi" else "/year"
    if method == "cagr":
        return f"{number_text(round(rate * 100, 2), lang)}%{per_year}"
    return f"{_v(rate, lang)}{per_year}"


# The sentences that explain a target's status, each in both languages side by side.


def _latest_text(latest: Point, lang: Lang) -> str:
    word = "Giá trị mới nhất" if lang == "vi" else "Latest value"
    return f"{word} {_v(latest.value, lang)} ({_when(latest.when)})"


def _no_value_text(*, as_of: date, lang: Lang) -> str:
    if lang == "en":
        return f"No value up to {format_date_short(as_of)}: not enough data to evaluate."
    return f"Chưa có số liệu nào đến {format_date_short(as_of)}: chưa đủ số liệu để đánh giá."


def _achieved_text(*, latest: Point, goal: dict, lang: Lang) -> str:
    if lang == "en":
        return f"{_latest_text(latest, lang)} meets the target {goal[lang]}: achieved."
    return f"{_latest_text(latest, lang)} đạt chỉ tiêu {goal[lang]}: đã đạt."


def _missed_text(*, latest: Point, goal: dict, deadline: date, lang: Lang) -> str:
    if lang == "en":
        return (
            f"The deadline {format_date_short(deadline)} has passed; the latest value "
            f"{_v(latest.value, lang)} ({_when(latest.when)}) does not meet the target {goal[lang]}: missed."
        )
    latest_text = _latest_text(latest, lang)
    return (
        f"Đã quá hạn {format_date_short(deadline)}; {latest_text[0].lower()}{latest_text[1:]} "
        f"chưa đạt chỉ tiêu {goal[lang]}: không đạt."
    )


def _one_value_text(*, latest: Point, lang: Lang) -> str:
    if lang == "en":
        return (
            f"Only one value so far, {_v(latest.value, lang)} ({_when(latest.when)}); at least two are "
            "needed (the baseline included): not enough data to evaluate."
        )
    return (
        f"Mới có một giá trị {_v(latest.value, lang)} ({_when(latest.when)}), cần ít nhất hai "
        "(kể cả giá trị cơ sở): chưa đủ số liệu để đánh giá."
    )


def _head_text(*, latest: Point, base: Point, goal: dict, deadline: date, lang: Lang) -> str:
    latest_text, base_value, by = (
        _latest_text(latest, lang),
        _v(base.value, lang),
        format_date_short(deadline),
    )
    if lang == "en":
        return f"{latest_text} against the baseline {base_value} ({_when(base.when)}), target {goal[lang]} by {by}"
    return f"{latest_text} so với cơ sở {base_value} ({_when(base.when)}), chỉ tiêu {goal[lang]} vào {by}"


def _expected_text(*, as_of: date, expected_now: float | None, lang: Lang) -> str:
    """The value expected by now on the straight path, as a clause to append (or nothing)."""
    if expected_now is None:
        return ""
    expected = number_text(round(expected_now, 2), lang)
    if lang == "en":
        return f"; on the straight line to {format_date_short(as_of)} it should be {expected}"
    return f"; theo đường thẳng đến {format_date_short(as_of)} cần {expected}"


def _no_ratio_text(*, head: dict, expected: dict, lang: Lang) -> str:
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


def _ratio_text(
    *,
    status: str,
    r: float,
    bound: float,
    rates: tuple[float, float],
    method: str,
    head: dict,
    expected: dict,
    lang: Lang,
) -> str:
    """The head, the observed against the required rate, the expected value, R against its bound."""
    observed, required = (_rate_text(rate, method, lang) for rate in rates)
    kind = _RATE_KIND[lang][method]
    sign = "≥" if status == "on_track" else "<"
    verdict = (
        f"R = {number_text(r, lang, 3)} {sign} {number_text(bound, lang)}: {_VERDICT[lang][status]}"
    )
    if lang == "en":
        return f"{head[lang]}: {kind} {observed} against the {required} needed{expected[lang]}; {verdict}."
    return f"{head[lang]}: {kind} {observed} so với mức cần {required}{expected[lang]}; {verdict}."


def target_status(
    *,
    comparator: str,
    target_value: float,
    deadline: date,
    baseline: Point | None,
    points: Sequence[Point],
    as_of: date,
    on_track: float = 0.95,
    at_risk: float = 0.6,
) -> TargetResult:
    """Status of a target as of ``as_of`` (DESIGN.md, Methods).

    Data: only points with ``when <= as_of`` count, the baseline included. With an explicit
    baseline, points on or before its date are history before the baseline and are ignored;
    without one, the earliest point is the baseline. Two points on the same date with
    different values are refused (which one is latest would be arbitrary).

    Order of the rules:

    1. ``achieved``: the latest value meets the threshold (``>`` is strict, so a value equal
       to the threshold does not meet it; ``top N`` is met by rank ≤ N; ``increase p`` by
       latest ≥ base + |base|·p/100, ``decrease p`` by latest ≤ base − |base|·p/100).
       A single value that meets the threshold is enough.
    2. ``missed``: ``as_of`` is after the deadline and the latest value does not meet it.
    3. ``no_data``: no value at all, or fewer than two points (baseline counted as one).
    4. Otherwise the Open SDG progress measure for a quantitative target ("methodology 2"
       in sdg-build ``sdg/ProgressMeasure.py``, after Statistics Canada), with time in
       fractional years (``fractional_year``; quarterly data allowed)::

           CAGR_o = (current / base) ** (1 / (t_current - t_base)) - 1
           CAGR_r = (target  / base) ** (1 / (t_deadline - t_base)) - 1
           R      = sign * direction * CAGR_o / |CAGR_r|

       as in sdg-build's current ``SeriesProgress.methodology_2``: ``sign`` is -1 when the
       base value is negative, ``direction`` is +1 for "higher is better" and -1 for "lower
       is better"; a zero base value or target is replaced by 0.001. sdg-build does not
       invert any ratio for a decreasing target: for one that is on its way both CAGRs are
       negative, and ``direction * CAGR_o / |CAGR_r|`` is the plain ratio
       ``CAGR_o / CAGR_r`` (positive). Unlike the plain ratio of older sdg-build releases,
       it stays negative (deterioration) when the value moves away from a target that lies
       on the other side of the base. ``on_track`` R ≥ ``on_track``, ``at_risk``
       ``at_risk`` ≤ R < ``on_track``, ``off_track`` below (deterioration included).

       Departures from sdg-build, where it gives no number: when the values change sign
       (sdg-build returns nothing) the same ratio is taken of straight-line rates (units per
       year), ``method="linear"``; when the base already equals the target (CAGR_r = 0) no R
       exists and the target is ``off_track``, since its latest value does not meet it.

    ``expected_now`` is the value on the straight line from the baseline to the threshold
    at the deadline, read at ``as_of`` (TolaData's "% of target to date"); after the
    deadline it is the threshold itself.
    """
    comparator = normalize_comparator(comparator)
    if (
        isinstance(target_value, bool)
        or not isinstance(target_value, (int, float))
        or not math.isfinite(target_value)
    ):
        raise InvalidInput(
            f"Giá trị chỉ tiêu {target_value!r} không phải là số hữu hạn",
            f"the target value {target_value!r} is not a finite number",
        )
    if comparator == "top" and target_value < 1:
        raise InvalidInput(
            f"Chỉ tiêu xếp hạng 'top {target_value}' không hợp lệ: N phải từ 1 trở lên",
            f"the ranking target 'top {target_value}' is not valid: N must be 1 or more",
        )
    if comparator in ("increase", "decrease") and target_value < 0:
        raise InvalidInput(
            f"Mức tăng/giảm {target_value}% không hợp lệ: nhập số dương, chiều đã nằm trong phép so sánh",
            f"the change of {target_value}% is not valid: enter a positive number, the comparator gives "
            "the direction",
        )
    if not 0 <= at_risk <= on_track:
        raise InvalidInput(
            f"Ngưỡng đánh giá không hợp lệ: cần 0 ≤ ngưỡng nguy cơ ({at_risk}) ≤ ngưỡng đúng tiến độ ({on_track})",
            f"the status thresholds are not valid: 0 ≤ at-risk threshold ({at_risk}) ≤ on-track threshold "
            f"({on_track}) is required",
        )

    by_date: dict[date, float] = {}
    for p in points:
        if p.when > as_of:
            continue
        if p.when in by_date and by_date[p.when] != p.value:
            raise InvalidInput(
                f"Có hai giá trị khác nhau cùng thời điểm {format_date_short(p.when)}: "
                f"{_v(by_date[p.when])} và {_v(p.value)}",
                f"two different values on the same date {format_date_short(p.when)}: "
                f"{_v(by_date[p.when], 'en')} and {_v(p.value, 'en')}",
            )
        by_date[p.when] = p.value
    usable = [Point(d, by_date[d]) for d in sorted(by_date)]

    base: Point | None
    if baseline is not None and baseline.when <= as_of:
        base = baseline
        series = [p for p in usable if p.when > baseline.when]
    elif usable:
        base, series = usable[0], usable[1:]
    else:
        base, series = None, []
    latest = series[-1] if series else base
    points_used = (1 if base is not None else 0) + len(series)

    threshold = _threshold(comparator, target_value, base)
    direction = _direction(comparator, base.value if base else None, threshold)
    t_deadline = fractional_year(deadline)
    t_base = fractional_year(base.when) if base else None
    t_latest = fractional_year(latest.when) if latest else None

    expected_now: float | None = None
    if base is not None and threshold is not None:
        span = t_deadline - t_base
        if span <= 0 or as_of >= deadline:
            expected_now = threshold
        else:
            share = min(1.0, max(0.0, (fractional_year(as_of) - t_base) / span))
            expected_now = base.value + (threshold - base.value) * share

    goal = {lang: _goal_phrase(comparator, target_value, threshold, lang) for lang in LANGUAGES}

    def result(
        status: str,
        explanation: tuple[str, str],
        r: float | None = None,
        method: str | None = None,
        observed: float | None = None,
        required: float | None = None,
    ) -> TargetResult:
        return TargetResult(
            status=status,
            comparator=comparator,
            target_value=float(target_value),
            threshold=threshold,
            deadline=deadline,
            as_of=as_of,
            baseline=base,
            latest=latest,
            points_used=points_used,
            direction=direction,
            progress_ratio=r,
            method=method,
            observed_rate=observed,
            required_rate=required,
            t_baseline=t_base,
            t_latest=t_latest,
            t_deadline=t_deadline,
            expected_now=expected_now,
            on_track_threshold=on_track,
            at_risk_threshold=at_risk,
            explanation_vi=explanation[0],
            explanation_en=explanation[1],
        )

    if latest is None:
        return result("no_data", _in_both(_no_value_text, as_of=as_of))
    if threshold is not None and _meets(comparator, latest.value, threshold):
        return result("achieved", _in_both(_achieved_text, latest=latest, goal=goal))
    if as_of > deadline:
        return result("missed", _in_both(_missed_text, latest=latest, goal=goal, deadline=deadline))
    if points_used < 2:
        return result("no_data", _in_both(_one_value_text, latest=latest))

    assert (
        base is not None and threshold is not None and t_base is not None and t_latest is not None
    )
    r, method, observed, required = _progress_ratio(
        base=base.value,
        current=latest.value,
        target=threshold,
        years_observed=t_latest - t_base,
        years_required=t_deadline - t_base,
        direction=direction,
    )
    head = {
        lang: _head_text(latest=latest, base=base, goal=goal, deadline=deadline, lang=lang)
        for lang in LANGUAGES
    }
    expected = {
        lang: _expected_text(as_of=as_of, expected_now=expected_now, lang=lang)
        for lang in LANGUAGES
    }
    if r is None:
        return result(
            "off_track",
            _in_both(_no_ratio_text, head=head, expected=expected),
            None,
            method,
            observed,
            required,
        )
    assert method is not None and observed is not None and required is not None
    if r >= on_track:
        status, bound = "on_track", on_track
    elif r >= at_risk:
        status, bound = "at_risk", on_track
    else:
        status, bound = "off_track", at_risk
    explanation = _in_both(
        _ratio_text,
        status=status,
        r=r,
        bound=bound,
        rates=(observed, required),
        method=method,
        head=head,
        expected=expected,
    )
    return result(status, explanation, r, method, observed, required)


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


def conflicts_note(conflicts: Iterable[Mapping]) -> tuple[str, str]:
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
# Aggregation over units
# ---------------------------------------------------------------------------------------

AGGREGATIONS: tuple[str, ...] = ("sum", "mean", "weighted")


def aggregate(values: Iterable[tuple[float | None, float | None]], method: str) -> float | None:
    """Province value from unit values: ``sum``, ``mean`` or ``weighted`` mean.

    ``values`` holds ``(value, weight)`` pairs; the weight (e.g. the unit's value of the
    denominator indicator) is only read by ``weighted``. Units without a value (None) have
    not reported and are left out; for ``weighted`` so are units without a weight, so the
    aggregate covers the units that reported both. None when nothing is left (or all
    weights are 0): no number is better than a made-up zero.
    """
    if method not in AGGREGATIONS:
        raise ValueError(
            f"Cách tổng hợp {method!r} không hợp lệ: phải là một trong {', '.join(AGGREGATIONS)}"
        )
    pairs = [(v, w) for v, w in values if v is not None]
    for v, w in pairs:
        if not math.isfinite(v):
            raise ValueError(f"Giá trị {v!r} không phải là số hữu hạn")
        if w is not None and (not math.isfinite(w) or w < 0):
            raise ValueError(f"Trọng số {w!r} không hợp lệ: phải là số không âm")
    if method == "sum":
        return math.fsum(v for v, _ in pairs) if pairs else None
    if method == "mean":
        return math.fsum(v for v, _ in pairs) / len(pairs) if pairs else None
    weighted = [(v, w) for v, w in pairs if w is not None]
    total = math.fsum(w for _, w in weighted)
    if total == 0:
        return None
    return math.fsum(v * w for v, w in weighted) / total


# ---------------------------------------------------------------------------------------
# Task status
# ---------------------------------------------------------------------------------------

TASK_STATUSES: tuple[str, ...] = ("done", "overdue", "at_risk", "on_schedule", "not_started")

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

# None/"once": a one-off task with a product; the others repeat every period.
_ONE_OFF = (None, "", "none", "once")
RECURRENCES: tuple[str, ...] = (
    "once",
    "annual",
    "half_yearly",
    "quarterly",
    "monthly",
    "continuous",
)


@dataclass(frozen=True)
class TaskResult:
    """Status of a task as of a date. ``time_elapsed_pct`` counts days inclusively from
    start to end (100 on the end date); ``gap_points`` = time elapsed − % done."""

    status: str
    recurring: bool
    as_of: date
    start: date | None
    end: date | None
    percent_done: float | None
    time_elapsed_pct: float | None
    gap_points: float | None
    at_risk_points: float
    days_remaining: int | None
    days_overdue: int | None
    reported_this_period: bool | None
    explanation_vi: str
    explanation_en: str

    @property
    def label_vi(self) -> str:
        return TASK_STATUS_LABELS_VI[self.status]


# The sentences that explain a task's status, each in both languages side by side.


def _done_text(*, lang: Lang) -> str:
    return (
        "Done (approved, with evidence)."
        if lang == "en"
        else "Đã hoàn thành (được duyệt, có minh chứng)."
    )


def _before_start_text(*, start: date, lang: Lang) -> str:
    if lang == "en":
        return f"The start date ({format_date_short(start)}) has not come yet."
    return f"Chưa đến thời gian bắt đầu ({format_date_short(start)})."


def _overdue_text(*, days: int, end: date, lang: Lang) -> str:
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


def _recurring_text(*, reported: bool | None, lang: Lang) -> str:
    vi, en = _RECURRING_TEXTS[None if reported is None else bool(reported)]
    return en if lang == "en" else vi


def _behind_text(*, elapsed: float, done: float, gap: float, limit: float, lang: Lang) -> str:
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


def _no_progress_text(*, lang: Lang) -> str:
    return "No progress reported yet." if lang == "en" else "Chưa có tiến độ được báo cáo."


def _no_schedule_text(*, done: float, lang: Lang) -> str:
    done_text = number_text(round(done, 1), lang)
    if lang == "en":
        return f"{done_text}% done; there are not enough dates to compare it with the schedule."
    return f"Đã hoàn thành {done_text}%; chưa đủ mốc thời gian để so với tiến độ."


def _on_schedule_text(*, elapsed: float, done: float, lang: Lang) -> str:
    elapsed_text, done_text = (
        number_text(round(elapsed, 1), lang),
        number_text(round(done, 1), lang),
    )
    if lang == "en":
        return f"{elapsed_text}% of the time has passed, {done_text}% done: on schedule."
    return f"Đã qua {elapsed_text}% thời gian, hoàn thành {done_text}%: đúng tiến độ."


def task_status(
    *,
    start: date | None,
    end: date | None,
    recurrence: str | None,
    done: bool,
    percent_done: float | None,
    as_of: date,
    reported_this_period: bool | None,
    at_risk_points: float = 20,
) -> TaskResult:
    """Status of a task (DESIGN.md, Methods), in this order:

    - ``done``: ``done`` is True (the caller passes True only for an approved completion
      with evidence).
    - ``not_started``: before ``start``.
    - ``overdue``: after ``end`` and not done.
    - One-off task: ``at_risk`` when % done is more than ``at_risk_points`` behind % of
      time elapsed (no % reported counts as 0); ``not_started`` when nothing is reported
      done yet but it is not that far behind; else ``on_schedule``.
    - Recurring task (``annual``, ``continuous``, …): judged on the current period only.
      ``reported_this_period`` False means the period's report is due and missing →
      ``overdue``; True, or None (not due yet) → ``on_schedule``. % done is not judged,
      since a recurring task has no finish line to be a share of.
    """
    key = recurrence.strip().lower() if isinstance(recurrence, str) else recurrence
    if key not in _ONE_OFF and key not in RECURRENCES:
        raise InvalidInput(
            f"Kiểu lặp lại {recurrence!r} không hợp lệ: phải là một trong {', '.join(RECURRENCES)}",
            f"the recurrence {recurrence!r} is not valid: it must be one of {', '.join(RECURRENCES)}",
        )
    recurring = key not in _ONE_OFF
    if percent_done is not None and not 0 <= percent_done <= 100:
        raise InvalidInput(
            f"Tỷ lệ hoàn thành {percent_done!r} không hợp lệ: phải từ 0 đến 100",
            f"the share done {percent_done!r} is not valid: it must be from 0 to 100",
        )
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            f"Thời gian không hợp lệ: kết thúc {format_date_short(end)} trước bắt đầu {format_date_short(start)}",
            f"the dates are not valid: the end {format_date_short(end)} is before the start "
            f"{format_date_short(start)}",
        )

    elapsed: float | None = None
    if start is not None and end is not None:
        total_days = (end - start).days + 1
        passed = (as_of - start).days + 1
        elapsed = 100.0 * min(total_days, max(0, passed)) / total_days
    gap = elapsed - (percent_done or 0.0) if elapsed is not None and not recurring else None
    days_remaining = (end - as_of).days if end is not None and as_of <= end else None
    days_overdue = (as_of - end).days if end is not None and as_of > end else None

    def result(status: str, explanation: tuple[str, str]) -> TaskResult:
        return TaskResult(
            status=status,
            recurring=recurring,
            as_of=as_of,
            start=start,
            end=end,
            percent_done=percent_done,
            time_elapsed_pct=elapsed,
            gap_points=gap,
            at_risk_points=at_risk_points,
            days_remaining=days_remaining,
            days_overdue=days_overdue,
            reported_this_period=reported_this_period,
            explanation_vi=explanation[0],
            explanation_en=explanation[1],
        )

    if done:
        return result("done", _in_both(_done_text))
    if start is not None and as_of < start:
        return result("not_started", _in_both(_before_start_text, start=start))
    if end is not None and as_of > end:
        return result("overdue", _in_both(_overdue_text, days=days_overdue, end=end))
    if recurring:
        status = "overdue" if reported_this_period is False else "on_schedule"
        return result(status, _in_both(_recurring_text, reported=reported_this_period))
    done_share = percent_done or 0.0
    if elapsed is not None and gap is not None and gap > at_risk_points:
        return result(
            "at_risk",
            _in_both(_behind_text, elapsed=elapsed, done=done_share, gap=gap, limit=at_risk_points),
        )
    if not percent_done:
        return result("not_started", _in_both(_no_progress_text))
    if elapsed is None:
        return result("on_schedule", _in_both(_no_schedule_text, done=done_share))
    return result("on_schedule", _in_both(_on_schedule_text, elapsed=elapsed, done=done_share))


# ---------------------------------------------------------------------------------------
# Scorecard
# ---------------------------------------------------------------------------------------

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

#: A starting point for the settings; the function itself always takes the weights.
DEFAULT_SCORECARD_WEIGHTS: dict[str, float] = {
    "tasks": 40,
    "report_completeness": 20,
    "report_timeliness": 10,
    "targets": 30,
}


@dataclass(frozen=True)
class ScoreComponent:
    key: str
    label_vi: str
    numerator: int
    denominator: int
    score: float
    weight: float
    share: float  # weight / sum of the weights of the components that are counted


@dataclass(frozen=True)
class Scorecard:
    """A unit's score 0–100 (None when nothing can be judged) and how it was made."""

    score: float | None
    components: tuple[ScoreComponent, ...]
    omitted: tuple[str, ...]
    weights: tuple[tuple[str, float], ...]
    formula_vi: str
    formula_en: str


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Số lượng '{name}' = {value!r} không hợp lệ: phải là số nguyên không âm")
    return value


def scorecard(
    *,
    tasks_total: int,
    tasks_on_time: int,
    reports_expected: int,
    reports_submitted: int,
    reports_on_time: int,
    targets_led: int,
    targets_achieved_or_on_track: int,
    weights: Mapping[str, float],
) -> Scorecard:
    """Score of a unit for a period, 0–100 (DESIGN.md, Methods).

    Each component is a share × 100: tasks on time / tasks, reports submitted / expected,
    reports on time / expected, targets achieved or on track / targets led. A component
    with nothing to judge (denominator 0) is left out and the weights of the others are
    renormalised, so a unit that leads no target is not punished for it; the formula text
    says so. Weights missing from ``weights`` count as 0; unknown keys are refused.
    """
    unknown = sorted(set(weights) - set(SCORECARD_COMPONENTS))
    if unknown:
        raise ValueError(
            f"Trọng số không hợp lệ: không có thành phần {', '.join(unknown)}; "
            f"các thành phần là {', '.join(SCORECARD_COMPONENTS)}"
        )
    for key, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
            raise ValueError(f"Trọng số '{key}' = {w!r} không hợp lệ: phải là số không âm")
    counts = {
        "tasks": (_count("tasks_on_time", tasks_on_time), _count("tasks_total", tasks_total)),
        "report_completeness": (
            _count("reports_submitted", reports_submitted),
            _count("reports_expected", reports_expected),
        ),
        "report_timeliness": (
            _count("reports_on_time", reports_on_time),
            reports_expected,
        ),
        "targets": (
            _count("targets_achieved_or_on_track", targets_achieved_or_on_track),
            _count("targets_led", targets_led),
        ),
    }
    for key, (num, den) in counts.items():
        if num > den:
            raise ValueError(
                f"Số liệu không hợp lệ cho '{SCORECARD_COMPONENTS[key]}': {num} lớn hơn tổng {den}"
            )
    if reports_on_time > reports_submitted:
        raise ValueError(
            f"Số liệu không hợp lệ: {reports_on_time} báo cáo đúng hạn nhiều hơn {reports_submitted} báo cáo đã gửi"
        )

    weight_of = {key: float(weights.get(key, 0)) for key in SCORECARD_COMPONENTS}
    judged = [k for k in SCORECARD_COMPONENTS if counts[k][1] > 0 and weight_of[k] > 0]
    omitted = tuple(k for k in SCORECARD_COMPONENTS if k not in judged)
    total_weight = math.fsum(weight_of[k] for k in judged)

    components = tuple(
        ScoreComponent(
            key=k,
            label_vi=SCORECARD_COMPONENTS[k],
            numerator=counts[k][0],
            denominator=counts[k][1],
            score=100.0 * counts[k][0] / counts[k][1],
            weight=weight_of[k],
            share=weight_of[k] / total_weight,
        )
        for k in judged
    )
    score = math.fsum(c.score * c.weight for c in components) / total_weight if components else None

    formula_vi, formula_en = _in_both(
        _formula_text,
        score=score,
        components=components,
        omitted=omitted,
        weight_of=weight_of,
        total_weight=total_weight,
    )
    return Scorecard(
        score=score,
        components=components,
        omitted=omitted,
        weights=tuple(weight_of.items()),
        formula_vi=formula_vi,
        formula_en=formula_en,
    )


def _formula_text(
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


# ---------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------

# Scores are 0–100 and printed with at most two decimals; comparing them rounded to 9 places
# makes 100/3·3 and 100 tie instead of splitting on float noise.
_TIE_DIGITS = 9


@dataclass(frozen=True)
class RankRow:
    key: str
    score: float | None
    rank: int | None  # None for a unit with no score: listed last, not ranked


@dataclass(frozen=True)
class RankChange:
    key: str
    rank: int | None
    previous_rank: int | None
    change: int | None  # previous − current: +2 means up two places; None if not ranked before


def rank(items: Iterable[tuple[str, float | None]]) -> list[RankRow]:
    """Competition ranking, higher score first: ties share a rank and the next rank skips
    (1, 2, 2, 4). Ties are listed by key so the order is reproducible; units without a
    score come last with rank None. Duplicate keys are refused."""
    items = list(items)
    keys = [k for k, _ in items]
    if len(set(keys)) != len(keys):
        dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
        raise ValueError(f"Xếp hạng không hợp lệ: trùng đơn vị {', '.join(dupes)}")
    for k, s in items:
        if s is not None and (isinstance(s, bool) or not math.isfinite(s)):
            raise ValueError(f"Điểm của {k} = {s!r} không phải là số hữu hạn")
    scored = sorted(
        ((k, s) for k, s in items if s is not None),
        key=lambda ks: (-round(ks[1], _TIE_DIGITS), str(ks[0])),
    )
    rows: list[RankRow] = []
    previous: float | None = None
    current_rank = 0
    for position, (k, s) in enumerate(scored, start=1):
        rounded = round(s, _TIE_DIGITS)
        if rounded != previous:
            current_rank, previous = position, rounded
        rows.append(RankRow(key=k, score=s, rank=current_rank))
    rows.extend(
        RankRow(key=k, score=None, rank=None)
        for k in sorted((k for k, s in items if s is None), key=str)
    )
    return rows


def rank_change(previous: Iterable[RankRow], current: Iterable[RankRow]) -> dict[str, RankChange]:
    """For each row of ``current`` (in its order), its rank before and the move since."""
    before = {row.key: row.rank for row in previous}
    changes: dict[str, RankChange] = {}
    for row in current:
        old = before.get(row.key)
        move = old - row.rank if old is not None and row.rank is not None else None
        changes[row.key] = RankChange(key=row.key, rank=row.rank, previous_rank=old, change=move)
    return changes
