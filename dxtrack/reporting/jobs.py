"""Round creation as a background job: the database is the queue (as reminders are).

Proposing the assignments of a province's round reads the registry for every indicator and
task of the chosen programs and writes ~2 000 rows: seconds, too long for a request with no
feedback. The coordinator's request only checks the form and writes a ``RoundJob`` row; the
``dxtrack round_jobs`` command (cron every minute, or ``--loop`` as a service) takes the
waiting jobs one by one and calls ``services.round_create`` — the same function the pages
called before, so the assignment rules stay in one place (services/rounds.py). The job's page
shows where it is and links to the round when it is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import period_label
from dxtrack.registry.models import Program
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import Round

__all__ = ["RoundJob", "round_job_enqueue", "round_job_run", "round_jobs_run_pending"]

log = logging.getLogger(__name__)

# reporting.models imports this module (to register the model): no import of workflow or
# services at the top, they import the models.
Actor = Any


class RoundJob(models.Model):
    """A round the coordinator asked for, waiting to be created with its proposed assignments."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã tạo xong")
        FAILED = "failed", _("Không tạo được")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    programs = models.ManyToManyField(Program, related_name="+")
    period = models.CharField(max_length=8)
    working_days = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: What went wrong, in Vietnamese, for the coordinator (never a traceback).
    error = models.TextField(blank=True)

    class Meta:
        app_label = "reporting"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("yêu cầu tạo kỳ báo cáo")
        verbose_name_plural = _("yêu cầu tạo kỳ báo cáo")

    def __str__(self) -> str:
        return f"{self.period}: {self.get_state_display()}"

    @property
    def period_label(self) -> str:
        return str(period_label(self.period))  # in the page's language

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


def round_job_enqueue(
    *,
    acting_user: Actor,
    programs: Iterable[Program],
    period: str,
    working_days: int,
    title: str = "",
) -> RoundJob:
    """Check what the coordinator asked for and queue it; the round is created by the worker.

    The same checks as ``round_create`` run here first, so a mistake is reported on the form
    at once, not minutes later on the job's page."""
    permissions.require(permissions.can_review_rounds(acting_user))
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise ReportingError(str(exc), {"period": [str(exc)]}) from None
    programs = list(programs)
    if not programs:
        message = gettext("Chọn ít nhất một chương trình.")
        raise ReportingError(message, {"programs": [message]})
    if not 0 <= working_days <= 60:
        raise ReportingError(
            gettext("Số ngày làm việc không hợp lệ."),
            {"working_days": [gettext("Số ngày làm việc sau ngày chốt phải từ 0 đến 60.")]},
        )
    with transaction.atomic():
        job = RoundJob.objects.create(
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            period=p.code,
            working_days=working_days,
            title=title.strip(),
        )
        job.programs.set(programs)
        audit_record(
            actor=acting_user,
            action="round_job.create",
            obj=job,
            after={"period": p.code, "programs": [pr.pk for pr in programs]},
        )
    return job


def _claim(job_id: int) -> RoundJob | None:
    """Mark a waiting job as running; None if another worker took it first."""
    with transaction.atomic():
        taken = RoundJob.objects.filter(pk=job_id, state=RoundJob.State.WAITING).update(
            state=RoundJob.State.RUNNING, started_at=timezone.now()
        )
    return RoundJob.objects.get(pk=job_id) if taken else None


def round_job_run(job: RoundJob) -> RoundJob:
    """Create the job's round with ``services.round_create`` and record how it ended."""
    # Imported here: services import the models, and the models import this module's model.
    from dxtrack.reporting.services.rounds import round_create

    claimed = _claim(job.pk)
    if claimed is None:
        return RoundJob.objects.get(pk=job.pk)
    job = claimed
    try:
        rnd = round_create(
            acting_user=job.created_by,
            programs=list(job.programs.all()),
            period=job.period,
            working_days=job.working_days,
            title=job.title,
        )
    except (ReportingError, PermissionDenied) as exc:
        job.state, job.error = RoundJob.State.FAILED, str(getattr(exc, "message", exc))
    except Exception:  # the worker keeps going; the coordinator sees a plain sentence
        log.exception("round job %s failed", job.pk)
        job.state = RoundJob.State.FAILED
        job.error = gettext("Lỗi hệ thống khi tạo kỳ báo cáo; quản trị viên đã được ghi nhận lỗi.")
    else:
        job.state, job.round = RoundJob.State.DONE, rnd
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "round", "error", "finished_at"])
    return job


def round_jobs_run_pending(*, limit: int | None = None) -> int:
    """Run the waiting jobs, oldest first; how many ran."""
    ran = 0
    waiting = RoundJob.objects.filter(state=RoundJob.State.WAITING).order_by("created_at", "pk")
    for job_id in list(waiting.values_list("pk", flat=True)[:limit]):
        round_job_run(RoundJob(pk=job_id))
        ran += 1
    return ran
