from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "dxtrack.evaluation"
    label = "evaluation"
