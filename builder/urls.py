from django.urls import include, path

urlpatterns = [
    path("", include("builder.api.urls")),
]
