from typing import cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from dxtrack.core.admin import AuditedAdmin
from dxtrack.registry.models import Goal, Indicator, Program, Role, Target, Task, TaskUnit, Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "valid_to", "auto_created")
    list_filter = ("kind", "auto_created")
    search_fields = ("code", "name", "search_key")
    filter_horizontal = ("successors",)


OWN_ROLE = gettext_lazy("Không ai được tự thay đổi vai trò của chính mình.")


class RoleAdminForm(forms.ModelForm):
    """A role given to anyone but the user who gives it."""

    #: Set per request by `RoleAdmin.get_form`.
    acting_user = None

    class Meta:
        model = Role
        fields = ["user", "name", "unit"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.acting_user is not None and user is not None and user.pk == self.acting_user.pk:
            raise ValidationError(OWN_ROLE)
        return user


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    """Roles are managed by an administrator (superuser) only, never their own: whoever could
    give roles could make themselves a unit's approver and the coordinator in turn, and so both
    sign off and accept a report (separation of duties, issue 12). The coordinator sees them."""

    form = RoleAdminForm
    list_display = ("user", "name", "unit")
    list_filter = ("name",)
    autocomplete_fields = ("unit",)

    @staticmethod
    def _own(request, obj) -> bool:
        return obj is not None and obj.user_id == request.user.pk

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and not self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not self._own(request, obj)

    def delete_model(self, request, obj):
        # The bulk delete of the list too (`delete_queryset` deletes row by row).
        if self._own(request, obj):
            raise PermissionDenied(OWN_ROLE)
        super().delete_model(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = cast(type[RoleAdminForm], super().get_form(request, obj, change=change, **kwargs))
        form.acting_user = request.user
        return form


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ("key", "kind", "title", "issued_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("key", "title")
    exclude = ("source_text",)


@admin.register(Goal)
class GoalAdmin(AuditedAdmin):
    list_display = ("program", "order", "section", "text")
    list_filter = ("program",)


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("name", "unit", "direction", "aggregation", "responsible_unit")
    search_fields = ("name",)


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ("program", "subject", "comparator", "value", "unit", "year", "owner")
    list_filter = ("program", "comparator")
    autocomplete_fields = ("indicator", "owner")


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ("program", "code", "name", "timeframe", "budget_vnd")
    list_filter = ("program",)
    search_fields = ("name", "code")
    inlines = [TaskUnitInline]

    def audit_picture(self, obj) -> dict:
        """The task's fields and its units, each with its role (lead or coordinating)."""
        return {
            **super().audit_picture(obj),
            "units": [
                {"unit": row.unit.code, "role": row.role, "written_name": row.written_name}
                for row in obj.task_units.select_related("unit").order_by("role", "order", "pk")
            ],
        }
