"""Registration, role changes and passwords.

Registration and role changes write the identity row and the Account events in one transaction:
`User.roles` is the fast read for authorisation; the Account stream is the audit record of how
it came to be, so neither exists without the other. Passwords live in the identity row only.
"""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID, uuid4

from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from builder.domain import ROLES, SELF_SERVICE_ROLES, Actor, InvalidValue, NotFoundError
from builder.models import Role, User
from builder.wiring import accounts


class UnknownUserError(NotFoundError):
    """No user has this id."""

    code = "unknown-user"
    english = "no user with id %(id)s"

    def __init__(self, user_id: UUID) -> None:
        super().__init__(id=user_id)


def register(
    *, email: str, password: str, display_name: str, role: str, correlation_id: str
) -> User | None:
    """A new account with one self-service role, or nothing when the address is taken.

    The password is hashed either way, so both outcomes take the same time.
    """
    if role not in SELF_SERVICE_ROLES:
        raise InvalidValue("role", "not-a-choice", choices=", ".join(SELF_SERVICE_ROLES))
    email = User.objects.normalize_email(email).lower()
    user = User(id=uuid4(), email=email, display_name=display_name, roles=[role])
    user.password = make_password(password)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a taken address leaves nothing behind
                user.save(force_insert=True)
        except IntegrityError:
            return None
        actor = Actor(user_id=user.id, correlation_id=correlation_id)
        accounts().open_account(actor=actor, user_id=user.id, roles=[role])
    return user


def change_roles(user_id: UUID, roles: list[str], *, actor: Actor) -> User:
    """Give the user exactly `roles`, recording the change as the acting admin's event."""
    with transaction.atomic():
        # Lock every admin row (in one order) so two admins stepping down at once cannot both
        # count the other as remaining.
        admins = set(
            User.objects.select_for_update()
            .filter(roles__contains=[Role.ADMIN])
            .order_by("id")
            .values_list("id", flat=True)
        )
        user = User.objects.select_for_update().filter(id=user_id).first()
        if user is None:
            raise UnknownUserError(user_id)
        saved = accounts().change_roles(
            user_id,
            actor=actor,
            roles=roles,
            current_roles=list(user.roles),
            other_admins=len(admins - {user_id}),
        )
        user.roles = [role for role in ROLES if role in saved.aggregate.roles]
        user.save(update_fields=["roles"])
    return user


def change_password(user: User, password: str) -> None:
    """Sets the person's password and deletes their tokens.

    Their sessions end with it: Django checks each session against the password's hash. A view
    keeps the caller's own session with `update_session_auth_hash`.
    """
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Token.objects.filter(user=user).delete()


def send_password_reset(email: str, *, site: str) -> None:
    """Mails whoever has this address a link to `site` to choose a new password.

    The mail is made whether or not anyone has the address, so that both take about as long.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email, is_active=True).first()
    subject, body = reset_mail(user or User(email=email), site)
    if user is not None and user.has_usable_password():
        send_mail(subject, body, None, [user.email])


def reset_mail(user: User, site: str) -> tuple[str, str]:
    """The subject and the text of the mail with the reset link, in the active language."""
    context = {"link": f"{site}/reset-password?{reset_query(user)}"}
    subject = render_to_string("builder/password_reset_subject.txt", context)
    return " ".join(subject.split()), render_to_string("builder/password_reset_email.txt", context)


def reset_query(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return urlencode({"uid": uid, "token": default_token_generator.make_token(user)})


def user_of_reset(uid: str, token: str) -> User | None:
    """The person a reset link was made for, while its token holds (until the password changes,
    or for PASSWORD_RESET_TIMEOUT); None otherwise."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uid).decode(), is_active=True)
    except (ValueError, TypeError, OverflowError, ValidationError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None
