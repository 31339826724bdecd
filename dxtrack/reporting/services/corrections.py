"""The coordinator enters or corrects a unit's value, with a reason (issue 15).

A unit's own value goes through its round (`items.py`, `workflow.py`); the coordinating office
also needs to put right a value a unit sent wrong, or enter one a unit sent on paper. Such a
value is accepted at once (the coordinator is the reviewer), keeps its history (a revision
`correct` with the reason) and its audit row (before → after, the reason as the comment), and
updates the statuses through the accept hook in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.models import ReviewState
from dxtrack.core.periods import Period
from dxtrack.registry.models import Indicator, Unit
from dxtrack.reporting import hooks, rules, selectors
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import Observation, Round
from dxtrack.reporting.workflow import (
    OBS_FIELDS,
    Actor,
    actor_name,
    authenticated,
    findings_errors,
    revision_record,
)

REASON_MAX = 500
CORRECT_FIELDS = [*OBS_FIELDS, "of_value", "simulated", "source"]


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = gettext("Cần nêu lý do nhập hoặc sửa số liệu (ghi vào nhật ký).")
        raise ReportingError(message, {"reason": [message]})
    if len(reason) > REASON_MAX:
        message = gettext("Lý do dài quá %(n)s ký tự.") % {"n": REASON_MAX}
        raise ReportingError(message, {"reason": [message]})
    return reason


def _period_code(period: str) -> str:
    try:
        return Period.parse(period).code
    except ValueError as exc:
        raise ReportingError(str(exc), {"period": [str(exc)]}) from None


def _round_of(indicator: Indicator, unit: Unit, period: str) -> Round | None:
    """The round in which the unit owes this value, if any (the value is shown in it)."""
    return (
        Round.objects.filter(
            period=period, assignments__unit=unit, assignments__indicator=indicator
        )
        .order_by("-pk")
        .first()
    )


def observation_correct(
    *,
    acting_user: Actor,
    indicator: Indicator,
    unit: Unit,
    period: str,
    value: object,
    reason: str,
    of_value: float | None = None,
) -> Observation:
    """Enter or correct `unit`'s value of `indicator` for `period` as the coordinator: stored
    accepted at once, simulated no longer (a person vouches for it), with the reason in the
    item's history and in the audit row. The unit's rules (range, whole numbers) still apply."""
    permissions.require(permissions.can_review_rounds(acting_user))
    reason = _required_reason(reason)
    code = _period_code(period)
    parsed, findings = rules.check_value(
        value, profile=selectors.indicator_profile(indicator=indicator), note=reason
    )
    errors = findings_errors(findings)
    if errors or parsed is None:
        message = "; ".join(m for ms in errors.values() for m in ms) or gettext(
            "Số liệu không hợp lệ."
        )
        raise ReportingError(message, errors or {"value": [message]})
    now = timezone.now()
    with transaction.atomic():
        item = (
            Observation.objects.select_for_update()
            .filter(indicator=indicator, unit=unit, period=code)
            .exclude(source_kind=Observation.SourceKind.DOCUMENT)
            .first()
        )
        before = snapshot(item, CORRECT_FIELDS) if item is not None else None
        if item is None:
            item = Observation(
                indicator=indicator,
                unit=unit,
                period=code,
                source_kind=Observation.SourceKind.REPORT,
                round=_round_of(indicator, unit, code),
                version=0,
            )
        item.value = parsed
        if of_value is not None:
            item.of_value = of_value
        item.state = ReviewState.ACCEPTED
        item.simulated = False
        item.source = (gettext("Cơ quan điều phối nhập/sửa: %(reason)s") % {"reason": reason})[:500]
        item.review_comment = reason
        item.reviewed_by = authenticated(acting_user)
        item.reviewed_at = now
        item.version += 1
        item.save()
        revision_record(item, acting_user=acting_user, action="correct", via="web", comment=reason)
        b, a = changed(before, snapshot(item, CORRECT_FIELDS))
        audit_record(
            actor=acting_user,
            actor_name=actor_name(acting_user, "web"),
            action="observation.correct" if before is not None else "observation.enter",
            obj=item,
            before=b,
            after=a,
            unit_code=unit.code,
            comment=reason,
        )
        hooks.item_accepted(item=item)
    return item
