"""Evaluation reads for the API, the dashboards and the registry pages. No writes here.

The stored rows are the current evaluation; a request for another date is computed on the fly by
the same code the stored rows came from (`compute`; nothing is stored).

Dashboards read the stored rows with a few grouped or paginated queries (the pillar, deadline and
days overdue are columns of the evaluation rows, written at evaluation time). Their results are
cached in Django's cache under a key holding the token of `EvaluationStamp`, which every full or
incremental evaluation, and every other audited write (core/freshness.py), replaces in its own
transaction: a cached part is never used after the data changed, in any process (with the default per-process LocMemCache each worker keeps its
own copy). A target or task without a stored evaluation (added since the last `dxtrack evaluate`)
makes the page compute as before, uncached.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.period_order import period_order_key
from dxtrack.core.periods import Period, fractional_year
from dxtrack.evaluation import compute
from dxtrack.evaluation.methods import (
    DEFAULT_SCORECARD_WEIGHTS,
    SCORECARD_COMPONENTS,
    TARGET_STATUSES,
    TASK_STATUSES,
)
from dxtrack.evaluation.models import (
    RankingRow,
    TargetEvaluation,
    TaskEvaluation,
    UnitScore,
    component_text,
    target_status_label,
    task_status_label,
)
from dxtrack.evaluation.pillars import (
    OTHER_PILLAR,
    pillar_labels,
    target_pillar,
    task_pillar,
)
from dxtrack.evaluation.stamp import stamp_read
from dxtrack.registry.in_force import in_force, listed_program
from dxtrack.registry.models import Indicator, Program, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Observation

# Status labels in the page's language (lazy: the cached contexts serve both languages).
TARGET_LABELS = {s: target_status_label(s) for s in TARGET_STATUSES}
TASK_LABELS = {s: task_status_label(s) for s in TASK_STATUSES}

CACHE_SECONDS = 600
LIST_LIMIT = 50  # rows of the overview's lists (the rest behind "xem tất cả")
PAGE_SIZE = 50  # targets, tasks of a program page; observations of an indicator page: 4×

T = TypeVar("T")


# ---------------------------------------------------------------------------------------
# Stamp and cache
# ---------------------------------------------------------------------------------------


def _stamp() -> tuple[str, date | None] | None:
    """(token, as_of) of the stored results: read once per request (`stamp.stamp_read`)."""
    return stamp_read()


def cache_key(*, parts: tuple[object, ...]) -> str | None:
    """A cache key valid for the current stored results (None before any evaluation)."""
    stamp = _stamp()
    if stamp is None:
        return None
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:16]
    return f"dxtrack:ev:{stamp[0]}:{digest}"


def cached(*, key: str | None, build: Callable[[], T]) -> T:
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, CACHE_SECONDS)
    return value


def visible_program_ids(*, user: User | AnonymousUser) -> list[int]:
    """The programs `user` may see (as registry.selectors.programs_visible_to, without counts);
    cached under the stamp, which every publication and registry change renews."""
    drafts = permissions.can_see_drafts(user)

    def read() -> list[int]:
        programs = Program.objects.filter(listed_program())  # never a draft amendment
        if not drafts:
            programs = programs.filter(status=Program.Status.PUBLISHED)
        return sorted(programs.values_list("pk", flat=True))

    return cached(key=cache_key(parts=("visible-programs", drafts)), build=read)


def published_program_ids() -> list[int]:
    """The published programs: what headline figures (the overview's counts, the landing page's
    figures) are made of for everyone, staff included. Drafts are shown only on their own pages
    and in the coordinator's separate "bản nháp" area (`draft_programs`)."""
    return visible_program_ids(user=AnonymousUser())


def draft_programs(*, user: User | AnonymousUser) -> list[dict[str, Any]]:
    """The draft programs with their counts, for the coordinator's "bản nháp" area (nobody
    else: a leader's figures are the public's)."""
    if not permissions.can_manage_registry(user):
        return []
    rows = (
        Program.objects.filter(status=Program.Status.DRAFT)
        .select_related("amends")  # a draft amendment says which program it amends
        .defer("source_text", "amends__source_text")
        .annotate(n_targets=Count("targets", distinct=True), n_tasks=Count("tasks", distinct=True))
        .order_by("-pk")
    )
    return [{"program": p, "targets": p.n_targets, "tasks": p.n_tasks} for p in rows]


# ---------------------------------------------------------------------------------------
# Current evaluation
# ---------------------------------------------------------------------------------------


def evaluation_as_of() -> date | None:
    """The date of the stored target evaluations (the stamp keeps it; before any stamp, the most
    recently computed row's)."""
    stamp = _stamp()
    if stamp is not None and stamp[1] is not None:
        return stamp[1]
    return TargetEvaluation.objects.order_by("-computed_at").values_list("as_of", flat=True).first()


def target_evaluations(
    *, targets: Iterable[Target], as_of: date | None = None
) -> dict[int, TargetEvaluation]:
    """Target id → evaluation: the stored one, or (for another `as_of`, or a target not yet
    evaluated) one computed now without storing."""
    targets = list(targets)
    stored = {}
    if as_of is None or as_of == evaluation_as_of():
        stored = {
            e.target_id: e
            for e in TargetEvaluation.objects.filter(
                target_id__in=[t.pk for t in targets]
            ).select_related("latest_unit")
        }
    missing = [t for t in targets if t.pk not in stored]
    if missing:
        when = as_of or evaluation_as_of() or compute.today()
        for ev in compute.target_evaluations_compute(as_of=when, targets=missing):
            stored[ev.target.pk] = ev
    return stored


def task_evaluations(*, tasks: Iterable[Task]) -> dict[int, TaskEvaluation]:
    tasks = list(tasks)
    stored = {
        e.task_id: e for e in TaskEvaluation.objects.filter(task_id__in=[t.pk for t in tasks])
    }
    missing = [t for t in tasks if t.pk not in stored]
    if missing:
        when = evaluation_as_of() or compute.today()
        for ev in compute.task_evaluations_compute(
            as_of=when, tasks=Task.objects.filter(pk__in=[t.pk for t in missing])
        ):
            stored[ev.task.pk] = ev
    return stored


def targets_for_api(*, user: User | AnonymousUser, program: int | None = None) -> QuerySet[Target]:
    visible = visible_program_ids(user=user)
    qs = (
        Target.objects.filter(in_force(), program__in=visible)
        .select_related("program", "goal", "indicator")
        .defer("program__source_text")
        .order_by("program__issued_on", "program_id", "goal__order", "order", "pk")
    )
    if program is not None:
        qs = qs.filter(program_id=program)
    return qs


# ---------------------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------------------


def _status_rows(
    counter: Counter[str], statuses: Sequence[str], labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [{"status": s, "label": labels[s], "n": counter.get(s, 0)} for s in statuses]


def overview(
    *, user: User | AnonymousUser, as_of: date | None = None, full_lists: bool = False
) -> dict[str, Any]:
    """Counts by pillar and status, targets due within a year, overdue tasks (the first
    LIST_LIMIT of each list unless `full_lists`): from the stored rows, cached; computed as
    before for another date or when a target or task has no stored evaluation. Published
    programs only, whoever asks (headline figures never count drafts)."""
    stored_as_of = evaluation_as_of()
    if as_of is None or as_of == stored_as_of:
        visible = published_program_ids()
        data = cached(
            key=cache_key(parts=("overview", visible, full_lists)),
            build=lambda: _overview_stored(visible, stored_as_of, full_lists),
        )
        if data is not None:
            return data
    if as_of is None:  # stored rows missing: computed as of the stored date (or today)
        return _overview_cut(_overview_computed(user, as_of=None), full_lists)
    # Another date (the leader's "as of the end of last quarter", a chosen date): computed from
    # the accepted data, which changes only with a new stamp, so cached under it as well.
    visible = published_program_ids()
    return cached(
        key=cache_key(parts=("overview-on", visible, as_of.isoformat(), full_lists)),
        build=lambda: _overview_cut(_overview_computed(user, as_of=as_of), full_lists),
    )


def _overview_cut(data: dict[str, Any], full_lists: bool) -> dict[str, Any]:
    if not full_lists:
        data["due_soon"], data["overdue_tasks"] = (
            data["due_soon"][:LIST_LIMIT],
            data["overdue_tasks"][:LIST_LIMIT],
        )
    return data


def _pillar_rows(
    t_counts: Counter[tuple[str, str]], k_counts: Counter[tuple[str, str]]
) -> list[dict[str, Any]]:
    """Rows of the pillar tables from (pillar, status) → n counters."""
    rows = []
    for key, label in pillar_labels().items():
        targets = Counter({s: n for (p, s), n in t_counts.items() if p == key})
        tasks = Counter({s: n for (p, s), n in k_counts.items() if p == key})
        if not targets and not tasks and key == OTHER_PILLAR:
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "targets": [targets.get(s, 0) for s in TARGET_STATUSES],
                "targets_total": sum(targets.values()),
                "tasks": [tasks.get(s, 0) for s in TASK_STATUSES],
                "tasks_total": sum(tasks.values()),
            }
        )
    return rows


def _overview_stored(
    visible: list[int], stored_as_of: date | None, full_lists: bool
) -> dict | None:
    """The overview from the stored rows in five queries; None when a row is missing."""
    t_counts: Counter[tuple[str, str]] = Counter()
    for pillar, status, n in (
        Target.objects.filter(in_force(), program_id__in=visible)
        .order_by()
        .values_list("evaluation__pillar", "evaluation__status")
        .annotate(n=Count("pk"))
    ):
        if not pillar or status is None:
            return None
        t_counts[(pillar, status)] += n
    k_counts: Counter[tuple[str, str]] = Counter()
    for pillar, status, n in (
        Task.objects.filter(in_force(), program_id__in=visible)
        .order_by()
        .values_list("evaluation__pillar", "evaluation__status")
        .annotate(n=Count("pk"))
    ):
        if not pillar or status is None:
            return None
        k_counts[(pillar, status)] += n
    when = stored_as_of or compute.today()
    horizon = when + timedelta(days=settings.EVALUATION_DUE_SOON_DAYS)
    due = (
        TargetEvaluation.objects.filter(
            in_force("target__"),
            target__program_id__in=visible,
            deadline__gte=when,
            deadline__lte=horizon,
        )
        .select_related("target__program", "target__indicator")
        .defer("numbers", "target__program__source_text")
        .order_by("deadline", "target_id")
    )
    overdue = (
        TaskEvaluation.objects.filter(
            in_force("task__"), task__program_id__in=visible, status="overdue"
        )
        .select_related("task__program")
        .defer("numbers", "task__program__source_text")
        .order_by(Coalesce("days_overdue", 0).desc(), "task_id")
    )
    n_due = due.count()
    if not full_lists:
        due, overdue = due[:LIST_LIMIT], overdue[:LIST_LIMIT]
    totals_t: Counter[str] = Counter()
    for (_, status), n in t_counts.items():
        totals_t[status] += n
    totals_k: Counter[str] = Counter()
    for (_, status), n in k_counts.items():
        totals_k[status] += n
    return {
        "as_of": when,
        "pillars": _pillar_rows(t_counts, k_counts),
        "target_statuses": [(s, TARGET_LABELS[s]) for s in TARGET_STATUSES],
        "task_statuses": [(s, TASK_LABELS[s]) for s in TASK_STATUSES],
        "target_totals": [totals_t.get(s, 0) for s in TARGET_STATUSES],
        "task_totals": [totals_k.get(s, 0) for s in TASK_STATUSES],
        "n_targets": sum(t_counts.values()),
        "n_tasks": sum(k_counts.values()),
        "due_soon": [(ev.deadline, ev.target, ev) for ev in due],
        "overdue_tasks": [(ev.task, ev) for ev in overdue],
        "n_due_soon": n_due,
        "n_overdue": totals_k.get("overdue", 0),
    }


def _overview_computed(user: User | AnonymousUser, *, as_of: date | None = None) -> dict[str, Any]:
    """The overview computed from the targets and tasks (another date, or rows not stored)."""
    visible = published_program_ids()
    targets = list(
        Target.objects.filter(in_force(), program__in=visible)
        .select_related("program", "goal", "indicator")
        .defer("program__source_text")
    )
    tasks = list(
        Task.objects.filter(in_force(), program__in=visible)
        .select_related("program")
        .defer("program__source_text")
    )
    tev = target_evaluations(targets=targets, as_of=as_of)
    kev = task_evaluations(tasks=tasks)
    when = as_of or evaluation_as_of() or compute.today()
    t_counts = Counter((target_pillar(t), tev[t.pk].status) for t in targets)
    k_counts = Counter((task_pillar(t), kev[t.pk].status) for t in tasks)
    rows = _pillar_rows(t_counts, k_counts)
    horizon = when + timedelta(days=settings.EVALUATION_DUE_SOON_DAYS)
    due_soon = []
    for t in targets:
        deadline = compute.target_deadline(t)
        if deadline is not None and when <= deadline <= horizon:
            due_soon.append((deadline, t, tev[t.pk]))
    due_soon.sort(key=lambda x: (x[0], x[1].pk))
    overdue = sorted(
        ((t, kev[t.pk]) for t in tasks if kev[t.pk].status == "overdue"),
        key=lambda x: (-(x[1].numbers.get("days_overdue") or 0), x[0].pk),
    )
    totals_t = Counter(tev[t.pk].status for t in targets)
    totals_k = Counter(kev[t.pk].status for t in tasks)
    return {
        "as_of": when,
        "pillars": rows,
        "target_statuses": [(s, TARGET_LABELS[s]) for s in TARGET_STATUSES],
        "task_statuses": [(s, TASK_LABELS[s]) for s in TASK_STATUSES],
        "target_totals": [totals_t.get(s, 0) for s in TARGET_STATUSES],
        "task_totals": [totals_k.get(s, 0) for s in TASK_STATUSES],
        "n_targets": len(targets),
        "n_tasks": len(tasks),
        "due_soon": due_soon,
        "overdue_tasks": overdue,
        "n_due_soon": len(due_soon),
        "n_overdue": len(overdue),
    }


def program_dashboard(
    *, program: Program, as_of: date | None = None, target_page: int = 1, task_page: int = 1
) -> dict[str, Any]:
    """Counts by status and the targets and tasks, PAGE_SIZE a page: from the stored rows
    (cached), or computed as before for another date or when a row is missing."""
    stored_as_of = evaluation_as_of()
    if as_of is None or as_of == stored_as_of:
        data = cached(
            key=cache_key(parts=("program", program.pk, str(target_page), str(task_page))),
            build=lambda: _program_stored(program, stored_as_of, target_page, task_page),
        )
        if data is not None:
            return data
    data = _program_computed(program, as_of=as_of)
    targets_page = Paginator(data["targets"], PAGE_SIZE).get_page(target_page)
    tasks_page = Paginator(data["tasks"], PAGE_SIZE).get_page(task_page)
    data["targets"], data["tasks"] = list(targets_page), list(tasks_page)
    data["targets_page"], data["tasks_page"] = _page_info(targets_page), _page_info(tasks_page)
    return data


def _program_stored(
    program: Program, stored_as_of: date | None, target_page: int, task_page: int
) -> dict[str, Any] | None:
    t_count: Counter[str] = Counter()
    for status, n in (
        program.targets.filter(in_force())
        .order_by()
        .values_list("evaluation__status")
        .annotate(n=Count("pk"))
    ):
        if status is None:
            return None
        t_count[status] += n
    k_count: Counter[str] = Counter()
    for status, n in (
        program.tasks.filter(in_force())
        .order_by()
        .values_list("evaluation__status")
        .annotate(n=Count("pk"))
    ):
        if status is None:
            return None
        k_count[status] += n
    targets = (
        program.targets.filter(in_force())
        .select_related("program", "indicator", "evaluation")
        .defer("evaluation__numbers", "program__source_text")
        .order_by("goal__order", "order", "pk")
    )
    tasks = (
        program.tasks.filter(in_force())
        .select_related("program", "evaluation")
        .defer("evaluation__numbers", "program__source_text")
        .prefetch_related(Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")))
        .order_by("order", "pk")
    )
    targets_page = Paginator(targets, PAGE_SIZE).get_page(target_page)
    tasks_page = Paginator(tasks, PAGE_SIZE).get_page(task_page)
    n_targets, n_tasks = sum(t_count.values()), sum(k_count.values())
    return {
        "targets": [(t, t.evaluation) for t in targets_page],
        "tasks": [(t, t.evaluation) for t in tasks_page],
        "targets_page": _page_info(targets_page),
        "tasks_page": _page_info(tasks_page),
        "target_counts": _status_rows(t_count, TARGET_STATUSES, TARGET_LABELS),
        "task_counts": _status_rows(k_count, TASK_STATUSES, TASK_LABELS),
        "n_achieved": t_count.get("achieved", 0),
        "n_targets": n_targets,
        "n_done": k_count.get("done", 0),
        "n_tasks": n_tasks,
        "n_evaluable": n_targets - t_count.get("no_data", 0),
        "as_of": stored_as_of or compute.today(),
    }


def _page_info(page: Page[Any]) -> dict[str, Any]:
    """What the pager template needs (a Page holds its paginator and query set: not cached)."""
    return {
        "number": page.number,
        "num_pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "has_previous": page.has_previous(),
        "has_next": page.has_next(),
        "start": page.start_index(),
        "end": page.end_index(),
    }


def _program_computed(program: Program, *, as_of: date | None = None) -> dict[str, Any]:
    targets = list(
        program.targets.filter(in_force())
        .select_related("program", "goal", "indicator")
        .defer("program__source_text")
        .order_by("goal__order", "order")
    )
    tasks = list(
        program.tasks.filter(in_force())
        .select_related("program")
        .defer("program__source_text")
        .prefetch_related("task_units__unit")
        .order_by("order")
    )
    tev = target_evaluations(targets=targets, as_of=as_of)
    kev = task_evaluations(tasks=tasks)
    t_count = Counter(tev[t.pk].status for t in targets)
    k_count = Counter(kev[t.pk].status for t in tasks)
    return {
        "targets": [(t, tev[t.pk]) for t in targets],
        "tasks": [(t, kev[t.pk]) for t in tasks],
        "target_counts": _status_rows(t_count, TARGET_STATUSES, TARGET_LABELS),
        "task_counts": _status_rows(k_count, TASK_STATUSES, TASK_LABELS),
        "n_achieved": t_count.get("achieved", 0),
        "n_targets": len(targets),
        "n_done": k_count.get("done", 0),
        "n_tasks": len(tasks),
        "n_evaluable": len(targets) - t_count.get("no_data", 0),
        "as_of": as_of or evaluation_as_of() or compute.today(),
    }


def indicator_dashboard(
    *, user: User | AnonymousUser, indicator: Indicator, as_of: date | None = None, page: int = 1
) -> dict[str, Any]:
    """Observations by period with their sources (PAGE_SIZE × 4 a page), and each target's
    line, path and projection."""
    visible = visible_program_ids(user=user)
    targets = list(
        indicator.targets.filter(in_force(), program__in=visible)
        .select_related("program", "goal", "indicator")
        .defer("program__source_text")
    )
    tev = target_evaluations(targets=targets, as_of=as_of)
    observations = (
        Observation.objects.filter(indicator=indicator)
        .select_related("unit")
        .only(
            "period",
            "value",
            "state",
            "source_kind",
            "source",
            "simulated",
            "unit_id",
            "indicator_id",
            "unit__name",
        )
    )
    if not permissions.can_see_drafts(user):
        observations = observations.filter(state="accepted")
    # Sorted and cut in the database (a count and one page), not by loading every value.
    observations = observations.order_by(period_order_key("period"), "unit__name", "pk")
    obs_page = Paginator(observations, PAGE_SIZE * 4).get_page(page)
    page_rows = list(obs_page)
    lines = []
    for t in targets:
        ev = tev[t.pk]
        lines.append({"target": t, "evaluation": ev, "path": target_path(ev=ev)})
    series = []
    for p in tev[targets[0].pk].numbers.get("points", []) if targets else []:
        series.append(p)
    return {
        "targets": lines,
        "observations": page_rows,
        "observations_page": _page_info(obs_page),
        "series": series,
        "chart": chart_for_indicator(lines=lines, series=series),
    }


def _sort_period(code: str) -> tuple[date, int]:
    try:
        p = Period.parse(code)
        return (p.start, -p.end.toordinal())
    except ValueError:
        return (date.max, 0)


def target_path(*, ev: TargetEvaluation) -> dict[str, Any] | None:
    """Baseline → threshold at the deadline (straight path), and the projection of the observed
    growth rate from the latest value to the deadline."""
    n = ev.numbers or {}
    base, latest, threshold, deadline = (
        n.get("baseline"),
        n.get("latest"),
        n.get("threshold"),
        n.get("deadline"),
    )
    if not base or threshold is None or not deadline:
        return None
    path = {"baseline": base, "target": {"date": deadline, "value": threshold}, "projection": None}
    rate, method = n.get("observed_rate"), n.get("method")
    t_latest, t_deadline = n.get("t_latest"), n.get("t_deadline")
    if (
        latest
        and rate is not None
        and t_latest is not None
        and t_deadline is not None
        and t_deadline > t_latest
    ):
        years = t_deadline - t_latest
        if method == "cagr":
            value = latest["value"] * (1 + rate) ** years
        else:
            value = latest["value"] + rate * years
        path["projection"] = {"from": latest, "to": {"date": deadline, "value": value}}
    return path


def chart_for_indicator(
    *, lines: list[dict[str, Any]], series: list[dict[str, Any]]
) -> dict[str, Any]:
    """JSON for the chart (dates as fractional years on a linear x axis)."""

    def x(iso: str) -> float:
        return round(fractional_year(date.fromisoformat(iso)), 4)

    data = {
        "observed": [{"x": x(p["date"]), "y": p["value"], "label": p["period"]} for p in series],
        "targets": [],
    }
    for line in lines:
        path = line["path"]
        if not path:
            continue
        item = {
            "label": str(line["target"]),
            "path": [
                {"x": x(path["baseline"]["date"]), "y": path["baseline"]["value"]},
                {"x": x(path["target"]["date"]), "y": path["target"]["value"]},
            ],
            "target": [{"x": x(path["target"]["date"]), "y": path["target"]["value"]}],
        }
        if path["projection"]:
            item["projection"] = [
                {
                    "x": x(path["projection"]["from"]["date"]),
                    "y": path["projection"]["from"]["value"],
                },
                {"x": x(path["projection"]["to"]["date"]), "y": path["projection"]["to"]["value"]},
            ]
        data["targets"].append(item)
    return data


def unit_scorecard(*, unit: Unit) -> dict[str, Any]:
    """The unit's scorecards, newest first, with its ranks."""
    scores = list(UnitScore.objects.filter(unit=unit))
    scores.sort(key=lambda s: _sort_period(s.period), reverse=True)
    ranks = defaultdict(list)
    for row in RankingRow.objects.filter(unit=unit):
        ranks[row.period].append(row)
    history: list[dict[str, Any]] = [{"score": s, "ranks": ranks.get(s.period, [])} for s in scores]
    # The headline score is that of the period the rankings open on (the last full quarter),
    # not the quarter still open whose reports are still coming in.
    shown = default_ranking_period().code if history else ""
    current = next(
        (h for h in history if h["score"].period == shown), history[0] if history else None
    )
    return {
        "current": current,
        "history": history,
        "chart": {
            "labels": [h["score"].period for h in reversed(history)],
            "scores": [h["score"].score for h in reversed(history)],
        },
    }


GROUP_LABELS = OrderedDict(RankingRow.Group.choices)


def ranking(*, group: str, period: Period) -> dict[str, Any]:
    """A group's ranking for a period: the stored rows, or computed now when not stored (cached
    until the next evaluation)."""
    return cached(
        key=cache_key(parts=("ranking", group, period.code)),
        build=lambda: _ranking(group=group, period=period),
    )


def _ranking(*, group: str, period: Period) -> dict[str, Any]:
    rows = list(RankingRow.objects.filter(group=group, period=period.code).select_related("unit"))
    computed = False
    if not rows:
        computed = True
        as_of = evaluation_as_of() or compute.today()
        members = set(
            Unit.objects.filter(compute.group_units_filter(group, period.end)).values_list(
                "pk", flat=True
            )
        )
        prev = {}
        stored_prev = dict(
            RankingRow.objects.filter(group=group, period=period.previous().code).values_list(
                "unit_id", "rank"
            )
        )
        if stored_prev:
            prev = stored_prev
        elif members:
            prev_scores = compute.unit_scores_compute(
                period=period.previous(), as_of=as_of, unit_ids=list(members)
            )
            prev_rows = compute.ranking_compute(
                group=group,
                period=period.previous(),
                scores={s.unit_id: s.score for s in prev_scores},
                previous=None,
                as_of=as_of,
            )
            prev = {r.unit_id: r.rank for r in prev_rows}
        scores = (
            compute.unit_scores_compute(period=period, as_of=as_of, unit_ids=list(members))
            if members
            else []
        )
        rows = compute.ranking_compute(
            group=group,
            period=period,
            scores={s.unit_id: s.score for s in scores},
            previous=prev,
            as_of=min(period.end, as_of),
        )
        units = Unit.objects.in_bulk([r.unit_id for r in rows])
        score_by_unit = {s.unit_id: s for s in scores}
        for r in rows:
            r.unit = units[r.unit_id]
            r.scorecard = score_by_unit.get(r.unit_id)
    else:
        cards = {
            s.unit_id: s
            for s in UnitScore.objects.filter(
                period=period.code, unit_id__in=[r.unit_id for r in rows]
            ).defer("numbers")
        }
        for r in rows:
            r.scorecard = cards.get(r.unit_id)
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    return {
        "group": group,
        "group_label": GROUP_LABELS[group],
        "period": period,
        "previous_period": period.previous(),
        "rows": rows,
        "computed": computed,
        "weights": settings.SCORECARD_WEIGHTS,
        "components": SCORECARD_COMPONENTS,
        "formula": scorecard_formula_lazy(),
    }


def scorecard_formula_text() -> str:
    w = settings.SCORECARD_WEIGHTS
    terms = " + ".join(f"{w[k]:g} × {component_text(k)}" for k in SCORECARD_COMPONENTS)
    return gettext(
        "Điểm (0–100) = (%(terms)s) / %(total)s; mỗi thành phần là tỷ lệ × 100. "
        "Thành phần không có gì để đánh giá trong kỳ được bỏ qua và trọng số còn lại được "
        "chuẩn hóa lại. Đồng điểm thì đồng hạng (1, 2, 2, 4)."
    ) % {"terms": terms, "total": f"{sum(w.values()):g}"}


# The ranking context is cached for every language: the text is made when the page shows it.
scorecard_formula_lazy = lazy(scorecard_formula_text, str)


def ranking_periods() -> list[Period]:
    return cached(key=cache_key(parts=("ranking_periods",)), build=_ranking_periods)


def _ranking_periods() -> list[Period]:
    codes = set(RankingRow.objects.order_by().values_list("period", flat=True).distinct())
    periods = [p for p in (compute.period_or_none(c) for c in codes) if p]
    return sorted(periods, reverse=True)


def default_ranking_period(day: date | None = None) -> Period:
    """The ranking shown when none is asked for: the last full quarter before `day` (default:
    the evaluation's date). The quarter still open (its round still collecting, every unit at
    0/4 reports) would open the page, the API and the exports on zeros and big drops."""
    when = day or evaluation_as_of() or compute.today()
    last_full = Period.for_date("quarter", when).previous()
    periods = ranking_periods() if day is None else []
    return last_full if last_full in periods or not periods else periods[0]


def target_page_context(*, target: Target) -> dict[str, Any]:
    ev = target_evaluations(targets=[target])[target.pk]
    return {"evaluation": ev, "path": target_path(ev=ev)}


assert set(DEFAULT_SCORECARD_WEIGHTS) == set(SCORECARD_COMPONENTS)
