from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dxtrack.dashboards"
    label = "dashboards"
