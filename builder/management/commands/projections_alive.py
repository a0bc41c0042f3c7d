"""Exit 0 when the projection worker of this host beat recently, 1 otherwise (its health check)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projections import heartbeat


class Command(BaseCommand):
    help = (
        "Whether `run_projections` on this host is alive: its heartbeat file"
        " (PROJECTIONS_HEARTBEAT_FILE) was touched within PROJECTIONS_HEARTBEAT_MAX_AGE seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=float,
            default=settings.PROJECTIONS_HEARTBEAT_MAX_AGE,
            help="Seconds since the last heartbeat past which the worker is not alive.",
        )

    def handle(self, *args, max_age, **options):
        path = settings.PROJECTIONS_HEARTBEAT_FILE
        seconds = heartbeat.age(path)
        if seconds is None:
            raise CommandError(f"No heartbeat at {path}: the projection worker is not running")
        if seconds > max_age:
            raise CommandError(f"Last heartbeat {seconds:.0f} s ago (more than {max_age:g} s)")
        self.stdout.write(f"alive: last heartbeat {seconds:.1f} s ago")
