"""Gather every figure of a report as of its cut-off date: one JSON-safe dict (the snapshot).

Reads only: the statuses come from evaluation (the stored rows when the date is the stored
evaluation's, otherwise computed for that date by the same code, exactly as `/api/v1/targets/
?as_of=` does), the units' words and disbursements from accepted task updates, the rankings
from evaluation's ranking selector. The narrative (`narrative.py`) and the files (`render_*`)
are made from this dict alone, so an issued report is reproduced from its stored snapshot.

Rows are numbered in the order of the appendices (`n`, the STT): the text refers to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from dxtrack.core import comparators
from dxtrack.core.numbers import format_number
from dxtrack.core.periods import Period
from dxtrack.core.text import unit_words
from dxtrack.evaluation import compute
from dxtrack.evaluation import selectors as evaluation
from dxtrack.evaluation.methods import (
    STATUS_LABELS_VI,
    TASK_STATUS_LABELS_VI,
    TRACKING_STATUS_LABELS_VI,
)
from dxtrack.evaluation.models import RankingRow, TaskEvaluation
from dxtrack.evaluation.pillars import OTHER_PILLAR, pillar_labels, task_pillar
from dxtrack.evaluation.series import accepted_cutoff
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import Program, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Assignment, Observation, ReviewState, Round, TaskUpdate

SNAPSHOT_VERSION = 1
RANKING_GROUPS = ("department", "commune")


@dataclass(frozen=True)
class Scope:
    """What a report covers: the whole province, one program or one pillar."""

    kind: str  # "province" | "program" | "pillar"
    program_id: int | None = None
    pillar: str = ""


def period_label(period: Period) -> str:
    """ "Quý III năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
    if period.kind == "quarter":
        return f"Quý {('I', 'II', 'III', 'IV')[period.number - 1]} năm {period.year}"
    if period.kind == "half":
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    if period.kind == "month":
        return f"tháng {period.number} năm {period.year}"
    return f"năm {period.year}"


def value_text(value: float, unit: str) -> str:
    """ "62,4%", "1.200 doanh nghiệp"."""
    number = format_number(round(value, 2))
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def goal_text(target: Target, unit: str) -> str:
    """ "trên 80% năm 2025": the comparator's goal phrase with the value and the year."""
    # "tăng 10% so với giá trị cơ sở": the phrase of a change carries its own "%".
    relative = target.comparator in ("increase", "decrease")
    amount = format_number(round(target.value, 2)) if relative else value_text(target.value, unit)
    phrase = comparators.goal_phrase(target.comparator, amount)
    when = ""
    if target.year:
        when = (
            f" quý {target.quarter} năm {target.year}" if target.quarter else f" năm {target.year}"
        )
    return phrase + when


def _programs(scope: Scope) -> QuerySet[Program]:
    programs = Program.objects.filter(status=Program.Status.PUBLISHED)
    if scope.kind == "program" and scope.program_id is not None:
        programs = Program.objects.filter(pk=scope.program_id)
    return programs.order_by("issued_on", "pk")


def _in_period(code: str, period: Period) -> bool:
    p = compute.period_or_none(code or "")
    return p is not None and period.start <= p.end <= period.end


def _simulated_values(indicator_ids: set[int]) -> set[tuple[int, str]]:
    """(indicator, period) pairs of accepted values the demo simulated."""
    return set(
        Observation.objects.filter(
            indicator_id__in=indicator_ids, simulated=True, state=ReviewState.ACCEPTED
        ).values_list("indicator_id", "period")
    )


def _target_rows(
    programs: list[Program], scope: Scope, period: Period, as_of: date
) -> list[dict[str, Any]]:
    targets = list(
        Target.objects.filter(in_force(), program__in=programs)
        .select_related("program", "goal", "indicator")
        .order_by("program__issued_on", "program_id", "goal__order", "order", "pk")
    )
    evaluations = evaluation.target_evaluations(targets=targets, as_of=as_of)
    simulated = _simulated_values({t.indicator_id for t in targets})
    labels = pillar_labels()
    rows = []
    for target in targets:
        ev = evaluations[target.pk]
        pillar = ev.pillar or OTHER_PILLAR
        if scope.kind == "pillar" and pillar != scope.pillar:
            continue
        unit = unit_words(target.unit or target.indicator.unit)
        latest_period = ev.latest_period or ""
        is_simulated = (target.indicator_id, latest_period) in simulated
        rows.append(
            {
                "id": target.pk,
                "program_id": target.program_id,
                "program": str(target.program),
                "pillar": pillar,
                "pillar_label": labels.get(pillar, pillar),
                "name": target.subject or target.indicator.name,
                "indicator": target.indicator.name,
                "unit": unit,
                "comparator": target.comparator,
                "target_value": target.value,
                "year": target.year,
                "goal": goal_text(target, unit),
                "period_value": ev.latest_value if _in_period(latest_period, period) else None,
                "latest_value": ev.latest_value,
                "latest_period": latest_period,
                "percent": round(ev.progress_ratio * 100, 1)
                if ev.progress_ratio is not None
                else None,
                "progress_ratio": ev.progress_ratio,
                "status": ev.status,
                "status_label": STATUS_LABELS_VI.get(ev.status, ev.status),
                "explanation": ev.explanation,
                "source": ev.latest_source,
                "simulated": is_simulated,
            }
        )
    for n, row in enumerate(rows, 1):
        row["n"] = n
    return rows


def _task_evaluations(tasks: list[Task], as_of: date) -> dict[int, TaskEvaluation]:
    if as_of == evaluation.evaluation_as_of():
        return evaluation.task_evaluations(tasks=tasks)
    computed = compute.task_evaluations_compute(
        as_of=as_of, tasks=Task.objects.filter(pk__in=[t.pk for t in tasks])
    )
    return {ev.task.pk: ev for ev in computed}


def _accepted_updates(task_ids: list[int], period: Period, as_of: date) -> dict[int, list]:
    """Task id → the latest accepted update of each unit (period started by `as_of`, accepted
    before the end of `as_of`), oldest unit name first."""
    updates = (
        TaskUpdate.objects.filter(task_id__in=task_ids, state=ReviewState.ACCEPTED)
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=accepted_cutoff(as_of)))
        .select_related("unit")
    )
    latest: dict[tuple[int, int], TaskUpdate] = {}
    latest_end: dict[tuple[int, int], date] = {}
    disbursed: dict[tuple[int, int], tuple[date, int, bool]] = {}
    for u in updates:
        p = compute.period_or_none(u.period)
        if p is None or p.start > as_of or p.start > period.end:
            continue
        key = (u.task_id, u.unit_id)
        if key not in latest or latest_end[key] < p.end:
            latest[key], latest_end[key] = u, p.end
        if u.disbursed is not None and (key not in disbursed or disbursed[key][0] < p.end):
            disbursed[key] = (p.end, u.disbursed, u.simulated)
    by_task: dict[int, list] = defaultdict(list)
    for (task_id, unit_id), u in latest.items():
        d = disbursed.get((task_id, unit_id))
        by_task[task_id].append((u, d))
    for rows in by_task.values():
        rows.sort(key=lambda pair: pair[0].unit.name)
    return by_task


def _deadline_text(task: Task) -> str:
    if task.timeframe:
        return task.timeframe
    if task.end_year:
        return f"Quý {task.end_quarter}/{task.end_year}" if task.end_quarter else str(task.end_year)
    return ""


def _task_rows(
    programs: list[Program], scope: Scope, period: Period, as_of: date
) -> list[dict[str, Any]]:
    tasks = list(
        Task.objects.filter(in_force(), program__in=programs)
        .select_related("program")
        .prefetch_related("task_units__unit")
        .order_by("program__issued_on", "program_id", "order")
    )
    evaluations = _task_evaluations(tasks, as_of)
    updates = _accepted_updates([t.pk for t in tasks], period, as_of)
    labels = pillar_labels()
    rows = []
    for task in tasks:
        ev = evaluations[task.pk]
        pillar = ev.pillar or task_pillar(task)
        if scope.kind == "pillar" and pillar != scope.pillar:
            continue
        words = []
        disbursed_total = None
        simulated = False
        for u, d in updates.get(task.pk, []):
            in_period = _in_period(u.period, period)
            if in_period and (u.narrative or u.difficulties or u.proposals):
                words.append(
                    {
                        "unit": u.unit.name,
                        "period": u.period,
                        "narrative": u.narrative.strip(),
                        "difficulties": u.difficulties.strip(),
                        "proposals": u.proposals.strip(),
                        "simulated": u.simulated,
                    }
                )
                simulated = simulated or u.simulated
            if d is not None:
                disbursed_total = (disbursed_total or 0) + d[1]
                simulated = simulated or d[2]
        tracking = ev.tracking_status
        units = list(task.task_units.all())
        rows.append(
            {
                "id": task.pk,
                "program_id": task.program_id,
                "program": str(task.program),
                "code": task.code,
                "name": task.name,
                "pillar": pillar,
                "pillar_label": labels.get(pillar, pillar),
                "lead": [tu.unit.name for tu in units if tu.role == TaskUnit.Role.LEAD],
                "coordinators": [
                    tu.unit.name for tu in units if tu.role == TaskUnit.Role.COORDINATOR
                ],
                "deadline": _deadline_text(task),
                "end": ev.numbers.get("end"),
                "recurrence": task.recurrence,
                "product": task.product,
                "percent_done": ev.percent_done,
                "status": ev.status,
                "status_label": TASK_STATUS_LABELS_VI.get(ev.status, ev.status),
                "tracking_status": tracking,
                "tracking_label": TRACKING_STATUS_LABELS_VI.get(tracking, ""),
                "days_overdue": ev.numbers.get("days_overdue"),
                "words": words,
                "budget_vnd": task.budget_vnd,
                "budget_per_year": task.budget_per_year,
                "budget_source": task.budget_source,
                "disbursed_vnd": disbursed_total,
                "simulated": simulated,
            }
        )
    for n, row in enumerate(rows, 1):
        row["n"] = n
    return rows


def _budget_rows(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Phụ lục III: each task with a planned budget or a disbursement, per source."""
    rows = []
    for task in tasks:
        if task["budget_vnd"] is None and task["disbursed_vnd"] is None:
            continue
        rows.append(
            {
                "task_n": task["n"],
                "task_id": task["id"],
                "name": task["name"],
                "source": task["budget_source"] or "Chưa xác định",
                "planned_vnd": task["budget_vnd"],
                "per_year": task["budget_per_year"],
                "disbursed_vnd": task["disbursed_vnd"],
                "simulated": task["simulated"] and task["disbursed_vnd"] is not None,
            }
        )
    for n, row in enumerate(rows, 1):
        row["n"] = n
    return rows


def ranking_period(period: Period, as_of: date) -> Period:
    """The quarter the rankings are read for: the report's, or the last one it covers."""
    if period.kind == "quarter":
        return period
    return Period.for_date("quarter", min(period.end, as_of))


def _rankings(period: Period, as_of: date) -> dict[str, Any]:
    quarter = ranking_period(period, as_of)
    groups = []
    formula = ""
    labels = dict(RankingRow.Group.choices)
    for group in RANKING_GROUPS:
        data = evaluation.ranking(group=group, period=quarter)
        formula = str(data["formula"])
        groups.append(
            {
                "group": group,
                "label": str(labels[group]),
                "rows": [
                    {
                        "rank": r.rank,
                        "unit": r.unit.name,
                        "unit_code": r.unit.code,
                        "score": round(r.score, 1) if r.score is not None else None,
                        "previous_rank": r.previous_rank,
                        "change": r.change,
                    }
                    for r in data["rows"]
                ],
            }
        )
    return {
        "period": quarter.code,
        "period_label": period_label(quarter),
        "groups": groups,
        "method": formula,
    }


def _rounds(programs: list[Program], period: Period) -> list[dict[str, Any]]:
    rounds = (
        Round.objects.filter(programs__in=programs, period=period.code)
        .exclude(state=Round.State.DRAFT)
        .distinct()
        .order_by("due_date", "pk")
    )
    out = []
    for rnd in rounds:
        assignments = Assignment.objects.filter(round=rnd, role=Assignment.Role.REPORT)
        accepted = Observation.objects.filter(round=rnd, state=ReviewState.ACCEPTED).count()
        accepted += TaskUpdate.objects.filter(round=rnd, state=ReviewState.ACCEPTED).count()
        out.append(
            {
                "title": rnd.title,
                "due_date": rnd.due_date.isoformat(),
                "units": assignments.values("unit").distinct().count(),
                "items": assignments.count(),
                "accepted": accepted,
            }
        )
    return out


def province_name() -> str:
    unit = Unit.objects.filter(code=settings.PROVINCE_UNIT_CODE).first()
    return unit.name if unit else ""


def figures_gather(*, scope: Scope, period: Period, as_of: date) -> dict[str, Any]:
    """Every figure of the report, as of `as_of` (JSON-safe)."""
    programs = list(_programs(scope))
    targets = _target_rows(programs, scope, period, as_of)
    tasks = _task_rows(programs, scope, period, as_of)
    labels = pillar_labels()
    return {
        "version": SNAPSHOT_VERSION,
        "period": period.code,
        "period_label": period_label(period),
        "period_end": period.end.isoformat(),
        "as_of": as_of.isoformat(),
        "scope": scope.kind,
        "pillar": scope.pillar,
        "pillar_label": labels.get(scope.pillar, "") if scope.pillar else "",
        "province": province_name(),
        "programs": [
            {
                "id": p.pk,
                "name": str(p),
                "number": p.number,
                "title": p.title,
                "issued_on": p.issued_on.isoformat() if p.issued_on else None,
            }
            for p in programs
        ],
        "pillars": [{"key": k, "label": v} for k, v in labels.items()],
        "rounds": _rounds(programs, period),
        "targets": targets,
        "tasks": tasks,
        "budget": _budget_rows(tasks),
        "rankings": _rankings(period, as_of),
        # Scores and rankings are computed from every accepted value, simulated ones included.
        "simulated_any": Observation.objects.filter(
            simulated=True, state=ReviewState.ACCEPTED
        ).exists()
        or TaskUpdate.objects.filter(simulated=True, state=ReviewState.ACCEPTED).exists(),
    }
