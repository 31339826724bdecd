from django.urls import path

from dxtrack.dashboards import views

urlpatterns = [
    path("", views.overview, name="dashboard"),
    path("chuong-trinh/<int:pk>/", views.program, name="dashboard-program"),
    path("chi-so/<int:pk>/", views.indicator, name="dashboard-indicator"),
    path("don-vi/<str:code>/", views.unit, name="dashboard-unit"),
    path("xep-hang/", views.rankings, name="dashboard-rankings"),
]
