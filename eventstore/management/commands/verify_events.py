"""Recompute the hash chain of stored events; exit 1 naming the first broken link."""

import time

from django.core.management.base import BaseCommand, CommandError

from eventstore.verification import verify_chain

PROGRESS_EVERY_S = 2.0


class Command(BaseCommand):
    help = "Recompute the hash chain of stored events; exit 1 naming the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Events read per query (default 1000)."
        )

    def handle(self, *args, batch_size, verbosity, **options):
        self._verbosity, self._next_report = verbosity, time.monotonic() + PROGRESS_EVERY_S
        self.stdout.write("Verifying the hash chain of stored events...")
        result = verify_chain(batch_size=max(batch_size, 1), progress=self._progress)
        if not result.ok:
            raise CommandError(f"Hash chain broken: {result.detail}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Hash chain intact: {result.detail}"))
        if result.head_hash:
            self.stdout.write(f"Head hash at position {result.head_position}: {result.head_hash}")

    def _progress(self, checked: int, position: int, last: int) -> None:
        # Every batch when asked for detail (-v 2), else at most every few seconds.
        if self._verbosity >= 2 or time.monotonic() >= self._next_report:
            self.stdout.write(f"  {checked} events checked, position {position} of {last}")
            self._next_report = time.monotonic() + PROGRESS_EVERY_S
