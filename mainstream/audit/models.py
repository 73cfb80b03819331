"""Every write is recorded: who, when, what (history a user can open)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One recorded write or security event. Append-only: rows are chained by hash (``prev_hash`` → ``hash``).

    附表十 (資通系統防護基準) asks that the log be protected from tampering; ``mainstream audit verify`` recomputes
    the chain and names the first row that was edited or whose predecessor was deleted.
    """

    at = models.DateTimeField("時間", default=timezone.now, db_index=True)
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
    prev_hash = models.CharField("前筆雜湊", max_length=64, blank=True, editable=False)
    hash = models.CharField("雜湊", max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "異動紀錄"
        verbose_name_plural = "異動紀錄"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.summary}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise ValueError("異動紀錄只能新增，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("異動紀錄只能新增，不能刪除")


class AuditChainHead(models.Model):
    """The one row that holds the latest hash; locked (SELECT … FOR UPDATE) while a row is appended so that two
    concurrent writers on PostgreSQL never chain to the same predecessor."""

    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "異動紀錄鏈"

    def __str__(self) -> str:
        return self.last_hash
