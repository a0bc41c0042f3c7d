from django.apps import AppConfig


class BuilderConfig(AppConfig):
    name = "builder"
    verbose_name = "Program builder"

    def ready(self) -> None:
        # Contexts join a person's export and erasure once the models are loaded.
        from builder.services.coaching_privacy import register_coaching

        register_coaching()
