"""Password history (附表十: 密碼變更時不得與前 3 次相同). Also the hook that records every password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone


class PasswordHistoryValidator:
    """Refuse any of the last ``count`` passwords (MAINSTREAM_PASSWORD_HISTORY, 3 by the baseline)."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count

    def _count(self) -> int:
        return self.count or settings.MAINSTREAM_PASSWORD_HISTORY

    def validate(self, password, user=None):  # type: ignore[no-untyped-def]
        if user is None or user.pk is None:
            return
        from .models import PasswordState

        state = PasswordState.objects.filter(user=user).first()
        hashes = (state.history if state else [])[-self._count() :]
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(f"新密碼不得與最近 {self._count()} 次使用的密碼相同。", code="password_reused")

    def password_changed(self, password, user=None):  # type: ignore[no-untyped-def]
        """Called by Django after a new password is saved: keep its hash, clear the initial flag, audit it."""
        if user is None or user.pk is None:
            return
        from mainstream.audit.services import audit_record

        from .models import PasswordState

        state, _ = PasswordState.objects.get_or_create(user=user)
        state.history = (state.history + [user.password])[-self._count() :]
        state.must_change = False
        state.changed_at = timezone.now()
        state.save()
        audit_record(by=user, action="account.password_change", obj=user, summary=f"變更密碼：{user.username}")

    def get_help_text(self) -> str:
        return f"新密碼不得與最近 {self._count()} 次使用的密碼相同。"
