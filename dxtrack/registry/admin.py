from django.contrib import admin

from dxtrack.core.admin import AuditedAdmin
from dxtrack.registry.models import Goal, Indicator, Program, Role, Target, Task, TaskUnit, Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "valid_to", "auto_created")
    list_filter = ("kind", "auto_created")
    search_fields = ("code", "name", "search_key")
    filter_horizontal = ("successors",)


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ("user", "name", "unit")
    list_filter = ("name",)
    autocomplete_fields = ("unit",)


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
