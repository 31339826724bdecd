"""Reads of the review workspace: the draft beside its source, its agencies, its checklist."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.models import AuditLog
from dxtrack.core.vn import fold
from dxtrack.docimport import extract_text
from dxtrack.docimport.agencies import split_agencies, split_roles
from dxtrack.registry.catalogue import catalogue_match_questioned
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import Goal, Indicator, Program, Target, Task, TaskUnit, Unit
from dxtrack.registry.resolve import UnitResolver, unit_current

# How far a record's highlight may run past its first line: a table row written one cell per
# line (as the legal portal exports tables) spans a dozen lines; a sentence one or two.
MAX_RECORD_LINES = 14

# Audit actions by which a reviewer vouches for an indicator's name (see `confirmed_indicators`).
INDICATOR_CONFIRMING_ACTIONS = (
    "review.indicator_confirm",
    "review.indicator_rename",
    "review.indicator_create",
)


def program_for_reviewer(*, user: User | AnonymousUser, pk: int) -> Program:
    """The workspace's access helper: only the coordinator and administrators review (403 for
    everyone else, before saying whether the program exists)."""
    permissions.require(permissions.can_manage_registry(user))
    program = Program.objects.filter(pk=pk).first()
    if program is None:
        raise Http404(gettext("Không tìm thấy chương trình."))
    return program


def target_of(*, program: Program, pk: int) -> Target:
    target = (
        Target.objects.select_related("goal", "indicator").filter(program=program, pk=pk).first()
    )
    if target is None:
        raise Http404(gettext("Không tìm thấy chỉ tiêu."))
    return target


def task_of(*, program: Program, pk: int) -> Task:
    task = tasks_with_units(program=program).filter(pk=pk).first()
    if task is None:
        raise Http404(gettext("Không tìm thấy nhiệm vụ."))
    return task


def tasks_with_units(*, program: Program) -> QuerySet[Task]:
    return program.tasks.prefetch_related(
        Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit"))
    ).order_by("order")


# -- the side-by-side view ---------------------------------------------------------------------


@dataclass
class SourceLine:
    number: int
    text: str


@dataclass
class Workspace:
    program: Program
    lines: list[SourceLine]
    goals: list[Goal]
    tasks: list[Task]
    warnings: list[dict[str, Any]]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    n_targets: int = 0
    observations: list[Any] = field(default_factory=list)


def source_lines(*, program: Program) -> list[SourceLine]:
    return [SourceLine(i, text) for i, text in enumerate(program.source_text.splitlines(), 1)]


def record_spans(*, starts: list[int], lines: list[SourceLine]) -> dict[int, int]:
    """Each record's last line: its paragraph (up to the next blank line), never into the next
    record, at most MAX_RECORD_LINES, never past the end of the text."""
    ordered = sorted(set(starts))
    ends = {}
    for index, start in enumerate(ordered):
        limit = ordered[index + 1] - 1 if index + 1 < len(ordered) else len(lines)
        limit = min(limit, start + MAX_RECORD_LINES - 1, len(lines))
        end = start
        while end < limit and lines[end].text.strip():  # lines[end] is line end + 1
            end += 1
        ends[start] = max(start, end)
    return ends


def workspace(*, program: Program) -> Workspace:
    lines = source_lines(program=program)
    targets = Target.objects.select_related("indicator").order_by("order")
    goals = list(
        program.goals.prefetch_related(Prefetch("targets", queryset=targets)).order_by("order")
    )
    tasks = list(tasks_with_units(program=program))
    observations = observations_of(program=program)
    starts = [r.line for r in (*goals, *tasks, *observations) if r.line]
    ends = record_spans(starts=starts, lines=lines)
    spans: dict[str, tuple[int, int]] = {}
    for kind, records in (("goal", goals), ("task", tasks), ("obs", observations)):
        for record in records:
            if record.line:
                spans[f"{kind}-{record.pk}"] = (record.line, ends[record.line])
                # The template reads the span's end from the record itself.
                setattr(record, "last_line", ends[record.line])  # noqa: B010
    warnings = [w for w in program.warnings or [] if isinstance(w, dict)]
    return Workspace(
        program=program,
        lines=lines,
        goals=goals,
        tasks=tasks,
        warnings=warnings,
        spans=spans,
        n_targets=sum(len(g.targets.all()) for g in goals),
        observations=observations,
    )


def span_text(*, program: Program, first: int, last: int) -> str:
    lines = program.source_text.splitlines()
    return "\n".join(lines[max(first, 1) - 1 : max(last, first)])


def span_bounds(*, program: Program, first: object, last: object) -> tuple[int, int] | None:
    """The selected span as two line numbers inside the text, or None when they are not."""
    try:
        a, b = int(str(first)), int(str(last or first))
    except ValueError:
        return None
    n = len(program.source_text.splitlines())
    a, b = min(a, b), max(a, b)
    if a < 1 or b > n:
        return None
    return a, b


# -- prefilling a record from a span of the text ---------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _within(record: dict[str, Any], first: int, last: int) -> bool:
    line = record.get("line")
    return isinstance(line, int) and first <= line <= last


def target_prefill(*, program: Program, first: int, last: int) -> dict[str, Any]:
    """The importer's target rules run on the span, read as a "Mục tiêu" section: the first
    measure found prefills the form; the span itself is the goal's text."""
    text = span_text(program=program, first=first, last=last)
    data = extract_text("MỤC TIÊU\n" + text)
    initial: dict[str, Any] = {"text": _one_line(text)[:2000]}
    for record in data.get("targets") or []:
        for measure in record.get("measures") or []:
            initial.update(
                subject=measure.get("subject") or "",
                comparator=measure.get("comparator") or ">=",
                value=measure.get("value"),
                unit=measure.get("unit") or "",
                year=measure.get("year") or program.horizon_year,
                quarter=measure.get("quarter"),
                scope=measure.get("scope") or "",
                indicator_name=measure.get("subject") or "",
            )
            return initial
    initial.update(year=program.horizon_year)
    return initial


YEAR = re.compile(r"\b(19[0-9]{2}|20[0-9]{2}|2100)\b")


def task_prefill(*, program: Program, first: int, last: int) -> dict[str, Any]:
    """The importer's task rules on the span: a task the whole text's extraction finds inside the
    span (a table row needs its table's header), else one the span alone yields, else the span
    as the name with agencies read by the importer's "X chủ trì, phối hợp với A, B" rule."""
    text = span_text(program=program, first=first, last=last)
    found = [
        t for t in extract_text(program.source_text).get("tasks") or [] if _within(t, first, last)
    ]
    if not found:
        found = extract_text(text).get("tasks") or []
    if found:
        task = found[0]
        return {
            "code": task.get("code") or "",
            "group": task.get("group") or "",
            "name": task.get("name") or _one_line(text),
            "leads": "\n".join(task.get("lead") or []),
            "coordinators": "\n".join(task.get("coordinators") or []),
            "timeframe": task.get("timeframe") or "",
            "start_year": task.get("start_year"),
            "end_year": task.get("end_year"),
            "end_quarter": task.get("end_quarter"),
            "budget": task.get("budget_vnd"),
            "budget_source": task.get("budget_source") or "",
            "product": task.get("product") or "",
        }
    # A list marker ("c)", "2.", "-") opens the item; it is not part of the task's name.
    joined = re.sub(r"^(?:[a-zđ]\)|\(?\d+[.)]|[-+•])\s+", "", _one_line(text.replace("*", "")))
    leads: list[str] = []
    coordinators: list[str] = []
    if re.search(r"\bchủ trì\b|\bphối hợp\b", joined, re.I):
        resolver = UnitResolver.build()
        leads, coordinators = (_agency_names(names, resolver) for names in split_roles(joined))
    years = sorted({int(y) for y in YEAR.findall(joined)})
    return {
        "name": joined[:2000],
        "leads": "\n".join(leads),
        "coordinators": "\n".join(coordinators),
        "start_year": years[0] if years else None,
        "end_year": years[-1] if years else None,
        "timeframe": f"{years[0]}–{years[-1]}"
        if len(years) > 1
        else (str(years[0]) if years else ""),
    }


def _agency_names(names: list[str], resolver: UnitResolver) -> list[str]:
    """Prose runs on after the last agency ("… phối hợp với Sở Tài chính triển khai …, năm
    2026"): a piece the registry knows by its first words is cut to them; a piece that is not
    a name (lower-case, a date) is dropped."""
    kept = []
    for name in names:
        unit = resolver.resolve(name)
        if unit is not None:
            words = name.split()
            for size in range(1, len(words) + 1):
                if resolver.resolve(" ".join(words[:size])) == unit:
                    name = " ".join(words[:size])
                    break
            kept.append(name)
        elif name[:1].isupper() and not YEAR.search(name):
            kept.append(name)
    return kept


# -- agencies ------------------------------------------------------------------------------------


@dataclass
class AgencyRow:
    """A name as the plan wrote it, the unit it resolved to and on how many tasks it stands."""

    written_name: str
    unit: Unit
    leads: int = 0
    coordinates: int = 0
    lines: list[int] = field(default_factory=list)
    now: list[Unit] = field(default_factory=list)
    # Every way the plan wrote this name ("Bộ Công an", "Bộ Công An"), `written_name` first.
    spellings: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return not self.unit.auto_created

    @property
    def key(self) -> str:
        return fold(self.written_name)


_LEADING_PLURAL = re.compile(r"^(?:các|những)\s+")


def spelling_key(name: str) -> str:
    """The key under which spellings of one agency name are one row: case, spaces and a leading
    "các"/"những" do not make another body ("Bộ Công An" is "Bộ Công an"; "các bộ, ngành, địa
    phương" is "Các bộ, ngành, địa phương" is "Bộ, ngành, địa phương"). Accents stay: a mark can
    be another word."""
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return _LEADING_PLURAL.sub("", text)


def agency_spellings(*, program: Program, written_name: str) -> list[str]:
    """Every name the program's tasks write as `written_name` is written (see `spelling_key`),
    so that one decision (map, keep, split) applies to all of them; `written_name` first."""
    key = spelling_key(written_name)
    names = TaskUnit.objects.filter(task__program=program).values_list("written_name", flat=True)
    others = sorted({n for n in names if spelling_key(n) == key and n != written_name})
    return [written_name, *others]


def agency_rows(
    *, program: Program, unresolved_only: bool = False, with_successors: bool = True
) -> list[AgencyRow]:
    """One row per name (its spellings as one, see `spelling_key`) and unit of the program's
    tasks, unresolved names first; with `with_successors`, what a historic unit is now (the
    2025 reorganisation). The row's `written_name` is its first spelling in the plan. The unit
    stays in the key: "giữ ngoài danh mục" acts on a row's one unit, so spellings the loader
    gave two units ("các địa phương", "Địa phương") are one row only once services act on
    `agency_spellings`."""
    rows: dict[tuple[str, int], AgencyRow] = {}
    task_units = (
        TaskUnit.objects.filter(task__program=program)
        .select_related("unit", "task")
        .order_by("task__order", "role", "order")
    )
    if unresolved_only:
        task_units = task_units.filter(unit__auto_created=True)
    for tu in task_units:
        row = rows.setdefault(
            (spelling_key(tu.written_name), tu.unit_id),
            AgencyRow(written_name=tu.written_name, unit=tu.unit),
        )
        if tu.written_name not in row.spellings:
            row.spellings.append(tu.written_name)
        if tu.role == TaskUnit.Role.LEAD:
            row.leads += 1
        else:
            row.coordinates += 1
        if tu.task.line and tu.task.line not in row.lines:
            row.lines.append(tu.task.line)
    result = list(rows.values())
    if with_successors:
        historic = set(
            Unit.successors.through.objects.filter(
                from_unit_id__in={r.unit.pk for r in result}
            ).values_list("from_unit_id", flat=True)
        )
        now: dict[int, list[Unit]] = {}
        for row in result:
            if row.unit.pk in historic:
                if row.unit.pk not in now:
                    now[row.unit.pk] = [u for u in unit_current(row.unit) if u.pk != row.unit.pk]
                row.now = now[row.unit.pk]
    result.sort(key=lambda r: (r.resolved, fold(r.written_name)))
    return result


def agency_parts(*, name: str) -> list[str]:
    """The importer's split of a name into agencies, to prefill the "split" box; the name
    itself when the importer sees one agency."""
    parts = split_agencies(name)
    return parts if len(parts) > 1 else [name]


def unit_candidates(*, query: str, limit: int = 15) -> list[Unit]:
    """Units whose names or aliases contain every word of the query, accents folded ("so y te"
    finds Sở Y tế); units made by an import and not yet reviewed are left out."""
    words = fold(query).split()
    if not words:
        return []
    units = Unit.objects.filter(auto_created=False)
    for word in words[:8]:
        units = units.filter(search_key__contains=word)
    return list(units.order_by("kind", "name")[:limit])


# -- indicators ----------------------------------------------------------------------------------


def indicator_choices(
    *, program: Program | None = None, keep: Indicator | None = None
) -> QuerySet[Indicator]:
    """The indicator picker: the shared catalogue's first, then the rest by name, each name and
    unit once. Indicators named in another program's draft stay out until it is published
    (its reviewer has not vouched for them here); `program`'s own and `keep` (the record's
    current indicator) are always there."""
    rows = Indicator.objects.values_list("pk", "code", "name", "unit")
    published = set(
        Target.objects.filter(program__status=Program.Status.PUBLISHED).values_list(
            "indicator_id", flat=True
        )
    )
    drafted = set(
        Target.objects.exclude(program__status=Program.Status.PUBLISHED).values_list(
            "indicator_id", flat=True
        )
    )
    drafted |= _indicators_of_draft_values()
    own = (
        set(Target.objects.filter(program=program).values_list("indicator_id", flat=True))
        if program is not None
        else set()
    )
    keep_pk = keep.pk if keep is not None else None

    def visible(pk: int, code: str | None) -> bool:
        if code or pk in published or pk in own or pk == keep_pk:
            return True
        return pk not in drafted

    def rank(pk: int, code: str | None) -> tuple[int, int, int]:
        """Which of the indicators sharing a name and unit the picker shows."""
        return (pk != keep_pk, not code, pk not in published and pk not in own)

    chosen: dict[tuple[str, str], tuple[tuple[int, int, int], int]] = {}
    for pk, code, name, unit in rows:
        if not visible(pk, code):
            continue
        key = (fold(" ".join(name.split())), fold(unit or ""))
        candidate = (rank(pk, code), pk)
        if key not in chosen or candidate < chosen[key]:
            chosen[key] = candidate
    ids = [pk for _rank, pk in chosen.values()]
    return (
        Indicator.objects.filter(pk__in=ids)
        .annotate(outside_catalogue=Case(When(code__isnull=False, then=0), default=1))
        .order_by("outside_catalogue", "search_key", "unit", "pk")
    )


def _indicators_of_draft_values() -> set[int]:
    """Indicators of the values a draft plan reports: its import made them observations whose
    source is "<the plan's number>, dòng N" (reporting's loader, registry_parts.py)."""
    drafts = Program.objects.exclude(status=Program.Status.PUBLISHED)
    prefixes = [f"{p.number or p.title[:60]}, dòng " for p in drafts.only("number", "title")]
    if not prefixes:
        return set()
    sourced = Q()
    for prefix in prefixes:
        sourced |= Q(observations__source__startswith=prefix)
    return set(
        Indicator.objects.filter(sourced, observations__source_kind="document").values_list(
            "pk", flat=True
        )
    )


def confirmed_indicators(*, ids: set[int]) -> set[int]:
    """Of these indicators, those whose name needs no more review: in the shared catalogue,
    used by a published program, or vouched for by a reviewer (an audited confirmation)."""
    if not ids:
        return set()
    done = set(
        Indicator.objects.filter(pk__in=ids)
        .filter(Q(code__isnull=False) | Q(targets__program__status=Program.Status.PUBLISHED))
        .values_list("pk", flat=True)
    )
    vouched = AuditLog.objects.filter(
        object_type="registry.indicator",
        object_id__in=[str(i) for i in ids - done],
        action__in=INDICATOR_CONFIRMING_ACTIONS,
    ).values_list("object_id", flat=True)
    return done | {int(i) for i in vouched}


# The audit action by which a reviewer vouches that a target is measured by its catalogue
# indicator although the names share little (`questioned_catalogue_matches`).
TARGET_CATALOGUE_CONFIRM = "review.target_indicator_confirm"


def catalogue_match_open(target: Target) -> bool:
    """A target put on a shared-catalogue indicator whose name shares little with what the
    target says it measures: the reviewer looks before the dashboard trusts it."""
    return bool(target.indicator.code) and catalogue_match_questioned(
        target.indicator.name, target.subject, target.goal.text
    )


def questioned_catalogue_matches(*, targets: list[Target]) -> set[int]:
    """Of these targets, those on a catalogue indicator that is in question and that no
    reviewer has confirmed for this target."""
    open_ids = {t.pk for t in targets if catalogue_match_open(t)}
    if not open_ids:
        return set()
    vouched = AuditLog.objects.filter(
        object_type="registry.target",
        object_id__in=[str(i) for i in open_ids],
        action=TARGET_CATALOGUE_CONFIRM,
    ).values_list("object_id", flat=True)
    return open_ids - {int(i) for i in vouched}


# -- the checklist before publishing -------------------------------------------------------------


@dataclass
class Checklist:
    unresolved_agencies: list[AgencyRow]
    unnamed_targets: list[Target]
    tasks_without_lead: list[Task]
    budget_stated: int | None
    budget_tasks: int
    budget_warnings: list[dict[str, Any]]

    @property
    def budget_matches(self) -> bool:
        return (
            self.budget_stated is None or self.budget_stated == self.budget_tasks
        ) and not self.budget_warnings

    @property
    def blocking(self) -> int:
        """Open items that stop publication (a budget difference is acknowledged instead: the
        plan itself may be inconsistent)."""
        return (
            len(self.unresolved_agencies) + len(self.unnamed_targets) + len(self.tasks_without_lead)
        )

    @property
    def clear(self) -> bool:
        return self.blocking == 0 and self.budget_matches


def checklist(*, program: Program) -> Checklist:
    targets = list(
        Target.objects.filter(program=program)
        .select_related("indicator", "goal")
        .order_by("goal__order", "order")
    )
    confirmed = confirmed_indicators(ids={t.indicator_id for t in targets})
    questioned = questioned_catalogue_matches(targets=targets)
    tasks = list(tasks_with_units(program=program))
    budget = sum(t.budget_vnd for t in tasks if t.budget_vnd is not None)
    return Checklist(
        unresolved_agencies=agency_rows(
            program=program, unresolved_only=True, with_successors=False
        ),
        unnamed_targets=[
            t for t in targets if t.indicator_id not in confirmed or t.pk in questioned
        ],
        tasks_without_lead=[t for t in tasks if not t.leads()],
        budget_stated=program.budget_stated_vnd,
        budget_tasks=budget,
        budget_warnings=[
            w
            for w in program.warnings or []
            if isinstance(w, dict) and str(w.get("code", "")).startswith("budget")
        ],
    )


def review_comment_prefix(*, program_pk: int) -> str:
    """Every review write's audit comment starts with this, so the program's history can be
    read back even for rows about its targets, tasks, indicators and units."""
    return f"Rà soát chương trình #{program_pk}:"


def review_history(*, program: Program, limit: int = 50) -> QuerySet[AuditLog]:
    """The audit rows of this program's review, newest first."""
    return AuditLog.objects.filter(
        Q(object_type="registry.program", object_id=str(program.pk))
        | Q(comment__startswith=review_comment_prefix(program_pk=program.pk))
    ).order_by("-at", "-pk")[:limit]


# -- a new version of the same plan ----------------------------------------------------------------

TARGET_COMPARED = ("comparator", "value", "unit", "year", "quarter", "scope")
# A task's own fields as the importer reads them (its name is how versions match it).
TASK_RECORD_FIELDS = (
    "code",
    "group",
    "timeframe",
    "start_year",
    "end_year",
    "end_quarter",
    "budget_vnd",
    "budget_source",
    "product",
)
TASK_COMPARED = (*TASK_RECORD_FIELDS, "lead", "coordinators")


FIELD_WORDS = {
    "comparator": "phép so sánh",
    "value": "giá trị",
    "unit": "đơn vị tính",
    "year": "năm",
    "quarter": "quý",
    "scope": "phạm vi",
    "code": "mã",
    "group": "nhóm",
    "timeframe": "thời gian",
    "start_year": "năm bắt đầu",
    "end_year": "năm hoàn thành",
    "end_quarter": "quý hoàn thành",
    "budget_vnd": "kinh phí (đồng)",
    "budget_source": "nguồn kinh phí",
    "product": "sản phẩm",
    "lead": "cơ quan chủ trì",
    "coordinators": "cơ quan phối hợp",
}


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Change:
    """One difference between the version the draft was imported from and a new version."""

    key: str
    kind: str  # "target" | "task"
    op: str  # "add" | "remove" | "modify"
    label: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def described(self) -> list[tuple[str, str, str]]:
        """The modified fields in words: (field, before, after)."""
        return [
            (FIELD_WORDS.get(name, name), _shown(old), _shown(new))
            for name, (old, new) in self.fields.items()
        ]

    @property
    def line_old(self) -> int | None:
        return self.old.get("line") if self.old else None

    @property
    def line_new(self) -> int | None:
        return self.new.get("line") if self.new else None


def _target_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each measure of each goal as one item (a Target is one measure), with its goal's text."""
    items = []
    for record in data.get("targets") or []:
        for position, measure in enumerate(record.get("measures") or []):
            items.append(
                {
                    **{name: measure.get(name) for name in TARGET_COMPARED},
                    "subject": measure.get("subject") or "",
                    "goal": record.get("text") or "",
                    "section": record.get("section") or "",
                    "line": record.get("line"),
                    "position": position,
                }
            )
    return items


def identity_text(text: str) -> str:
    """A statement as matched across versions: folded, numbers masked, so a changed threshold
    ("trên 85%" → "trên 90%") is the same statement modified, not one removed and one added."""
    return re.sub(r"\d+(?:[.,]\d+)*", "#", fold(" ".join(text.split())))[:300]


def _target_identity(item: dict[str, Any]) -> str:
    return f"{identity_text(item['goal'])}@{item['position']}"


def _task_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            **{name: record.get(name) for name in TASK_COMPARED},
            "lead": list(record.get("lead") or []),
            "coordinators": list(record.get("coordinators") or []),
            "name": record.get("name") or "",
            "line": record.get("line"),
        }
        for record in data.get("tasks") or []
        if str(record.get("name") or "").strip()
    ]


def _task_identity(item: dict[str, Any]) -> str:
    return identity_text(item["name"])


def _pair(
    old: list[dict[str, Any]], new: list[dict[str, Any]], identity: Any
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Matched (old, new) pairs in the new order, the new items without a match, the old ones."""
    waiting: dict[str, list[dict[str, Any]]] = {}
    for item in old:
        waiting.setdefault(identity(item), []).append(item)
    pairs, added = [], []
    for item in new:
        same = waiting.get(identity(item))
        if same:
            pairs.append((same.pop(0), item))
        else:
            added.append(item)
    removed = [item for items in waiting.values() for item in items]
    return pairs, added, removed


def _differences(
    old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]
) -> dict[str, tuple[Any, Any]]:
    return {
        name: (old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)
    }


def version_changes(
    *, program: Program, new_data: dict[str, Any]
) -> tuple[list[Change], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """What a new version of the plan changes: the importer's rules run again on the text the
    draft was imported from (the previous version) and on the new one, targets and tasks
    matched by their goal statement / name. Records that still match are not listed: the
    reviewer's edits to them stay. Also returns every matched pair, to move line numbers."""
    previous = extract_text(program.source_text)
    return _changes_between(
        {"target": _target_items(previous), "task": _task_items(previous)},
        {"target": _target_items(new_data), "task": _task_items(new_data)},
    )


def target_for_item(*, program: Program, item: dict[str, Any]) -> Target | None:
    """The draft's target an extraction item was loaded as: its goal's line and position."""
    return (
        Target.objects.filter(program=program, goal__line=item.get("line"), order=item["position"])
        .select_related("goal", "indicator")
        .first()
    )


def task_for_item(*, program: Program, item: dict[str, Any]) -> Task | None:
    """The draft's task an extraction item was loaded as: same line, the name first."""
    tasks = list(program.tasks.filter(line=item.get("line")))
    for task in tasks:
        if _task_identity({"name": task.name}) == _task_identity(item):
            return task
    return tasks[0] if len(tasks) == 1 else None


# -- an amendment of a published program ------------------------------------------------------------

AMEND_TARGET_COMPARED = (*TARGET_COMPARED, "indicator")
FIELD_WORDS["indicator"] = "chỉ số"


def amendment_of(*, program: Program) -> Program | None:
    """The draft amendment under review for a published program, if one was started."""
    return program.amendments.filter(status=Program.Status.DRAFT).order_by("-pk").first()


def _target_rows(program: Program) -> list[dict[str, Any]]:
    """The program's targets in force, as items of the change list (goal statement, position)."""
    targets = (
        Target.objects.filter(in_force(), program=program)
        .select_related("goal", "indicator")
        .order_by("goal__order", "order")
    )
    return [
        {
            **{name: getattr(t, name) for name in TARGET_COMPARED},
            "indicator": t.indicator.name,
            "subject": t.subject,
            "goal": t.goal.text,
            "line": t.goal.line,
            "position": t.order,
            "pk": t.pk,
        }
        for t in targets
    ]


def _task_rows(program: Program) -> list[dict[str, Any]]:
    """The program's tasks in force, with their agencies as the units they stand for."""
    rows = []
    for task in tasks_with_units(program=program).filter(in_force()):
        row = {name: getattr(task, name) for name in TASK_COMPARED if hasattr(task, name)}
        row.update(
            name=task.name,
            line=task.line,
            pk=task.pk,
            lead=[tu.unit.name for tu in task.leads()],
            coordinators=[tu.unit.name for tu in task.coordinators()],
        )
        rows.append(row)
    return rows


Items = dict[str, list[dict[str, Any]]]
Pairs = list[tuple[dict[str, Any], dict[str, Any]]]


def _changes_between(
    old_items: Items, new_items: Items, *, target_compared: tuple[str, ...] = TARGET_COMPARED
) -> tuple[list[Change], Pairs]:
    """Targets and tasks of two versions paired by their statement / name (numbers masked):
    the added, removed and modified ones, and every matched pair."""
    changes: list[Change] = []
    matched: Pairs = []
    for kind, identity, compared, label in (
        ("target", _target_identity, target_compared, "goal"),
        ("task", _task_identity, TASK_COMPARED, "name"),
    ):
        pairs, added, removed = _pair(old_items[kind], new_items[kind], identity)
        matched += pairs
        for n, item in enumerate(added):
            changes.append(Change(f"{kind}-add-{n}", kind, "add", item[label][:200], new=item))
        for n, item in enumerate(removed):
            changes.append(
                Change(f"{kind}-remove-{n}", kind, "remove", item[label][:200], old=item)
            )
        for n, (before, after) in enumerate(pairs):
            fields = _differences(before, after, compared)
            if fields:
                changes.append(
                    Change(
                        f"{kind}-modify-{n}",
                        kind,
                        "modify",
                        after[label][:200],
                        old=before,
                        new=after,
                        fields=fields,
                    )
                )
    return changes, matched


def amendment_changes(*, amendment: Program) -> tuple[list[Change], Pairs]:
    """What a draft amendment changes in the program it amends: its targets and tasks (as the
    reviewer left them) against those in force in the published program. Items carry `pk`."""
    published = amendment.amends
    if published is None:
        return [], []
    return _changes_between(
        {"target": _target_rows(published), "task": _task_rows(published)},
        {"target": _target_rows(amendment), "task": _task_rows(amendment)},
        target_compared=AMEND_TARGET_COMPARED,
    )


def agency_merge_suggestion(*, program: Program, name: str) -> list[str]:
    """The names a wrongly split agency probably was cut into: `name` and the name written right
    after it on a task of the draft, in the same role ("Sở Văn hóa" | "Thể thao và Du lịch")."""
    rows = TaskUnit.objects.filter(task__program=program).order_by("task_id", "role", "order")
    previous: TaskUnit | None = None
    for tu in rows:
        if (
            previous is not None
            and previous.written_name == name
            and (previous.task_id, previous.role) == (tu.task_id, tu.role)
        ):
            return [name, tu.written_name]
        previous = tu
    return [name]


# -- the results the plan reports (số liệu) --------------------------------------------------------


def observations_of(*, program: Program) -> list[Any]:
    """The results the draft's document reports (reporting's rows, through the program's
    relation), in the order of the text."""
    return list(
        program.observations.select_related("indicator", "unit").order_by("line", "period", "pk")
    )


def observation_of(*, program: Program, pk: int) -> Any:
    observation = program.observations.select_related("indicator", "unit").filter(pk=pk).first()
    if observation is None:
        raise Http404(gettext("Không tìm thấy số liệu."))
    return observation


def observation_prefill(*, program: Program, first: int, last: int) -> dict[str, Any]:
    """The importer's result rules on the span: the first value it reads there prefills the
    form; else the span's last year and first number."""
    text = span_text(program=program, first=first, last=last)
    initial: dict[str, Any] = {"text": _one_line(text)[:2000]}
    for record in extract_text(text).get("observations") or []:
        initial.update(
            period=str(record.get("year") or ""),
            value=record.get("value"),
            measure=record.get("unit") or "",
            place=record.get("place") or "",
            indicator_name=record.get("subject") or "",
        )
        return initial
    years = YEAR.findall(text)
    number = re.search(r"\d+(?:[.,]\d+)*", YEAR.sub(" ", text))
    initial.update(
        period=years[-1] if years else "",
        value=number.group(0) if number else "",
        measure="%" if "%" in text else "",
    )
    return initial
