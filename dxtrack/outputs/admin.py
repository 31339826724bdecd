"""Reports in the admin: read only. Every write goes through `services` (who acts, the draft or
issued state, the audit row); an issued report is never changed, not even here."""

from django.contrib import admin

from dxtrack.outputs.models import Report, ReportFile


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["title", "period", "state", "version", "number", "issued_on", "as_of"]
    list_filter = ["state", "kind", "scope"]
    search_fields = ["title", "number"]
    exclude = ["snapshot"]


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnly):
    list_display = ["report", "format", "size", "sha256", "created_at"]
    exclude = ["content"]
