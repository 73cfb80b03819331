"""Staff single sign-on with OpenID Connect (issue 14, item 11): the provider's endpoints and the relying party's
authentication backend.

The backend is mozilla-django-oidc's, with what a city deployment needs on top: endpoints from the issuer's discovery
document (read at the first login, kept an hour), the ID token's audience, issuer and expiry checked (the library checks
only the signature and the nonce), the userinfo ``sub`` held to the ID token's, the account found by the configured
username claim, and a new account created only as a liaison of a unit of the registry (``services.sso_user_resolve``).
Every refusal raises ``SsoRefused`` with the Chinese sentence the login page shows; the callback view records it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

DISCOVERY_SECONDS = 3600


class SsoRefused(Exception):
    """A login through SSO that is refused: ``reason`` (a code, for the audit trail) and ``message`` (for the user)."""

    def __init__(self, reason: str, message: str, *, username: str = "", detail: str = "") -> None:
        super().__init__(f"{reason}: {detail or message}")
        self.reason = reason
        self.message = message
        self.username = username
        self.detail = detail


UNAVAILABLE = "目前無法連線臺北市單一登入服務，請稍後再試，或以本系統帳號密碼登入。"


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str | None
    jwks_uri: str | None
    end_session_endpoint: str | None


_lock = threading.Lock()
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


def _discovery(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document, fetched at most once an hour per process (never at start-up)."""
    now = time.monotonic()
    with _lock:
        cached = _discovered.get(issuer)
        if cached and now - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=getattr(settings, "OIDC_TIMEOUT", 10),
            verify=getattr(settings, "OIDC_VERIFY_SSL", True),
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SsoRefused("provider_unavailable", UNAVAILABLE, detail=f"discovery: {exc}") from exc
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        # OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one asked for
        raise SsoRefused("provider_unavailable", UNAVAILABLE, detail="discovery: issuer does not match")
    with _lock:
        _discovered[issuer] = (now, document)
    return document


def discovery_forget() -> None:
    """Forget the discovery documents (tests; a provider that moved its endpoints)."""
    with _lock:
        _discovered.clear()


def oidc_provider() -> Provider:
    """The provider's endpoints: the explicit settings, else those of the issuer's discovery document."""
    issuer = getattr(settings, "MAINSTREAM_OIDC_ISSUER", "") or ""
    explicit = {
        "authorization_endpoint": getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", None),
        "token_endpoint": getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", None),
        "userinfo_endpoint": getattr(settings, "OIDC_OP_USER_ENDPOINT", None),
        "jwks_uri": getattr(settings, "OIDC_OP_JWKS_ENDPOINT", None),
        "end_session_endpoint": getattr(settings, "MAINSTREAM_OIDC_END_SESSION_ENDPOINT", None),
    }
    found: dict[str, Any] = dict(explicit)
    if issuer and not all(explicit[k] for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
        document = _discovery(issuer)
        for key, value in explicit.items():
            found[key] = value or document.get(key) or None
    if not (found["authorization_endpoint"] and found["token_endpoint"] and found["jwks_uri"]):
        raise SsoRefused("provider_unavailable", UNAVAILABLE, detail="no authorization, token or JWKS endpoint")
    return Provider(issuer=issuer, **found)


def _audience(payload: dict[str, Any]) -> list[str]:
    aud = payload.get("aud")
    if isinstance(aud, str):
        return [aud]
    return [str(a) for a in aud] if isinstance(aud, list) else []


class CityOIDCBackend(OIDCAuthenticationBackend):
    """The city's single sign-on, beside (after) ``LockoutModelBackend``: only the OIDC callback reaches it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for each authenticate() and each request's user: nothing here may fetch or fail.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = self.OIDC_OP_USER_ENDPOINT = self.OIDC_OP_JWKS_ENDPOINT = None
        self.provider: Provider | None = None

    def authenticate(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        """Only the callback's call (with the nonce kept in the session) is handled; a password login is not."""
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        if not getattr(settings, "MAINSTREAM_OIDC_ENABLED", False):
            return None
        self.provider = oidc_provider()
        self.OIDC_OP_TOKEN_ENDPOINT = self.provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.provider.jwks_uri
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):  # type: ignore[no-untyped-def]
        """Signature (RS256, the provider's JWKS) and nonce by the library; then audience, issuer and expiry
        (OpenID Connect Core 1.0 §3.1.3.7), which the library leaves unchecked."""
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as exc:  # expired, not yet valid, malformed: the library lets these through
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        if "nonce" not in kwargs:  # a userinfo answer signed as a JWT
            return payload
        audience = _audience(payload)
        if self.OIDC_RP_CLIENT_ID not in audience or (
            len(audience) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID
        ):
            raise SuspiciousOperation("ID token audience is not this client")
        issuer = self.provider.issuer if self.provider else ""
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token issuer does not match")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without expiry")
        return payload

    def get_userinfo(self, access_token, id_token, payload):  # type: ignore[no-untyped-def]
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token, id_token, payload):  # type: ignore[no-untyped-def]
        """Claims of the ID token and of userinfo (same ``sub``), then the account: see ``sso_user_resolve``."""
        from .services import sso_user_resolve

        userinfo = self.get_userinfo(access_token, id_token, payload) or {}
        if userinfo and str(userinfo.get("sub", "")) != str(payload.get("sub", "")):
            # OpenID Connect Core 1.0 §5.3.2: the userinfo sub must be the ID token's
            raise SsoRefused("sub_mismatch", "單一登入回傳的身分不一致，請重新登入。", detail="userinfo sub")
        claims = {**payload, **userinfo}
        return sso_user_resolve(
            claims=claims,
            username_claim=settings.MAINSTREAM_OIDC_USERNAME_CLAIM,
            unit_claim=settings.MAINSTREAM_OIDC_UNIT_CLAIM,
        )


def sso_deploy_check(app_configs=None, **kwargs):  # type: ignore[no-untyped-def]
    """``check --deploy``: mainstream.E030 when SSO is configured to talk to its provider without TLS or without
    checking the provider's certificate (the code and the tokens would cross the network readable)."""
    from django.core import checks

    if not getattr(settings, "MAINSTREAM_OIDC_ENABLED", False):
        return []
    named = {
        "MAINSTREAM_OIDC_ISSUER": getattr(settings, "MAINSTREAM_OIDC_ISSUER", ""),
        "MAINSTREAM_OIDC_AUTHORIZATION_ENDPOINT": getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", None),
        "MAINSTREAM_OIDC_TOKEN_ENDPOINT": getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", None),
        "MAINSTREAM_OIDC_USERINFO_ENDPOINT": getattr(settings, "OIDC_OP_USER_ENDPOINT", None),
        "MAINSTREAM_OIDC_JWKS_ENDPOINT": getattr(settings, "OIDC_OP_JWKS_ENDPOINT", None),
        "MAINSTREAM_OIDC_END_SESSION_ENDPOINT": getattr(settings, "MAINSTREAM_OIDC_END_SESSION_ENDPOINT", None),
    }
    problems = [f"{name} 不是 https：{url}" for name, url in named.items() if url and not url.startswith("https://")]
    if getattr(settings, "OIDC_VERIFY_SSL", True) is False:
        problems.append("MAINSTREAM_OIDC_VERIFY_SSL=0：不檢查單一登入服務的憑證")
    return [
        checks.Error(
            problem,
            hint="單一登入須經 TLS 並檢查憑證；市府自有憑證請以 MAINSTREAM_OIDC_CA_BUNDLE 指定（docs/security.md 單一登入）",
            id="mainstream.E030",
        )
        for problem in problems
    ]
