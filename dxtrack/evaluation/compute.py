"""Evaluation reads that compute: statuses, scorecards and rankings from accepted data, without
storing them.

The services store what these return (`evaluation_recompute_all`, the incremental updates); the
selectors call them for another date or a row not stored yet, so any past date is reproducible by
the same code the stored rows came from. The arithmetic is in `methods` (pure); this module
gathers the numbers from the database and hands them over.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dxtrack.core.periods import Period
from dxtrack.evaluation import methods
from dxtrack.evaluation.models import RankingRow, TargetEvaluation, TaskEvaluation, UnitScore
from dxtrack.evaluation.pillars import target_pillar
from dxtrack.evaluation.series import Series, accepted_cutoff, province_unit, series_load
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import Program, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Assignment, Evidence, Observation, Round, TaskUpdate

GROUPS = ("department", "commune", "enterprise", "sme")
# A scorecard counts a lead task on time when done by its deadline (not done late), on
# schedule, or not started yet; at risk and overdue are not.
ON_TIME_TASK_STATUSES = ("done", "on_schedule", "not_started")
GOOD_TARGET_STATUSES = ("achieved", "on_track")


def today() -> date:
    return timezone.localdate()


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


def _parse_iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


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
        targets = list(
            targets.select_related("program", "goal", "indicator").defer("program__source_text")
        )
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
            "id",
            "task_id",
            "unit_id",
            "period",
            "progress",
            "percent_done",
            "reviewed_at",
            "completed_on",
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


def period_or_none(code: str):
    try:
        return Period.parse(code)
    except ValueError:
        return None


def task_evaluation_build(*, task: Task, data: TaskData, as_of: date) -> TaskEvaluation:
    start, end = task_window(task)
    updates = []
    for row in data.updates.get(task.pk, []):
        upd_id, _, unit_id, period, progress, percent, reviewed, completed_on = row
        p = period_or_none(period)
        if p is None or p.start > as_of:
            continue
        if reviewed is not None and timezone.localtime(reviewed).date() > as_of:
            continue
        updates.append(
            (
                p.end,
                reviewed or timezone.now(),
                upd_id,
                unit_id,
                period,
                progress,
                percent,
                completed_on,
            )
        )
    updates.sort()
    completions = [u for u in updates if u[5] == "completed" and u[2] in data.evidence]
    done = bool(completions)
    completed_on = completion_day(completions[0]) if completions else None
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
                p = period_or_none(period)
                if p is not None and current.start <= p.start <= current.end and due_date < as_of:
                    reported = False
    numbers = {
        "start": _iso(start),
        "end": _iso(end),
        "recurrence": recurrence,
        "done": done,
        "completed_on": _iso(completed_on),
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
            completed_on=completed_on,
        )
    except ValueError as error:
        explanation, explanation_en = methods.not_evaluable_explanation(error)
        return TaskEvaluation(
            task=task,
            as_of=as_of,
            status="not_started",
            tracking_status="open_in_time",
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
        tracking_status=result.tracking_status,
        percent_done=percent,
        numbers=numbers,
        explanation=result.explanation_vi,
        explanation_en=result.explanation_en,
    )


def completion_day(update: tuple) -> date:
    """The day a task was finished: the day its unit reported, or else the last day of the
    period whose report said it was completed (the report claims it within that period)."""
    period_end, completed_on = update[0], update[7]
    return completed_on or period_end


def task_counts_in_period(*, start: date | None, end: date | None, period: Period, done_by) -> bool:
    """A lead task counts in a period's scorecard when it runs during the period, or when its
    deadline passed before the period and it was still not done when the period began: an
    unfinished task keeps counting against its unit, period after period, until it is done."""
    if start is not None and start > period.end:
        return False
    if end is None or end >= period.start:
        return True
    return done_by is None or done_by >= period.start


def task_evaluations_compute(
    *, as_of: date, tasks=None, data: TaskData | None = None
) -> list[TaskEvaluation]:
    tasks = list(
        (tasks if tasks is not None else Task.objects.all())
        .select_related("program")
        .defer("program__source_text")
    )
    if data is None:
        data = task_data_load(as_of=as_of, task_ids=[t.pk for t in tasks])
    return [task_evaluation_build(task=t, data=data, as_of=as_of) for t in tasks]


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


def unit_predecessors() -> dict[int, set[int]]:
    preds: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"):
        preds[to_id].add(from_id)
    return preds


def unit_families(unit_ids=None, preds=None) -> dict[int, set[int]]:
    """Unit id → itself and all its predecessors (a merged department answers for its past)."""
    if preds is None:
        preds = unit_predecessors()
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
    cutoff = accepted_cutoff(as_of)
    sent_states = ["submitted", "accepted"]
    assignments = list(
        Assignment.objects.filter(
            in_force("task__"),  # a repealed task owes nothing (an indicator's row has no task)
            round__period=period.code,
            role=Assignment.Role.REPORT,
            unit_id__in=unit_ids,
            round__window_start__lte=as_of,
        ).values_list("unit_id", "kind", "indicator_id", "task_id", "round_id", "round__due_date")
    )
    if not assignments:
        return {}
    round_ids = {a[4] for a in assignments}
    # When each item was first sent (an unsent one has no time and is left out by the cutoff).
    obs: dict[tuple[int, int | None, int | None], datetime] = {}
    for unit_id, ind, round_id, sent in Observation.objects.filter(
        round_id__in=round_ids, unit_id__in=unit_ids, state__in=sent_states, submitted_at__lt=cutoff
    ).values_list("unit_id", "indicator_id", "round_id", "submitted_at"):
        if sent is not None:
            key = (unit_id, ind, round_id)
            obs[key] = min(obs.get(key, sent), sent)
    upd: dict[tuple[int, int | None], datetime] = {}
    for unit_id, task_id, sent in TaskUpdate.objects.filter(
        Q(round_id__in=round_ids) | Q(period=period.code),
        unit_id__in=unit_ids,
        state__in=sent_states,
        submitted_at__lt=cutoff,
    ).values_list("unit_id", "task_id", "submitted_at"):
        if sent is not None:
            upd[(unit_id, task_id)] = min(upd.get((unit_id, task_id), sent), sent)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for unit_id, kind, ind, task_id, round_id, due in assignments:
        first_sent = (
            obs.get((unit_id, ind, round_id))
            if kind == "indicator"
            else upd.get((unit_id, task_id))
        )
        c = counts[unit_id]
        c[0] += 1
        if first_sent is not None:
            c[1] += 1
            if timezone.localtime(first_sent).date() <= due:
                c[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


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
    families = unit_families(unit_ids, preds=preds)
    members = set().union(*families.values()) if families else set()

    # Tasks each unit leads (through its family) that run during the period.
    # Only published plans count in scorecards and rankings: a draft under review is not yet
    # anyone's obligation; a repealed task is no longer one (`in_force`).
    task_rows = TaskUnit.objects.filter(
        in_force("task__"),
        role=TaskUnit.Role.LEAD,
        unit_id__in=members,
        task__program__status=Program.Status.PUBLISHED,
    ).values_list("unit_id", "task_id")
    task_ids = {t for _, t in task_rows}
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in=task_ids)
        .select_related("program")
        .defer("program__source_text")
    }
    unit_tasks = defaultdict(set)
    for unit_id, task_id in task_rows:
        unit_tasks[unit_id].add(task_id)
    if task_data is None:
        task_data = task_data_load(as_of=as_of, task_ids=list(task_ids))
    task_status: dict[int, str] = {}
    task_on_time: dict[int, bool] = {}
    task_tracking: dict[int, str] = {}
    for task in tasks.values():
        start, end = task_window(task)
        if start is not None and start > period.end:
            continue
        ev = task_evaluation_build(task=task, data=task_data, as_of=when)
        done_by = _parse_iso(ev.numbers.get("completed_on"))
        if not task_counts_in_period(start=start, end=end, period=period, done_by=done_by):
            continue
        task_status[task.pk] = ev.status
        task_tracking[task.pk] = ev.tracking_status
        task_on_time[task.pk] = (
            ev.status in ON_TIME_TASK_STATUSES and ev.tracking_status != "done_late"
        )

    # Targets each unit owns, judged as of the same date.
    targets = list(
        Target.objects.filter(
            in_force(), owner_id__in=members, program__status=Program.Status.PUBLISHED
        )
        .select_related("program")
        .defer("program__source_text")
    )
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
        on_time = [t for t in judged_tasks if task_on_time[t]]
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
                    "task_tracking": {str(t): task_tracking[t] for t in judged_tasks},
                    "target_status": {str(t): target_cache[(t, when)] for t in own_targets},
                },
            )
        )
    return out


RANK_FIELDS = ("score", "rank", "previous_period", "previous_rank", "change", "as_of")


def ranking_values(
    *,
    period: Period,
    scores: dict[int, float | None],
    previous: dict[int, int | None] | None,
    as_of: date,
) -> dict[int, tuple]:
    """One group's ranking as unit id → the values of `RANK_FIELDS` (plain tuples: a group of
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


def ranking_row(group: str, period: Period, unit_id: int, values: tuple) -> RankingRow:
    return RankingRow(
        group=group,
        period=period.code,
        unit_id=unit_id,
        **dict(zip(RANK_FIELDS, values, strict=True)),
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
    return [ranking_row(group, period, unit_id, v) for unit_id, v in values.items()]


def group_members(period: Period, groups=GROUPS) -> dict[str, set[int]]:
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


def ranked_heirs(
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


def scoring_periods(as_of: date) -> list[Period]:
    """The quarter of `as_of` and the one before, plus every round's period that has started
    (and the period before each, for the change)."""
    periods = {Period.for_date("quarter", as_of)}
    for code in (
        Round.objects.filter(window_start__lte=as_of).values_list("period", flat=True).distinct()
    ):
        p = period_or_none(code)
        if p is not None and p.start <= as_of:
            periods.add(p)
    periods |= {p.previous() for p in periods}
    return sorted(periods)
