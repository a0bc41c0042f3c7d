"""Authentication: session login for the browser app (CSRF protected) and tokens for scripts."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from builder.api.schema import problems


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


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


class CredentialsApi(APIView):
    """Checks email and password; throttled per address so guessing is slow."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

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
            raise exceptions.AuthenticationFailed(_("Wrong email or password."))
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
