"""Open data reads: which datasets exist, their metadata, and their rows. No writes here.

Only published programs and accepted values are read: a draft program, and a value or task
update that is not accepted (draft, awaiting sign-off, submitted, returned), are never in a
dataset, the catalogue or the CKAN API. The metadata of every dataset is computed together and
cached under the evaluation stamp (`evaluation.selectors.cache_key`), which every audited write
renews; rows are read with `iterator()` so a large dataset streams.

`modified` of a dataset is the latest time its data changed: the latest review (acceptance) of
its values or task updates, the latest publication of a program it reads, and, for the datasets
computed by the evaluation (targets, tasks, scores), the evaluation date: never "now".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from dxtrack.core.models import AuditLog, ReviewState
from dxtrack.core.periods import Period
from dxtrack.core.vn import fold
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.models import RankingRow, UnitScore
from dxtrack.evaluation.pillars import pillar_labels, target_pillar, task_pillar
from dxtrack.opendata import reports, store
from dxtrack.opendata.schema import (
    FIELDS,
    FIXED,
    SIMULATED_NOTE_EN,
    SIMULATED_NOTE_VI,
    ExtraFile,
    Field,
)
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import Indicator, Program, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Observation, TaskUpdate

Row = tuple[Any, ...]


@dataclass
class Dataset:
    """One open dataset and its metadata (the same for every reader)."""

    slug: str
    kind: str
    title: str
    title_en: str
    description: str
    description_en: str
    keywords: tuple[str, ...]
    theme: str
    organization: str  # code of the publishing unit
    issued: datetime | None
    modified: datetime | None
    temporal_start: date | None
    temporal_end: date | None
    rows: int
    simulated: bool
    indicator_id: int | None = None
    program_ids: tuple[int, ...] = ()
    pillars: tuple[str, ...] = ()
    search_key: str = ""
    unit_of_measure: str = ""
    files: tuple[ExtraFile, ...] = ()  # published besides the table (issued reports' files)

    @property
    def fields(self) -> tuple[Field, ...]:
        return FIELDS[self.kind]


@dataclass
class Catalog:
    datasets: dict[str, Dataset]
    organizations: dict[str, dict[str, str]]  # code → {"name", "kind"}
    programs: list[tuple[int, str]] = field(default_factory=list)  # (pk, label)
    modified: datetime | None = None
    issued: datetime | None = None


# ---------------------------------------------------------------------------------------
# What is published
# ---------------------------------------------------------------------------------------


def published_programs() -> QuerySet[Program]:
    return Program.objects.filter(status=Program.Status.PUBLISHED)


def published_indicator_ids() -> set[int]:
    """Indicators a published program sets a target on or quotes a value of."""
    targeted = published_targets().values_list("indicator_id", flat=True)
    quoted = Observation.objects.filter(
        state=ReviewState.ACCEPTED, program__status=Program.Status.PUBLISHED
    ).values_list("indicator_id", flat=True)
    # order_by(): the models' default ordering would add its columns to the DISTINCT.
    return set(targeted.order_by().distinct()) | set(quoted.order_by().distinct())


def published_observations(*, indicator_ids: set[int] | None = None) -> QuerySet[Observation]:
    """Accepted values of published indicators, outside any draft program."""
    ids = published_indicator_ids() if indicator_ids is None else indicator_ids
    # The published programs' ids rather than a join: the filter stays on the values' own table.
    programs = list(published_programs().values_list("pk", flat=True))
    return Observation.objects.filter(state=ReviewState.ACCEPTED, indicator_id__in=ids).filter(
        Q(program__isnull=True) | Q(program_id__in=programs)
    )


# A target or task an amendment repealed is in no dataset, nor are its updates (`in_force`;
# docs/decisions.md): its page on the portal's site still says it was repealed.


def published_tasks() -> QuerySet[Task]:
    return Task.objects.filter(in_force(), program__status=Program.Status.PUBLISHED)


def published_targets() -> QuerySet[Target]:
    return Target.objects.filter(in_force(), program__status=Program.Status.PUBLISHED)


def accepted_task_updates() -> QuerySet[TaskUpdate]:
    return TaskUpdate.objects.filter(
        in_force("task__"),
        state=ReviewState.ACCEPTED,
        task__program__status=Program.Status.PUBLISHED,
    )


# ---------------------------------------------------------------------------------------
# The catalogue (metadata of every dataset), cached under the evaluation stamp
# ---------------------------------------------------------------------------------------


def catalog() -> Catalog:
    """Every dataset's metadata, computed once per evaluation stamp and kept as an object for
    every thread of the process (Django's cache would hand back an unpickled copy, ~300
    datasets, on every read), shared with the server's other processes (`store`)."""
    return store.kept(parts=("catalog", 4), build=_catalog_build)


def dataset_get(*, slug: str) -> Dataset | None:
    return catalog().datasets.get(slug)


def _midnight(d: date | None) -> datetime | None:
    if d is None:
        return None
    return timezone.make_aware(datetime.combine(d, time.min))


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return min(present) if present else None


def _period_span(codes: set[str]) -> tuple[date | None, date | None]:
    periods = []
    for code in codes:
        try:
            periods.append(Period.parse(code))
        except ValueError:
            continue
    if not periods:
        return None, None
    return min(p.start for p in periods), max(p.end for p in periods)


def coordinator_code() -> str:
    return str(settings.REPORTING_COORDINATOR_UNIT)


def _observation_stats(
    *, indicator_ids: set[int]
) -> tuple[dict[int, dict[str, Any]], dict[int, set[str]]]:
    """Per indicator: the number of accepted values, the first and last review time (a value
    quoted from a plan has none: its plan's publication counts), how many are simulated; and
    its periods. One grouped scan of the values, no join (1.4 M values: one pass, not three)."""
    published_at = dict(published_programs().values_list("pk", "published_at"))
    groups = (
        published_observations(indicator_ids=indicator_ids)
        .values("indicator_id", "program_id", "period")
        .annotate(
            n=Count("id"),
            first=Min("reviewed_at"),
            last=Max("reviewed_at"),
            unreviewed=Count("id", filter=Q(reviewed_at__isnull=True)),
            simulated=Count("id", filter=Q(simulated=True)),
        )
        .order_by()
    )
    stats: dict[int, dict[str, Any]] = {}
    periods: dict[int, set[str]] = defaultdict(set)
    for g in groups:
        quoted = published_at.get(g["program_id"]) if g["unreviewed"] else None
        s = stats.setdefault(
            g["indicator_id"], {"n": 0, "first": None, "last": None, "simulated": 0}
        )
        s["n"] += g["n"]
        s["first"] = _earliest(s["first"], g["first"], quoted)
        s["last"] = _latest(s["last"], g["last"], quoted)
        s["simulated"] += g["simulated"]
        periods[g["indicator_id"]].add(g["period"])
    return stats, periods


def _catalog_build() -> Catalog:
    programs = list(published_programs().order_by("-issued_on", "key"))
    published_first = _earliest(*(p.published_at for p in programs))
    published_last = _latest(*(p.published_at for p in programs))
    program_ids = tuple(p.pk for p in programs)
    eval_day = _midnight(ev.evaluation_as_of())
    all_pillars = tuple(pillar_labels())

    indicator_ids = published_indicator_ids()
    per_indicator, periods = _observation_stats(indicator_ids=indicator_ids)

    targets_by_indicator: dict[int, list[Target]] = defaultdict(list)
    for target in published_targets().select_related("goal", "indicator"):
        targets_by_indicator[target.indicator_id].append(target)

    datasets: dict[str, Dataset] = {}
    orgs: set[str] = {coordinator_code()}
    indicators = Indicator.objects.filter(pk__in=indicator_ids).select_related("responsible_unit")
    for indicator in indicators.order_by("name"):
        stats: dict[str, Any] = per_indicator.get(indicator.pk, {})
        targets = targets_by_indicator.get(indicator.pk, [])
        its_programs = {t.program_id for t in targets}
        published_at = [p.published_at for p in programs if p.pk in its_programs]
        start, end = _period_span(periods.get(indicator.pk, set()))
        org = indicator.responsible_unit.code if indicator.responsible_unit else coordinator_code()
        orgs.add(org)
        simulated = bool(stats.get("simulated"))
        slug = f"chi-so-{indicator.code or indicator.pk}"
        unit = f" ({indicator.unit})" if indicator.unit else ""
        datasets[slug] = Dataset(
            slug=slug,
            kind="indicator",
            title=f"Chỉ số: {indicator.name}{unit}",
            title_en=f"Indicator: {indicator.name}{unit}",
            description=(
                f"Các giá trị đã được duyệt của chỉ số “{indicator.name}” theo đơn vị và kỳ, kèm "
                f"nguồn và ngày duyệt. Cách tổng hợp: {indicator.get_aggregation_display()}."
                + (SIMULATED_NOTE_VI if simulated else "")
            ),
            description_en=(
                f"The accepted values of the indicator “{indicator.name}” (in Vietnamese) by unit "
                "and period, with their source and review date."
                + (SIMULATED_NOTE_EN if simulated else "")
            ),
            keywords=("chỉ số", "chuyển đổi số", *([indicator.unit] if indicator.unit else [])),
            theme="GOVE",
            organization=org,
            issued=_earliest(stats.get("first"), *published_at),
            modified=_latest(stats.get("last"), *published_at),
            temporal_start=start,
            temporal_end=end,
            rows=stats.get("n", 0),
            simulated=simulated,
            indicator_id=indicator.pk,
            program_ids=tuple(sorted(its_programs)),
            pillars=tuple(sorted({target_pillar(t) for t in targets})),
            unit_of_measure=indicator.unit,
        )

    all_obs = {
        "n": sum(s["n"] for s in per_indicator.values()),
        "first": _earliest(*(s["first"] for s in per_indicator.values())),
        "last": _latest(*(s["last"] for s in per_indicator.values())),
        "simulated": any(s["simulated"] for s in per_indicator.values()),
    }
    all_periods = set().union(*periods.values()) if periods else set()
    updates = accepted_task_updates().aggregate(
        last=Max("reviewed_at"), simulated=Count("id", filter=Q(simulated=True))
    )
    tasks = published_tasks()
    budget_updates = accepted_task_updates().filter(disbursed__isnull=False)
    budget = budget_updates.aggregate(
        last=Max("reviewed_at"), simulated=Count("id", filter=Q(simulated=True))
    )
    ranking = RankingRow.objects.aggregate(first=Min("period"), last=Max("period"), n=Count("id"))
    units = Unit.objects.all()
    unit_changed = AuditLog.objects.filter(object_type="registry.unit")
    unit_modified = unit_changed.aggregate(last=Max("at"))["last"]
    years = [p.issued_on for p in programs if p.issued_on]
    horizons = [p.horizon_year for p in programs if p.horizon_year]
    plan_start = min(years) if years else None
    plan_end = date(max(horizons), 12, 31) if horizons else None

    fixed_stats: dict[str, dict[str, Any]] = {
        "so-lieu": {
            "rows": all_obs["n"],
            "issued": _earliest(all_obs["first"], published_first),
            "modified": _latest(all_obs["last"], published_last),
            "span": _period_span(all_periods),
            "simulated": all_obs["simulated"],
        },
        "chi-tieu": {
            "rows": published_targets().count(),
            "issued": published_first,
            "modified": _latest(all_obs["last"], published_last, eval_day),
            "span": (plan_start, plan_end),
            # A target's status and R come from its indicator's values: simulated ones too.
            "simulated": any(
                per_indicator.get(i, {}).get("simulated") for i in targets_by_indicator
            ),
        },
        "nhiem-vu": {
            "rows": tasks.count(),
            "issued": published_first,
            "modified": _latest(updates["last"], published_last, eval_day),
            "span": (plan_start, plan_end),
            "simulated": bool(updates["simulated"]),
        },
        "kinh-phi": {
            "rows": tasks.count(),
            "issued": published_first,
            "modified": _latest(budget["last"], published_last),
            "span": (plan_start, plan_end),
            "simulated": bool(budget["simulated"]),
        },
        "diem-xep-hang": {
            "rows": ranking["n"],
            "issued": published_first,
            "modified": _latest(all_obs["last"], updates["last"], eval_day),
            "span": _period_span({p for p in (ranking["first"], ranking["last"]) if p}),
            "simulated": all_obs["simulated"] or bool(updates["simulated"]),
        },
        "chuong-trinh": {
            "rows": len(programs),
            "issued": published_first,
            "modified": published_last,
            "span": (plan_start, plan_end),
            "simulated": False,
        },
        reports.SLUG: reports.catalog_entry(),
        "don-vi": {
            "rows": units.count(),
            "issued": published_first,
            "modified": _latest(unit_modified, published_first),
            "span": (None, None),
            "simulated": False,
        },
    }
    fixed: dict[str, Dataset] = {}
    for slug, (kind, title, title_en, desc, desc_en, keywords, theme) in FIXED.items():
        stats = fixed_stats[slug]
        simulated = bool(stats["simulated"])
        fixed[slug] = Dataset(
            slug=slug,
            kind=kind,
            title=title,
            title_en=title_en,
            description=desc + (SIMULATED_NOTE_VI if simulated else ""),
            description_en=desc_en + (SIMULATED_NOTE_EN if simulated else ""),
            keywords=keywords,
            theme=theme,
            organization=coordinator_code(),
            issued=stats["issued"],
            modified=stats["modified"],
            temporal_start=stats["span"][0],
            temporal_end=stats["span"][1],
            rows=stats["rows"],
            simulated=simulated,
            files=stats.get("files", ()),
            program_ids=program_ids if kind not in ("units", "reports") else (),
            pillars=all_pillars if kind in ("observations", "targets", "tasks", "budgets") else (),
        )
    datasets = {**fixed, **datasets}
    for d in datasets.values():
        d.search_key = fold(" ".join([d.title, d.title_en, d.description, *d.keywords]))

    organizations = {
        u.code: {"name": u.name, "kind": u.kind} for u in Unit.objects.filter(code__in=orgs)
    }
    for d in datasets.values():  # a publisher missing from the registry falls back
        if d.organization not in organizations:
            d.organization = next(iter(organizations), d.organization)
    return Catalog(
        datasets=datasets,
        organizations=organizations,
        programs=[(p.pk, str(p)) for p in programs],
        modified=_latest(*(d.modified for d in datasets.values())),
        issued=published_first,
    )


def datasets_search(
    *,
    q: str = "",
    pillar: str = "",
    program: int | None = None,
    organization: str = "",
    modified_since: datetime | None = None,
) -> list[Dataset]:
    """Datasets matching every given filter, in catalogue order (fixed datasets first)."""
    words = fold(q).split()
    found = []
    for d in catalog().datasets.values():
        if words and not all(w in d.search_key for w in words):
            continue
        if pillar and pillar not in d.pillars:
            continue
        if program is not None and program not in d.program_ids:
            continue
        if organization and d.organization != organization:
            continue
        if modified_since is not None and (d.modified is None or d.modified < modified_since):
            continue
        found.append(d)
    return found


# ---------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------

CHUNK = 5000


def dataset_rows(*, dataset: Dataset) -> Iterator[Row]:
    """The dataset's rows as tuples in the order of `dataset.fields`, streamed."""
    readers = {
        "indicator": lambda: _observation_rows(indicator_id=dataset.indicator_id),
        "observations": lambda: _observation_rows(indicator_id=None),
        "targets": _target_rows,
        "tasks": _task_rows,
        "budgets": _budget_rows,
        "scores": _score_rows,
        "programs": _program_rows,
        "units": _unit_rows,
        "reports": reports.report_rows,
    }
    return readers[dataset.kind]()


def _observation_rows(*, indicator_id: int | None) -> Iterator[Row]:
    # Names of indicators and units from two small maps: joining them on every one of
    # 1.4 M rows costs more than the rows themselves.
    ids = published_indicator_ids()
    if indicator_id is not None:
        ids = ids & {indicator_id}
    indicators = {
        pk: (code or "", name, unit)
        for pk, code, name, unit in Indicator.objects.filter(pk__in=ids).values_list(
            "pk", "code", "name", "unit"
        )
    }
    units = {pk: (code, name) for pk, code, name in Unit.objects.values_list("pk", "code", "name")}
    published_at = dict(published_programs().values_list("pk", "published_at"))
    # One indicator's values by unit and period. All values: in the order they were recorded
    # (the primary key), which the database reads front to back and sends at once; sorting
    # 1.4 M values by indicator first cost 7 s before the first byte, and reading them one
    # indicator at a time ~30 ms an indicator, since an indicator's values lie on scattered pages.
    values = published_observations(indicator_ids=ids)
    ordered = (
        values.order_by("unit_id", "period", "pk")
        if indicator_id is not None
        else values.order_by("pk")
    )
    rows = ordered.values_list(
        "indicator_id",
        "period",
        "unit_id",
        "value",
        "of_value",
        "source_kind",
        "source",
        "reviewed_at",
        "program_id",
        "simulated",
    )
    for (
        ind,
        period,
        unit_id,
        value,
        of_value,
        kind,
        source,
        reviewed,
        program,
        sim,
    ) in rows.iterator(chunk_size=CHUNK):
        code, name, measure = indicators[ind]
        unit_code, unit_name = units[unit_id]
        yield (
            code,
            name,
            measure,
            period,
            unit_code,
            unit_name,
            value,
            of_value,
            kind,
            source,
            reviewed or published_at.get(program),
            sim,
        )


def _target_rows() -> Iterator[Row]:
    targets = list(
        published_targets()
        .select_related("program", "goal", "indicator", "owner")
        .defer("program__source_text")
        .order_by("program__issued_on", "program_id", "goal__order", "order", "pk")
    )
    evaluations = ev.target_evaluations(targets=targets)
    # The indicators with simulated values (the catalogue counted them): a target's status
    # and R rest on them.
    simulated = {
        d.indicator_id
        for d in catalog().datasets.values()
        if d.indicator_id is not None and d.simulated
    }
    for t in targets:
        e = evaluations.get(t.pk)
        yield (
            t.pk,
            str(t.program),
            t.goal.section,
            t.indicator.code or "",
            t.indicator.name,
            t.subject,
            t.comparator,
            t.value,
            t.unit,
            t.year,
            t.quarter,
            t.owner.code if t.owner else "",
            (e.pillar if e and e.pillar else target_pillar(t)),
            e.status if e else "no_data",
            e.label_vi if e else "",
            e.progress_ratio if e else None,
            e.expected_now if e else None,
            e.latest_value if e else None,
            e.latest_period if e else "",
            e.as_of if e else None,
            t.indicator_id in simulated,
        )


def _leads(task_ids: list[int]) -> dict[int, str]:
    leads: dict[int, list[str]] = defaultdict(list)
    rows = TaskUnit.objects.filter(task_id__in=task_ids, role=TaskUnit.Role.LEAD).order_by(
        "task_id", "order"
    )
    for task_id, code in rows.values_list("task_id", "unit__code"):
        leads[task_id].append(code)
    return {k: "; ".join(v) for k, v in leads.items()}


def _latest_updates(*, with_disbursed: bool) -> dict[int, TaskUpdate]:
    """Per task, its latest accepted update (by period), optionally only those with money."""
    updates = accepted_task_updates()
    if with_disbursed:
        updates = updates.filter(disbursed__isnull=False)
    latest: dict[int, TaskUpdate] = {}
    for u in updates.order_by("task_id", "period", "reviewed_at", "pk"):
        latest[u.task_id] = u
    return latest


def _task_rows() -> Iterator[Row]:
    tasks = list(
        published_tasks()
        .select_related("program")
        .defer("program__source_text")
        .order_by("program__issued_on", "program_id", "order")
    )
    leads = _leads([t.pk for t in tasks])
    evaluations = ev.task_evaluations(tasks=tasks)
    latest = _latest_updates(with_disbursed=False)
    for t in tasks:
        e = evaluations.get(t.pk)
        update = latest.get(t.pk)
        yield (
            t.pk,
            str(t.program),
            t.code,
            t.name,
            t.group,
            leads.get(t.pk, ""),
            t.start_year,
            t.end_year,
            (e.pillar if e and e.pillar else task_pillar(t)),
            e.status if e else "",
            e.label_vi if e else "",
            e.percent_done if e else None,
            e.as_of if e else None,
            bool(update and update.simulated),
        )


def _budget_rows() -> Iterator[Row]:
    tasks = list(
        published_tasks()
        .select_related("program")
        .defer("program__source_text")
        .order_by("program__issued_on", "program_id", "order")
    )
    leads = _leads([t.pk for t in tasks])
    latest = _latest_updates(with_disbursed=True)
    for t in tasks:
        update = latest.get(t.pk)
        yield (
            t.pk,
            str(t.program),
            t.code,
            t.name,
            leads.get(t.pk, ""),
            t.budget_vnd,
            t.budget_per_year,
            t.budget_source,
            update.disbursed if update else None,
            update.period if update else "",
            bool(update and update.simulated),
        )


def _score_rows() -> Iterator[Row]:
    rows = RankingRow.objects.select_related("unit").order_by(
        "period", "group", "rank", "unit__code"
    )
    scores = {(s.unit_id, s.period): s for s in UnitScore.objects.all()}
    for r in rows.iterator(chunk_size=CHUNK):
        score = scores.get((r.unit_id, r.period))
        yield (
            r.period,
            r.group,
            r.unit.code,
            r.unit.name,
            score.score if score else r.score,
            r.rank,
            r.previous_period,
            r.previous_rank,
            r.change,
            r.as_of,
        )


def _program_rows() -> Iterator[Row]:
    programs = (
        published_programs()
        .select_related("parent")
        .annotate(
            n_targets=Count("targets", filter=in_force("targets__"), distinct=True),
            n_tasks=Count("tasks", filter=in_force("tasks__"), distinct=True),
        )
        .order_by("-issued_on", "key")
    )
    for p in programs:
        parent = p.parent.key if p.parent and p.parent.is_published else ""
        yield (
            p.key,
            p.number,
            p.kind,
            p.title,
            p.issuer,
            p.issued_on,
            p.horizon_year,
            parent,
            p.published_at,
            p.budget_stated_vnd,
            p.n_targets,
            p.n_tasks,
        )


def _unit_rows() -> Iterator[Row]:
    successors: dict[int, list[str]] = defaultdict(list)
    predecessors: dict[int, list[str]] = defaultdict(list)
    through = Unit.successors.through.objects.values_list(
        "from_unit_id", "from_unit__code", "to_unit_id", "to_unit__code"
    )
    for from_id, from_code, to_id, to_code in through:
        successors[from_id].append(to_code)
        predecessors[to_id].append(from_code)
    units = Unit.objects.select_related("parent").order_by("kind", "code")
    for u in units.iterator(chunk_size=CHUNK):
        yield (
            u.code,
            u.name,
            u.short_name,
            u.kind,
            u.parent.code if u.parent else "",
            u.valid_from,
            u.valid_to,
            "; ".join(sorted(predecessors.get(u.pk, []))),
            "; ".join(sorted(successors.get(u.pk, []))),
        )


def preview_rows(*, dataset: Dataset, limit: int = 10) -> list[Row]:
    rows = []
    for row in dataset_rows(dataset=dataset):
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows
