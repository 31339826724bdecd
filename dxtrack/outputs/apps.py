from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "dxtrack.outputs"
    label = "outputs"
    verbose_name = "Báo cáo tổng hợp"
