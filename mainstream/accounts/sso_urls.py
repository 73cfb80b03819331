"""/oidc/: the city's single sign-on (answers 404 while MAINSTREAM_OIDC_* is not configured). The names are the ones
mozilla-django-oidc reverses."""

from django.urls import path

from . import sso_views

urlpatterns = [
    path("authenticate/", sso_views.SsoAuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", sso_views.SsoCallbackView.as_view(), name="oidc_authentication_callback"),
]
