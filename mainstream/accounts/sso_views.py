"""The single sign-on's two URLs (/oidc/authenticate/, /oidc/callback/) and the logout that also ends the provider's
session. Not configured: each answers 404. Every refusal lands on the login page with one Chinese sentence saying
why — never a 500 — and is recorded in the audit trail (``account.sso_refused``)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import TotpDevice
from .oidc_config import SSO_BACKEND
from .services import client_address, sso_refusal_record
from .sso import SsoRefused, oidc_provider

SESSION_ERROR = "mainstream_sso_error"
SESSION_SSO = "mainstream_sso"  # set on a session logged in through SSO (no local password asked)

STALE = "登入請求已失效或不符（可能已逾時、重複送出或遭竄改），請重新按「以臺北市單一登入」。"
CANCELLED = "單一登入未完成（已取消或單一登入服務拒絕），請重新登入。"
FAILED = "單一登入未通過驗證，請重新登入；若一再發生請洽性平辦。"


def sso_enabled() -> bool:
    return bool(getattr(settings, "MAINSTREAM_OIDC_ENABLED", False))


def _refuse(request, *, reason: str, message: str, username: str = "", detail: str = ""):  # type: ignore[no-untyped-def]
    """Nobody stays logged in; the login page says why; the audit trail records it."""
    if request.user.is_authenticated:
        auth.logout(request)
    for key in ("oidc_id_token", "oidc_access_token", "oidc_login_next"):  # a refused login keeps none of its tokens
        request.session.pop(key, None)
    sso_refusal_record(reason=reason, detail=detail, username=username, address=client_address(request))
    request.session[SESSION_ERROR] = message
    return redirect(settings.LOGIN_URL)


class _SsoOnly:
    """The single sign-on views exist only where it is configured: elsewhere they answer 404."""

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not sso_enabled():
            raise Http404("本系統未啟用單一登入")
        return super().dispatch(request, *args, **kwargs)


class SsoAuthenticateView(_SsoOnly, OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge kept in the session."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        View.__init__(self, **kwargs)  # settings are read per request, after the 404 for "not configured"

    def get(self, request):  # type: ignore[no-untyped-def]
        try:
            provider = oidc_provider()
        except SsoRefused as exc:
            return _refuse(request, reason=exc.reason, message=exc.message, detail=exc.detail)
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoCallbackView(_SsoOnly, OIDCAuthenticationCallbackView):
    """The provider's answer: the code is exchanged, the ID token checked, the account found or created."""

    def get(self, request):  # type: ignore[no-untyped-def]
        try:
            return super().get(request)
        except SsoRefused as exc:
            return _refuse(request, reason=exc.reason, message=exc.message, username=exc.username, detail=exc.detail)
        except SuspiciousOperation as exc:  # unknown state, a bad signature, nonce, audience or issuer
            stale = "state" in str(exc)
            return _refuse(
                request, reason="state" if stale else "token", message=STALE if stale else FAILED, detail=str(exc)
            )
        except requests.RequestException as exc:  # the provider refused the code (replayed, expired) or is down
            return _refuse(request, reason="token_exchange", message=FAILED, detail=str(exc)[:300])

    def login_failure(self):  # type: ignore[no-untyped-def]
        request = self.request
        if request.GET.get("error"):
            return _refuse(request, reason="provider_error", message=CANCELLED, detail=request.GET.get("error", ""))
        if "code" in request.GET and "state" in request.GET and "oidc_states" not in request.session:
            return _refuse(request, reason="state", message=STALE, detail="no state in the session")
        return _refuse(request, reason="failed", message=FAILED)

    def login_success(self):  # type: ignore[no-untyped-def]
        """An account with an enrolled authenticator still gives its code (SSO does not bypass a second factor)."""
        if TotpDevice.objects.filter(user=self.user).exists():
            session = self.request.session
            session["mainstream_totp_user"] = self.user.pk
            session["mainstream_totp_backend"] = SSO_BACKEND
            session["mainstream_totp_since"] = int(time.time())
            session["mainstream_totp_next"] = self.success_url
            return redirect("totp_verify")
        return super().login_success()


class LogoutView(auth_views.LogoutView):
    """Logs out here; a session that came through SSO then goes to the provider's end-session endpoint (when it has
    one), so that the city's session ends too and the next SSO login asks again."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        id_token = request.session.get("oidc_id_token")
        via_sso = bool(request.session.get(SESSION_SSO)) and sso_enabled()
        response = super().post(request, *args, **kwargs)
        if not via_sso:
            return response
        try:
            end_session = oidc_provider().end_session_endpoint
        except SsoRefused:
            end_session = None
        if not end_session:
            return response
        params = {
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
        }
        if id_token:
            params["id_token_hint"] = id_token
        return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")
