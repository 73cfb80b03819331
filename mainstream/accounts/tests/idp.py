"""A real OpenID Connect provider for the tests: django-oauth-toolkit (test-only dependency, installed in the tests'
INSTALLED_APPS only) plays the city's single sign-on. ``PEOPLE`` holds the claims the provider gives for each of its
users — the account name and the unit, as the city's directory would."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

# IdP username → claims sent in the ID token and by userinfo; tests set them.
PEOPLE: dict[str, dict[str, Any]] = {}


class CityValidator(OAuth2Validator):
    """The city's directory claims (``city_account``, ``unit``) are released with the ``profile`` scope."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "city_account": "profile", "unit": "profile"}

    def get_additional_claims(self, request):  # type: ignore[no-untyped-def]
        return dict(PEOPLE.get(request.user.username, {}))
