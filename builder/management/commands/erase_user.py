"""Erase a person's personal data (as POST /api/admin/users/{id}/erase/ does)."""

from django.core.management.base import BaseCommand, CommandError

from builder.domain import Actor, BuilderError
from builder.management.commands.export_user import find_user
from builder.services import privacy


class Command(BaseCommand):
    help = (
        "Erase a person's personal data: destroy their key, anonymise their account, blank "
        "their text in every read model. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="The person's id or email address.")
        parser.add_argument(
            "--confirm", required=True, help="The person's id again, to confirm the erasure."
        )
        parser.add_argument(
            "--by", required=True, help="Id or email of the admin responsible (recorded)."
        )

    def handle(self, *args, user, confirm, by, **options):
        person = find_user(user)
        if confirm.strip().lower() != str(person.id):
            raise CommandError(f"--confirm must repeat the person's id ({person.id}).")
        admin = find_user(by)
        actor = Actor(user_id=admin.id, correlation_id="manage.py erase_user")
        try:
            receipt = privacy.erase_person(person.id, actor=actor)
        except BuilderError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased {receipt.user_id}: {receipt.streams} streams rendered again, "
                f"receipt at position {receipt.position}."
            )
        )
