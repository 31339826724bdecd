from django.urls import path

from dxtrack.reporting import api

urlpatterns = [
    path("observations/", api.observation_create, name="api-observation-create"),
    path("indicators/<int:pk>/observations/", api.indicator_observations, name="api-indicator-observations"),
    path("task-updates/", api.task_update_create, name="api-task-update-create"),
    path("rounds/<int:pk>/status/", api.round_status, name="api-round-status"),
]
