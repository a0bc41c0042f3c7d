"""Accounts: registration, session login for the browser app (CSRF protected), tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
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
    """The limits on password guesses (builder.api.throttles) at the API's login doors."""

    def allow_request(self, request, view) -> bool:
        self.delay = throttles.wait_before(attempt_of(request))
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


class RegistrationSerializer(StrictSerializer):
    """What a person says about themselves; roles beyond coach or athlete are an admin's call."""

    email = EmailField(max_length=254)
    password = TextField(max_length=256, trim_whitespace=False)
    display_name = LineField(max_length=120, allow_blank=True, default="")
    role = serializers.ChoiceField(SELF_SERVICE_ROLES)

    def validate(self, attrs: dict) -> dict:
        candidate = User(email=attrs["email"], display_name=attrs["display_name"])
        try:
            validate_password(attrs["password"], candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)}) from None
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
