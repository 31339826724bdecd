from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dxtrack.api"
    label = "api"
