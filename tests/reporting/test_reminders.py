"""Reminders: before the due date and when overdue, each (round, unit, kind) sent once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from dxtrack.core.models import AuditLog
from dxtrack.reporting import services
from dxtrack.reporting.models import Assignment, Notice, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(setup):
    """Only Sở Y tế and the commune owe anything, so the mails are easy to count."""
    Assignment.objects.filter(round=setup.round).exclude(
        unit__in=[setup.soyte, setup.commune]
    ).delete()
    return setup


def remind(today: date) -> str:
    out = StringIO()
    call_command("remind", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_nothing_is_sent_long_before_the_due_date(small):
    assert "Đã gửi 0" in remind(small.round.due_date - timedelta(days=30))
    assert mail.outbox == []


def test_a_reminder_before_the_due_date_is_sent_once(small):
    day = small.round.due_date - timedelta(days=1)
    assert "Đã gửi 2" in remind(day)
    assert len(mail.outbox) == 2
    to = sorted(addr for m in mail.outbox for addr in m.to)
    assert to == sorted(
        [small.p.reporter_soyte.email, small.p.approver_soyte.email, small.p.reporter_commune.email]
    )
    assert "Sắp đến hạn" in mail.outbox[0].subject
    assert "Đã gửi 0" in remind(day)
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(kind="before_due").count() == 2
    assert Notice.objects.filter(user=small.p.reporter_soyte).count() == 1
    assert AuditLog.objects.filter(action="reminder.send").count() == 2


def test_an_overdue_reminder_goes_once_to_units_still_missing_items(small):
    for assignment in (small.c_percent, small.c_task):
        if assignment.kind == "indicator":
            services.observation_save(
                acting_user=small.p.reporter_commune, assignment=assignment, value="10", submit=True
            )
        else:
            services.task_update_save(
                acting_user=small.p.reporter_commune,
                assignment=assignment,
                data=services.TaskUpdateData(progress="in_progress", percent_done=10),
                submit=True,
            )
    day = small.round.due_date + timedelta(days=2)
    remind(day)
    remind(day + timedelta(days=1))
    assert len(mail.outbox) == 1 and "Quá hạn" in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {small.p.reporter_soyte.email, small.p.approver_soyte.email}


def test_the_unit_sees_the_reminder_in_the_app(small, client_as):
    remind(small.round.due_date)
    page = client_as(small.p.reporter_soyte).get("/bao-cao/").content.decode()
    assert 'id="notices"' in page and "hạn gửi" in page


def test_a_failed_send_stays_queued_and_goes_next_time(small, monkeypatch):
    calls = {"n": 0}
    real = mail.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP down")
        return real(*args, **kwargs)

    monkeypatch.setattr(mail, "send_mail", flaky)
    day = small.round.due_date - timedelta(days=1)
    with pytest.raises(OSError):
        remind(day)
    assert Reminder.objects.filter(sent_at__isnull=True).count() >= 1
    remind(day)
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 2
