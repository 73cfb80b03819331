"""Session rules of 附表十 (連線逾時、初始密碼變更) and the Content-Security-Policy header."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

_ALLOWED_WHILE_MUST_CHANGE = ("/accounts/password/", "/logout/", "/static/", "/login/")


class AccountSecurityMiddleware:
    """An absolute session lifetime (idle timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST), and an
    initial password that must be changed before any other page (附表十: 首次登入須變更初始密碼)."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get("mainstream_auth_at")
            now = int(timezone.now().timestamp())
            if started is None:
                request.session["mainstream_auth_at"] = now
            elif now - int(started) > settings.MAINSTREAM_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
            if not request.path.startswith(_ALLOWED_WHILE_MUST_CHANGE) and not request.session.get("mainstream_sso"):
                from .services import password_must_change

                if password_must_change(user):
                    return redirect("password_change")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every response: scripts only from this site's files, never inline."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.MAINSTREAM_CSP)
        return response
