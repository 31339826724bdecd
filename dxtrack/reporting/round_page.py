"""What the coordinator's round page reads at province scale (~2 000 assignments, ~120 units).

The page shows a per-unit summary first, then one page of assignments narrowed by unit, state
of the item and kind. The state of an assignment's item (a value or a task update of the round's
period) is a subquery, so narrowing by state and paging happen in the database and only one
page of rows (and never a program's source text) is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dxtrack.core.models import ReviewState
from dxtrack.registry.models import Unit
from dxtrack.reporting.models import Assignment, Observation, Round, TaskUpdate

__all__ = [
    "PAGE_SIZE",
    "STATE_CHOICES",
    "RoundFilters",
    "UnitSummary",
    "assignments_page",
    "round_units",
    "unit_summary",
]

PAGE_SIZE = 50

#: "missing": nothing saved yet for the assignment in the round's period.
MISSING = "missing"
STATE_CHOICES: tuple[tuple[str, object], ...] = (
    (MISSING, _("Chưa nhập")),
    *ReviewState.choices,
)


@dataclass(frozen=True)
class RoundFilters:
    unit: str = ""
    state: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query) -> RoundFilters:
        """The filters of the page's query string; unknown values are ignored, not errors."""
        state = query.get("state", "")
        kind = query.get("kind", "")
        return cls(
            unit=query.get("unit", "")[:64],
            state=state if state in dict(STATE_CHOICES) else "",
            kind=kind if kind in Assignment.Kind.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.unit or self.state or self.kind)

    def query(self, **override: str) -> str:
        """The query string of these filters (for the pager's links)."""
        values = {"unit": self.unit, "state": self.state, "kind": self.kind, **override}
        return urlencode({k: v for k, v in values.items() if v})


def _with_state(assignments: QuerySet[Assignment], rnd: Round) -> QuerySet[Assignment]:
    observation = (
        Observation.objects.filter(
            indicator_id=OuterRef("indicator_id"), unit_id=OuterRef("unit_id"), period=rnd.period
        )
        .exclude(source_kind=Observation.SourceKind.DOCUMENT)
        .values("state")[:1]
    )
    update = TaskUpdate.objects.filter(
        task_id=OuterRef("task_id"), unit_id=OuterRef("unit_id"), period=rnd.period
    ).values("state")[:1]
    return assignments.annotate(
        item_state=Coalesce(
            Subquery(observation, output_field=CharField()),
            Subquery(update, output_field=CharField()),
            Value(MISSING),
            output_field=CharField(),
        )
    )


def assignments_page(*, rnd: Round, filters: RoundFilters, page: str | int | None) -> Page:
    """One page of the round's assignments, narrowed by ``filters``, with ``item_state``."""
    rows = Assignment.objects.filter(round=rnd)
    if filters.unit:
        rows = rows.filter(unit__code=filters.unit)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    rows = _with_state(rows, rnd)
    if filters.state:
        rows = rows.filter(item_state=filters.state)  # type: ignore[misc]  # an annotation
    rows = (
        rows.select_related("unit", "indicator", "task")
        .only(
            "kind",
            "role",
            "unit__code",
            "unit__name",
            "unit__kind",
            "indicator__name",
            "indicator__unit",
            "task__code",
            "task__name",
        )
        .order_by("unit__kind", "unit__name", "kind", "pk")
    )
    return Paginator(rows, PAGE_SIZE).get_page(page)


def round_units(*, rnd: Round) -> list[Unit]:
    """The units with an assignment in the round (the unit filter's choices)."""
    return list(
        Unit.objects.filter(assignments__round=rnd)
        .distinct()
        .only("code", "name", "kind")
        .order_by("kind", "name")
    )


#: States of an item that reached the coordinator (sent at least once).
SENT = (ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.ACCEPTED)


@dataclass(frozen=True)
class UnitSummary:
    code: str
    name: str
    expected: int
    sent: int
    accepted: int
    returned: int

    @property
    def missing(self) -> int:
        return self.expected - self.sent


def unit_summary(*, rnd: Round) -> list[UnitSummary]:
    """Per unit: items owed (report assignments), sent to the coordinator, accepted, returned.

    One grouped query (the item states are the same subqueries as the list's), so ~2 000
    assignments cost no Python loop; lateness is on the round's status page."""
    rows = (
        _with_state(Assignment.objects.filter(round=rnd, role=Assignment.Role.REPORT), rnd)
        .values("unit__code", "unit__name", "unit__kind")
        .annotate(
            expected=Count("pk"),
            sent=Count("pk", filter=Q(item_state__in=SENT)),
            accepted=Count("pk", filter=Q(item_state=ReviewState.ACCEPTED)),
            returned=Count("pk", filter=Q(item_state=ReviewState.RETURNED)),
        )
        .order_by("unit__kind", "unit__name")
    )
    return [
        UnitSummary(
            code=r["unit__code"],
            name=r["unit__name"],
            expected=r["expected"],
            sent=r["sent"],
            accepted=r["accepted"],
            returned=r["returned"],
        )
        for r in rows
    ]
