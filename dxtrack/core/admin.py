"""Admin classes of every app: writes through the admin leave an audit row in their transaction.

The audit row is also what refreshes the computed data (`core.freshness`): nothing to call here.
"""

from django.contrib import admin
from django.db import transaction

from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.models import AuditLog


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete through the admin writes its audit row in the same transaction.

    A save's row is written once the form's many-to-many fields and inline rows are saved too
    (`save_related`, which the admin runs after `save_model` in its transaction), so it can show
    them before and after as well (`audit_picture`)."""

    def audit_picture(self, obj) -> dict:
        """The row as the audit log shows it: its fields and its many-to-many fields (by id). An
        admin with inline rows adds them."""
        data = snapshot(obj)
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        return data

    def save_model(self, request, obj, form, change):
        old = None
        if change and obj.pk:
            old = self.audit_picture(type(obj)._default_manager.get(pk=obj.pk))
        _pending(request)[(obj._meta.label_lower, id(obj))] = (old, change)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        pending = _pending(request).pop((obj._meta.label_lower, id(obj)), None)
        if pending is None:  # a subclass recorded its save itself
            return
        old, change = pending
        with transaction.atomic():
            before, after = changed(old, self.audit_picture(obj))
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.admin_{'update' if change else 'create'}",
                obj=obj,
                before=before,
                after=after,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.admin_delete",
                obj=obj,
                before=snapshot(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


def _pending(request) -> dict:
    """The saves of this request whose audit row waits for `save_related`."""
    if not hasattr(request, "_dxtrack_audit_pending"):
        request._dxtrack_audit_pending = {}
    return request._dxtrack_audit_pending


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown in the admin, changed only through the audited services and pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "action")
