from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    name = "projections"

    def ready(self) -> None:
        from prometheus_client import REGISTRY

        from projections.metrics import ProjectionLagCollector

        REGISTRY.register(ProjectionLagCollector())
