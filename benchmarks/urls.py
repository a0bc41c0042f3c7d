"""The service's routes plus a DRF endpoint that does nothing: the baseline of the HTTP benchmarks.

Only the benchmark server uses these routes (benchmarks.settings); the product's URLs never
include them.
"""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.urls import *  # noqa: F403
from builder.urls import urlpatterns as product_urlpatterns


class NoopApi(APIView):
    """Authenticates and parses the body like any endpoint, then answers an empty object."""

    def patch(self, request: Request) -> Response:
        request.data  # noqa: B018 - parse the body, as an edit would
        return Response({})

    def get(self, request: Request) -> Response:
        return Response({})


urlpatterns = [*product_urlpatterns, path("bench/noop/", NoopApi.as_view())]
