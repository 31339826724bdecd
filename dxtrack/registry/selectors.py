"""Registry reads: what pages and the API show. No writes here."""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.models import AuditLog
from dxtrack.core.vn import fold
from dxtrack.registry.in_force import in_force, listed_program
from dxtrack.registry.models import (
    Goal,
    Indicator,
    IndicatorResponsibility,
    Program,
    Target,
    Task,
    TaskUnit,
    Unit,
)
from dxtrack.registry.resolve import unit_current


def programs_visible_to(*, user: User | AnonymousUser) -> QuerySet[Program]:
    """The programs ``user`` may see in lists, with their counts of records in force; a draft
    amendment is in no list (`in_force.listed_program`): it is reached from the program it
    amends and the coordinator's "bản nháp" area."""
    programs = Program.objects.filter(listed_program())
    if not permissions.can_see_drafts(user):
        programs = programs.filter(status=Program.Status.PUBLISHED)
    # One counting subquery per relation: three joined Counts multiply goals × targets × tasks
    # rows before the DISTINCT (the home page and the API read ~0,2 s on the demo that way).
    return programs.defer("source_text").annotate(
        n_goals=_count_of(Goal),
        n_targets=_count_of(Target),
        n_tasks=_count_of(Task),
    )


def _count_of(model: type[Goal] | type[Target] | type[Task]) -> Coalesce:
    rows = (
        model.objects.filter(program=OuterRef("pk"))
        .filter(Q() if model is Goal else in_force())
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def visible_program_pks(*, user: User | AnonymousUser) -> QuerySet[Program]:
    """The pks of the programs ``user`` may see, as a subquery: without the counts of
    ``programs_visible_to`` (three joins and a GROUP BY in every query that used it)."""
    programs = Program.objects.filter(listed_program())
    if not permissions.can_see_drafts(user):
        programs = programs.filter(status=Program.Status.PUBLISHED)
    return programs.only("pk")  # `program__in=` reads it as "SELECT id …"


def program_for_user(*, user: User | AnonymousUser, pk: int) -> Program:
    """The one access helper for a program: 404 when missing or a draft the user may not see."""
    program = Program.objects.filter(pk=pk).first()
    if program is None or not permissions.can_see_program(user, program):
        raise Http404(gettext("Không tìm thấy chương trình."))
    return program


def open_amendment(*, program: Program) -> Program | None:
    """The draft amendment of a published program under review, if any (the coordinator's
    link from the program page; it is in no list)."""
    return Program.objects.filter(amends=program).defer("source_text").order_by("-pk").first()


def target_for_user(*, user: User | AnonymousUser, pk: int) -> Target:
    target = (
        Target.objects.select_related("program", "goal", "indicator", "repealed_by")
        .filter(pk=pk)
        .first()
    )
    if target is None or not permissions.can_see_program(user, target.program):
        raise Http404(gettext("Không tìm thấy chỉ tiêu."))
    return target


def unit_for_code(*, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(gettext("Không tìm thấy đơn vị."))
    return unit


def tasks_with_units(*, queryset: QuerySet[Task]) -> QuerySet[Task]:
    return queryset.prefetch_related(
        Prefetch(
            "task_units",
            queryset=TaskUnit.objects.select_related("unit").prefetch_related("unit__successors"),
        )
    )


def program_goals(*, program: Program) -> QuerySet[Goal]:
    targets = Target.objects.select_related("indicator", "repealed_by").order_by("order")
    return program.goals.prefetch_related(Prefetch("targets", queryset=targets)).order_by("order")


def goals_by_section(*, program: Program) -> "OrderedDict[str, list[Goal]]":
    sections: OrderedDict[str, list[Goal]] = OrderedDict()
    for goal in program_goals(program=program):
        sections.setdefault(goal.section or "", []).append(goal)
    return sections


def task_groups(*, tasks: Iterable[Task]) -> "OrderedDict[str, list[Task]]":
    """Tasks in the plan's order, grouped as the appendix table groups them."""
    groups: OrderedDict[str, list[Task]] = OrderedDict()
    for task in tasks:
        groups.setdefault(task.group or "", []).append(task)
    return groups


@dataclass(frozen=True)
class BudgetLine:
    source: str
    total_vnd: int
    tasks: int


def task_budget(*, tasks: Iterable[Task]) -> tuple[int, list[BudgetLine]]:
    """The total and its split by source; a per-year amount counts once, as the plans count it."""
    by_source: OrderedDict[str, list[int]] = OrderedDict()
    total = 0
    for task in tasks:
        if task.budget_vnd is None:
            continue
        total += task.budget_vnd
        entry = by_source.setdefault(task.budget_source or "", [0, 0])
        entry[0] += task.budget_vnd
        entry[1] += 1
    lines = [BudgetLine(source, amount, count) for source, (amount, count) in by_source.items()]
    lines.sort(key=lambda line: -line.total_vnd)
    return total, lines


@dataclass(frozen=True)
class StatedPart:
    label: str
    amount_vnd: int
    line: int | None


def stated_budget_parts(*, program: Program) -> list[StatedPart]:
    """The split of the total as the plan itself states it ("trong đó: … 32,4 tỷ đồng")."""
    parts = []
    for part in program.budget_parts or []:
        if not isinstance(part, dict):
            continue
        amount = next(
            (part[k] for k in ("amount_vnd", "vnd", "amount") if isinstance(part.get(k), int)), None
        )
        label = next((part[k] for k in ("label", "source", "text", "name") if part.get(k)), "")
        if amount is not None:
            parts.append(StatedPart(str(label), amount, part.get("line")))
    return parts


def unit_family(*, unit: Unit) -> list[Unit]:
    """The unit and every predecessor (recursively): its history, for 'tasks it leads'."""
    family, frontier, seen = [], [unit], set()
    while frontier:
        item = frontier.pop()
        if item.pk in seen:
            continue
        seen.add(item.pk)
        family.append(item)
        frontier.extend(item.predecessors.all())
    return family


def unit_tasks(*, user: User | AnonymousUser, unit: Unit) -> tuple[list[Task], list[Task]]:
    family = unit_family(unit=unit)
    visible = visible_program_pks(user=user)
    tasks = tasks_with_units(
        queryset=Task.objects.filter(in_force(), task_units__unit__in=family, program__in=visible)
        .select_related("program")
        .defer("program__source_text")
        .distinct()
        .order_by("program", "order")
    )
    lead: list[Task] = []
    coordinate: list[Task] = []
    ids = {u.pk for u in family}
    for task in tasks:
        roles = {tu.role for tu in task.task_units.all() if tu.unit_id in ids}
        (lead if TaskUnit.Role.LEAD in roles else coordinate).append(task)
    return lead, coordinate


def unit_targets(*, user: User | AnonymousUser, unit: Unit) -> QuerySet[Target]:
    visible = visible_program_pks(user=user)
    return (
        Target.objects.filter(in_force(), owner__in=unit_family(unit=unit), program__in=visible)
        .select_related("program", "indicator")
        .defer("program__source_text")
    )


class SearchResults(TypedDict):
    programs: list[Program]
    targets: list[Goal]
    tasks: list[Task]
    units: list[Unit]


def search(*, user: User | AnonymousUser, query: str, limit: int = 30) -> SearchResults:
    """Programs, targets, tasks and units whose text matches every folded word of the query."""
    words = fold(query).split()
    if not words:
        return {"programs": [], "targets": [], "tasks": [], "units": []}
    visible = programs_visible_to(user=user)
    return {
        "programs": [p for p in visible if _matches(words, p.title, p.number, p.kind)][:limit],
        "targets": _search_targets(words, visible, limit),
        "tasks": _search_tasks(words, visible, limit),
        "units": [u for u in Unit.objects.all() if all(w in u.search_key for w in words)][:limit],
    }


def _matches(words: list[str], *texts: str) -> bool:
    key = fold(" ".join(t for t in texts if t))
    return all(w in key for w in words)


def _search_targets(words: list[str], programs: QuerySet[Program], limit: int) -> list[Goal]:
    found = []
    for goal in Goal.objects.filter(program__in=programs.values("pk")).select_related("program"):
        if _matches(words, goal.text, goal.section):
            found.append(goal)
            if len(found) >= limit:
                break
    return found


def _search_tasks(words: list[str], programs: QuerySet[Program], limit: int) -> list[Task]:
    found = []
    tasks = Task.objects.filter(program__in=programs.values("pk")).select_related("program")
    for task in tasks:
        if _matches(words, task.name, task.group, task.code, task.product):
            found.append(task)
            if len(found) >= limit:
                break
    return found


def audit_rows(
    *, user: User | AnonymousUser, action: str = "", text: str = "", actor: str = ""
) -> QuerySet[AuditLog]:
    """The audit log, newest first, narrowed by action prefix, object text and actor name."""
    permissions.require(permissions.can_see_audit(user))
    rows = AuditLog.objects.select_related("actor")
    if action:
        rows = rows.filter(action__startswith=action)
    if text:
        rows = rows.filter(Q(object_repr__icontains=text) | Q(comment__icontains=text))
    if actor:
        rows = rows.filter(actor_name__icontains=actor)
    return rows


def units_by_kind() -> "OrderedDict[str, list[Unit]]":
    groups: OrderedDict[str, list[Unit]] = OrderedDict(
        (str(label), []) for _, label in Unit.Kind.choices
    )
    for unit in Unit.objects.filter(auto_created=False).order_by("name"):
        groups[unit.get_kind_display()].append(unit)
    return groups


def current_units_filter() -> Q:
    return Q(valid_to__isnull=True)


# -- indicator responsibility ------------------------------------------------------------------

# The telecom enterprises that report infrastructure figures (coverage, subscribers, speed).
# The plans only say "Các doanh nghiệp viễn thông"; data/thai-nguyen/README.md lists them.
TELECOM_CODES = (
    "vnpt-thai-nguyen",
    "viettel-thai-nguyen",
    "mobifone-thai-nguyen",
    "fpt-telecom-thai-nguyen",
)


def indicator_responsibilities(*, indicator: Indicator) -> list[IndicatorResponsibility]:
    """The indicator's responsibilities, leads first."""
    return sorted(
        IndicatorResponsibility.objects.filter(indicator=indicator).select_related("unit"),
        key=lambda r: (r.role != IndicatorResponsibility.Role.LEAD, r.group, r.unit_id or 0),
    )


def group_units(*, group: str, on: date | None = None) -> list[Unit]:
    """Today's (or `on`'s) units of a responsibility group, by name."""
    on = on or timezone.localdate()
    if group == IndicatorResponsibility.Group.TELECOM:
        rows = Unit.objects.filter(code__in=TELECOM_CODES)
    elif group == IndicatorResponsibility.Group.COMMUNES:
        rows = Unit.objects.filter(kind=Unit.Kind.COMMUNE)
    elif group == IndicatorResponsibility.Group.DEPARTMENTS:
        # The bodies under the province's UBND (not the party, the Front or the mass bodies).
        rows = Unit.objects.filter(
            kind=Unit.Kind.DEPARTMENT, parent__code=settings.PROVINCE_UNIT_CODE
        )
    else:
        return []
    return [u for u in rows.order_by("name") if u.is_current(on)]


def responsibility_units(
    *, responsibility: IndicatorResponsibility, on: date | None = None
) -> list[Unit]:
    """The units a responsibility names on `on`: its unit's current heirs, or its group."""
    if responsibility.unit is not None:
        return unit_current(responsibility.unit, on)
    return group_units(group=responsibility.group, on=on)


def responsibilities_by_indicator(
    *, indicator_ids: Iterable[int]
) -> dict[int, list[IndicatorResponsibility]]:
    """Every responsibility of these indicators, in one query (round creation)."""
    found: dict[int, list[IndicatorResponsibility]] = {}
    rows = IndicatorResponsibility.objects.filter(indicator_id__in=list(indicator_ids))
    for row in rows.select_related("unit").order_by("indicator_id", "role", "group", "unit_id"):
        found.setdefault(row.indicator_id, []).append(row)
    return found


def responsibility_unit_choices() -> QuerySet[Unit]:
    """Units the coordinator can name as responsible: current and not a collective name."""
    return (
        Unit.objects.filter(current_units_filter())
        .exclude(kind__in=[Unit.Kind.COLLECTIVE, Unit.Kind.EXTERNAL])
        .order_by("kind", "name")
    )
