"""Admin classes of every app: writes through the admin leave an audit row in their transaction.

The audit row is also what refreshes the computed data (`core.freshness`): nothing to call here.
"""

from django.contrib import admin
from django.db import transaction

from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.models import AuditLog


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete through the admin writes its audit row in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            old = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            before, after = changed(old, snapshot(obj))
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
