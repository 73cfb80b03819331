"""附表十 (資通系統防護基準) 身分驗證: an account is locked after 5 failed logins for at least 15 minutes, per account
and per address; the office unlocks it; every step is in the audit trail (issue 14, items 3 and 5)."""

from __future__ import annotations

import pytest
from django.test import Client

from mainstream.audit.models import AuditEvent
from mainstream.audit.services import audit_verify


def _login(client, username, password, addr="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_user):
    user = make_user("liaison", "勞動局")
    for _ in range(5):
        assert _login(client, user.username, "wrong-password").status_code == 200
    response = _login(client, user.username, "pw-test-1234")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "鎖定" in response.content.decode()
    assert AuditEvent.objects.filter(action="account.login_failed", username=user.username).count() >= 5
    assert AuditEvent.objects.filter(action="account.lockout").exists()
    # from another address too: the lock is per account
    other = Client()
    assert _login(other, user.username, "pw-test-1234", addr="10.0.0.2").status_code == 200
    assert "_auth_user_id" not in other.session


def test_the_lock_ends_after_15_minutes(client, make_user, settings):
    from datetime import timedelta

    from mainstream.accounts.models import LoginFailure

    assert settings.MAINSTREAM_LOCKOUT_FAILURES == 5 and settings.MAINSTREAM_LOCKOUT_MINUTES == 15
    user = make_user("liaison", "勞動局")
    for _ in range(5):
        _login(client, user.username, "wrong")
    from django.utils import timezone

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert _login(client, user.username, "pw-test-1234").status_code == 302


def test_five_failures_from_one_address_lock_that_address(client, make_user):
    user = make_user("liaison", "勞動局")
    for n in range(5):
        _login(client, f"nobody{n}", "guess", addr="10.9.9.9")
    assert _login(client, user.username, "pw-test-1234", addr="10.9.9.9").status_code == 200
    assert _login(client, user.username, "pw-test-1234", addr="10.0.0.3").status_code == 302


def test_the_office_unlocks_in_the_admin_and_it_is_audited(client, make_user):
    from mainstream.accounts.models import LoginFailure

    user = make_user("liaison", "勞動局")
    for _ in range(5):
        _login(client, user.username, "wrong")
    office = make_user("admin", "性平辦")
    office.is_staff = office.is_superuser = True
    office.save()
    admin = Client()
    admin.force_login(office)
    assert admin.get("/admin/accounts/loginfailure/").status_code == 200
    ids = list(LoginFailure.objects.values_list("pk", flat=True))
    response = admin.post(
        "/admin/accounts/loginfailure/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302 and not LoginFailure.objects.exists()
    assert AuditEvent.objects.filter(action="admin.delete", username=office.username).count() == len(ids)
    assert _login(Client(), user.username, "pw-test-1234").status_code == 302
    assert audit_verify() == []


@pytest.mark.parametrize("event", ["account.login", "account.logout"])
def test_login_and_logout_are_audited(client, make_user, event):
    user = make_user("liaison", "勞動局")
    assert _login(client, user.username, "pw-test-1234").status_code == 302
    client.post("/logout/")
    assert AuditEvent.objects.filter(action=event, username=user.username).exists()


def test_user_creation_role_and_superuser_grants_are_audited(make_user):
    user = make_user("oversight", "性平辦", tools=["training"])
    assert AuditEvent.objects.filter(action="account.create", target_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(action="account.role_grant", summary__contains=user.username).exists()
    user.is_superuser = True
    user.save()
    assert AuditEvent.objects.filter(action="account.superuser_grant", target_id=str(user.pk)).exists()
