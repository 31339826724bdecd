from django.urls import path

from dxtrack.reporting import api

urlpatterns = [
    path("observations/", api.observation_create, name="api-observation-create"),
    path("indicators/<int:pk>/observations/", api.indicator_observations, name="api-indicator-observations"),
    path("observations/<int:pk>/approve/", api.observation_approve, name="api-observation-approve"),
    path("observations/<int:pk>/return/", api.observation_return, name="api-observation-return"),
    path("task-updates/", api.task_update_create, name="api-task-update-create"),
    path("task-updates/<int:pk>/approve/", api.task_update_approve, name="api-task-update-approve"),
    path("task-updates/<int:pk>/return/", api.task_update_return, name="api-task-update-return"),
    path("rounds/<int:pk>/status/", api.round_status, name="api-round-status"),
]
