"""Lockout and password history (附表十 身分驗證; numbers in settings: MAINSTREAM_LOCKOUT_*)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure, PasswordState


def client_address(request) -> str | None:  # type: ignore[no-untyped-def]
    """The client's address: REMOTE_ADDR (a reverse proxy must set it, e.g. gunicorn's forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _window_start():  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(minutes=settings.MAINSTREAM_LOCKOUT_MINUTES)


def login_locked(*, username: str, address: str | None) -> bool:
    """Locked: ≥ MAINSTREAM_LOCKOUT_FAILURES failures within MAINSTREAM_LOCKOUT_MINUTES for the account or the address."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.MAINSTREAM_LOCKOUT_FAILURES
    if username and recent.filter(username=username).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address).count() >= limit


def login_failure_record(*, username: str, address: str | None) -> bool:
    """Record a failure; True when this failure is the one that locks the account or the address."""
    from mainstream.audit.services import audit_record

    was_locked = login_locked(username=username, address=address)
    LoginFailure.objects.create(username=username[:150], address=address)
    audit_record(
        by=None,
        username=username[:150],  # recorded under the name tried
        action="account.login_failed",
        target="auth.user",
        summary=f"登入失敗：{username[:100]}（{address or '未知位址'}）",
        changes={"username": username[:150], "address": address},
    )
    if not was_locked and login_locked(username=username, address=address):
        audit_record(
            by=None,
            username=username[:150],
            action="account.lockout",
            target="auth.user",
            summary=f"帳號或位址鎖定 {settings.MAINSTREAM_LOCKOUT_MINUTES} 分鐘：{username[:100]}（{address or '未知位址'}）",
            changes={"username": username[:150], "address": address},
        )
        return True
    return False


def password_state_get(user) -> PasswordState:  # type: ignore[no-untyped-def]
    state, _ = PasswordState.objects.get_or_create(user=user)
    return state


def password_must_change(user) -> bool:  # type: ignore[no-untyped-def]
    return PasswordState.objects.filter(user=user, must_change=True).exists()


def password_require_change(*, user, by) -> None:  # type: ignore[no-untyped-def]
    """Mark the password as initial: it must be changed at the next login (附表十: 初始密碼須變更)."""
    from mainstream.audit.services import audit_record

    state = password_state_get(user)
    state.must_change = True
    state.save(update_fields=["must_change"])
    audit_record(
        by=by, action="account.password_initial", obj=user, summary=f"設定初始密碼（首次登入須變更）：{user.username}"
    )


def unlock_filter(username: str) -> Q:
    return Q(username=username)
