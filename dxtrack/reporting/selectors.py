"""Reporting reads, and the access helpers every view calls first (one per object)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core import permissions
from dxtrack.core.models import ReviewState
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import period_label, vnnum
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import Indicator, Program, Target, Task, TaskUnit, Unit
from dxtrack.registry.resolve import unit_current
from dxtrack.reporting import rules
from dxtrack.reporting.models import (
    Assignment,
    Evidence,
    IndicatorProfile,
    Observation,
    Round,
    TaskUpdate,
    ValueRevision,
)

REPORTING_KINDS = {
    Unit.Kind.DEPARTMENT,
    Unit.Kind.COMMUNE,
    Unit.Kind.ENTERPRISE,
    Unit.Kind.PROVINCE,
}
REFUSED = gettext_lazy("Bạn chỉ được làm việc với số liệu của đơn vị mình.")


def coordinator_unit() -> Unit | None:
    code = settings.REPORTING_COORDINATOR_UNIT
    return Unit.objects.filter(code=code).first()


def unit_users(*, unit: Unit, roles: Iterable[str]) -> QuerySet[User]:
    """The unit's active users of these roles (reporter, approver): who its notices go to."""
    return get_user_model().objects.filter(
        is_active=True, dx_role__unit=unit, dx_role__name__in=list(roles)
    )


# -- access helpers -------------------------------------------------------------------------


def can_follow_rounds(*, user: User | AnonymousUser) -> bool:
    """Coordinator, leaders and admin follow every round (completeness, items); leaders read only."""
    return permissions.role_of(user) in permissions.STAFF_ROLES


def round_for_user(*, user: User | AnonymousUser, pk: int) -> Round:
    """A round: staff see all (drafts only those who manage them); a unit sees the rounds it owes in."""
    rnd = Round.objects.filter(pk=pk).prefetch_related("programs").first()
    if rnd is None:
        raise Http404(gettext("Không tìm thấy kỳ báo cáo."))
    if permissions.can_review_rounds(user):
        return rnd
    if rnd.state == Round.State.DRAFT:
        raise Http404(gettext("Không tìm thấy kỳ báo cáo."))
    if can_follow_rounds(user=user):
        return rnd
    unit = permissions.unit_of(user)
    if unit is None:
        raise PermissionDenied(gettext("Bạn không có quyền xem kỳ báo cáo này."))
    if not rnd.assignments.filter(unit=unit).exists():
        raise Http404(gettext("Không tìm thấy kỳ báo cáo."))
    return rnd


def rounds_for_user(*, user: User | AnonymousUser) -> QuerySet[Round]:
    rounds = Round.objects.prefetch_related("programs").order_by("-due_date", "-pk")
    if permissions.can_review_rounds(user):
        return rounds
    rounds = rounds.exclude(state=Round.State.DRAFT)
    if can_follow_rounds(user=user):
        return rounds
    unit = permissions.unit_of(user)
    if unit is None:
        return rounds.none()
    return rounds.filter(assignments__unit=unit).distinct()


def unit_for_user(
    *, user: User | AnonymousUser, rnd: Round, code: str, write: bool = False
) -> Unit:
    """The unit whose workspace is asked for: its own officers, or staff (read; the coordinator
    may not write in a unit's name either)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(gettext("Không tìm thấy đơn vị."))
    if permissions.can_report_for(user, unit):
        return unit
    if not write and can_follow_rounds(user=user):
        return unit
    raise PermissionDenied(REFUSED)


def assignment_for_user(
    *,
    user: User | AnonymousUser,
    rnd: Round,
    code: str,
    kind: str,
    item_pk: int,
    write: bool = False,
) -> Assignment:
    unit = unit_for_user(user=user, rnd=rnd, code=code, write=write)
    field_name = "indicator_id" if kind == Assignment.Kind.INDICATOR else "task_id"
    assignment = (
        Assignment.objects.select_related("round", "unit", "indicator", "task")
        .filter(round=rnd, unit=unit, kind=kind, **{field_name: item_pk})
        .first()
    )
    if assignment is None:
        raise Http404(gettext("Đơn vị không được phân công mục này trong kỳ báo cáo."))
    return assignment


def _item_access(user: User | AnonymousUser, unit: Unit) -> None:
    if permissions.can_report_for(user, unit) or can_follow_rounds(user=user):
        return
    raise PermissionDenied(REFUSED)


def observation_for_user(*, user: User | AnonymousUser, pk: int) -> Observation:
    obs = (
        Observation.objects.select_related("indicator", "unit", "round")
        .filter(pk=pk)
        .exclude(source_kind=Observation.SourceKind.DOCUMENT)
        .first()
    )
    if obs is None:
        raise Http404(gettext("Không tìm thấy số liệu."))
    _item_access(user, obs.unit)
    return obs


def task_update_for_user(*, user: User | AnonymousUser, pk: int) -> TaskUpdate:
    update = TaskUpdate.objects.select_related("task", "unit", "round").filter(pk=pk).first()
    if update is None:
        raise Http404(gettext("Không tìm thấy báo cáo tiến độ."))
    _item_access(user, update.unit)
    return update


def evidence_for_user(*, user: User | AnonymousUser, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("observation__unit", "task_update__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(gettext("Không tìm thấy tệp minh chứng."))
    _item_access(user, evidence.item.unit)
    return evidence


# -- proposal ----------------------------------------------------------------------------------


@dataclass
class Proposal:
    items: list[tuple[Unit, str, str, object]] = field(
        default_factory=list
    )  # unit, kind, role, item
    skipped: list[str] = field(default_factory=list)


def _current_reporting_units(unit: Unit, on: date) -> list[Unit]:
    return [u for u in unit_current(unit, on) if u.kind in REPORTING_KINDS]


def assignments_proposed(*, programs: Iterable[Program], period: str) -> Proposal:
    """Who owes what, from the registry (the rule, also written in docs/reporting.md):

    - a task active in the period's year (started, or no start year; not yet accepted as
      completed by that unit) is reported by each of its lead units and noted by each of its
      coordinating units; historic units are followed to today's (Sở Thông tin và Truyền thông
      → Sở Khoa học và Công nghệ, UBND cấp huyện → the communes that replaced it); a collective
      with no successor ("Các sở, ban, ngành") is listed for the coordinator to assign by hand;
    - an indicator with a target in the programs, whose deadline is not past, is reported by its
      responsible unit, else by the target's owner, else by the coordinating office (Sở Khoa học
      và Công nghệ, which sums up province-level figures);
    - a task or target an amendment repealed owes nothing (`registry.in_force`).
    """
    p = Period.parse(period)
    proposal = Proposal()
    seen: dict[tuple, int] = {}
    # Today's units of a name, once per name: "UBND cấp huyện" (55 communes, a query each) is
    # named on many tasks; without this a round of the five demo plans took 4 s to propose.
    current: dict[int, list[Unit]] = {}

    def reporting_units(unit: Unit) -> list[Unit]:
        if unit.pk not in current:
            current[unit.pk] = _current_reporting_units(unit, p.end)
        return current[unit.pk]

    def add(unit: Unit, kind: str, role: str, item: Task | Indicator) -> None:
        key = (unit.pk, kind, item.pk)
        if key in seen:
            index = seen[key]
            if role == Assignment.Role.REPORT:  # lead wins over coordinator
                proposal.items[index] = (unit, kind, role, item)
            return
        seen[key] = len(proposal.items)
        proposal.items.append((unit, kind, role, item))

    done = set(
        TaskUpdate.objects.filter(
            state=TaskUpdate.State.ACCEPTED, progress=TaskUpdate.Progress.COMPLETED
        ).values_list("task_id", "unit_id")
    )
    tasks = (
        Task.objects.filter(in_force(), program__in=programs)
        .filter(Q(start_year__isnull=True) | Q(start_year__lte=p.year))
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("program", "order")
    )
    for task in tasks:
        for tu in task.task_units.all():
            units = reporting_units(tu.unit)
            if not units:
                proposal.skipped.append(f"{task.code or task.order}: {tu.written_name}")
                continue
            role = Assignment.Role.REPORT if tu.role == TaskUnit.Role.LEAD else Assignment.Role.NOTE
            for unit in units:
                if (task.pk, unit.pk) not in done:
                    add(unit, Assignment.Kind.TASK, role, task)
    fallback = coordinator_unit()
    targets = (
        Target.objects.filter(in_force(), program__in=programs)
        .filter(Q(year__isnull=True) | Q(year__gte=p.year))
        .select_related("indicator__responsible_unit", "owner")
        .order_by("program", "pk")
    )
    for target in targets:
        indicator = target.indicator
        owner = indicator.responsible_unit or target.owner
        units = reporting_units(owner) if owner else []
        if not units and fallback is not None:
            units = [fallback]
        for unit in units:
            add(unit, Assignment.Kind.INDICATOR, Assignment.Role.REPORT, indicator)
    return proposal


# -- the unit's workspace ----------------------------------------------------------------------


def indicator_profile(*, indicator: Indicator) -> rules.Profile:
    """The rules' parameters for an indicator: its `IndicatorProfile` row, else from its unit of
    measure. No query when the row was fetched with the indicator (`select_related("indicator__profile")`)."""
    if Indicator.profile.is_cached(indicator):
        row = getattr(indicator, "profile", None)  # None when fetched and there is no row
    else:
        row = IndicatorProfile.objects.filter(indicator=indicator).first()
    if row is not None:
        return rules.Profile(row.measure, row.min_value, row.max_value, row.cumulative)
    return rules.default_profile(indicator.unit)


def reported_observation(*, indicator: Indicator, unit: Unit, period: str) -> Observation | None:
    return (
        Observation.objects.filter(indicator=indicator, unit=unit, period=period)
        .exclude(source_kind=Observation.SourceKind.DOCUMENT)
        .first()
    )


def _earlier(rows: Iterable[Observation], period: str) -> list[Observation]:
    current = Period.parse(period)
    earlier = []
    for obs in rows:
        try:
            if Period.parse(obs.period) < current:
                earlier.append(obs)
        except ValueError:
            continue
    earlier.sort(key=lambda o: Period.parse(o.period), reverse=True)
    return earlier


def previous_values(
    *, indicator: Indicator, unit: Unit, period: str, limit: int = 8
) -> list[Observation]:
    """The unit's accepted values of the indicator for earlier periods, latest first."""
    rows = Observation.objects.filter(
        indicator=indicator, unit=unit, state=Observation.State.ACCEPTED
    ).exclude(period=period)
    earlier = _earlier(rows, period)
    return earlier[:limit] if limit else earlier


def reported_and_previous(
    *, indicator: Indicator, unit: Unit, period: str
) -> tuple[Observation | None, list[Observation]]:
    """`reported_observation` and all of `previous_values` (the outlier rule's history) in one
    query, unlocked: the writer locks the reported row afterwards if there is one."""
    rows = list(
        Observation.objects.filter(indicator=indicator, unit=unit)
        .filter(
            Q(state=Observation.State.ACCEPTED)
            | (Q(period=period) & ~Q(source_kind=Observation.SourceKind.DOCUMENT))
        )
        .order_by("period", "pk")
    )  # not the model's ordering, which joins indicator and unit
    current = next(
        (
            o
            for o in rows
            if o.period == period and o.source_kind != Observation.SourceKind.DOCUMENT
        ),
        None,
    )
    accepted = [o for o in rows if o.period != period and o.state == Observation.State.ACCEPTED]
    return current, _earlier(accepted, period)


def targets_of(*, indicator: Indicator, programs: Iterable[Program]) -> list[Target]:
    """The indicator's targets in the round's programs (else in any program)."""
    targets = (
        Target.objects.filter(indicator=indicator).select_related("program").order_by("year", "pk")
    )
    own = [t for t in targets if t.program_id in {p.pk for p in programs}]
    return own or list(targets)


@dataclass
class Row:
    assignment: Assignment
    item: Observation | TaskUpdate | None

    @property
    def state(self) -> str:
        return self.item.state if self.item is not None else "missing"

    @property
    def state_label(self) -> str:
        if self.item is None:
            return gettext("Chưa nhập")
        return self.item.get_state_display()


def workspace_rows(*, rnd: Round, unit: Unit) -> list[Row]:
    assignments = list(
        Assignment.objects.filter(round=rnd, unit=unit)
        .select_related("indicator", "task")
        .order_by("kind", "-role", "pk")
    )
    obs = {
        o.indicator_id: o
        for o in Observation.objects.filter(
            unit=unit,
            period=rnd.period,
            indicator__in=[a.indicator_id for a in assignments if a.indicator_id],
        ).exclude(source_kind=Observation.SourceKind.DOCUMENT)
    }
    updates = {
        u.task_id: u
        for u in TaskUpdate.objects.filter(
            unit=unit, period=rnd.period, task__in=[a.task_id for a in assignments if a.task_id]
        )
    }
    return [
        Row(a, obs.get(a.indicator_id) if a.indicator_id else updates.get(cast(int, a.task_id)))
        for a in assignments
    ]


def history_of(*, item: Observation | TaskUpdate) -> list[ValueRevision]:
    if isinstance(item, Observation):
        return list(ValueRevision.objects.filter(observation=item).select_related("actor"))
    return list(ValueRevision.objects.filter(task_update=item).select_related("actor"))


# -- completeness and timeliness ----------------------------------------------------------------


@dataclass
class UnitStatus:
    unit: Unit
    expected: int = 0
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    late: int = 0
    last_submitted_at: datetime | None = None
    #: items sent by a reporter, waiting for the unit's leader (not yet at the coordinator)
    awaiting_approval: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.submitted >= self.expected

    @property
    def on_time(self) -> bool:
        return self.complete and self.late == 0

    def status(self, rnd: Round, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.complete:
            return "on_time" if self.on_time else "late"
        return "overdue" if today > rnd.due_date else "pending"

    def status_label(self, rnd: Round, today: date | None = None) -> str:
        return {
            "on_time": gettext("Đủ, đúng hạn"),
            "late": gettext("Đủ, trễ hạn"),
            "overdue": gettext("Thiếu, quá hạn"),
            "pending": gettext("Chưa đủ"),
        }[self.status(rnd, today)]

    def as_dict(self, rnd: Round) -> dict:
        return {
            "unit_code": self.unit.code,
            "unit_name": self.unit.name,
            "expected": self.expected,
            "submitted": self.submitted,
            "accepted": self.accepted,
            "returned": self.returned,
            "missing": self.missing,
            "awaiting_approval": self.awaiting_approval,
            "late": self.late,
            "on_time": self.on_time,
            "status": self.status(rnd),
            "last_submitted_at": self.last_submitted_at.isoformat()
            if self.last_submitted_at
            else None,
        }


def _was_late(first_submitted_at: datetime | None, due: date) -> bool:
    return first_submitted_at is not None and timezone.localtime(first_submitted_at).date() > due


def completeness(
    *, rnd: Round, units: Iterable[Unit] | None = None
) -> OrderedDict[int, UnitStatus]:
    """Expected vs submitted vs accepted per unit (report assignments only; notes are extra).

    "Submitted" means reached the coordinator (`first_submitted_at`, set when an item first
    became `submitted`); an item waiting for the unit's leader counts in `awaiting_approval`, not
    as submitted, and lateness is judged on the time it reached the coordinator.

    Read as plain rows (tuples, and one `Unit` per unit): at province scale a round has
    ~2 800 assignments and ~2 000 items, and building a model instance for each was most of
    the coordinator's landing page."""
    # A task an amendment repealed owes nothing from then on (an indicator's row has no task).
    assignments = Assignment.objects.filter(
        in_force("task__"), round=rnd, role=Assignment.Role.REPORT
    )
    if units is not None:
        assignments = assignments.filter(unit__in=units)
    expected: dict[int, int] = {}
    wanted_obs: set[tuple[int, int]] = set()
    wanted_tasks: set[tuple[int, int]] = set()
    for unit_id, indicator_id, task_id in assignments.values_list(
        "unit_id", "indicator_id", "task_id"
    ):
        expected[unit_id] = expected.get(unit_id, 0) + 1
        if indicator_id:
            wanted_obs.add((indicator_id, unit_id))
        else:
            wanted_tasks.add((task_id, unit_id))
    table: OrderedDict[int, UnitStatus] = OrderedDict()
    if not expected:
        return table
    for unit in Unit.objects.filter(pk__in=list(expected)).order_by("kind", "name", "pk"):
        table[unit.pk] = UnitStatus(unit, expected=expected[unit.pk])
    unit_ids = list(table)
    items: list[tuple[int, str, datetime | None, datetime | None]] = []
    for indicator_id, unit_id, state, first_at, submitted_at in (
        Observation.objects.filter(
            period=rnd.period,
            unit_id__in=unit_ids,
            indicator_id__in={i for i, _ in wanted_obs},
        )
        .exclude(source_kind=Observation.SourceKind.DOCUMENT)
        .order_by()
        .values_list("indicator_id", "unit_id", "state", "first_submitted_at", "submitted_at")
    ):
        if (indicator_id, unit_id) in wanted_obs:
            items.append((unit_id, state, first_at, submitted_at))
    if wanted_tasks:
        for task_id, unit_id, state, first_at, submitted_at in (
            TaskUpdate.objects.filter(
                period=rnd.period,
                unit_id__in=unit_ids,
                task_id__in={t for t, _ in wanted_tasks},
            )
            .order_by()
            .values_list("task_id", "unit_id", "state", "first_submitted_at", "submitted_at")
        ):
            if (task_id, unit_id) in wanted_tasks:
                items.append((unit_id, state, first_at, submitted_at))
    for unit_id, state, first_at, submitted_at in items:
        status = table[unit_id]
        if state == ReviewState.PENDING_APPROVAL:
            status.awaiting_approval += 1
        if first_at is None:
            continue
        status.submitted += 1
        if state == ReviewState.ACCEPTED:
            status.accepted += 1
        if state == ReviewState.RETURNED:
            status.returned += 1
        if _was_late(first_at, rnd.due_date):
            status.late += 1
        if submitted_at and (
            status.last_submitted_at is None or submitted_at > status.last_submitted_at
        ):
            status.last_submitted_at = submitted_at
    return table


def completeness_totals(*, table: Mapping[int, UnitStatus]) -> dict[str, int]:
    rows = list(table.values())
    return {
        "units": len(rows),
        "expected": sum(r.expected for r in rows),
        "submitted": sum(r.submitted for r in rows),
        "accepted": sum(r.accepted for r in rows),
        "awaiting_approval": sum(r.awaiting_approval for r in rows),
        "complete_units": sum(1 for r in rows if r.complete),
        "on_time_units": sum(1 for r in rows if r.on_time),
    }


def review_queue(*, rnd: Round) -> tuple[list[Observation], list[TaskUpdate]]:
    obs = list(
        Observation.objects.filter(round=rnd, state=Observation.State.SUBMITTED)
        .select_related("indicator", "unit")
        .order_by("unit__name", "indicator__name")
    )
    updates = list(
        TaskUpdate.objects.filter(round=rnd, state=TaskUpdate.State.SUBMITTED)
        .select_related("task", "unit")
        .order_by("unit__name", "task__order")
    )
    return obs, updates


#: What the coordinator's review page lists: items that reached the coordinator (a draft, or an
#: item waiting for the unit's leader, is still the unit's business).
REVIEW_STATES = [ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.ACCEPTED]


REVIEW_PAGE_SIZE = 50


@dataclass(frozen=True)
class ReviewFilters:
    """The review page's filters (`?unit=…&kind=…&state=…`); unknown values are ignored."""

    unit: str = ""
    kind: str = ""
    state: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ReviewFilters:
        kind = query.get("kind", "")
        state = query.get("state", "")
        return cls(
            unit=query.get("unit", "")[:64],
            kind=kind if kind in Assignment.Kind.values else "",
            state=state if state in REVIEW_STATES else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.unit or self.kind or self.state)

    def query(self) -> str:
        """The filters as a query string, for the pagers' links and the review forms' return."""
        values = {"unit": self.unit, "kind": self.kind, "state": self.state}
        return urlencode({k: v for k, v in values.items() if v})

    def shows(self, kind: str) -> bool:
        return not self.kind or self.kind == kind


#: Items waiting for a decision first, then returned, then accepted.
_REVIEW_RANK: dict[str, int] = {ReviewState.SUBMITTED: 0, ReviewState.RETURNED: 1}


def _newest(sent_at: datetime | None) -> float:
    """A sort key: the latest sent first (what the coordinator was just told about), never
    sent last."""
    return -sent_at.timestamp() if sent_at is not None else float("inf")


def _loaded(page: Page, rows: QuerySet) -> Page:
    """`page` (of primary keys) with its objects, read in one query, in the page's order."""
    by_pk = {row.pk: row for row in rows.filter(pk__in=list(page.object_list)).order_by()}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


# An item's sort key: pk, state, unit, indicator or task, when it was sent.
_ItemKey = tuple[int, str, int, int, datetime | None]

_VALUE_FIELDS = (
    "value", "note", "flags", "review_comment", "state", "version", "period", "indicator", "unit",
    "indicator__name", "indicator__unit", "unit__code", "unit__name",
)  # fmt: skip
_UPDATE_FIELDS = (
    "progress", "percent_done", "completed_on", "disbursed", "narrative", "review_comment",
    "state", "version", "period", "task", "unit", "task__code", "task__name", "unit__code",
    "unit__name",
)  # fmt: skip


def _field_by_pk(model: Any, ids: set[int], field: str) -> dict[int, Any]:
    if not ids:
        return {}
    return dict(model.objects.filter(pk__in=ids).order_by().values_list("pk", field))


def _item_keys(rows: QuerySet, unit_ids: list[int] | None, about: str) -> list[_ItemKey]:
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return list(rows.order_by().values_list("pk", "state", "unit_id", about, "submitted_at"))


def _review_page(
    keys: list[_ItemKey],
    *,
    unit_names: dict[int, str],
    about: dict[int, Any],
    page: str | int | None,
    rows: QuerySet,
) -> Page:
    """Waiting for a decision first, the latest sent first, then by unit and `about` (the
    indicator's name, the task's order); one page of `rows` read whole."""
    keys.sort(
        key=lambda k: (
            _REVIEW_RANK.get(k[1], 2),
            _newest(k[4]),
            unit_names[k[2]],
            about[k[3]],
            k[0],
        )
    )
    return _loaded(Paginator([k[0] for k in keys], REVIEW_PAGE_SIZE).get_page(page), rows)


def round_items(
    *,
    rnd: Round,
    filters: ReviewFilters | None = None,
    value_page: str | int | None = None,
    task_page: str | int | None = None,
) -> tuple[Page[Observation] | None, Page[TaskUpdate] | None]:
    """One page of the round's values and one of its task updates that reached the
    coordinator, narrowed by `filters` (None: the kind filtered out), items waiting for a
    decision first, the latest sent first, then by unit and indicator (task).

    At province scale a round has thousands of items (one page of all of them was 954 KB and
    up to a second). The order is made from plain rows of the round's items (their keys, the
    names of their units and indicators) and only a page of items is read whole: sorting in
    SQL joined to the units and indicators let SQLite, without statistics, walk every
    indicator and unit through the 1,4 M values (1,3 s)."""
    filters = filters or ReviewFilters()
    states = [filters.state] if filters.state else REVIEW_STATES
    unit_ids: list[int] | None = None
    if filters.unit:
        unit_ids = list(Unit.objects.filter(code=filters.unit).values_list("pk", flat=True))
    show_values = filters.shows(Assignment.Kind.INDICATOR)
    show_updates = filters.shows(Assignment.Kind.TASK)
    value_keys = (
        _item_keys(
            Observation.objects.filter(round=rnd, state__in=states), unit_ids, "indicator_id"
        )
        if show_values
        else []
    )
    task_keys = (
        _item_keys(TaskUpdate.objects.filter(round=rnd, state__in=states), unit_ids, "task_id")
        if show_updates
        else []
    )
    unit_names = _field_by_pk(Unit, {k[2] for k in value_keys + task_keys}, "name")
    values: Page[Observation] | None = None
    updates: Page[TaskUpdate] | None = None
    if show_values:
        values = _review_page(
            value_keys,
            unit_names=unit_names,
            about=_field_by_pk(Indicator, {k[3] for k in value_keys}, "name"),
            page=value_page,
            rows=Observation.objects.select_related("indicator", "unit").only(*_VALUE_FIELDS),
        )
    if show_updates:
        order = _field_by_pk(Task, {k[3] for k in task_keys}, "order")
        updates = _review_page(
            task_keys,
            unit_names=unit_names,
            about={pk: position or 0 for pk, position in order.items()},
            page=task_page,
            rows=TaskUpdate.objects.select_related("task", "unit").only(*_UPDATE_FIELDS),
        )
    return values, updates


def review_units(*, rnd: Round) -> list[Unit]:
    """The units with an item that reached the coordinator in the round (the unit filter)."""
    with_values = Observation.objects.filter(round=rnd, state__in=REVIEW_STATES).values("unit_id")
    with_updates = TaskUpdate.objects.filter(round=rnd, state__in=REVIEW_STATES).values("unit_id")
    return list(
        Unit.objects.filter(Q(pk__in=with_values) | Q(pk__in=with_updates))
        .only("code", "name", "kind")
        .order_by("kind", "name")
    )


def item_label(*, item: Observation | TaskUpdate) -> str:
    """A value or a task update in words for messages and notices, in the active language:
    "Tỷ lệ phủ sóng 5G: 45,5 (Quý IV năm 2026, Sở Y tế)" — not the model's technical form
    ("45.5 (2026Q4, so-y-te)")."""
    where = f"{period_label(item.period)}, {item.unit.short_name or item.unit.name}"
    if isinstance(item, Observation):
        return f"{item.indicator.name}: {vnnum(item.value)} ({where})"
    return f"{item.task} ({where})"
