"""Re-wrap every data key with the current master key (after EVENTSTORE_MASTER_KEY changed)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from eventstore.errors import MasterKeyError
from eventstore.keyvault import KeyVault, MasterKeys


class Command(BaseCommand):
    help = (
        "Re-wrap every data key not yet wrapped by EVENTSTORE_MASTER_KEY, unwrapping with "
        "EVENTSTORE_PREVIOUS_MASTER_KEYS. Run after deploying the new key with the old one "
        "listed as previous; then remove the old one."
    )

    def handle(self, *args, **options):
        env = settings.EVENTSTORE
        previous = [k for k in env.get("EVENTSTORE_PREVIOUS_MASTER_KEYS", "").split(",") if k]
        keys = MasterKeys.from_text(env["EVENTSTORE_MASTER_KEY"], previous)
        try:
            with transaction.atomic():
                count = KeyVault("default", keys).rewrap()
        except MasterKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{count} data keys re-wrapped with master key {keys.current_id}.")
        )
