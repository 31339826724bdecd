from django.contrib import admin

from dxtrack.core.admin import AuditedAdmin, ReadOnlyAdmin
from dxtrack.reporting import workflow
from dxtrack.reporting.models import (
    IndicatorProfile,
    Observation,
    Reminder,
    Round,
    UnitApprovalPolicy,
)


@admin.register(Observation)
class ObservationAdmin(AuditedAdmin):
    """A value corrected in the admin is recorded as a step of its life is (a new version, a
    history row via "admin", an audit row before → after: `workflow.item_admin_save`). Its state
    and the workflow's columns are read-only: only the workflow accepts (and runs the accept
    hook), returns or sends."""

    list_display = ("indicator", "unit", "period", "value", "state", "source_kind")
    list_filter = ("state", "source_kind")
    readonly_fields = (
        "state",
        "version",
        "review_comment",
        "submitted_by",
        "submitted_at",
        "first_submitted_at",
        "reviewed_by",
        "reviewed_at",
    )

    def save_model(self, request, obj, form, change):
        workflow.item_admin_save(
            acting_user=request.user,
            item=obj,
            created=not change,
            write=lambda: admin.ModelAdmin.save_model(self, request, obj, form, change),
        )


@admin.register(IndicatorProfile)
class IndicatorProfileAdmin(AuditedAdmin):
    """Where the coordinator sets an indicator's check (range, cumulative); shown on /bao-cao/quy-tac/."""

    list_display = ("indicator", "measure", "min_value", "max_value", "cumulative")
    list_filter = ("measure", "cumulative")
    raw_id_fields = ("indicator",)


@admin.register(UnitApprovalPolicy)
class UnitApprovalPolicyAdmin(AuditedAdmin):
    """Per unit: whether its leader signs off before a report reaches the coordinator
    (no row: the setting REPORTING_UNIT_APPROVAL)."""

    list_display = ("unit", "approval_required", "note")
    list_filter = ("approval_required",)
    raw_id_fields = ("unit",)


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    """Read-only: rounds change through the reporting pages (audited services)."""

    list_display = ("title", "period", "due_date", "state")
    list_filter = ("state",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("round", "unit", "kind", "created_at", "sent_at")
    list_filter = ("kind",)
