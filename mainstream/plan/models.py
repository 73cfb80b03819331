"""Plans as versioned records: every plan file the office has added, kept as it was read.

A plan is known by its id (``109-112``); the same id added again is a new version of that plan (an amendment or an
extension of its period) that judges the years from ``effective_from`` on. The file's text is stored, so a past year
is always judged by exactly the file that was in force for it (docs/adr/0007-…).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlanVersion(models.Model):
    plan_id = models.CharField("計畫代碼", max_length=40)
    version = models.PositiveSmallIntegerField("版次")
    title = models.CharField("計畫名稱", max_length=200)
    start = models.PositiveSmallIntegerField("起始年度")
    end = models.PositiveSmallIntegerField("結束年度")
    effective_from = models.PositiveSmallIntegerField("生效年度")
    amends = models.CharField("修正之計畫", max_length=40, blank=True)
    source = models.CharField("檔名", max_length=200, blank=True)
    text = models.TextField("計畫檔內容")
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField("加入時間", auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="加入者", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["plan_id", "version"], name="plan_version_unique")]
        verbose_name = "計畫版本"
        verbose_name_plural = "計畫版本"

    def __str__(self) -> str:
        return f"{self.plan_id} 第 {self.version} 版（{self.start}–{self.end}，自 {self.effective_from} 年起）"

    @property
    def ref(self) -> str:
        """'109-112@2': how commands and pages name a version."""
        return f"{self.plan_id}@{self.version}"
