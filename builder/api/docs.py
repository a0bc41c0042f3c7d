"""The OpenAPI document and the Swagger UI, both public, served from bundled assets."""

from csp.decorators import csp
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

# Swagger UI's script and styles come from this server (drf-spectacular-sidecar); it needs
# inline styles and data: images, nothing from elsewhere.
DOCS_POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
}


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []


@method_decorator(csp(DOCS_POLICY), name="get")
class SwaggerDocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
