"""Write a person's data export (the JSON of GET /api/me/export/) to a file or stdout."""

import sys
import uuid

from django.core.management.base import BaseCommand, CommandError

from builder.domain import BuilderError
from builder.models import User
from builder.services import privacy


def find_user(who: str) -> User:
    """A user by id or by email address."""
    try:
        user = User.objects.filter(id=uuid.UUID(who)).first()
    except ValueError:
        user = User.objects.filter(email=who.strip().lower()).first()
    if user is None:
        raise CommandError(f"No user {who!r}.")
    return user


class Command(BaseCommand):
    help = "Write a person's data export as JSON (docs/export.schema.json)."

    def add_arguments(self, parser):
        parser.add_argument("user", help="The person's id or email address.")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, user, output, **options):
        person = find_user(user)
        try:
            pieces = privacy.export_person(person.id)
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    file.writelines(pieces)
                self.stderr.write(f"Export of {person.id} written to {output}.")
            else:
                sys.stdout.writelines(pieces)
                sys.stdout.write("\n")
        except BuilderError as error:
            raise CommandError(str(error)) from None
