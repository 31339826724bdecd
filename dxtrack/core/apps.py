from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dxtrack.core"
    label = "core"
