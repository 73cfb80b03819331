"""The project's URLs plus the test identity provider under /idp/ (django-oauth-toolkit)."""

from django.urls import include, path

from mainstream.urls import handler400, handler403, handler404, handler500  # noqa: F401
from mainstream.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("idp/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    *project_urlpatterns,
]
