from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "dxtrack.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        # Reporting cannot import evaluation (it is the lower layer): evaluation registers its
        # incremental update for the accept transition here (docs/architecture.md).
        from dxtrack.evaluation.services import evaluation_on_item_accepted
        from dxtrack.reporting.hooks import on_item_accepted

        on_item_accepted(evaluation_on_item_accepted)
