from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "dxtrack.registry"
    label = "registry"
