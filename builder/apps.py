from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BuilderConfig(AppConfig):
    name = "builder"
    verbose_name = "Program builder"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from builder.api.throttles import log_failed_login
        from builder.services.coaching_privacy import register_coaching

        # Contexts join a person's export and erasure once the models are loaded.
        register_coaching()
        # Wrong passwords at every login door (the API's, the admin's) are logged by keyed hashes.
        user_login_failed.connect(log_failed_login, dispatch_uid="builder.log_failed_login")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our site, whose login is within the API's limits on password guesses."""

    default = False  # the builder app's own configuration is BuilderConfig
    default_site = "builder.admin_site.AdminSite"
