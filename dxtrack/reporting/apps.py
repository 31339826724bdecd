from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dxtrack.reporting"
    label = "reporting"

    def ready(self) -> None:
        # The registry may not import reporting (it is the lower layer): reporting registers what
        # it adds to the registry's plan loads and target page (dxtrack/registry/extensions.py).
        from dxtrack.registry.extensions import (
            page_part_register,
            program_contents_loader_register,
        )
        from dxtrack.reporting.registry_parts import (
            program_document_values_load,
            target_observations,
        )

        program_contents_loader_register(program_document_values_load)
        page_part_register(page="target", provider=target_observations)
