"""Account security (附表十 身分驗證): failed logins for the lockout, and each account's password state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One failed login. Five within the lockout window lock the account and the address; deleting them unlocks."""

    username = models.CharField("帳號", max_length=150, db_index=True)
    address = models.GenericIPAddressField("來源位址", null=True, blank=True, db_index=True)
    at = models.DateTimeField("時間", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "登入失敗紀錄（刪除即解除鎖定）"
        verbose_name_plural = "登入失敗紀錄（刪除即解除鎖定）"

    def __str__(self) -> str:
        return f"{self.username} {self.address or ''} {self.at:%Y-%m-%d %H:%M}"


class PasswordState(models.Model):
    """Whether the password is an initial one to be changed at the next login, and the last passwords' hashes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state")
    must_change = models.BooleanField("首次登入須變更密碼", default=False)
    history = models.JSONField("近期密碼雜湊", default=list, blank=True)
    changed_at = models.DateTimeField("最近變更", null=True, blank=True)

    class Meta:
        verbose_name = "密碼狀態"
        verbose_name_plural = "密碼狀態"

    def __str__(self) -> str:
        return str(self.user)


class TotpDevice(models.Model):
    """An enrolled authenticator (RFC 6238). ``last_step`` keeps a code from being used twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    last_step = models.BigIntegerField(default=-1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "雙因素驗證裝置"
        verbose_name_plural = "雙因素驗證裝置"

    def __str__(self) -> str:
        return str(self.user)
