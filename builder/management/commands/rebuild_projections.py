"""Rebuild projections blue/green: fresh tables from position 0 while writes continue."""

import uuid

from django.core.management.base import BaseCommand, CommandError
from eventsourcing.utils import get_topic

from builder.domain import Actor
from builder.domain.operations import OPERATOR
from builder.models import User
from builder.wiring import builder, coaching, library, operations_log
from projections.rebuild import BlueGreen, Progress, streams_touched
from projections.registry import (
    INLINE_PROJECTIONS,
    READ_MODELS,
    WORKER_PROJECTIONS,
    InlineProjection,
    WorkerProjection,
)
from projections.worker import Engine

# The application whose recorder and inline projection each inline read model is rebuilt with.
INLINE_WIRING = {
    "program_document": lambda: (builder(), builder().program_documents),
    "exercise_catalogue": lambda: (library(), library().catalogue),
    "coaching": lambda: (coaching(), coaching().rows),
}
PAGE = 500


def inline_build(spec: InlineProjection):
    app, projection = INLINE_WIRING[spec.name]()
    topics = tuple(get_topic(cls) for cls in spec.begins)

    def build(after, up_to, reached):
        # Streams with new events are folded again from their start (rows are whole states).
        streams = streams_touched(app.recorder, app.mapper, topics, after, up_to)
        projection.rebuild(streams, up_to)
        reached(up_to)

    return build


def worker_build(spec: WorkerProjection):
    app = builder()
    engine = Engine(spec.construct(), app.recorder, app.mapper)

    def build(after, up_to, reached):
        while True:
            page = app.recorder.select_notifications(
                start=after, limit=PAGE, stop=up_to, topics=spec.topics, inclusive_of_start=False
            )
            engine.apply_batch(page)
            if len(page) < PAGE:
                return reached(up_to)
            after = page[-1].id
            reached(after)

    return build


class Command(BaseCommand):
    help = (
        "Replay the event store into fresh tables while writes continue, then switch readers"
        " over at once (appends wait only for the last few events and the switch)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help=f"Projections (default all): {', '.join(READ_MODELS)}"
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="The staff member running it (recorded as the actor)."
        )

    def handle(self, *args, names, by=None, **options):
        unknown = set(names) - set(READ_MODELS)
        if unknown:
            raise CommandError(f"Unknown projections: {', '.join(sorted(unknown))}")
        actor = Actor(
            user_id=_operator(by), correlation_id=f"rebuild-projections-{uuid.uuid4().hex[:12]}"
        )
        for name in names or READ_MODELS:
            progress = Progress(report=self.stdout.write, name=name)
            if name in INLINE_PROJECTIONS:
                spec = INLINE_PROJECTIONS[name]
                build = inline_build(spec)
            else:
                spec = WORKER_PROJECTIONS[name]
                build = worker_build(spec)
            position = BlueGreen(name, spec.tables, build, progress).run()
            # Admin actions are events too: the audit log shows who rebuilt what, up to where.
            operations_log().record_rebuild(actor=actor, projection=name, position=position)
            self.stdout.write(
                f"{name}: rebuilt up to position {position}, {progress.rate:.0f} events/s;"
                " readers switched over"
            )


def _operator(email: str | None) -> uuid.UUID:
    if email is None:
        return OPERATOR
    user = User.objects.filter(email=email.lower(), is_staff=True).first()
    if user is None:
        raise CommandError(f"No staff member with the address {email}")
    return user.id
