"""Run the worker projections in this process until SIGTERM or SIGINT."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from builder.wiring import builder
from eventstore.recorders import dedicated_connector
from projections import heartbeat
from projections.registry import WORKER_PROJECTIONS
from projections.runner import Worker

HEARTBEAT_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Follow the event store and keep the worker projections up to date. Several processes"
        " may run: each projection is processed by one at a time, the others take over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help=f"Projections (default all): {', '.join(WORKER_PROJECTIONS)}"
        )

    def handle(self, *args, names, **options):
        unknown = set(names) - set(WORKER_PROJECTIONS)
        if unknown:
            raise CommandError(f"Unknown worker projections: {', '.join(sorted(unknown))}")
        app = builder()
        worker = Worker(
            [WORKER_PROJECTIONS[name] for name in names or WORKER_PROJECTIONS],
            app.recorder,
            app.mapper,
            dedicated_connector(app.recorder.alias),
        )
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        worker.start()
        # The heartbeat says the process and its threads run (`manage.py projections_alive`).
        while not stopping.wait(HEARTBEAT_SECONDS):
            if worker.alive():
                heartbeat.beat(settings.PROJECTIONS_HEARTBEAT_FILE)
        heartbeat.stop(settings.PROJECTIONS_HEARTBEAT_FILE)
        worker.stop()
