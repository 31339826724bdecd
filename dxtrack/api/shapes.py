"""The JSON shapes of DESIGN.md ("API v1: the shapes others rely on"), written once."""

from django.contrib.auth.base_user import AbstractBaseUser

from dxtrack.evaluation.models import RankingRow, TargetEvaluation
from dxtrack.registry.in_force import is_in_force
from dxtrack.registry.models import Program, Target, Task, TaskUnit, Unit
from dxtrack.registry.selectors import task_budget
from dxtrack.reporting.models import Observation, Round, TaskUpdate


def program_shape(program: Program, *, counts: dict | None = None, budget_total=None) -> dict:
    counts = counts or {
        "goals": getattr(program, "n_goals", None),
        "targets": getattr(program, "n_targets", None),
        "tasks": getattr(program, "n_tasks", None),
    }
    return {
        "id": program.pk,
        "number": program.number,
        "kind": program.kind,
        "title": program.title,
        "issuer": program.issuer,
        "issued_on": program.issued_on.isoformat() if program.issued_on else None,
        "horizon_year": program.horizon_year,
        "status": program.status,
        "counts": counts,
        "budget_total_vnd": budget_total,
    }


def unit_shape(unit: Unit) -> dict:
    return {
        "unit_code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name or None,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent is not None else None,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "successors": [s.code for s in unit.successors.all()],
        "aliases": unit.aliases,
    }


def task_shape(task: Task, status: str | None = None) -> dict:
    units = list(task.task_units.all())
    return {
        "id": task.pk,
        "program": task.program_id,
        "code": task.code,
        "group": task.group,
        "name": task.name,
        "lead": [tu.unit.code for tu in units if tu.role == TaskUnit.Role.LEAD],
        "coordinators": [tu.unit.code for tu in units if tu.role == TaskUnit.Role.COORDINATOR],
        "lead_as_written": [tu.written_name for tu in units if tu.role == TaskUnit.Role.LEAD],
        "timeframe": task.timeframe,
        "start_year": task.start_year,
        "end_year": task.end_year,
        "end_quarter": task.end_quarter,
        "recurrence": task.recurrence or None,
        "budget_vnd": task.budget_vnd,
        "budget_per_year": task.budget_per_year,
        "budget_source": task.budget_source or None,
        "product": task.product or None,
        "line": task.line,
        "status": status,
    }


def target_shape_basic(target: Target) -> dict:
    return {
        "id": target.pk,
        "program": target.program_id,
        "goal_text": target.goal.text,
        "section": target.goal.section,
        "indicator_id": target.indicator_id,
        "indicator_name": target.indicator.name,
        "comparator": target.comparator,
        "value": target.value,
        "unit": target.unit,
        "year": target.year,
        "quarter": target.quarter,
        "scope": target.scope or None,
        "line": target.goal.line,
    }


def target_shape(target: Target, ev: TargetEvaluation) -> dict:
    """A target with its evaluation (stored or computed for another date)."""
    data = target_shape_basic(target)
    latest = None
    if ev.latest_value is not None:
        latest = {
            "value": ev.latest_value,
            "period": ev.latest_period,
            "unit_code": ev.numbers.get("latest_unit_code"),
            "source": ev.latest_source or None,
        }
    data.update(
        {
            "status": ev.status,
            "status_label": ev.label_vi,
            "progress_ratio": ev.progress_ratio,
            "expected_now": ev.expected_now,
            "latest": latest,
            "as_of": ev.as_of.isoformat(),
            # `explanation` stays Vietnamese whatever the request's language, as clients expect;
            # None until `dxtrack evaluate` has written a row stored before the English existed.
            "explanation": ev.explanation,
            "explanation_en": ev.explanation_en or None,
        }
    )
    return data


def ranking_row_shape(row: RankingRow) -> dict:
    """One unit's place in a ranking, with its scorecard's components and formula (`row.scorecard`,
    set by the ranking selector; None when the unit has no scorecard)."""
    card = getattr(row, "scorecard", None)
    return {
        "rank": row.rank,
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "score": row.score,
        "previous_rank": row.previous_rank,
        "change": row.change,
        "components": card.components if card else [],
        "formula": card.formula if card else None,
        "formula_en": (card.formula_en or None) if card else None,
    }


def program_budget_total(program: Program) -> int | None:
    tasks = [t for t in program.tasks.all() if is_in_force(t)]  # prefetched by the list
    total, _ = task_budget(tasks=tasks)
    return total if tasks else None


# -- reporting: what units write, and a round's state ---------------------------------------------


def _username(user: AbstractBaseUser | None) -> str | None:
    return user.get_username() if user is not None else None


def observation_shape(o: Observation) -> dict:
    return {
        "id": o.pk,
        "indicator": o.indicator_id,
        "unit_code": o.unit.code,
        "period": o.period,
        "value": o.value,
        "state": o.state,
        "source": o.source_kind,
        "submitted_by": _username(o.submitted_by) if o.submitted_by_id else None,
        "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
        "version": o.version,
        "note": o.note or None,
        "round": o.round_id,
        "flags": o.flags,
        "review_comment": o.review_comment or None,
    }


def task_update_shape(u: TaskUpdate) -> dict:
    return {
        "id": u.pk,
        "task": u.task_id,
        "unit_code": u.unit.code,
        "period": u.period,
        "progress": u.progress,
        "percent_done": u.percent_done,
        "narrative": u.narrative,
        "difficulties": u.difficulties,
        "proposals": u.proposals,
        "expected_completion": u.expected_completion.isoformat() if u.expected_completion else None,
        "completed_on": u.completed_on.isoformat() if u.completed_on else None,
        "disbursed": u.disbursed,
        "state": u.state,
        "version": u.version,
        "round": u.round_id,
        "submitted_by": _username(u.submitted_by) if u.submitted_by_id else None,
        "submitted_at": u.submitted_at.isoformat() if u.submitted_at else None,
        "evidence": [
            {"id": e.pk, "name": e.original_name, "sha256": e.sha256, "size": e.size}
            for e in u.evidence.all()
        ],
        "review_comment": u.review_comment or None,
    }


def round_status_shape(rnd: Round, *, totals: dict, units: list[dict]) -> dict:
    """A round with its completeness (`reporting.selectors.completeness`): totals, per unit."""
    return {
        "id": rnd.pk,
        "title": rnd.title,
        "period": rnd.period,
        "state": rnd.state,
        "programs": [p.pk for p in rnd.programs.all()],
        "window_start": rnd.window_start.isoformat(),
        "window_end": rnd.window_end.isoformat(),
        "due_date": rnd.due_date.isoformat(),
        "totals": totals,
        "units": units,
    }
