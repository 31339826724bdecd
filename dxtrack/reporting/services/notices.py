"""In-app notices and the reminders sent before and after a round's due date.

Reminders are queued in the database (one `Reminder` row per round, unit and kind: sent once)
and sent by `dxtrack remind`, run from cron; the texts are translatable (the command runs in the
site's language, LANGUAGE_CODE) and name the coordinator from the registry
(REPORTING_COORDINATOR_UNIT).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record
from dxtrack.core.periods import add_working_days
from dxtrack.registry.models import Unit
from dxtrack.reporting import selectors
from dxtrack.reporting.models import Notice, Reminder, Round
from dxtrack.reporting.workflow import Actor, unit_notify

__all__ = ["notice_read", "reminders_plan", "reminders_send", "unit_notify"]


def notice_read(*, acting_user: Actor, notice: Notice) -> None:
    if acting_user is None or notice.user_id != acting_user.pk:
        raise PermissionDenied(gettext("Không phải thông báo của bạn."))
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def reminders_plan(*, today: date, days_before: int) -> list[tuple[Round, Unit, str, int]]:
    """Which (round, unit, kind) reminders are due today: units with items still missing (to the
    unit's reporters and approvers), and units whose leader has items waiting for sign-off
    (`approval`, to the approvers only; once per round and unit)."""
    due: list[tuple[Round, Unit, str, int]] = []
    for rnd in Round.objects.filter(state=Round.State.OPEN).order_by("due_date", "pk"):
        kind: str | None
        if today > rnd.due_date:
            kind = Reminder.Kind.OVERDUE
        elif add_working_days(today, days_before) >= rnd.due_date:
            kind = Reminder.Kind.BEFORE_DUE
        else:
            kind = None
        for status in selectors.completeness(rnd=rnd).values():
            if kind is not None and status.missing > 0:
                due.append((rnd, status.unit, kind, status.missing))
            if status.awaiting_approval > 0:
                due.append((rnd, status.unit, Reminder.Kind.APPROVAL, status.awaiting_approval))
    return due


def _coordinator_name() -> str:
    coordinator = selectors.coordinator_unit()
    return coordinator.name if coordinator is not None else gettext("cơ quan điều phối")


def _reminder_text(reminder: Reminder) -> tuple[str, str, tuple[str, ...]]:
    """(subject, text, the roles it goes to) of a reminder."""
    rnd = reminder.round
    values = {
        "unit": reminder.unit.name,
        "count": reminder.missing,
        "round": rnd.title,
        "due": rnd.due_date.strftime("%d/%m/%Y"),
    }
    if reminder.kind == Reminder.Kind.APPROVAL:
        return (
            gettext("[dxtrack] Báo cáo chờ lãnh đạo đơn vị duyệt: %(round)s") % values,
            gettext(
                "%(unit)s có %(count)s mục của “%(round)s” đang chờ lãnh đạo đơn vị duyệt để "
                "gửi %(coordinator)s; hạn gửi ngày %(due)s."
            )
            % {**values, "coordinator": _coordinator_name()},
            (permissions.APPROVER,),
        )
    if reminder.kind == Reminder.Kind.OVERDUE:
        subject = gettext("[dxtrack] Quá hạn báo cáo: %(round)s") % values
        text = (
            gettext("%(unit)s còn %(count)s mục chưa gửi của “%(round)s”, đã quá hạn ngày %(due)s.")
            % values
        )
    else:
        subject = gettext("[dxtrack] Sắp đến hạn báo cáo: %(round)s") % values
        text = (
            gettext("%(unit)s còn %(count)s mục chưa gửi của “%(round)s”; hạn gửi ngày %(due)s.")
            % values
        )
    return subject, text, (permissions.REPORTER, permissions.APPROVER)


def _reminder_send(pk: int) -> bool:
    """Send one queued reminder (mail and notice) in its own transaction; False if another run
    has it or sent it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True)
            .select_related("round", "unit")
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        rnd, unit = reminder.round, reminder.unit
        path = reverse("reporting:workspace", args=[rnd.pk, unit.code])
        subject, text, roles = _reminder_text(reminder)
        users = unit_notify(unit=unit, text=text, url=path, roles=roles)
        emails = sorted({u.email for u in users if u.email})
        if emails:
            body = gettext("%(text)s\n\nNhập và gửi số liệu tại: %(url)s\n\n— dxtrack") % {
                "text": text,
                "url": f"{settings.SITE_URL}{path}",
            }
            mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        reminder.sent_at = timezone.now()
        reminder.recipients = emails
        reminder.save(update_fields=["sent_at", "recipients"])
        audit_record(
            actor=None,
            actor_name="dxtrack remind",
            action="reminder.send",
            obj=reminder,
            object_type="reporting.reminder",
            after={
                "round": rnd.pk,
                "kind": reminder.kind,
                "missing": reminder.missing,
                "recipients": emails,
            },
            unit_code=unit.code,
        )
    return True


def reminders_send(*, today: date | None = None, days_before: int | None = None) -> int:
    """Queue the reminders due today (one row per round, unit and kind: sent once), then send
    every queued one not yet sent, by e-mail and as an in-app notice. Returns how many went."""
    today = today or timezone.localdate()
    if days_before is None:
        days_before = settings.REMINDER_DAYS_BEFORE
    for rnd, unit, kind, missing in reminders_plan(today=today, days_before=days_before):
        Reminder.objects.get_or_create(
            round=rnd, unit=unit, kind=kind, defaults={"missing": missing}
        )
    pending = list(Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    return sum(1 for pk in pending if _reminder_send(pk))
