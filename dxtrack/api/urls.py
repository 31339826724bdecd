from django.urls import include, path

from dxtrack.api import views

urlpatterns = [
    path("programs/", views.program_list, name="api-programs"),
    path("programs/<int:pk>/", views.program_detail, name="api-program"),
    path("units/", views.unit_list, name="api-units"),
    path("tasks/", views.task_list, name="api-tasks"),
    path("", include("dxtrack.reporting.api_urls")),
    path("", include("dxtrack.evaluation.api_urls")),
]
