"""Rebuild the read models (program documents, exercises, coaching) from the event store."""

import time

from django.core.management.base import BaseCommand, CommandError

from builder.bootstrap import builder, coaching, library

# Each projection's name and how to rebuild it.
PROJECTIONS = {
    "program_document": lambda: builder().rebuild_program_documents(),
    "exercise_catalogue": lambda: library().rebuild_catalogue(),
    "coaching": lambda: coaching().rebuild_rows(),
}


class Command(BaseCommand):
    help = "Replay the event store into fresh read-model rows (appends wait meanwhile)."

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help=f"Projections (default all): {', '.join(PROJECTIONS)}"
        )

    def handle(self, *args, names, **options):
        unknown = set(names) - set(PROJECTIONS)
        if unknown:
            raise CommandError(f"Unknown projections: {', '.join(sorted(unknown))}")
        for name in names or PROJECTIONS:
            started = time.perf_counter()
            count = PROJECTIONS[name]()
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{name}: {count} events in {elapsed:.2f} s")
