"""A unit's scorecard for a period (DESIGN.md, Methods): weighted shares, renormalised."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from dxtrack.evaluation.methods import texts
from dxtrack.evaluation.methods.texts import SCORECARD_COMPONENTS, in_both

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

    formula_vi, formula_en = in_both(
        texts.formula_text,
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
