"""Create the demo people, the starter exercise library, a 4-week sample program and coaching.

Exercises and the program are built through the applications, so they have a real history.
"""

import datetime
import uuid

from django.core.management.base import BaseCommand
from django.db import transaction

from builder.domain import PURPOSES, Actor
from builder.management.starter_library import EXERCISES, VIDEOS, Starter
from builder.models import Role, User
from builder.services import coaching as coaching_use_cases
from builder.wiring import builder, library
from projections.queries import coaching as coaching_queries
from projections.queries import exercises as exercise_queries
from projections.queries import programs as program_queries

PASSWORD = "demo-password-1"  # noqa: S105 - the published password of the demo logins
PEOPLE = [
    ("coach@example.com", "Casey Coach", [Role.COACH]),
    ("athlete@example.com", "Alex Athlete", [Role.ATHLETE]),
    ("athlete2@example.com", "Blake Athlete", [Role.ATHLETE]),
    ("auditor@example.com", "Avery Auditor", [Role.AUDITOR]),
    ("admin@example.com", "Ada Admin", [Role.ADMIN]),
]
# Fixed ids: running the seed twice finds what it made the first time.
NAMESPACE = uuid.UUID("5d1c1f2e-7b5a-4a53-9d0e-6a1f3c2b9e10")
ADMIN_EMAIL = "admin@example.com"
DEMO_PROGRAM_ID = uuid.uuid5(NAMESPACE, "program:strength-block")
TERMS_VERSION = "2026-01"


def demo_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


class Command(BaseCommand):
    help = "Seed demo logins, exercises and a sample program (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        with transaction.atomic():
            coach = self._people()
            self._exercises(User.objects.get(email=ADMIN_EMAIL))
            if not self._program_exists():
                self._program(coach)
            self._coaching(coach)
        self.stdout.write(f"\nProgram builder API: {url}api/   (health: {url}healthz)")
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for email, name, roles in PEOPLE:
            self.stdout.write(f"  {email:24} {name:16} {', '.join(roles)}")

    def _people(self) -> User:
        for email, name, roles in PEOPLE:
            if not User.objects.filter(email=email).exists():
                User.objects.create_user(
                    email, PASSWORD, display_name=name, roles=roles, is_staff=Role.ADMIN in roles
                )
        return User.objects.get(email=PEOPLE[0][0])

    def _exercises(self, admin: User) -> None:
        """The starter library as system exercises (the admin acts), each made once."""
        actor = Actor(user_id=admin.id, correlation_id="seed-demo")
        created = 0
        for starter in EXERCISES:
            exercise_id = demo_id(f"exercise:{starter.en}")
            if exercise_queries.exercise_version(exercise_id) is None:
                self._exercise(actor, exercise_id, starter)
                created += 1
        self.stdout.write(f"Exercise library: {len(EXERCISES)} exercises ({created} new).")

    def _exercise(self, actor: Actor, exercise_id: uuid.UUID, starter: Starter) -> None:
        app = library()
        saved = app.create_exercise(
            actor=actor,
            exercise_id=exercise_id,
            scope="system",
            names={"en": starter.en, "de": starter.de},
            aliases={"en": list(starter.aliases_en), "de": list(starter.aliases_de)},
            category=starter.category,
            equipment=list(starter.equipment),
            primary_muscles=list(starter.primary),
            secondary_muscles=list(starter.secondary),
            laterality=starter.laterality,
            tracking=starter.tracking,
        )
        if starter.en in VIDEOS:
            url, description = VIDEOS[starter.en]
            app.link_media(
                exercise_id,
                actor=actor,
                expected_version=saved.aggregate.version,
                media_id=demo_id(f"video:{starter.en}"),
                url=url,
                licence="Placeholder",
                description=description,
            )

    def _coaching(self, coach: User) -> None:
        """The coach's two athletes: Alex allows everything and follows the demo program from
        the next Monday, Blake accepted but allows nothing yet."""
        for email, purposes in [("athlete@example.com", PURPOSES), ("athlete2@example.com", ())]:
            link_id = demo_id(f"link:{email}")
            if coaching_queries.coaching_link(link_id) is None:
                self._link(coach, User.objects.get(email=email), link_id, purposes)
        assignment_id = demo_id("assignment:athlete@example.com")
        if coaching_queries.assignment(assignment_id) is None:
            coaching_use_cases.assign(
                actor=Actor(user_id=coach.id, correlation_id="seed-demo"),
                assignment_id=assignment_id,
                link_id=demo_id("link:athlete@example.com"),
                program_id=DEMO_PROGRAM_ID,
                version=1,
                start_date=_next_monday(),
            )
        self.stdout.write("Coaching: Casey Coach coaches Alex (assigned) and Blake.")

    def _link(self, coach: User, athlete: User, link_id: uuid.UUID, purposes) -> None:
        coaching_use_cases.invite(
            actor=Actor(user_id=coach.id, correlation_id="seed-demo"),
            link_id=link_id,
            email=athlete.email,
        )
        actor = Actor(user_id=athlete.id, correlation_id="seed-demo")
        coaching_use_cases.accept(link_id, actor=actor, user=athlete, expected_version=1)
        for version, purpose in enumerate(purposes, start=2):
            coaching_use_cases.grant_consent(
                link_id,
                actor=actor,
                expected_version=version,
                purpose=purpose,
                terms_version=TERMS_VERSION,
            )

    def _program_exists(self) -> bool:
        return program_queries.program_version(DEMO_PROGRAM_ID) is not None

    def _program(self, coach: User) -> None:
        app = builder()
        actor = Actor(user_id=coach.id, correlation_id="seed-demo")
        saved = app.create_program(
            actor=actor,
            program_id=DEMO_PROGRAM_ID,
            title="Four-week strength block",
            description="Squat, bench and deadlift three days a week, deload in week 4.",
            goal="strength",
            level="intermediate",
            tags=["strength", "barbell"],
        )
        version = saved.aggregate.version
        plan = [("Base", 70), ("Build", 75), ("Peak", 80), ("Deload", 60)]
        for w, (label, percent) in enumerate(plan):
            week_id = demo_id(f"week:{w}")
            version = app.add_week(
                DEMO_PROGRAM_ID,
                actor=actor,
                expected_version=version,
                week_id=week_id,
                position=w,
                label=label,
                phase="Accumulation" if w < 3 else "Deload",
            ).aggregate.version
            for d, (title, lifts) in enumerate(_days()):
                version = self._day(app, actor, version, w, week_id, d, title, lifts, percent)
        app.publish_program(DEMO_PROGRAM_ID, actor=actor, expected_version=version)

    def _day(self, app, actor, version, w, week_id, d, title, lifts, percent) -> int:
        day_id = demo_id(f"day:{w}:{d}")
        version = app.add_day(
            DEMO_PROGRAM_ID,
            actor=actor,
            expected_version=version,
            week_id=week_id,
            day_id=day_id,
            position=d,
            title=title,
            is_rest=not lifts,
        ).aggregate.version
        if not lifts:
            return version
        group_id = demo_id(f"group:{w}:{d}")
        version = app.add_group(
            DEMO_PROGRAM_ID,
            actor=actor,
            expected_version=version,
            day_id=day_id,
            group_id=group_id,
            position=0,
            kind="straight",
            label="A",
            rounds=1,
            rest_between_rounds_s=None,
            time_cap_s=None,
            interval_s=None,
        ).aggregate.version
        for e, lift in enumerate(lifts):
            version = app.add_entry(
                DEMO_PROGRAM_ID,
                actor=actor,
                expected_version=version,
                group_id=group_id,
                entry_id=demo_id(f"entry:{w}:{d}:{e}"),
                position=e,
                exercise_id=demo_id(f"exercise:{lift}"),
                exercise_name=lift,
                prescription={
                    "sets": 3 if w == 3 else 5,
                    "reps": {"min": 5, "max": 5},
                    "load": {"type": "percent_1rm", "percent": percent},
                    "rest_s": 180,
                },
                notes="",
            ).aggregate.version
        return version


def _next_monday() -> datetime.date:
    today = datetime.date.today()
    return today + datetime.timedelta(days=7 - today.weekday())


def _days() -> list[tuple[str, list[str]]]:
    return [
        ("Squat day", ["Back Squat", "Overhead Press"]),
        ("Rest", []),
        ("Bench day", ["Bench Press", "Pull-up"]),
        ("Rest", []),
        ("Deadlift day", ["Deadlift", "Plank"]),
    ]
