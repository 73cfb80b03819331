"""Single sign-on settings (issue 14, item 11): from the environment only; not configured, nothing changes; the ID
token's audience, issuer and expiry are checked (mozilla-django-oidc checks only the signature and the nonce)."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from mainstream.accounts.oidc_config import (
    LOCAL_BACKEND,
    SSO_BACKEND,
    OidcConfigError,
    csp_for_provider,
    oidc_settings,
)
from mainstream.accounts.sso import CityOIDCBackend, Provider

ISSUER = "https://sso.example.gov.taipei/realms/city"


def test_not_configured_nothing_changes(client, db, settings):
    """No variables: no button, the /oidc/ URLs answer 404, only the local backend."""
    assert oidc_settings({}, [LOCAL_BACKEND]) == {
        "MAINSTREAM_OIDC_ENABLED": False,
        "AUTHENTICATION_BACKENDS": [LOCAL_BACKEND],
    }
    # a client id alone, or an issuer alone, is not enough
    assert not oidc_settings({"MAINSTREAM_OIDC_CLIENT_ID": "x"}, [LOCAL_BACKEND])["MAINSTREAM_OIDC_ENABLED"]
    assert not oidc_settings({"MAINSTREAM_OIDC_ISSUER": ISSUER}, [LOCAL_BACKEND])["MAINSTREAM_OIDC_ENABLED"]
    settings.MAINSTREAM_OIDC_ENABLED = False
    settings.AUTHENTICATION_BACKENDS = [LOCAL_BACKEND]
    page = client.get("/login/")
    assert page.status_code == 200 and "以臺北市單一登入" not in page.content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=abc&state=def").status_code == 404


def test_the_settings_built_from_the_environment(tmp_path):
    secret_file = tmp_path / "client_secret"
    secret_file.write_text("s3cret-from-a-file\n", encoding="utf-8")
    out = oidc_settings(
        {
            "MAINSTREAM_OIDC_ISSUER": ISSUER + "/",
            "MAINSTREAM_OIDC_CLIENT_ID": "mainstream",
            "MAINSTREAM_OIDC_CLIENT_SECRET_FILE": str(secret_file),
            "MAINSTREAM_OIDC_USERNAME_CLAIM": "employee_id",
            "MAINSTREAM_OIDC_UNIT_CLAIM": "department",
        },
        [LOCAL_BACKEND],
    )
    assert out["MAINSTREAM_OIDC_ENABLED"] is True
    assert out["AUTHENTICATION_BACKENDS"] == [LOCAL_BACKEND, SSO_BACKEND]  # local accounts first, for the office
    assert out["MAINSTREAM_OIDC_ISSUER"] == ISSUER
    assert out["OIDC_RP_CLIENT_SECRET"] == "s3cret-from-a-file"
    assert out["OIDC_RP_SCOPES"] == "openid profile email"
    assert out["OIDC_RP_SIGN_ALGO"] == "RS256" and out["OIDC_USE_PKCE"] and out["OIDC_USE_NONCE"]
    assert (out["MAINSTREAM_OIDC_USERNAME_CLAIM"], out["MAINSTREAM_OIDC_UNIT_CLAIM"]) == ("employee_id", "department")
    assert out["OIDC_OP_TOKEN_ENDPOINT"] is None  # from discovery at the first login
    explicit = oidc_settings(
        {
            "MAINSTREAM_OIDC_CLIENT_ID": "mainstream",
            "MAINSTREAM_OIDC_AUTHORIZATION_ENDPOINT": "https://sso/auth",
            "MAINSTREAM_OIDC_TOKEN_ENDPOINT": "https://sso/token",
            "MAINSTREAM_OIDC_JWKS_ENDPOINT": "https://sso/jwks",
            "MAINSTREAM_OIDC_SCOPES": "openid  profile",
        },
        [LOCAL_BACKEND],
    )
    assert explicit["MAINSTREAM_OIDC_ENABLED"] and explicit["OIDC_OP_JWKS_ENDPOINT"] == "https://sso/jwks"
    assert explicit["OIDC_RP_SCOPES"] == "openid profile"
    with pytest.raises(OidcConfigError, match="openid"):
        oidc_settings(
            {"MAINSTREAM_OIDC_ISSUER": ISSUER, "MAINSTREAM_OIDC_CLIENT_ID": "x", "MAINSTREAM_OIDC_SCOPES": "profile"},
            [],
        )
    bad_map = tmp_path / "units.yaml"
    bad_map.write_text("- 勞動局\n", encoding="utf-8")
    with pytest.raises(OidcConfigError, match="UNIT_MAP_FILE"):
        oidc_settings(
            {
                "MAINSTREAM_OIDC_ISSUER": ISSUER,
                "MAINSTREAM_OIDC_CLIENT_ID": "x",
                "MAINSTREAM_OIDC_UNIT_MAP_FILE": str(bad_map),
            },
            [],
        )
    assert out["MAINSTREAM_OIDC_UNIT_MAP"] == {}
    with pytest.raises(OidcConfigError, match="SECRET_FILE"):
        oidc_settings(
            {
                "MAINSTREAM_OIDC_ISSUER": ISSUER,
                "MAINSTREAM_OIDC_CLIENT_ID": "x",
                "MAINSTREAM_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "missing"),
            },
            [],
        )


@pytest.fixture
def signer(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    settings.OIDC_RP_CLIENT_ID = "mainstream"
    backend = CityOIDCBackend()
    backend.OIDC_RP_IDP_SIGN_KEY = public.decode()
    backend.provider = Provider(ISSUER, "https://a", "https://t", None, "https://j", None)

    def sign(**claims):  # type: ignore[no-untyped-def]
        body = {"iss": ISSUER, "aud": "mainstream", "sub": "42", "nonce": "n1", "exp": int(time.time()) + 300}
        body.update(claims)
        return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm="RS256")

    return backend, sign


def test_the_id_token_must_be_for_this_client_from_this_issuer_and_expire(signer):
    backend, sign = signer
    assert backend.verify_token(sign(), nonce="n1")["sub"] == "42"
    assert backend.verify_token(sign(aud=["mainstream", "other"], azp="mainstream"), nonce="n1")["sub"] == "42"
    for bad in (
        sign(aud="another-client"),
        sign(aud=["mainstream", "other"]),  # several audiences and no azp naming us
        sign(iss="https://evil.example"),
        sign(exp=None),
        sign(exp=int(time.time()) - 10),
        sign(nonce="replayed"),
    ):
        with pytest.raises(SuspiciousOperation):
            backend.verify_token(bad, nonce="n1")


def test_a_password_login_never_reaches_the_sso_backend(rf, settings):
    settings.MAINSTREAM_OIDC_ENABLED = True
    request = rf.get("/oidc/callback/?code=c&state=s")
    assert CityOIDCBackend().authenticate(request, username="u", password="p") is None
    assert CityOIDCBackend().authenticate(request) is None  # no nonce from the session: not the callback


def test_the_logout_may_go_on_to_the_provider_under_the_csp(settings):
    """The logout form of an SSO session is answered by a redirect to the provider: its origin joins form-action,
    and nothing else of the policy changes; not configured, the policy is as it was."""
    csp = settings.MAINSTREAM_CSP
    assert csp_for_provider(csp, {}) == csp
    configured = csp_for_provider(csp, {"MAINSTREAM_OIDC_ISSUER": ISSUER, "MAINSTREAM_OIDC_CLIENT_ID": "mainstream"})
    assert "form-action 'self' https://sso.example.gov.taipei;" in configured
    assert configured.replace(" https://sso.example.gov.taipei", "") == csp
    assert "script-src 'self';" in configured and "'unsafe-inline'" not in configured


def test_production_settings_with_sso_pass_check_deploy_and_keep_the_local_backend_first(tmp_path):
    """The production environment of docs/security.md plus the SSO variables of the env example: Django's deployment
    checklist has no warning, the local backend stays first, and the provider's origin is only a form-action."""
    import json
    import subprocess
    import sys

    from .test_transport import ROOT, _production_env

    secret = tmp_path / "oidc_client_secret"
    secret.write_text("from-a-file", encoding="utf-8")
    env = _production_env(tmp_path)
    env.update(
        {
            "MAINSTREAM_OIDC_ISSUER": ISSUER,
            "MAINSTREAM_OIDC_CLIENT_ID": "gender-mainstream",
            "MAINSTREAM_OIDC_CLIENT_SECRET_FILE": str(secret),
        }
    )
    check = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps("
        "[s.AUTHENTICATION_BACKENDS, s.MAINSTREAM_OIDC_ENABLED, s.OIDC_RP_CLIENT_SECRET, s.MAINSTREAM_CSP]))"
    )
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    backends, enabled, client_secret, csp = json.loads(shown.stdout)
    assert backends == [LOCAL_BACKEND, SSO_BACKEND] and enabled and client_secret == "from-a-file"
    assert "form-action 'self' https://sso.example.gov.taipei;" in csp and "script-src 'self';" in csp


def test_check_deploy_refuses_sso_without_tls_or_without_checking_the_certificate(settings):
    from mainstream.accounts.sso import sso_deploy_check

    settings.MAINSTREAM_OIDC_ENABLED = False
    assert sso_deploy_check() == []
    for name, value in oidc_settings(
        {"MAINSTREAM_OIDC_ISSUER": ISSUER, "MAINSTREAM_OIDC_CLIENT_ID": "mainstream"}, [LOCAL_BACKEND]
    ).items():
        setattr(settings, name, value)
    assert sso_deploy_check() == []
    settings.MAINSTREAM_OIDC_ISSUER = "http://sso.example.gov.taipei/realms/city"
    settings.OIDC_VERIFY_SSL = False
    found = sso_deploy_check()
    assert [e.id for e in found] == ["mainstream.E030", "mainstream.E030"]
    assert "MAINSTREAM_OIDC_ISSUER" in found[0].msg and "MAINSTREAM_OIDC_VERIFY_SSL" in found[1].msg
