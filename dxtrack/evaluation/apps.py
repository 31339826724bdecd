from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "dxtrack.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        # Reporting cannot import evaluation (it is the lower layer): evaluation registers its
        # incremental update for the accept transition here (docs/architecture.md).
        # import here: the services import models, which Django loads only once apps are ready.
        from dxtrack.core.freshness import on_data_changed
        from dxtrack.evaluation import selectors
        from dxtrack.evaluation.services import (
            evaluation_on_data_changed,
            evaluation_on_item_accepted,
        )
        from dxtrack.registry.extensions import page_cache_key_register, page_part_register
        from dxtrack.reporting.hooks import on_item_accepted

        on_item_accepted(evaluation_on_item_accepted)
        # Every audited write renews the stamp the dashboards' caches are keyed by, and forgets
        # the running sums when it may have changed accepted values (core/freshness.py).
        on_data_changed(evaluation_on_data_changed)
        # The registry's target and unit pages show statuses and scorecards computed here.
        page_part_register(
            page="target",
            provider=lambda *, target, **_: selectors.target_page_context(target=target),
        )
        page_part_register(
            page="unit", provider=lambda *, unit, **_: selectors.unit_scorecard(unit=unit)
        )
        # The registry's program page is cached under the stamp's token (registry/views.py).
        page_cache_key_register(selectors.cache_key)
