"""The browser side of the single sign-on tests: one ``requests`` session following the flow over real HTTP."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

CLIENT_ID = "mainstream-test"
CLIENT_SECRET = "a-client-secret-only-for-this-test-0123456789"
IDP_PASSWORD = "idp-password-1234"


class Flow:
    """One browser: a cookie jar for each host (ours on localhost, the provider's on 127.0.0.1)."""

    def __init__(self, rp: str, idp_base: str) -> None:
        self.rp, self.idp = rp, idp_base
        self.http = requests.Session()

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.http.get(url, allow_redirects=False, timeout=30, **kw)

    def post(self, url: str, data: dict, **kw):  # type: ignore[no-untyped-def, type-arg]
        return self.http.post(url, data=data, allow_redirects=False, timeout=30, **kw)

    @staticmethod
    def form(html: str) -> dict[str, str]:
        fields = {}
        for tag in re.findall(r"<input[^>]*>", html):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
        return fields

    def to_provider(self, next_url: str = "") -> str:
        """Our /oidc/authenticate/: the URL of the provider's authorization page we are sent to."""
        response = self.get(f"{self.rp}/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
        assert response.status_code == 302, response.text[:500]
        location = response.headers["Location"]
        assert location.startswith(f"{self.idp}/idp/authorize/")
        query = parse_qs(urlsplit(location).query)
        assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
        return location

    def approve(self, authorize_url: str, idp_user: str) -> str:
        """At the provider: log in (its login page), approve; returns our callback URL with code and state."""
        response = self.get(authorize_url)
        if response.status_code == 302:  # not logged in at the provider: its login page
            login_url = urljoin(authorize_url, response.headers["Location"])
            page = self.get(login_url)
            fields = self.form(page.text)
            fields.update(username=idp_user, password=IDP_PASSWORD)
            response = self.post(login_url, fields)
            assert response.status_code == 302, "the provider's login failed"
            response = self.get(urljoin(authorize_url, response.headers["Location"]))
        assert response.status_code == 200, response.text[:500]
        fields = self.form(response.text)
        fields["allow"] = "Authorize"
        response = self.post(authorize_url.split("?")[0], fields)
        assert response.status_code == 302, response.text[:500]
        callback = response.headers["Location"]
        assert callback.startswith(f"{self.rp}/oidc/callback/?"), callback
        return callback

    def sign_in(self, idp_user: str, next_url: str = ""):  # type: ignore[no-untyped-def]
        """The whole flow; returns our callback's answer (a redirect)."""
        return self.get(self.approve(self.to_provider(next_url), idp_user))

    def page(self, path: str):  # type: ignore[no-untyped-def]
        return self.get(f"{self.rp}{path}")

    def session(self) -> dict:  # type: ignore[type-arg]
        from django.contrib.sessions.backends.db import SessionStore

        key = next((c.value for c in self.http.cookies if c.name == "sessionid" and "localhost" in c.domain), None)
        return dict(SessionStore(session_key=key).load()) if key else {}

    def session_user_id(self) -> str | None:
        from django.contrib.sessions.backends.db import SessionStore

        key = self.http.cookies.get("sessionid", domain="localhost.local") or next(
            (c.value for c in self.http.cookies if c.name == "sessionid" and "localhost" in c.domain), None
        )
        return SessionStore(session_key=key).get("_auth_user_id") if key else None
