"""Follow-up (追蹤管考) by the office, the 統籌規劃及管考單位 (參、一): when each duty is due, reminders (催辦) sent to
units about their open duties, and each user's calendar feed.

The plan sets no dates inside a year: a duty is due at the end of its window (the last day of its last year) unless
the office sets an earlier deadline for a year and duty (``Deadline``). When to remind automatically is the office's
decision too (``FollowupSettings``), kept as data, never in code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Deadline(models.Model):
    """A deadline the office sets for one duty in one year (e.g. the result report by 3/31 of the next year)."""

    year = models.PositiveSmallIntegerField("年度")
    rule = models.CharField("應辦事項", max_length=80)
    due = models.DateField("期限")
    reason = models.CharField("說明", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField("設定時間", auto_now=True)

    class Meta:
        ordering = ["year", "due", "rule"]
        constraints = [models.UniqueConstraint(fields=["year", "rule"], name="followup_deadline_once")]
        verbose_name = "應辦事項期限"
        verbose_name_plural = "應辦事項期限"

    def __str__(self) -> str:
        return f"{self.year} {self.rule} {self.due}"


class FollowupSettings(models.Model):
    """The office's follow-up settings (one row): which days count as 即將到期 and when reminders go out by
    themselves."""

    due_soon_days = models.PositiveSmallIntegerField("即將到期天數", default=30)
    reminder_days = models.JSONField("自動催辦（期限前天數）", default=list, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField("修改時間", auto_now=True)

    class Meta:
        verbose_name = "追蹤管考設定"
        verbose_name_plural = "追蹤管考設定"

    def __str__(self) -> str:
        return f"即將到期 {self.due_soon_days} 日；期限前 {self.reminder_days} 日自動催辦"


class Reminder(models.Model):
    """A reminder (催辦) to one unit about its open duties, posted to the liaison circle for that unit's liaisons
    (``notice``: its read receipts are the liaisons'). One sending to several units is one ``batch``."""

    batch = models.CharField("批次", max_length=32, db_index=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, verbose_name="受催辦機關", related_name="reminders"
    )
    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateField("考核基準日")
    message = models.TextField("說明", blank=True)
    automatic = models.BooleanField("自動催辦", default=False)
    days_before = models.PositiveSmallIntegerField("期限前天數", null=True, blank=True)
    notice = models.ForeignKey(
        "mechanism.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    sent_at = models.DateTimeField("催辦時間")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    emails = models.PositiveIntegerField("寄出電子郵件", default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "催辦紀錄"
        verbose_name_plural = "催辦紀錄"

    def __str__(self) -> str:
        return f"{self.year} 年催辦 {self.unit}"


class ReminderItem(models.Model):
    """One open duty of one unit a reminder is about, with its status and due date when it was sent."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="items")
    rule = models.CharField("應辦事項", max_length=80)
    title = models.CharField("事項名稱", max_length=200)
    status = models.CharField("狀態", max_length=20)
    due = models.DateField("期限")
    detail = models.CharField("說明", max_length=300, blank=True)
    # automatic reminders only: unit, duty, deadline and days before, unique so that the database itself refuses a
    # second automatic reminder of the same duty to the same unit for the same deadline (two runs at once included)
    auto_key = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["reminder", "due", "rule"]
        verbose_name = "催辦事項"
        verbose_name_plural = "催辦事項"

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """A user's calendar feed address: only a hash of its secret is kept (shown once, when made)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField("建立時間", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "行事曆訂閱"
        verbose_name_plural = "行事曆訂閱"

    def __str__(self) -> str:
        return f"{self.user} 行事曆"
