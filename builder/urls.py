from django.contrib import admin
from django.urls import include, path

from builder.api.health import metrics

urlpatterns = [
    path("", include("builder.api.urls")),
    path("metrics", metrics),
    path("admin/", admin.site.urls),
]

handler400 = "builder.api.problems.bad_request_view"
handler403 = "builder.api.refusals.forbidden_view"
handler404 = "builder.api.problems.not_found_view"
handler500 = "builder.api.problems.server_error_view"
