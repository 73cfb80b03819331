"""Fixtures of the single sign-on tests: a real OpenID Connect provider (django-oauth-toolkit) on the live server."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mainstream.accounts.oidc_config import LOCAL_BACKEND, csp_for_provider, oidc_settings

from .sso_flow import CLIENT_ID, CLIENT_SECRET, IDP_PASSWORD, Flow


@pytest.fixture(scope="module")
def rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="module")
def provider_app(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The provider's app, installed for this module only: its migrations run in the test database (and are undone
    after), so the rest of the suite — and every command it runs in a subprocess — sees only the project's apps."""
    from django.conf import settings
    from django.core.checks.registry import registry
    from django.core.management import call_command
    from django.test import override_settings

    checks_before = (set(registry.registered_checks), set(registry.deployment_checks))
    try:
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "oauth2_provider"]):
            with django_db_blocker.unblock():
                call_command("migrate", "oauth2_provider", verbosity=0)
            try:
                yield
            finally:
                with django_db_blocker.unblock():
                    call_command("migrate", "oauth2_provider", "zero", verbosity=0)
    finally:
        # the provider's app registered system checks when it was installed; with the app gone they would fail
        # every later `run_checks` in this process (LookupError: No installed app with label 'oauth2_provider')
        registry.registered_checks, registry.deployment_checks = checks_before


@pytest.fixture
def sso(provider_app, live_server, registry, rsa_pem, django_user_model):  # type: ignore[no-untyped-def]
    """SSO configured from the environment variables as an operator would set them, against the live provider."""
    from django.conf import settings
    from django.test import override_settings
    from oauth2_provider.models import get_application_model

    from mainstream.accounts import sso as sso_module

    from . import idp

    rp = live_server.url
    assert "localhost" in rp
    idp_base = rp.replace("localhost", "127.0.0.1")
    environ = {
        "MAINSTREAM_OIDC_ISSUER": f"{idp_base}/idp",
        "MAINSTREAM_OIDC_CLIENT_ID": CLIENT_ID,
        "MAINSTREAM_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "MAINSTREAM_OIDC_USERNAME_CLAIM": "city_account",
        "MAINSTREAM_OIDC_UNIT_CLAIM": "unit",
    }
    provider = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": rsa_pem,
        "OIDC_ISS_ENDPOINT": f"{idp_base}/idp",
        "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
        "OAUTH2_VALIDATOR_CLASS": "mainstream.accounts.tests.idp.CityValidator",
        "SCOPES": {"openid": "OpenID Connect", "profile": "姓名與所屬機關", "email": "電子郵件"},
        "PKCE_REQUIRED": True,
        "ALWAYS_RELOAD_OAUTHLIB_CORE": True,
    }
    with override_settings(
        # ours, with the provider's origin for the logout; and the provider's pages (served here too) may send their
        # consent form on to our callback, as the city's provider does under its own policy
        MAINSTREAM_CSP=csp_for_provider(settings.MAINSTREAM_CSP, environ).replace(
            "form-action 'self'", f"form-action 'self' {rp}", 1
        ),
        ROOT_URLCONF="mainstream.accounts.tests.idp_urls",
        OAUTH2_PROVIDER=provider,
        **oidc_settings(environ, [LOCAL_BACKEND]),
    ):
        application = get_application_model()
        application.objects.create(
            name="臺北市性別主流化管考系統",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            client_type=application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=f"{rp}/oidc/callback/",
            post_logout_redirect_uris=f"{rp}/login/",
            algorithm=application.RS256_ALGORITHM,
        )
        sso_module.discovery_forget()
        idp.PEOPLE.clear()

        def person(idp_user: str, **claims):  # type: ignore[no-untyped-def]
            if not django_user_model.objects.filter(username=idp_user).exists():
                django_user_model.objects.create_user(idp_user, password=IDP_PASSWORD)
            idp.PEOPLE[idp_user] = claims

        flow = Flow(rp, idp_base)
        flow.person = person  # type: ignore[attr-defined]
        try:
            yield flow
        finally:
            idp.PEOPLE.clear()
            sso_module.discovery_forget()
