"""Target status (DESIGN.md, Methods): threshold, Open SDG progress ratio, expected value now;
and the aggregation of unit values into the province's."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dxtrack.core import comparators
from dxtrack.core.periods import fractional_year
from dxtrack.core.vn import format_date_short
from dxtrack.evaluation.methods import texts
from dxtrack.evaluation.methods.inputs import InvalidInput, Point
from dxtrack.evaluation.methods.texts import LANGUAGES, STATUS_LABELS_VI, Lang, in_both

TargetStatus = Literal["achieved", "missed", "on_track", "at_risk", "off_track", "no_data"]

TARGET_STATUSES: tuple[str, ...] = (
    "achieved",
    "missed",
    "on_track",
    "at_risk",
    "off_track",
    "no_data",
)

# The comparators and their other spellings ("≥", "TOP") are core's (dxtrack/core/vocab/comparators.json).
COMPARATORS: tuple[str, ...] = comparators.COMPARATORS

# sdg-build replaces a zero base value or target by this, since a growth rate from or to 0
# is undefined.
_ZERO_SUBSTITUTE = 0.001

# R is capped so it stays a finite, JSON-safe number; only two values a few days apart that
# differ wildly come near it.
_R_CAP = 999.0
_GROWTH_CAP = 1e9


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
    key = comparators.normalize(comparator) if isinstance(comparator, str) else None
    if key is None:
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
    comparator = _checked_comparator(comparator, target_value, on_track=on_track, at_risk=at_risk)
    base, series = _base_and_series(baseline, _usable_points(points, as_of), as_of)
    facts = _facts(
        comparator=comparator,
        target_value=target_value,
        deadline=deadline,
        as_of=as_of,
        base=base,
        series=series,
        on_track=on_track,
        at_risk=at_risk,
    )
    latest, threshold = facts.latest, facts.threshold
    goal = {
        lang: texts.goal_phrase(comparator, target_value, threshold, lang) for lang in LANGUAGES
    }
    if latest is None:
        return facts.result("no_data", in_both(texts.no_value_text, as_of=as_of))
    if threshold is not None and _meets(comparator, latest.value, threshold):
        return facts.result("achieved", in_both(texts.achieved_text, latest=latest, goal=goal))
    if as_of > deadline:
        return facts.result(
            "missed", in_both(texts.missed_text, latest=latest, goal=goal, deadline=deadline)
        )
    if facts.points_used < 2:
        return facts.result("no_data", in_both(texts.one_value_text, latest=latest))
    return _judged_by_progress(facts, goal)


def _checked_comparator(
    comparator: str, target_value: float, *, on_track: float, at_risk: float
) -> str:
    """The canonical comparator, once the target value and the thresholds are known valid
    (InvalidInput otherwise)."""
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
    return comparator


def _usable_points(points: Sequence[Point], as_of: date) -> list[Point]:
    """The points up to ``as_of``, oldest first, one per date (two different values on one
    date are refused)."""
    by_date: dict[date, float] = {}
    for p in points:
        if p.when > as_of:
            continue
        if p.when in by_date and by_date[p.when] != p.value:
            raise InvalidInput(
                f"Có hai giá trị khác nhau cùng thời điểm {format_date_short(p.when)}: "
                f"{texts.value_text(by_date[p.when])} và {texts.value_text(p.value)}",
                f"two different values on the same date {format_date_short(p.when)}: "
                f"{texts.value_text(by_date[p.when], 'en')} and {texts.value_text(p.value, 'en')}",
            )
        by_date[p.when] = p.value
    return [Point(d, by_date[d]) for d in sorted(by_date)]


def _base_and_series(
    baseline: Point | None, usable: list[Point], as_of: date
) -> tuple[Point | None, list[Point]]:
    """The base point and the points after it: the explicit baseline (earlier points are
    history before it), or else the earliest point."""
    if baseline is not None and baseline.when <= as_of:
        return baseline, [p for p in usable if p.when > baseline.when]
    if usable:
        return usable[0], usable[1:]
    return None, []


@dataclass(frozen=True)
class _Facts:
    """The numbers a target is judged on, before the status: every result carries them."""

    comparator: str
    target_value: float
    threshold: float | None
    deadline: date
    as_of: date
    base: Point | None
    latest: Point | None
    points_used: int
    direction: int
    t_base: float | None
    t_latest: float | None
    t_deadline: float
    expected_now: float | None
    on_track: float
    at_risk: float

    def result(
        self,
        status: str,
        explanation: tuple[str, str],
        r: float | None = None,
        method: str | None = None,
        observed: float | None = None,
        required: float | None = None,
    ) -> TargetResult:
        return TargetResult(
            status=status,
            comparator=self.comparator,
            target_value=float(self.target_value),
            threshold=self.threshold,
            deadline=self.deadline,
            as_of=self.as_of,
            baseline=self.base,
            latest=self.latest,
            points_used=self.points_used,
            direction=self.direction,
            progress_ratio=r,
            method=method,
            observed_rate=observed,
            required_rate=required,
            t_baseline=self.t_base,
            t_latest=self.t_latest,
            t_deadline=self.t_deadline,
            expected_now=self.expected_now,
            on_track_threshold=self.on_track,
            at_risk_threshold=self.at_risk,
            explanation_vi=explanation[0],
            explanation_en=explanation[1],
        )


def _facts(
    *,
    comparator: str,
    target_value: float,
    deadline: date,
    as_of: date,
    base: Point | None,
    series: list[Point],
    on_track: float,
    at_risk: float,
) -> _Facts:
    latest = series[-1] if series else base
    threshold = _threshold(comparator, target_value, base)
    t_deadline = fractional_year(deadline)
    t_base = fractional_year(base.when) if base else None
    return _Facts(
        comparator=comparator,
        target_value=target_value,
        threshold=threshold,
        deadline=deadline,
        as_of=as_of,
        base=base,
        latest=latest,
        points_used=(1 if base is not None else 0) + len(series),
        direction=_direction(comparator, base.value if base else None, threshold),
        t_base=t_base,
        t_latest=fractional_year(latest.when) if latest else None,
        t_deadline=t_deadline,
        expected_now=_expected_now(base, threshold, as_of=as_of, deadline=deadline),
        on_track=on_track,
        at_risk=at_risk,
    )


def _expected_now(
    base: Point | None, threshold: float | None, *, as_of: date, deadline: date
) -> float | None:
    """The value on the straight line from the base to the threshold at the deadline, read at
    ``as_of`` (the threshold itself from the deadline on)."""
    if base is None or threshold is None:
        return None
    t_base = fractional_year(base.when)
    span = fractional_year(deadline) - t_base
    if span <= 0 or as_of >= deadline:
        return threshold
    share = min(1.0, max(0.0, (fractional_year(as_of) - t_base) / span))
    return base.value + (threshold - base.value) * share


def _judged_by_progress(facts: _Facts, goal: dict[Lang, str]) -> TargetResult:
    """Rule 4 of ``target_status``: on track, at risk or off track by the progress ratio R."""
    base, latest, threshold = facts.base, facts.latest, facts.threshold
    t_base, t_latest = facts.t_base, facts.t_latest
    assert base is not None and latest is not None and threshold is not None and t_base is not None
    assert t_latest is not None
    r, method, observed, required = _progress_ratio(
        base=base.value,
        current=latest.value,
        target=threshold,
        years_observed=t_latest - t_base,
        years_required=facts.t_deadline - t_base,
        direction=facts.direction,
    )
    head = {
        lang: texts.head_text(
            latest=latest, base=base, goal=goal, deadline=facts.deadline, lang=lang
        )
        for lang in LANGUAGES
    }
    expected = {
        lang: texts.expected_text(as_of=facts.as_of, expected_now=facts.expected_now, lang=lang)
        for lang in LANGUAGES
    }
    if r is None:
        return facts.result(
            "off_track",
            in_both(texts.no_ratio_text, head=head, expected=expected),
            None,
            method,
            observed,
            required,
        )
    assert method is not None and observed is not None and required is not None
    if r >= facts.on_track:
        status, bound = "on_track", facts.on_track
    elif r >= facts.at_risk:
        status, bound = "at_risk", facts.on_track
    else:
        status, bound = "off_track", facts.at_risk
    explanation = in_both(
        texts.ratio_text,
        status=status,
        r=r,
        bound=bound,
        rates=(observed, required),
        method=method,
        head=head,
        expected=expected,
    )
    return facts.result(status, explanation, r, method, observed, required)


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
