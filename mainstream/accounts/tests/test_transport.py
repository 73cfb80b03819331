"""Sessions and transport (issue 14, item 4): idle and absolute session limits, HTTPS settings with DEBUG off,
a Content-Security-Policy without inline script on every page, and `check --deploy` clean in production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAINSTREAM_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "mainstream.settings",
            "MAINSTREAM_DEBUG": "0",
            "MAINSTREAM_SECRET_KEY": secrets.token_urlsafe(48),
            "MAINSTREAM_ID_HASH_KEY": "k7" * 32,
            "MAINSTREAM_ALLOWED_HOSTS": "mainstream.gov.taipei",
            "MAINSTREAM_VAR_DIR": str(tmp_path),
            "MAINSTREAM_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
        }
    )
    return env


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    """The settings documented in docs/security.md pass Django's deployment checklist with no warning."""
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_with_debug_off_an_anonymous_404_lists_no_url_patterns(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "r = Client().get('/no-such-page/', secure=True, HTTP_HOST='mainstream.gov.taipei')\n"
        "body = r.content.decode()\n"
        "print(r.status_code, 'URLconf' in body or 'urlpatterns' in body or 'admin/' in body)\n"
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_PROXY_SSL_HEADER)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.split("\n")
    assert lines[0] == "404 False", result.stdout + result.stderr
    assert lines[1] == "True True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_sessions_end_after_30_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_sessions_end_after_the_absolute_lifetime(client, make_user, settings):
    user = make_user("liaison", "勞動局")
    client.force_login(user)
    assert client.get("/measures/").status_code == 200
    session = client.session
    session["mainstream_auth_at"] = int(time.time()) - settings.MAINSTREAM_SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/measures/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/login/", "/measures/", "/admin/", "/no-such-page/"])
def test_every_page_carries_a_csp_without_inline_script(client, make_user, url):
    client.force_login(make_user("admin", "性平辦"))
    policy = client.get(url)["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in (ROOT / "mainstream").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(path.relative_to(ROOT)))
        if "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
