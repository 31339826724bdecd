from django.urls import path

from dxtrack.reporting import api

urlpatterns = [
    path("observations/", api.observation_create, name="api-observation-create"),
    path(
        "indicators/<int:pk>/observations/",
        api.indicator_observations,
        name="api-indicator-observations",
    ),
    path(
        "observations/<int:pk>/approve/",
        api.unit_decision,
        {"kind": "observations", "approve": True},
        name="api-observation-approve",
    ),
    path(
        "observations/<int:pk>/return/",
        api.unit_decision,
        {"kind": "observations", "approve": False},
        name="api-observation-return",
    ),
    path("task-updates/", api.task_update_create, name="api-task-update-create"),
    path(
        "task-updates/<int:pk>/approve/",
        api.unit_decision,
        {"kind": "task-updates", "approve": True},
        name="api-task-update-approve",
    ),
    path(
        "task-updates/<int:pk>/return/",
        api.unit_decision,
        {"kind": "task-updates", "approve": False},
        name="api-task-update-return",
    ),
    path("rounds/<int:pk>/status/", api.round_status, name="api-round-status"),
]
