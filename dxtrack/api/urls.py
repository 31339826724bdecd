from django.urls import path, re_path, register_converter

from dxtrack.api import docs, evaluation_views, views, writes


class IdConverter:
    """An id in a path: at most 18 digits, so it fits the 64-bit columns (a longer one was an
    OverflowError on SQLite); anything else falls through to the JSON 404 below."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("schema/", docs.schema_view, name="api-schema"),
    path("docs/", docs.docs_page, name="api-docs"),
    path("programs/", views.program_list, name="api-programs"),
    path("programs/<id:pk>/", views.program_detail, name="api-program"),
    path("units/", views.unit_list, name="api-units"),
    path("tasks/", views.task_list, name="api-tasks"),
    path("observations/", writes.observation_create, name="api-observation-create"),
    path(
        "indicators/<id:pk>/observations/",
        writes.indicator_observations,
        name="api-indicator-observations",
    ),
    path(
        "observations/<id:pk>/approve/",
        writes.unit_decision,
        {"kind": "observations", "approve": True},
        name="api-observation-approve",
    ),
    path(
        "observations/<id:pk>/return/",
        writes.unit_decision,
        {"kind": "observations", "approve": False},
        name="api-observation-return",
    ),
    path("task-updates/", writes.task_update_create, name="api-task-update-create"),
    path(
        "task-updates/<id:pk>/approve/",
        writes.unit_decision,
        {"kind": "task-updates", "approve": True},
        name="api-task-update-approve",
    ),
    path(
        "task-updates/<id:pk>/return/",
        writes.unit_decision,
        {"kind": "task-updates", "approve": False},
        name="api-task-update-return",
    ),
    path("rounds/<id:pk>/status/", writes.round_status, name="api-round-status"),
    path("targets/", evaluation_views.target_list, name="api-targets"),
    path("rankings/", evaluation_views.ranking_list, name="api-rankings"),
    # Last: any other path under /api/v1/ is a JSON 404.
    # [\s\S], not ".": a path holding an encoded newline ("%0A") is still under the API.
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found, name="api-not-found"),
]
