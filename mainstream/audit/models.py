"""Every write is recorded: who, when, what (history a user can open)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("時間", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="使用者", null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("帳號", max_length=150, blank=True)
    action = models.CharField("動作", max_length=60)
    target_type = models.CharField("資料類型", max_length=60, blank=True, db_index=True)
    target_id = models.CharField("資料編號", max_length=40, blank=True, db_index=True)
    unit = models.ForeignKey("units.Unit", verbose_name="機關", null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.CharField("摘要", max_length=300)
    changes = models.JSONField("異動內容", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "異動紀錄"
        verbose_name_plural = "異動紀錄"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.summary}"
