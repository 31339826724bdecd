"""Evaluation writes: compute statuses, scorecards and rankings from accepted data and store them.

- `evaluation_recompute_all(as_of=…)`: everything, in bulk (a handful of queries whatever the
  size of the data), in one transaction with its audit row.
- `evaluation_on_observation_accepted(observation=…)` / `evaluation_on_task_update_accepted(
  task_update=…)`: called by the reporting app *inside* its accept transaction; recompute only
  what that value affects (the targets of its indicator and of the indicators that use it as a
  denominator, the task, the scorecards of the units concerned, their groups' rankings), so the
  next read in the same request already sees the new status.
- `target_evaluations_compute(as_of=…)` etc. compute without storing: any past date is
  reproducible by the same code the stored rows came from.

The arithmetic is in `methods.py` (pure); this module only gathers the numbers and stores them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from dxtrack.core.audit import audit_record
from dxtrack.core.periods import Period
from dxtrack.evaluation import methods, rollups
from dxtrack.evaluation.models import (
    EvaluationStamp,
    RankingRow,
    TargetEvaluation,
    TaskEvaluation,
    UnitScore,
)
from dxtrack.evaluation.pillars import target_pillar, task_pillar
from dxtrack.evaluation.series import Series, accepted_cutoff, province_unit, series_load
from dxtrack.registry.models import Indicator, Observation, Target, Task, TaskUnit, Unit

GROUPS = ("department", "commune", "enterprise", "sme")
ON_TIME_TASK_STATUSES = ("done", "on_schedule", "not_started")
GOOD_TARGET_STATUSES = ("achieved", "on_track")


def today() -> date:
    return timezone.localdate()


def stamp_bump(*, as_of: date | None = None) -> None:
    """A new token for the stored results (same transaction as the write); `as_of` when target
    evaluations were stored. Dashboard caches are keyed by the token (selectors.cache_key)."""
    fields = {"token": uuid4().hex, "updated_at": timezone.now()}
    if as_of is not None:
        fields["as_of"] = as_of
    if not EvaluationStamp.objects.filter(pk=1).update(version=F("version") + 1, **fields):
        EvaluationStamp.objects.create(pk=1, version=1, **fields)


# ---------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------


def target_deadline(target: Target) -> date | None:
    """End of the target's quarter, or of its year; a target without a year takes its
    program's horizon year."""
    year = target.year or target.program.horizon_year
    if not year:
        return None
    if target.quarter:
        return Period("quarter", year, target.quarter).end
    return Period("year", year).end


def _baseline(target: Target) -> methods.Point | None:
    if target.baseline_value is None or not target.baseline_period:
        return None
    try:
        return methods.Point(Period.parse(target.baseline_period).end, float(target.baseline_value))
    except ValueError:
        return None


def _iso(d):
    return d.isoformat() if d else None


def _point_json(p: methods.Point | None):
    return None if p is None else {"date": p.when.isoformat(), "value": p.value}


def target_evaluation_build(*, target: Target, series: Series, as_of: date) -> TargetEvaluation:
    """An unsaved TargetEvaluation of `target` as of `as_of` from the loaded series."""
    deadline = target_deadline(target)
    points, chosen, conflicts = series.points_as_of(target.indicator_id, as_of)
    baseline = _baseline(target)
    numbers = {
        "comparator": target.comparator,
        "target_value": target.value,
        "deadline": _iso(deadline),
        "as_of": as_of.isoformat(),
        "baseline": _point_json(baseline),
        "baseline_period": target.baseline_period or None,
        "points": [c.as_json() | {"date": when.isoformat()} for when, c in chosen.items()],
        "conflicts": conflicts,
        "on_track_threshold": settings.STATUS_ON_TRACK_RATIO,
        "at_risk_threshold": settings.STATUS_AT_RISK_RATIO,
    }
    ev = TargetEvaluation(target=target, as_of=as_of, numbers=numbers)
    if deadline is None:
        ev.status = "no_data"
        ev.explanation, ev.explanation_en = methods.no_deadline_explanation()
        return ev
    try:
        result = methods.target_status(
            comparator=target.comparator,
            target_value=float(target.value),
            deadline=deadline,
            baseline=baseline,
            points=points,
            as_of=as_of,
            on_track=settings.STATUS_ON_TRACK_RATIO,
            at_risk=settings.STATUS_AT_RISK_RATIO,
        )
    except ValueError as error:
        ev.status = "no_data"
        ev.explanation, ev.explanation_en = methods.not_evaluable_explanation(error)
        return ev
    data = asdict(result)
    data["baseline"] = _point_json(result.baseline)
    data["latest"] = _point_json(result.latest)
    data["deadline"], data["as_of"] = _iso(result.deadline), _iso(result.as_of)
    data.pop("explanation_vi", None)
    data.pop("explanation_en", None)
    numbers.update(data)
    numbers["baseline_source"] = (
        "target" if baseline is not None and result.baseline == baseline else "series"
    )
    ev.status = result.status
    ev.progress_ratio = result.progress_ratio
    ev.expected_now = result.expected_now
    ev.explanation, ev.explanation_en = result.explanation_vi, result.explanation_en
    if conflicts:
        note_vi, note_en = methods.conflicts_note(conflicts)
        ev.explanation += note_vi
        ev.explanation_en += note_en
    if result.latest is not None:
        cand = chosen.get(result.latest.when)
        if cand is not None and (
            baseline is None or result.latest != baseline or cand.value == baseline.value
        ):
            ev.latest_value, ev.latest_period = cand.value, cand.period
            ev.latest_source = cand.source_text[:500]
            numbers["latest_unit_code"] = cand.unit_code
        else:  # only the target's own baseline
            ev.latest_value, ev.latest_period = result.latest.value, target.baseline_period
            ev.latest_source = "Giá trị cơ sở ghi trong chỉ tiêu"
            numbers["latest_unit_code"] = settings.PROVINCE_UNIT_CODE
    return ev


def target_evaluations_compute(
    *, as_of: date, targets=None, series: Series | None = None, province=False
) -> list[TargetEvaluation]:
    """Unsaved evaluations of `targets` (default: all) as of `as_of`, with their pillar and
    deadline (stored for the dashboards). `province`: the province unit when already read."""
    if targets is None:
        targets = Target.objects.all()
    if hasattr(targets, "select_related"):
        targets = list(targets.select_related("program", "goal", "indicator"))
    else:
        targets = list(targets)
    if province is False:
        province = province_unit()
    if series is None:
        series = series_load(
            as_of=as_of, indicator_ids={t.indicator_id for t in targets}, province=province
        )
    out = []
    for target in targets:
        ev = target_evaluation_build(target=target, series=series, as_of=as_of)
        if ev.latest_value is not None and province is not None:
            ev.latest_unit = province
        ev.pillar = target_pillar(target)
        ev.deadline = target_deadline(target)
        out.append(ev)
    return out


_TARGET_FIELDS = [
    "as_of",
    "status",
    "progress_ratio",
    "expected_now",
    "latest_value",
    "latest_period",
    "latest_unit",
    "latest_source",
    "numbers",
    "explanation",
    "explanation_en",
    "pillar",
    "deadline",
    "computed_at",
]


def _store_targets(evaluations: list[TargetEvaluation]) -> None:
    now = timezone.now()
    for ev in evaluations:
        ev.computed_at = now
    TargetEvaluation.objects.bulk_create(
        evaluations,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["target"],
        update_fields=_TARGET_FIELDS,
    )


# ---------------------------------------------------------------------------------------
# Tasks
# ---------------------------------------------------------------------------------------


def task_window(task: Task) -> tuple[date | None, date | None]:
    end = None
    if task.end_year:
        end = (
            Period("quarter", task.end_year, task.end_quarter).end
            if task.end_quarter
            else Period("year", task.end_year).end
        )
    start = date(task.start_year, 1, 1) if task.start_year else None
    if (
        start is None
        and end is not None
        and task.program.issued_on
        and task.program.issued_on <= end
    ):
        start = task.program.issued_on
    return start, end


@dataclass
class TaskData:
    """Accepted task updates (by task) and reporting rounds, read once."""

    updates: dict[int, list]
    evidence: set[int]
    due_rounds: dict[int, list]  # task id → [(period, due_date)] of rounds that assigned it


def task_data_load(*, as_of: date, task_ids=None) -> TaskData:
    from dxtrack.reporting.models import Assignment, Evidence, TaskUpdate

    updates = TaskUpdate.objects.filter(state=TaskUpdate.State.ACCEPTED).filter(
        Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=accepted_cutoff(as_of))
    )
    assignments = Assignment.objects.filter(kind=Assignment.Kind.TASK, role=Assignment.Role.REPORT)
    if task_ids is not None:
        updates = updates.filter(task_id__in=task_ids)
        assignments = assignments.filter(task_id__in=task_ids)
    by_task: dict[int, list] = defaultdict(list)
    rows = list(
        updates.values_list(
            "id", "task_id", "unit_id", "period", "progress", "percent_done", "reviewed_at"
        )
    )
    for row in rows:
        by_task[row[1]].append(row)
    evidence = (
        set(
            Evidence.objects.filter(task_update_id__in=[r[0] for r in rows]).values_list(
                "task_update_id", flat=True
            )
        )
        if rows
        else set()
    )
    due: dict[int, list] = defaultdict(list)
    for task_id, period, due_date in assignments.values_list(
        "task_id", "round__period", "round__due_date"
    ):
        due[task_id].append((period, due_date))
    return TaskData(updates=by_task, evidence=evidence, due_rounds=due)


def _period_or_none(code: str):
    try:
        return Period.parse(code)
    except ValueError:
        return None


def task_evaluation_build(*, task: Task, data: TaskData, as_of: date) -> TaskEvaluation:
    start, end = task_window(task)
    updates = []
    for upd_id, _, unit_id, period, progress, percent, reviewed in data.updates.get(task.pk, []):
        p = _period_or_none(period)
        if p is None or p.start > as_of:
            continue
        if reviewed is not None and timezone.localtime(reviewed).date() > as_of:
            continue
        updates.append(
            (p.end, reviewed or timezone.now(), upd_id, unit_id, period, progress, percent)
        )
    updates.sort()
    done = any(u[5] == "completed" and u[2] in data.evidence for u in updates)
    latest = updates[-1] if updates else None
    percent = None
    if latest is not None:
        percent = 100.0 if latest[5] == "completed" else latest[6]
    recurrence = task.recurrence or None
    reported = None
    current = None
    if recurrence:
        current = Period.for_date("year" if recurrence == "annual" else "quarter", as_of)
        in_current = [
            u for u in updates if current.start <= Period.parse(u[4]).start <= current.end
        ]
        if in_current:
            reported = True
        else:
            for period, due_date in data.due_rounds.get(task.pk, []):
                p = _period_or_none(period)
                if p is not None and current.start <= p.start <= current.end and due_date < as_of:
                    reported = False
    numbers = {
        "start": _iso(start),
        "end": _iso(end),
        "recurrence": recurrence,
        "done": done,
        "percent_done": percent,
        "updates": [
            {
                "period": u[4],
                "progress": u[5],
                "percent_done": u[6],
                "evidence": u[2] in data.evidence,
            }
            for u in updates
        ],
        "current_period": current.code if current else None,
        "reported_this_period": reported,
    }
    try:
        result = methods.task_status(
            start=start,
            end=end,
            recurrence=recurrence,
            done=done,
            percent_done=percent,
            as_of=as_of,
            reported_this_period=reported,
            at_risk_points=settings.TASK_AT_RISK_POINTS,
        )
    except ValueError as error:
        explanation, explanation_en = methods.not_evaluable_explanation(error)
        return TaskEvaluation(
            task=task,
            as_of=as_of,
            status="not_started",
            percent_done=percent,
            numbers=numbers,
            explanation=explanation,
            explanation_en=explanation_en,
        )
    numbers.update(
        {
            "time_elapsed_pct": result.time_elapsed_pct,
            "gap_points": result.gap_points,
            "at_risk_points": result.at_risk_points,
            "days_remaining": result.days_remaining,
            "days_overdue": result.days_overdue,
        }
    )
    return TaskEvaluation(
        task=task,
        as_of=as_of,
        status=result.status,
        percent_done=percent,
        numbers=numbers,
        explanation=result.explanation_vi,
        explanation_en=result.explanation_en,
    )


def task_evaluations_compute(
    *, as_of: date, tasks=None, data: TaskData | None = None
) -> list[TaskEvaluation]:
    tasks = list((tasks if tasks is not None else Task.objects.all()).select_related("program"))
    if data is None:
        data = task_data_load(as_of=as_of, task_ids=[t.pk for t in tasks])
    return [task_evaluation_build(task=t, data=data, as_of=as_of) for t in tasks]


def _store_tasks(evaluations: list[TaskEvaluation]) -> None:
    now = timezone.now()
    for ev in evaluations:
        ev.computed_at = now
        ev.pillar = task_pillar(ev.task)
        ev.days_overdue = (ev.numbers or {}).get("days_overdue")
    TaskEvaluation.objects.bulk_create(
        evaluations,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=[
            "as_of",
            "status",
            "percent_done",
            "numbers",
            "explanation",
            "explanation_en",
            "pillar",
            "days_overdue",
            "computed_at",
        ],
    )


# ---------------------------------------------------------------------------------------
# Scorecards and rankings
# ---------------------------------------------------------------------------------------


def group_units_filter(group: str, on: date) -> Q:
    current = (Q(valid_to__isnull=True) | Q(valid_to__gte=on)) & (
        Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    )
    if group == "sme":
        return current & Q(kind=Unit.Kind.ENTERPRISE, is_sme=True)
    return current & Q(kind=group)


def _predecessors() -> dict[int, set[int]]:
    preds: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"):
        preds[to_id].add(from_id)
    return preds


def _families(unit_ids=None, preds=None) -> dict[int, set[int]]:
    """Unit id → itself and all its predecessors (a merged department answers for its past)."""
    if preds is None:
        preds = _predecessors()
    out = {}
    ids = unit_ids if unit_ids is not None else list(Unit.objects.values_list("pk", flat=True))
    for uid in ids:
        family, frontier = set(), [uid]
        while frontier:
            x = frontier.pop()
            if x not in family:
                family.add(x)
                frontier.extend(preds.get(x, ()))
        out[uid] = family
    return out


def _report_counts(*, unit_ids, period: Period, as_of: date) -> dict[int, tuple[int, int, int]]:
    """unit id → (expected, submitted, on time) over the rounds of `period`."""
    from dxtrack.reporting.models import Assignment, TaskUpdate

    cutoff = accepted_cutoff(as_of)
    sent_states = ["submitted", "accepted"]
    assignments = list(
        Assignment.objects.filter(
            round__period=period.code,
            role=Assignment.Role.REPORT,
            unit_id__in=unit_ids,
            round__window_start__lte=as_of,
        ).values_list("unit_id", "kind", "indicator_id", "task_id", "round_id", "round__due_date")
    )
    if not assignments:
        return {}
    round_ids = {a[4] for a in assignments}
    obs = {}
    for unit_id, ind, round_id, sent in Observation.objects.filter(
        round_id__in=round_ids, unit_id__in=unit_ids, state__in=sent_states, submitted_at__lt=cutoff
    ).values_list("unit_id", "indicator_id", "round_id", "submitted_at"):
        key = (unit_id, ind, round_id)
        obs[key] = min(obs.get(key, sent), sent)
    upd = {}
    for unit_id, task_id, round_id, per, sent in TaskUpdate.objects.filter(
        Q(round_id__in=round_ids) | Q(period=period.code),
        unit_id__in=unit_ids,
        state__in=sent_states,
        submitted_at__lt=cutoff,
    ).values_list("unit_id", "task_id", "round_id", "period", "submitted_at"):
        upd[(unit_id, task_id)] = min(upd.get((unit_id, task_id), sent), sent)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for unit_id, kind, ind, task_id, round_id, due in assignments:
        sent = (
            obs.get((unit_id, ind, round_id))
            if kind == "indicator"
            else upd.get((unit_id, task_id))
        )
        c = counts[unit_id]
        c[0] += 1
        if sent is not None:
            c[1] += 1
            if timezone.localtime(sent).date() <= due:
                c[2] += 1
    return {k: tuple(v) for k, v in counts.items()}


def unit_scores_compute(
    *,
    period: Period,
    as_of: date,
    unit_ids=None,
    series: Series | None = None,
    task_data: TaskData | None = None,
    target_cache: dict | None = None,
    preds: dict | None = None,
) -> list[UnitScore]:
    """Unsaved scorecards of the ranked units (or `unit_ids`) for `period`, judged as of
    min(end of period, as_of)."""
    when = min(period.end, as_of)
    if unit_ids is None:
        q = Q()
        for g in ("department", "commune", "enterprise"):
            q |= group_units_filter(g, period.end)
        unit_ids = list(Unit.objects.filter(q).values_list("pk", flat=True))
    families = _families(unit_ids, preds=preds)
    members = set().union(*families.values()) if families else set()

    # Tasks each unit leads (through its family) that run during the period.
    led: dict[int, list[Task]] = defaultdict(list)
    task_rows = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD, unit_id__in=members).values_list(
        "unit_id", "task_id"
    )
    task_ids = {t for _, t in task_rows}
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=task_ids).select_related("program")}
    unit_tasks = defaultdict(set)
    for unit_id, task_id in task_rows:
        unit_tasks[unit_id].add(task_id)
    if task_data is None:
        task_data = task_data_load(as_of=as_of, task_ids=list(task_ids))
    task_status: dict[int, str] = {}
    for task in tasks.values():
        start, end = task_window(task)
        if (start is not None and start > period.end) or (end is not None and end < period.start):
            continue
        task_status[task.pk] = task_evaluation_build(task=task, data=task_data, as_of=when).status

    # Targets each unit owns, judged as of the same date.
    targets = list(Target.objects.filter(owner_id__in=members).select_related("program"))
    if target_cache is None:
        target_cache = {}
    missing = [t for t in targets if (t.pk, when) not in target_cache]
    if missing:
        needed = {t.indicator_id for t in missing}
        if series is None or series.as_of < when or not series.covers(needed):
            series = series_load(as_of=as_of, indicator_ids=needed)
        for t in missing:
            target_cache[(t.pk, when)] = target_evaluation_build(
                target=t, series=series, as_of=when
            ).status
    owned = defaultdict(list)
    for t in targets:
        owned[t.owner_id].append(t.pk)

    reports = _report_counts(unit_ids=list(members), period=period, as_of=as_of)
    weights = settings.SCORECARD_WEIGHTS
    out = []
    for uid in unit_ids:
        fam = families[uid]
        judged_tasks = sorted({t for m in fam for t in unit_tasks.get(m, ()) if t in task_status})
        on_time = [t for t in judged_tasks if task_status[t] in ON_TIME_TASK_STATUSES]
        own_targets = sorted({t for m in fam for t in owned.get(m, ())})
        good = [t for t in own_targets if target_cache[(t, when)] in GOOD_TARGET_STATUSES]
        expected = submitted = timely = 0
        for m in fam:
            e, s, o = reports.get(m, (0, 0, 0))
            expected, submitted, timely = expected + e, submitted + s, timely + o
        card = methods.scorecard(
            tasks_total=len(judged_tasks),
            tasks_on_time=len(on_time),
            reports_expected=expected,
            reports_submitted=submitted,
            reports_on_time=timely,
            targets_led=len(own_targets),
            targets_achieved_or_on_track=len(good),
            weights=weights,
        )
        out.append(
            UnitScore(
                unit_id=uid,
                period=period.code,
                as_of=when,
                score=card.score,
                components=[asdict(c) for c in card.components],
                formula=card.formula_vi,
                formula_en=card.formula_en,
                numbers={
                    "tasks": judged_tasks,
                    "tasks_on_time": on_time,
                    "targets": own_targets,
                    "targets_good": good,
                    "reports": [expected, submitted, timely],
                    "omitted": list(card.omitted),
                    "weights": dict(card.weights),
                    "task_status": {str(t): task_status[t] for t in judged_tasks},
                    "target_status": {str(t): target_cache[(t, when)] for t in own_targets},
                },
            )
        )
    return out


def _store_scores(scores: list[UnitScore]) -> None:
    now = timezone.now()
    for s in scores:
        s.computed_at = now
    UnitScore.objects.bulk_create(
        scores,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["unit", "period"],
        update_fields=[
            "as_of",
            "score",
            "components",
            "numbers",
            "formula",
            "formula_en",
            "computed_at",
        ],
    )


_RANK_FIELDS = ("score", "rank", "previous_period", "previous_rank", "change", "as_of")


def ranking_values(
    *,
    period: Period,
    scores: dict[int, float | None],
    previous: dict[int, int | None] | None,
    as_of: date,
) -> dict[int, tuple]:
    """One group's ranking as unit id → the values of `_RANK_FIELDS` (plain tuples: a group of
    thousands of units is compared with the stored rows without building a model per unit)."""
    rows = methods.rank((str(uid), s) for uid, s in scores.items())
    prev_rows = [
        methods.RankRow(key=str(k), score=None, rank=r) for k, r in (previous or {}).items()
    ]
    changes = methods.rank_change(prev_rows, rows)
    prev_code = period.previous().code
    return {
        int(row.key): (
            row.score,
            row.rank,
            prev_code,
            changes[row.key].previous_rank,
            changes[row.key].change,
            as_of,
        )
        for row in rows
    }


def _ranking_row(group: str, period: Period, unit_id: int, values: tuple) -> RankingRow:
    return RankingRow(
        group=group, period=period.code, unit_id=unit_id, **dict(zip(_RANK_FIELDS, values))
    )


def ranking_compute(
    *,
    group: str,
    period: Period,
    scores: dict[int, float | None],
    previous: dict[int, int | None] | None,
    as_of: date,
) -> list[RankingRow]:
    """Rows of one group's ranking: `scores` unit id → score; `previous` unit id → rank."""
    values = ranking_values(period=period, scores=scores, previous=previous, as_of=as_of)
    return [_ranking_row(group, period, unit_id, v) for unit_id, v in values.items()]


def _group_members(period: Period, groups=GROUPS) -> dict[str, set[int]]:
    """Group → ids of the units ranked in it for `period` (one query; `groups` only)."""
    any_group = Q()
    for g in groups:
        any_group |= group_units_filter(g, period.end)
    members: dict[str, set[int]] = {g: set() for g in GROUPS}
    for pk, kind, is_sme in Unit.objects.filter(any_group).values_list("pk", "kind", "is_sme"):
        members[kind].add(pk)
        if kind == Unit.Kind.ENTERPRISE and is_sme:
            members["sme"].add(pk)
    return members


def _ranked_heirs(
    unit_ids: set[int], period: Period, preds: dict[int, set[int]]
) -> dict[int, set[str]]:
    """The units ranked in `period` whose family holds one of `unit_ids` (those units and their
    successors), each with the groups it is ranked in: read for these few units only, where
    listing every ranked unit would read thousands at national scale."""
    successors: dict[int, set[int]] = defaultdict(set)
    for to_id, from_ids in preds.items():
        for from_id in from_ids:
            successors[from_id].add(to_id)
    heirs, frontier = set(), list(unit_ids)
    while frontier:
        x = frontier.pop()
        if x not in heirs:
            heirs.add(x)
            frontier.extend(successors.get(x, ()))
    any_group = Q()
    for g in GROUPS:
        any_group |= group_units_filter(g, period.end)
    ranked: dict[int, set[str]] = {}
    for pk, kind, is_sme in Unit.objects.filter(any_group, pk__in=heirs).values_list(
        "pk", "kind", "is_sme"
    ):
        ranked[pk] = {kind, "sme"} if kind == Unit.Kind.ENTERPRISE and is_sme else {kind}
    return ranked


def _rankings_store(*, periods: list[Period], as_of: date, groups=GROUPS, members=None) -> int:
    """Re-rank `groups` for `periods` (oldest first) from the stored scores."""
    n = 0
    for period in sorted(periods):
        when = min(period.end, as_of)
        group_members = members or _group_members(period)
        scores = dict(UnitScore.objects.filter(period=period.code).values_list("unit_id", "score"))
        previous: dict[str, dict[int, int | None]] = defaultdict(dict)
        for group, unit_id, rank in (
            RankingRow.objects.filter(group__in=groups, period=period.previous().code)
            .order_by()
            .values_list("group", "unit_id", "rank")
        ):
            previous[group][unit_id] = rank
        rows = []
        for group in groups:
            rows += ranking_compute(
                group=group,
                period=period,
                scores={u: scores.get(u) for u in group_members[group] if u in scores},
                previous=previous[group],
                as_of=when,
            )
        RankingRow.objects.filter(group__in=groups, period=period.code)._raw_delete(
            RankingRow.objects.db
        )
        RankingRow.objects.bulk_create(rows, batch_size=1000)
        n += len(rows)
    return n


def _rankings_update(*, period: Period, as_of: date, groups, members) -> bool:
    """Re-rank `groups` for `period` from the stored scores, writing only the rows that differ
    from the stored ones (an accepted value usually moves a few places, if any). True when a row
    was written or removed."""
    when = min(period.end, as_of)
    ranked = set().union(*(members[g] for g in groups))
    scores = dict(
        UnitScore.objects.filter(period=period.code, unit_id__in=ranked)
        .order_by()
        .values_list("unit_id", "score")
    )
    previous: dict[str, dict[int, int | None]] = defaultdict(dict)
    existing: dict[tuple[str, int], tuple] = {}
    for pk, group, code, unit_id, *values in (
        RankingRow.objects.filter(
            group__in=groups, period__in=[period.code, period.previous().code]
        )
        .order_by()
        .values_list("pk", "group", "period", "unit_id", *_RANK_FIELDS)
    ):
        if code == period.code:
            existing[(group, unit_id)] = (pk, tuple(values))
        else:
            previous[group][unit_id] = values[1]
    changed = []
    for group in groups:
        ranking = ranking_values(
            period=period,
            scores={u: scores.get(u) for u in members[group] if u in scores},
            previous=previous[group],
            as_of=when,
        )
        for unit_id, values in ranking.items():
            old = existing.pop((group, unit_id), None)
            if old is None or old[1] != values:
                changed.append(_ranking_row(group, period, unit_id, values))
    if changed:
        RankingRow.objects.bulk_create(
            changed,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["group", "period", "unit"],
            update_fields=_RANK_FIELDS,
        )
    if existing:  # units no longer in the group
        RankingRow.objects.filter(pk__in=[pk for pk, _ in existing.values()]).delete()
    return bool(changed or existing)


def _json_same(a, b) -> bool:
    return json.loads(json.dumps(a)) == b


def _score_differs(old: UnitScore | None, new: UnitScore) -> bool:
    return (
        old is None
        or old.score != new.score
        or old.as_of != new.as_of
        or old.formula != new.formula
        or old.formula_en != new.formula_en
        or not _json_same(new.components, old.components)
        or not _json_same(new.numbers, old.numbers)
    )


def scoring_periods(as_of: date) -> list[Period]:
    """The quarter of `as_of` and the one before, plus every round's period that has started
    (and the period before each, for the change)."""
    from dxtrack.reporting.models import Round

    periods = {Period.for_date("quarter", as_of)}
    for code in (
        Round.objects.filter(window_start__lte=as_of).values_list("period", flat=True).distinct()
    ):
        p = _period_or_none(code)
        if p is not None and p.start <= as_of:
            periods.add(p)
    periods |= {p.previous() for p in periods}
    return sorted(periods)


# ---------------------------------------------------------------------------------------
# Write actions
# ---------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_recompute_all(*, as_of: date | None = None, acting_user=None) -> dict:
    """Recompute and store every target, task, scorecard and ranking as of `as_of` (default
    today), replacing the stored ones; one transaction with its audit row."""
    as_of = as_of or today()
    targets = list(Target.objects.select_related("program", "goal", "indicator"))
    province = province_unit()
    # Evaluated as of today, the grouping of every unit value is also today's rollups.
    grouped = [] if as_of >= today() else None
    series = series_load(
        as_of=as_of, province=province, collect=grouped.append if grouped is not None else None
    )
    if grouped is not None:
        rollups.rollups_store(grouped, province_id=province.pk if province is not None else None)
    target_evals = target_evaluations_compute(
        as_of=as_of, targets=targets, series=series, province=province
    )
    TargetEvaluation.objects.exclude(target_id__in=[t.pk for t in targets]).delete()
    _store_targets(target_evals)

    tasks = list(Task.objects.select_related("program"))
    data = task_data_load(as_of=as_of)
    task_evals = [task_evaluation_build(task=t, data=data, as_of=as_of) for t in tasks]
    _store_tasks(task_evals)

    cache = {(ev.target_id, as_of): ev.status for ev in target_evals}
    periods = scoring_periods(as_of)
    UnitScore.objects.exclude(period__in=[p.code for p in periods]).delete()
    RankingRow.objects.exclude(period__in=[p.code for p in periods]).delete()
    n_scores = 0
    for period in periods:
        scores = unit_scores_compute(
            period=period, as_of=as_of, series=series, task_data=data, target_cache=cache
        )
        UnitScore.objects.filter(period=period.code).delete()
        _store_scores(scores)
        n_scores += len(scores)
    n_rows = _rankings_store(periods=periods, as_of=as_of)
    stamp_bump(as_of=as_of)
    summary = {
        "as_of": as_of.isoformat(),
        "targets": len(target_evals),
        "tasks": len(task_evals),
        "scores": n_scores,
        "ranking_rows": n_rows,
        "periods": [p.code for p in periods],
    }
    audit_record(
        actor=acting_user,
        action="evaluation.recompute_all",
        object_type="evaluation",
        object_id=as_of.isoformat(),
        after=summary,
    )
    return summary


def _affected_periods(code: str | None, as_of: date) -> list[Period]:
    periods = {Period.for_date("quarter", as_of)}
    p = _period_or_none(code) if code else None
    if p is not None and UnitScore.objects.filter(period=p.code).exists():
        periods.add(p)
    return sorted(periods)


def _unchanged_by_targets(*, stored: dict, ids, fams, targets, series: Series, when: date) -> bool:
    """True when every unit's stored scorecard was judged on `when` and already holds, for each
    of `targets` its family owns, the status that target has on `when` now: the value moved no
    status, so (tasks and reports being untouched by it) recomputing would give the same cards."""
    if any(u not in stored or stored[u].as_of != when for u in ids):
        return False
    status = {
        t.pk: target_evaluation_build(target=t, series=series, as_of=when).status for t in targets
    }
    for u in ids:
        held = (stored[u].numbers or {}).get("target_status", {})
        for t in targets:
            if t.owner_id in fams[u] and held.get(str(t.pk)) != status[t.pk]:
                return False
    return True


def _rescore(
    *,
    unit_ids: set[int],
    periods: list[Period],
    as_of: date,
    targets=(),
    series: Series | None = None,
    only_targets: bool = False,
) -> None:
    """Recompute the scorecards of `unit_ids` and of the units whose family holds them; store
    those that differ from the stored ones and re-rank their groups only then.

    The statuses of the targets a unit owns are taken from its stored scorecard, except those
    of `targets` (the ones the new value can move), which are recomputed: an accepted value
    changes nothing else. A scorecard equal to the stored one (score, components, numbers,
    formula, date) is not written, and a group whose scores did not change keeps its ranking,
    which is what re-ranking it would give. `only_targets`: the new value can change nothing but
    the statuses of `targets` (a value outside a reporting round), so a period where none of them
    moved is left as it is without recomputing its cards."""
    affected = {t.pk for t in targets}
    if targets and (series is None or not series.covers({t.indicator_id for t in targets})):
        series = series_load(as_of=as_of, indicator_ids={t.indicator_id for t in targets})
    preds = _predecessors()
    reranked: set[str] = set()
    for period in periods:
        when = min(period.end, as_of)
        ranked_in = _ranked_heirs(unit_ids, period, preds)
        ids = list(ranked_in)
        if not ids:
            continue
        fams = _families(ids, preds=preds)
        stored = {
            s.unit_id: s for s in UnitScore.objects.filter(unit_id__in=ids, period=period.code)
        }
        if (
            only_targets
            and period.previous().code not in reranked
            and _unchanged_by_targets(
                stored=stored, ids=ids, fams=fams, targets=targets, series=series, when=when
            )
        ):
            continue
        cache = {}
        for card in stored.values():
            for t, status in (card.numbers or {}).get("target_status", {}).items():
                if int(t) not in affected:
                    cache[(int(t), when)] = status
        scores = unit_scores_compute(
            period=period, as_of=as_of, unit_ids=ids, series=series, target_cache=cache, preds=preds
        )
        changed = [card for card in scores if _score_differs(stored.get(card.unit_id), card)]
        if changed:
            _store_scores(changed)
        changed_ids = {card.unit_id for card in changed}
        if period.previous().code in reranked:  # the "change" column follows the previous ranks
            moved = ids
        else:
            moved = changed_ids
        groups = [g for g in GROUPS if any(g in ranked_in[u] for u in moved)]
        if groups and _rankings_update(
            period=period, as_of=as_of, groups=groups, members=_group_members(period, groups)
        ):
            reranked.add(period.code)


def evaluation_on_observation_accepted(*, observation: Observation) -> None:
    """Called inside the accept transaction: the statuses of the targets this value can move,
    then the scorecards of the reporting unit and of the targets' owners, then their rankings."""
    as_of = today()
    ids = {observation.indicator_id} | set(
        Indicator.objects.filter(denominator_id=observation.indicator_id)
        .order_by()
        .values_list("pk", flat=True)
    )
    targets = list(
        Target.objects.filter(indicator_id__in=ids).select_related("program", "goal", "indicator")
    )
    series = None
    if targets:
        province = province_unit()
        province_id = province.pk if province is not None else None
        changed = (
            []
            if observation.unit_id == province_id
            else [(observation.indicator_id, observation.period)]
        )
        sums = rollups.rollups_for_today(
            indicator_ids=ids, province_id=province_id, changed=changed
        )
        series = series_load(as_of=as_of, indicator_ids=ids, province=province, rollups=sums)
        _store_targets(
            target_evaluations_compute(
                as_of=as_of, targets=targets, series=series, province=province
            )
        )
    else:  # no target reads it now; a rollup kept for later would miss this value
        rollups.rollup_forget(indicator_id=observation.indicator_id)
    units = {observation.unit_id} | {t.owner_id for t in targets if t.owner_id}
    round_period = observation.round.period if observation.round_id else observation.period
    _rescore(
        unit_ids=units,
        periods=_affected_periods(round_period, as_of),
        as_of=as_of,
        targets=targets,
        series=series,
        only_targets=not observation.round_id,
    )
    stamp_bump(as_of=as_of if targets else None)


def evaluation_on_task_update_accepted(*, task_update) -> None:
    """Called inside the accept transaction: the task's status, then the scorecards of its lead
    units and of the reporting unit, then their rankings."""
    as_of = today()
    task = Task.objects.select_related("program").get(pk=task_update.task_id)
    _store_tasks(task_evaluations_compute(as_of=as_of, tasks=Task.objects.filter(pk=task.pk)))
    units = {task_update.unit_id} | set(
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).values_list(
            "unit_id", flat=True
        )
    )
    _rescore(unit_ids=units, periods=_affected_periods(task_update.period, as_of), as_of=as_of)
    stamp_bump()


def evaluation_on_item_accepted(*, item: Observation | TaskUpdate) -> None:
    """The reporting accept hook (registered in `EvaluationConfig.ready`)."""
    if isinstance(item, Observation):
        evaluation_on_observation_accepted(observation=item)
    else:
        evaluation_on_task_update_accepted(task_update=item)
