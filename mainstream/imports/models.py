"""A record of every import run: who, when, which file, and the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "匯入中"
        DONE = "done", "完成"
        REJECTED = "rejected", "退回"

    kind = models.CharField("類型", max_length=40)
    filename = models.CharField("檔名", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    started = models.DateTimeField("開始", auto_now_add=True)
    finished = models.DateTimeField("結束", null=True, blank=True)
    status = models.CharField("狀態", max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField("列數", default=0)
    progress = models.PositiveIntegerField("已處理列數", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未變更", default=0)
    errors = models.JSONField("錯誤", default=list, blank=True)
    # issue 16: what the import did beyond its counts (people on no roster, the audit events it wrote), kept so that
    # its summary can be read later and the import undone as a whole
    summary = models.JSONField("摘要", default=dict, blank=True)
    undone_at = models.DateTimeField("撤銷時間", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo_reason = models.CharField("撤銷理由", max_length=300, blank=True)

    class Meta:
        ordering = ["-started"]
        verbose_name = "匯入紀錄"
        verbose_name_plural = "匯入紀錄"

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} {self.get_status_display()}"
