from django.urls import path

from dxtrack.dashboards import my_work, views

urlpatterns = [
    path("", views.overview, name="dashboard"),
    path("chuong-trinh/<int:pk>/", views.program, name="dashboard-program"),
    path("chi-so/<int:pk>/", views.indicator, name="dashboard-indicator"),
    path(
        "chi-so/<int:pk>/nhap-so-lieu/",
        my_work.indicator_value_correct,
        name="indicator-value-correct",
    ),
    path("viec-cua-toi/", my_work.my_work, name="my-work"),
    path("don-vi/<str:code>/", views.unit, name="dashboard-unit"),
    path("xep-hang/", views.rankings, name="dashboard-rankings"),
]
