"""VACUUM the tables erasures rewrote, where the service could not (run it as their owner)."""

from django.core.management.base import BaseCommand, CommandError

from builder.services.privacy.vacuum import vacuum_pending


class Command(BaseCommand):
    help = (
        "VACUUM FULL every table an erasure rewrote and that is not vacuumed yet, so that the "
        "erased text leaves the database's files. Run as the tables' owner (cron); exits 1 "
        "while any is left."
    )

    def handle(self, *args, **options):
        vacuums = vacuum_pending()
        for name in vacuums.done:
            self.stdout.write(f"Vacuumed {name}.")
        if vacuums.left:
            raise CommandError(
                f"Not vacuumed (only the tables' owner may, or a lock was not granted within "
                f"the timeout): {', '.join(vacuums.left)}."
            )
        self.stdout.write(self.style.SUCCESS("No erasure's VACUUM is pending."))
