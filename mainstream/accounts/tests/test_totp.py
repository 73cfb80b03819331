"""Optional TOTP two-factor login for the office's administrators (RFC 6238; issue 14, item 3)."""

from __future__ import annotations

import time

from mainstream.accounts import totp
from mainstream.audit.models import AuditEvent


def test_rfc_6238_reference_values():
    """RFC 6238 appendix B, SHA-1, the 20-byte key "12345678901234567890" (8 digits)."""
    key = b"12345678901234567890"
    assert totp.code_at(key, 59, digits=8) == "94287082"
    assert totp.code_at(key, 1111111109, digits=8) == "07081804"
    assert totp.code_at(key, 20000000000, digits=8) == "65353130"


def _enrol(client, user):
    client.force_login(user)
    page = client.get("/accounts/totp/setup/")
    assert page.status_code == 200
    secret = client.session["mainstream_totp_pending_secret"]
    code = totp.code_at(totp.secret_bytes(secret), time.time())
    assert client.post("/accounts/totp/setup/", {"code": code}).status_code == 302
    client.post("/logout/")
    return secret


def test_an_enrolled_administrator_needs_the_code_after_the_password(client, make_user):
    office = make_user("admin", "性平辦")
    secret = _enrol(client, office)
    response = client.post("/login/", {"username": office.username, "password": "pw-test-1234"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/totp/")
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/totp/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.login_failed", username=office.username).exists()
    used = totp.code_at(totp.secret_bytes(secret), time.time())  # the enrolment's code cannot be used again
    assert client.post("/accounts/totp/", {"code": used}).status_code == 200
    code = totp.code_at(totp.secret_bytes(secret), time.time() + totp.STEP)  # the next step (drift window)
    assert client.post("/accounts/totp/", {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(office.pk)
    assert AuditEvent.objects.filter(action="account.totp_enable", target_id=str(office.pk)).exists()


def test_without_enrolment_the_password_is_enough(client, make_user):
    office = make_user("admin", "性平辦")
    assert client.post("/login/", {"username": office.username, "password": "pw-test-1234"}).status_code == 302
    assert client.session["_auth_user_id"] == str(office.pk)
