"""Identity data: people and their roles. It lives here, never in events (events carry ids)."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models


class Role(models.TextChoices):
    COACH = "coach"
    ATHLETE = "athlete"
    AUDITOR = "auditor"
    ADMIN = "admin"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("roles", [Role.ADMIN])
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; email is the login, the UUID is what events refer to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=120, blank=True)
    roles = ArrayField(models.CharField(max_length=16, choices=Role.choices), default=list)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    def __str__(self) -> str:
        return self.display_name or str(self.id)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class IdempotencyRecord(models.Model):
    """The first response to a creation carrying an Idempotency-Key, replayed for retries.

    Written in the transaction of the command it answers, so a key is either unused or bound to
    a committed outcome; a concurrent retry waits on the unique key until the first commits.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE)
    scope = models.CharField(max_length=200, help_text="Method and path the key was used on.")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_once")
        ]


class Invitation(models.Model):
    """The address a coach invited to a link: identity data, so never in an event.

    Deleted when the link is accepted or ended, so an address nobody took up is not kept.
    """

    link_id = models.UUIDField(primary_key=True)
    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["email"], name="invitation_email")]
