from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """One row per write: who, when, what, before → after. Written in the write's transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Kept when the user is later deleted, and for the CLI.",
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    unit_code = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class ReviewState(models.TextChoices):
    """The life of a reported item (a value or a task update), the same for every kind of item."""

    DRAFT = "draft", _("Nháp")
    # Sent by the unit's reporter, awaiting the unit's leader (ký duyệt) before it reaches the
    # coordinator (issue 4, unit approval): see the transition table in dxtrack/reporting/workflow.py.
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo đơn vị duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")
