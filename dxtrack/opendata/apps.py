from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "dxtrack.opendata"
    label = "opendata"
    verbose_name = "Dữ liệu mở"
