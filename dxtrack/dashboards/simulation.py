"""What the pages need to mark simulated data (the demo's simulated history, `dxtrack demo`):
a banner on every page while any simulated value or task update is stored, and the indicators,
units and tasks whose figures rest on them, for a mark beside each.

A context processor (settings `TEMPLATES`), read lazily: a page that never asks costs nothing,
a page that does reads the answer cached under the evaluation stamp (one UNION of the two tables'
simulated rows, by index, when the stamp changes). Only `dxtrack simulate` writes simulated rows,
and it ends with an evaluation, which renews the stamp.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Value
from django.utils.functional import SimpleLazyObject

from dxtrack.evaluation.selectors import cache_key, cached
from dxtrack.reporting.models import Observation, TaskUpdate


@dataclass(frozen=True)
class Simulated:
    any: bool
    indicators: frozenset[int]
    units: frozenset[int]
    tasks: frozenset[int]


def simulated_data() -> Simulated:
    """Which indicators, units and tasks have simulated values or task updates stored."""
    return cached(key=cache_key(parts=("simulated-data",)), build=simulated_data_read)


def simulated_data_read() -> Simulated:
    kind = CharField()
    values = (
        Observation.objects.filter(simulated=True)
        .order_by()
        .annotate(kind=Value("o", output_field=kind))
        .values_list("kind", "indicator_id", "unit_id")
    )
    updates = (
        TaskUpdate.objects.filter(simulated=True)
        .order_by()
        .annotate(kind=Value("t", output_field=kind))
        .values_list("kind", "task_id", "unit_id")
    )
    indicators: set[int] = set()
    units: set[int] = set()
    tasks: set[int] = set()
    for which, item_id, unit_id in values.union(updates):
        (indicators if which == "o" else tasks).add(item_id)
        units.add(unit_id)
    return Simulated(
        any=bool(units),
        indicators=frozenset(indicators),
        units=frozenset(units),
        tasks=frozenset(tasks),
    )


def simulation(request) -> dict[str, object]:
    """`dx_sim`, read at most once a request: a dashboard renders its cached body and then the
    page around it, each with the context processors."""
    sim = getattr(request, "_dx_sim", None)
    if sim is None:
        sim = request._dx_sim = SimpleLazyObject(simulated_data)
    return {"dx_sim": sim}
