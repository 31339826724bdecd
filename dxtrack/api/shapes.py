"""The JSON shapes of DESIGN.md ("API v1: the shapes others rely on"), written once."""

from dxtrack.registry.models import Program, Task, TaskUnit, Unit
from dxtrack.registry.selectors import task_budget


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
        "parent": unit.parent.code if unit.parent_id else None,
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


def target_shape_basic(target) -> dict:
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


def program_budget_total(program: Program) -> int | None:
    total, _ = task_budget(program.tasks.all())
    return total if program.tasks.exists() else None
