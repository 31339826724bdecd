from django.urls import path, re_path

from dxtrack.api import evaluation_views, views, writes

urlpatterns = [
    path("programs/", views.program_list, name="api-programs"),
    path("programs/<int:pk>/", views.program_detail, name="api-program"),
    path("units/", views.unit_list, name="api-units"),
    path("tasks/", views.task_list, name="api-tasks"),
    path("observations/", writes.observation_create, name="api-observation-create"),
    path(
        "indicators/<int:pk>/observations/",
        writes.indicator_observations,
        name="api-indicator-observations",
    ),
    path(
        "observations/<int:pk>/approve/",
        writes.unit_decision,
        {"kind": "observations", "approve": True},
        name="api-observation-approve",
    ),
    path(
        "observations/<int:pk>/return/",
        writes.unit_decision,
        {"kind": "observations", "approve": False},
        name="api-observation-return",
    ),
    path("task-updates/", writes.task_update_create, name="api-task-update-create"),
    path(
        "task-updates/<int:pk>/approve/",
        writes.unit_decision,
        {"kind": "task-updates", "approve": True},
        name="api-task-update-approve",
    ),
    path(
        "task-updates/<int:pk>/return/",
        writes.unit_decision,
        {"kind": "task-updates", "approve": False},
        name="api-task-update-return",
    ),
    path("rounds/<int:pk>/status/", writes.round_status, name="api-round-status"),
    path("targets/", evaluation_views.target_list, name="api-targets"),
    path("rankings/", evaluation_views.ranking_list, name="api-rankings"),
    # Last: any other path under /api/v1/ is a JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name="api-not-found"),
]
