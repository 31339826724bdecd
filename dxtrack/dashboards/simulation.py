"""What the pages need to mark simulated data (the demo's simulated history, `dxtrack demo`):
a banner on every page while any simulated value or task update is stored, and the indicators
and units whose figures rest on simulated data, for a mark beside them.

A context processor (settings `TEMPLATES`), read lazily: a page that shows no mark costs one
cached lookup. The sets are cached under the evaluation stamp, which every write renews.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from dxtrack.evaluation import selectors as ev
from dxtrack.reporting.models import Observation, TaskUpdate


@dataclass(frozen=True)
class Simulated:
    any: bool
    indicators: frozenset[int]
    units: frozenset[int]
    tasks: frozenset[int]


def simulated_data() -> Simulated:
    """Which indicators, units and tasks have simulated values or task updates stored."""

    def read() -> Simulated:
        obs = Observation.objects.filter(simulated=True).order_by()
        upd = TaskUpdate.objects.filter(simulated=True).order_by()
        indicators = frozenset(obs.values_list("indicator_id", flat=True).distinct())
        tasks = frozenset(upd.values_list("task_id", flat=True).distinct())
        units = frozenset(obs.values_list("unit_id", flat=True).distinct()) | frozenset(
            upd.values_list("unit_id", flat=True).distinct()
        )
        return Simulated(
            any=bool(indicators or tasks), indicators=indicators, units=units, tasks=tasks
        )

    return ev.cached(key=ev.cache_key(parts=("simulated-data",)), build=read)


def simulation(request) -> dict[str, object]:
    return {"dx_sim": SimpleLazyObject(simulated_data)}
