"""Accounts: registration, session login for the browser app (CSRF protected), tokens, and
passwords: changing one, and a reset by mail for those who forgot theirs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from builder.api import throttles
from builder.api.schema import problems
from builder.api.serializers import EmailField, LineField, StrictSerializer, TextField
from builder.domain import SELF_SERVICE_ROLES
from builder.models import User
from builder.services import people


class CredentialsSerializer(StrictSerializer):
    email = EmailField(max_length=254)
    password = TextField(max_length=256, trim_whitespace=False)


class PasswordChangeSerializer(StrictSerializer):
    current_password = TextField(max_length=256, trim_whitespace=False)
    new_password = TextField(max_length=256, trim_whitespace=False)


class PasswordResetSerializer(StrictSerializer):
    email = EmailField(max_length=254)


class PasswordResetConfirmSerializer(StrictSerializer):
    uid = TextField(max_length=64)
    token = TextField(max_length=128)
    new_password = TextField(max_length=256, trim_whitespace=False)


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


TokenSerializer = inline_serializer("Token", {"token": serializers.CharField()})
CREDENTIAL_PROBLEMS = problems(
    _400="Malformed credentials.", _401="Wrong email or password.", _429="Too many attempts."
)


def me(user) -> dict:
    return {
        "id": str(user.id),
        "email": user.email,
        "display_name": user.display_name,
        "roles": list(user.roles),
    }


class LoginThrottle(BaseThrottle):
    """The limits on password guesses (builder.api.throttles) at the API's login doors, for the
    attempt the view reads from the request."""

    def allow_request(self, request, view) -> bool:
        self.delay = throttles.wait_before(view.attempt(request))
        return self.delay is None

    def wait(self) -> float | None:
        return self.delay


def attempt_of(request) -> throttles.Attempt:
    data = request.data if isinstance(request.data, dict) else {}
    return throttles.Attempt.of(request, data.get("email"))


class CredentialsApi(APIView):
    """Checks email and password, within the limits on password guesses (builder.api.throttles)."""

    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    attempt = staticmethod(attempt_of)

    def get_authenticate_header(self, request) -> str:
        # Wrong credentials are 401 (not 403) although these views authenticate nobody.
        return 'Token realm="api"'

    def authenticated_user(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=credentials.validated_data["email"].lower(),
            password=credentials.validated_data["password"],
        )
        if user is None:
            throttles.note_failure(attempt_of(request))
            raise exceptions.AuthenticationFailed(_("Wrong email or password."))
        throttles.note_success(attempt_of(request))
        return user


@method_decorator([csrf_protect, ensure_csrf_cookie], name="dispatch")
class LoginApi(CredentialsApi):
    authentication_classes: list = []

    @extend_schema(
        operation_id="log_in",
        request=CredentialsSerializer,
        responses={200: MeSerializer, **CREDENTIAL_PROBLEMS, **problems(_403="CSRF check failed.")},
    )
    def post(self, request):
        user = self.authenticated_user(request)
        login(request._request, user)
        return Response(me(user))


class LogoutApi(APIView):
    @extend_schema(
        operation_id="log_out",
        request=None,
        responses={204: None, **problems(_401="Not authenticated.")},
    )
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        logout(request._request)
        return Response(status=204)


class TokenApi(CredentialsApi):
    authentication_classes: list = []

    @extend_schema(
        operation_id="obtain_token",
        request=CredentialsSerializer,
        responses={200: TokenSerializer, **CREDENTIAL_PROBLEMS},
    )
    def post(self, request):
        token, _ = Token.objects.get_or_create(user=self.authenticated_user(request))
        return Response({"token": token.key})


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfApi(APIView):
    """Sets the CSRF cookie the browser app sends back in X-CSRFToken."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="csrf_cookie",
        responses={204: OpenApiResponse(description="The csrftoken cookie is set.")},
    )
    def get(self, request):
        return Response(status=204)


class MeApi(APIView):
    @extend_schema(
        operation_id="me", responses={200: MeSerializer, **problems(_401="Not authenticated.")}
    )
    def get(self, request):
        return Response(me(request.user))


def check_new_password(password: str, user, field: str) -> None:
    """Django's password validators' judgement, as a 400 naming the field."""
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise serializers.ValidationError({field: list(error.messages)}) from None


class RegistrationSerializer(StrictSerializer):
    """What a person says about themselves; roles beyond coach or athlete are an admin's call."""

    email = EmailField(max_length=254)
    password = TextField(max_length=256, trim_whitespace=False)
    display_name = LineField(max_length=120, allow_blank=True, default="")
    role = serializers.ChoiceField(SELF_SERVICE_ROLES)

    def validate(self, attrs: dict) -> dict:
        candidate = User(email=attrs["email"], display_name=attrs["display_name"])
        check_new_password(attrs["password"], candidate, "password")
        return attrs


class RegistrationClosed(exceptions.APIException):
    status_code = 403
    default_detail = gettext_lazy("Registration is closed; ask an admin for an account.")
    default_code = "registration-closed"


RegistrationAcceptedSerializer = inline_serializer(
    "RegistrationAccepted", {"detail": serializers.CharField()}
)


def registration_accepted() -> dict:
    # One answer whether or not the address was free, so it reveals no one's account.
    return {
        "detail": _(
            "If this address had no account, it has one now: log in with it. "
            "Otherwise nothing changed."
        )
    }


@method_decorator(csrf_protect, name="dispatch")
class RegisterApi(APIView):
    """Creates an account as coach or athlete, when registration is open; throttled per address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [throttles.AddressThrottle]
    throttle_scope = "register"

    @extend_schema(
        operation_id="register",
        description=(
            "Creates an account with the role chosen (coach or athlete; an admin grants more). "
            "Always 202 with the same body, so the answer never tells whether the address "
            "already had an account; a taken address changes nothing. 403 when "
            "`BUILDER_REGISTRATION_OPEN` is off."
        ),
        request=RegistrationSerializer,
        responses={
            202: OpenApiResponse(RegistrationAcceptedSerializer, description="Received."),
            **problems(
                _400="Invalid fields (the password as Django's validators judge it).",
                _403="Registration is closed, or the CSRF check failed.",
                _429="Too many registrations from this address.",
            ),
        },
    )
    def post(self, request):
        if not settings.BUILDER_REGISTRATION_OPEN:
            raise RegistrationClosed()
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        people.register(**serializer.validated_data, correlation_id=request.correlation_id)
        return Response(registration_accepted(), status=202)


class PasswordApi(APIView):
    """Changes the caller's password, within the limits on password guesses."""

    throttle_classes = [LoginThrottle]

    def attempt(self, request) -> throttles.Attempt:
        return throttles.Attempt.of(request, request.user.email)

    @extend_schema(
        operation_id="change_password",
        description=(
            "Checks `current_password`, sets `new_password` and ends every other way in: the "
            "person's tokens are deleted and their other sessions logged out; the session "
            "that asked stays logged in. A token client obtains a new token with the new "
            "password (`POST /api/auth/token/`). A wrong current password counts as a wrong "
            "password at login."
        ),
        request=PasswordChangeSerializer,
        responses={
            204: None,
            **problems(
                _400="A wrong current password, or a new one Django's validators refuse.",
                _401="Not authenticated.",
                _403="CSRF check failed (session clients).",
                _429="Too many attempts.",
            ),
        },
    )
    def post(self, request):
        body = PasswordChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = request.user
        if not user.check_password(body.validated_data["current_password"]):
            throttles.note_failure(self.attempt(request))
            raise serializers.ValidationError({"current_password": [_("Wrong password.")]})
        check_new_password(body.validated_data["new_password"], user, "new_password")
        people.change_password(user, body.validated_data["new_password"])
        if request.auth is None:  # a session (a token has no session to keep)
            update_session_auth_hash(request._request, user)
        return Response(status=204)


ResetAcceptedSerializer = inline_serializer(
    "PasswordResetAccepted", {"detail": serializers.CharField()}
)


def reset_accepted() -> dict:
    # One answer whether or not the address has an account, so it reveals no one's account.
    return {
        "detail": _(
            "If this address has an account, a link to choose a new password is on its way to it."
        )
    }


def site_of(request) -> str:
    """Where reset links lead: the browser app, or else the host the request was sent to."""
    return settings.FRONTEND_URL or request.build_absolute_uri("/").rstrip("/")


@method_decorator(csrf_protect, name="dispatch")
class PasswordResetApi(APIView):
    """Mails a link to choose a new password; throttled per client address and per address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [throttles.MailThrottle]
    throttle_scope = "password_reset"

    @extend_schema(
        operation_id="reset_password",
        description=(
            "Mails the account of `email`, in the language of the request, a link "
            "`<FRONTEND_URL>/reset-password?uid=…&token=…` that works once. Always 202 with the "
            "same body, so the answer never tells whether the address has an account."
        ),
        request=PasswordResetSerializer,
        responses={
            202: OpenApiResponse(ResetAcceptedSerializer, description="Received."),
            **problems(
                _400="Invalid fields.",
                _403="CSRF check failed.",
                _429="Too many reset mails for this client address or this email address.",
            ),
        },
    )
    def post(self, request):
        body = PasswordResetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        people.send_password_reset(body.validated_data["email"], site=site_of(request))
        return Response(reset_accepted(), status=202)


class ResetLinkInvalid(exceptions.APIException):
    status_code = 400
    default_detail = gettext_lazy("This link is invalid or was already used; ask for a new one.")
    default_code = "invalid-reset-link"


@method_decorator(csrf_protect, name="dispatch")
class PasswordResetConfirmApi(APIView):
    """Sets a new password with the uid and token of a reset link."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="confirm_password_reset",
        description=(
            "Sets `new_password` for the person the link's `uid` and `token` were made for, "
            "and ends all their sessions and tokens. The token then no longer works."
        ),
        request=PasswordResetConfirmSerializer,
        responses={
            204: None,
            **problems(
                _400="The link is invalid or used (`/problems/invalid-reset-link`), or Django's "
                "validators refuse the new password.",
                _403="CSRF check failed.",
            ),
        },
    )
    def post(self, request):
        body = PasswordResetConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = people.user_of_reset(body.validated_data["uid"], body.validated_data["token"])
        if user is None:
            raise ResetLinkInvalid()
        check_new_password(body.validated_data["new_password"], user, "new_password")
        people.change_password(user, body.validated_data["new_password"])
        return Response(status=204)
