"""Rounds (kỳ báo cáo) and their assignments: created, opened, closed, reopened by the
coordinator. Each write runs in one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.periods import Period, due_date, reporting_window
from dxtrack.registry import selectors as registry_selectors
from dxtrack.registry.in_force import is_in_force
from dxtrack.registry.models import Indicator, Program, Task, Unit
from dxtrack.reporting import selectors
from dxtrack.reporting.errors import Locked, ReportingError
from dxtrack.reporting.models import Assignment, Round
from dxtrack.reporting.workflow import Actor, authenticated


def round_create(
    *,
    acting_user: Actor,
    programs: Iterable[Program],
    period: str,
    working_days: int,
    title: str = "",
    propose: bool = True,
) -> Round:
    """A draft round of `period` for `programs`, due `working_days` after the cut-off, with the
    assignments the registry proposes (`propose`)."""
    permissions.require(permissions.can_review_rounds(acting_user))
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise ReportingError(str(exc), {"period": [str(exc)]}) from None
    programs = list(programs)
    if not programs:
        raise ReportingError(
            gettext("Chọn ít nhất một chương trình."),
            {"programs": [gettext("Chọn ít nhất một chương trình.")]},
        )
    if working_days < 0 or working_days > 60:
        raise ReportingError(
            gettext("Số ngày làm việc không hợp lệ."),
            {"working_days": [gettext("Số ngày làm việc sau ngày chốt phải từ 0 đến 60.")]},
        )
    start, end = reporting_window(p)
    with transaction.atomic():
        rnd = Round.objects.create(
            title=title.strip()
            or f"Báo cáo {p.label_vi} — " + ", ".join(pr.number or str(pr) for pr in programs),
            period=p.code,
            window_start=start,
            window_end=end,
            due_date=due_date(p, working_days),
            created_by=authenticated(acting_user),
        )
        rnd.programs.set(programs)
        proposal = (
            _with_responsibilities(
                selectors.assignments_proposed(programs=programs, period=p.code), period=p
            )
            if propose
            else None
        )
        if proposal:
            Assignment.objects.bulk_create(
                [
                    Assignment(
                        round=rnd,
                        unit=unit,
                        kind=kind,
                        role=role,
                        indicator=cast(Indicator, item)
                        if kind == Assignment.Kind.INDICATOR
                        else None,
                        task=cast(Task, item) if kind == Assignment.Kind.TASK else None,
                    )
                    for unit, kind, role, item in proposal.items
                ]
            )
        audit_record(
            actor=acting_user,
            action="round.create",
            obj=rnd,
            after={
                **snapshot(rnd),
                "programs": [pr.pk for pr in programs],
                "assignments": rnd.assignments.count(),
                "not_assigned": proposal.skipped if proposal else [],
            },
        )
    return rnd


def _with_responsibilities(proposal: selectors.Proposal, *, period: Period) -> selectors.Proposal:
    """The proposal with each indicator's values owed by the units its responsibility names
    (lead and contributing units, groups expanded to their units at the period's end); an
    indicator with no responsibility keeps the registry's rule (responsible unit, target owner,
    else the coordinating office)."""
    indicator_items = [
        item for _, kind, _, item in proposal.items if kind == Assignment.Kind.INDICATOR
    ]
    named = registry_selectors.responsibilities_by_indicator(
        indicator_ids={cast(Indicator, item).pk for item in indicator_items}
    )
    if not named:
        return proposal
    result = selectors.Proposal(skipped=list(proposal.skipped))
    seen: set[tuple[int, int]] = set()
    for unit, kind, role, item in proposal.items:
        if kind != Assignment.Kind.INDICATOR or cast(Indicator, item).pk not in named:
            result.items.append((unit, kind, role, item))
            continue
        indicator = cast(Indicator, item)
        for responsibility in named[indicator.pk]:
            units = registry_selectors.responsibility_units(
                responsibility=responsibility, on=period.end
            )
            units = [u for u in units if u.kind in selectors.REPORTING_KINDS]
            if not units:
                result.skipped.append(f"{indicator.name[:60]}: {responsibility}")
            for reporting_unit in units:
                if (indicator.pk, reporting_unit.pk) not in seen:
                    seen.add((indicator.pk, reporting_unit.pk))
                    result.items.append((reporting_unit, kind, Assignment.Role.REPORT, indicator))
    return result


def _state_now(pk: int) -> str | None:
    return Round.objects.filter(pk=pk).values_list("state", flat=True).first()


def assignment_add(
    *,
    acting_user: Actor,
    rnd: Round,
    unit: Unit,
    kind: str,
    role: str = Assignment.Role.REPORT,
    indicator: Indicator | None = None,
    task: Task | None = None,
) -> Assignment:
    permissions.require(permissions.can_review_rounds(acting_user))
    if _state_now(rnd.pk) == Round.State.CLOSED:
        raise Locked(gettext("Kỳ báo cáo đã khoá."))
    if (kind == Assignment.Kind.INDICATOR) == (indicator is None) or (
        kind == Assignment.Kind.TASK
    ) == (task is None):
        raise ReportingError(
            gettext("Chọn một chỉ số hoặc một nhiệm vụ."),
            {"item": [gettext("Chọn một chỉ số hoặc một nhiệm vụ.")]},
        )
    if role not in Assignment.Role.values:
        raise ReportingError(
            gettext("Vai trò không hợp lệ."), {"role": [gettext("Vai trò không hợp lệ.")]}
        )
    if task is not None and not is_in_force(task):
        message = gettext("Nhiệm vụ “%(task)s” đã bãi bỏ theo %(doc)s: không giao báo cáo.") % {
            "task": str(task)[:80],
            "doc": task.repealed_by,
        }
        raise ReportingError(message, {"item": [message]})
    with transaction.atomic():
        existing = Assignment.objects.filter(
            round=rnd, unit=unit, indicator=indicator, task=task
        ).first()
        if existing is not None:
            raise ReportingError(
                gettext("Đơn vị đã được phân công mục này."),
                {"item": [gettext("Đã có phân công này.")]},
            )
        assignment = Assignment.objects.create(
            round=rnd, unit=unit, kind=kind, role=role, indicator=indicator, task=task
        )
        audit_record(
            actor=acting_user,
            action="assignment.add",
            obj=assignment,
            after=snapshot(assignment),
            unit_code=unit.code,
        )
    return assignment


def assignment_remove(*, acting_user: Actor, assignment: Assignment) -> None:
    permissions.require(permissions.can_review_rounds(acting_user))
    if _state_now(assignment.round_id) == Round.State.CLOSED:
        raise Locked(gettext("Kỳ báo cáo đã khoá."))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="assignment.remove",
            obj=assignment,
            before=snapshot(assignment),
            unit_code=assignment.unit.code,
        )
        assignment.delete()


def _round_state(
    *,
    acting_user: Actor,
    rnd: Round,
    to: str,
    action: str,
    allowed_from: set[str],
    comment: str = "",
) -> Round:
    permissions.require(permissions.can_review_rounds(acting_user))
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.state not in allowed_from:
            raise ReportingError(
                gettext("Không thể chuyển kỳ báo cáo từ trạng thái “%(state)s”.")
                % {"state": rnd.get_state_display()}
            )
        before = snapshot(rnd)
        rnd.state = to
        now = timezone.now()
        if to == Round.State.OPEN:
            rnd.opened_at = now
            rnd.closed_at = None
        else:
            rnd.closed_at = now
        rnd.save()
        b, a = changed(before, snapshot(rnd))
        audit_record(actor=acting_user, action=action, obj=rnd, comment=comment, before=b, after=a)
    return rnd


def round_open(*, acting_user: Actor, rnd: Round) -> Round:
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.OPEN,
        action="round.open",
        allowed_from={Round.State.DRAFT},
    )


def round_close(*, acting_user: Actor, rnd: Round) -> Round:
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.CLOSED,
        action="round.close",
        allowed_from={Round.State.OPEN},
    )


def round_reopen(*, acting_user: Actor, rnd: Round, reason: str) -> Round:
    if not (reason or "").strip():
        raise ReportingError(
            gettext("Cần nêu lý do mở lại."),
            {"reason": [gettext("Cần nêu lý do mở lại kỳ báo cáo.")]},
        )
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.OPEN,
        action="round.reopen",
        allowed_from={Round.State.CLOSED},
        comment=reason.strip(),
    )
