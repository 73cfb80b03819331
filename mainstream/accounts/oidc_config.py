"""Staff single sign-on (issue 14, item 11): the OpenID Connect settings, read from the environment only.

``oidc_settings(environ, backends)`` is a pure function (no Django import) so that ``settings.py`` and the tests build
the same settings from the same variables. Without a client id and either an issuer or the explicit endpoints, SSO is
off and nothing changes: no button, the ``/oidc/`` URLs answer 404, local login as before.

Variables (docs/security.md, 單一登入):

- ``MAINSTREAM_OIDC_ISSUER`` — the provider's issuer URL; the endpoints are read from
  ``{issuer}/.well-known/openid-configuration`` at the first login (not at start-up), and the ID token's ``iss`` must
  equal it. Or, instead or in addition, the explicit ``MAINSTREAM_OIDC_AUTHORIZATION_ENDPOINT``,
  ``MAINSTREAM_OIDC_TOKEN_ENDPOINT``, ``MAINSTREAM_OIDC_USERINFO_ENDPOINT``, ``MAINSTREAM_OIDC_JWKS_ENDPOINT``
  (and optionally ``MAINSTREAM_OIDC_END_SESSION_ENDPOINT``), which win over discovery.
- ``MAINSTREAM_OIDC_CLIENT_ID``, ``MAINSTREAM_OIDC_CLIENT_SECRET`` (or ``MAINSTREAM_OIDC_CLIENT_SECRET_FILE``).
- ``MAINSTREAM_OIDC_SCOPES`` — default ``openid profile email``.
- ``MAINSTREAM_OIDC_USERNAME_CLAIM`` — default ``preferred_username``: the claim holding the account name.
- ``MAINSTREAM_OIDC_UNIT_CLAIM`` — default ``unit``: the claim whose value names a unit of the registry (its short
  name, full name or an alias of the plan file).
- ``MAINSTREAM_OIDC_UNIT_MAP_FILE`` — optional: a UTF-8 file of ``claim value: unit`` lines (YAML mapping), for a
  provider that names units by its own codes (機關代碼), e.g. ``379130000C: 勞動局``.
- ``MAINSTREAM_OIDC_TIMEOUT`` — seconds for each call to the provider, default 10.
- ``MAINSTREAM_OIDC_VERIFY_SSL`` — default 1; ``MAINSTREAM_OIDC_CA_BUNDLE`` — the city's CA file, if its own.

The ID token is signed with RS256 and checked against the provider's JWKS; PKCE (S256) and a nonce are always used.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SSO_BACKEND = "mainstream.accounts.sso.CityOIDCBackend"
LOCAL_BACKEND = "mainstream.accounts.backends.LockoutModelBackend"

_ENDPOINTS = {
    "AUTHORIZATION": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "TOKEN": "OIDC_OP_TOKEN_ENDPOINT",
    "USERINFO": "OIDC_OP_USER_ENDPOINT",
    "JWKS": "OIDC_OP_JWKS_ENDPOINT",
    "END_SESSION": "MAINSTREAM_OIDC_END_SESSION_ENDPOINT",
}


class OidcConfigError(ValueError):
    """A variable is set but cannot be used (the message names it)."""


def _secret(environ: Mapping[str, str]) -> str:
    path = environ.get("MAINSTREAM_OIDC_CLIENT_SECRET_FILE", "").strip()
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise OidcConfigError(f"MAINSTREAM_OIDC_CLIENT_SECRET_FILE: {path} cannot be read ({exc})") from exc
    return environ.get("MAINSTREAM_OIDC_CLIENT_SECRET", "").strip()


def _unit_map(path: str) -> dict[str, str]:
    """``{claim value: unit name}`` from the map file (a YAML mapping of text to text); none: empty."""
    if not path:
        return {}
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OidcConfigError(f"MAINSTREAM_OIDC_UNIT_MAP_FILE: {path} cannot be read ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str | int) for v in data.values()):
        raise OidcConfigError(f"MAINSTREAM_OIDC_UNIT_MAP_FILE: {path} must map each claim value to a unit name")
    return {str(k).strip(): str(v).strip() for k, v in data.items()}


def oidc_configured(environ: Mapping[str, str]) -> bool:
    """SSO is on when a client id is set with an issuer or the explicit authorization and token endpoints."""
    has_endpoints = bool(environ.get("MAINSTREAM_OIDC_AUTHORIZATION_ENDPOINT")) and bool(
        environ.get("MAINSTREAM_OIDC_TOKEN_ENDPOINT")
    )
    return bool(environ.get("MAINSTREAM_OIDC_CLIENT_ID", "").strip()) and (
        bool(environ.get("MAINSTREAM_OIDC_ISSUER", "").strip()) or has_endpoints
    )


def oidc_settings(environ: Mapping[str, str], backends: list[str]) -> dict[str, Any]:
    """The Django settings for SSO from ``environ``; ``backends`` is the local list, kept first.

    Not configured: only ``MAINSTREAM_OIDC_ENABLED = False`` (and the backends unchanged)."""
    if not oidc_configured(environ):
        return {"MAINSTREAM_OIDC_ENABLED": False, "AUTHENTICATION_BACKENDS": list(backends)}
    issuer = environ.get("MAINSTREAM_OIDC_ISSUER", "").strip().rstrip("/")
    out: dict[str, Any] = {
        "MAINSTREAM_OIDC_ENABLED": True,
        "MAINSTREAM_OIDC_ISSUER": issuer,
        "AUTHENTICATION_BACKENDS": [*backends, SSO_BACKEND],
        "OIDC_RP_CLIENT_ID": environ["MAINSTREAM_OIDC_CLIENT_ID"].strip(),
        "OIDC_RP_CLIENT_SECRET": _secret(environ),
        "OIDC_RP_SCOPES": " ".join(environ.get("MAINSTREAM_OIDC_SCOPES", "openid profile email").split()),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_STORE_ID_TOKEN": True,  # for the provider's logout (id_token_hint)
        "OIDC_TIMEOUT": float(environ.get("MAINSTREAM_OIDC_TIMEOUT", "10")),
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
        "MAINSTREAM_OIDC_USERNAME_CLAIM": environ.get("MAINSTREAM_OIDC_USERNAME_CLAIM", "").strip()
        or "preferred_username",
        "MAINSTREAM_OIDC_UNIT_CLAIM": environ.get("MAINSTREAM_OIDC_UNIT_CLAIM", "").strip() or "unit",
    }
    out["MAINSTREAM_OIDC_UNIT_MAP"] = _unit_map(environ.get("MAINSTREAM_OIDC_UNIT_MAP_FILE", "").strip())
    if "openid" not in out["OIDC_RP_SCOPES"].split():
        raise OidcConfigError("MAINSTREAM_OIDC_SCOPES must include openid")
    ca_bundle = environ.get("MAINSTREAM_OIDC_CA_BUNDLE", "").strip()
    out["OIDC_VERIFY_SSL"] = ca_bundle or environ.get("MAINSTREAM_OIDC_VERIFY_SSL", "1") != "0"
    for name, setting in _ENDPOINTS.items():
        out[setting] = environ.get(f"MAINSTREAM_OIDC_{name}_ENDPOINT", "").strip() or None
    return out


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def csp_for_provider(csp: str, environ: Mapping[str, str]) -> str:
    """The Content-Security-Policy with the provider's origin allowed as a ``form-action``: the logout form of an
    SSO session is answered by a redirect to the provider's end-session endpoint, and browsers hold a form's
    redirects to ``form-action`` too. The issuer's origin, and that of an explicit end-session endpoint."""
    if not oidc_configured(environ):
        return csp
    origins = []
    for name in ("MAINSTREAM_OIDC_ISSUER", "MAINSTREAM_OIDC_END_SESSION_ENDPOINT"):
        origin = _origin(environ.get(name, "").strip())
        if origin and origin not in origins:
            origins.append(origin)
    if not origins or "form-action 'self'" not in csp:
        return csp
    return csp.replace("form-action 'self'", "form-action 'self' " + " ".join(origins), 1)
