"""Gender analysis (伍、四): the units' reports, and 主計處's cross-cutting analyses and their use.

The lists (production methods, gender dimensions, intersecting factors) are the plan's and live in the
plan file (``analysis.count`` params); services validate against them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mainstream.files import upload_path


class Analysis(models.Model):
    """A unit's gender analysis report for a year (伍、四、(二)、2、A)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="analyses")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("題目", max_length=200)
    method = models.CharField("撰擬方式", max_length=12)  # 自行撰擬 / 委託研究 / 補助研究 / 研究專章
    file = models.FileField("報告檔案", upload_to=upload_path("analysis"), blank=True)
    file_name = models.CharField("原始檔名", max_length=200, blank=True)
    dimensions = models.JSONField("性別面向", default=list, blank=True)
    factors = models.JSONField("交織因素", default=list, blank=True)
    factors_other = models.CharField("其他交織因素", max_length=200, blank=True)
    groups_needs = models.TextField("處境不利群體及其需求", blank=True)
    data_source = models.CharField("資料來源", max_length=200, blank=True)
    district_data = models.BooleanField("資料來源為12區公所", default=False)
    descriptive_only = models.BooleanField("僅描述統計（不列計）", default=False)
    descriptive_reason = models.TextField("不列計理由", blank=True)
    descriptive_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="標示者",
    )
    meeting = models.ForeignKey(
        "mechanism.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analyses",
        verbose_name="提報之性平小組會議",
    )
    reported_on = models.DateField("性平小組報告日期", null=True, blank=True)
    followup = models.TextField("後續運用（據以制定或調整之政策、服務）", blank=True)
    followup_on = models.DateField("運用日期", null=True, blank=True)
    indicators = models.ManyToManyField(
        "statistics.Indicator",
        blank=True,
        related_name="analyses",
        verbose_name="所據性別統計指標",
        help_text="分析所據之性別統計指標（其統計表見性別統計資料庫）",
    )

    class Meta:
        ordering = ["-year", "unit__order", "title"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"], name="analysis_unique_title")]
        verbose_name = "性別分析"
        verbose_name_plural = "性別分析"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.title}"

    @property
    def counts(self) -> bool:
        """Counts toward 伍、四: not descriptive only and reported to a task force."""
        return not self.descriptive_only and self.reported_on is not None

    @property
    def status(self) -> str:
        if self.descriptive_only:
            return "excluded"
        return "reported" if self.reported_on else "pending"

    @property
    def status_class(self) -> str:
        return {"reported": "met", "pending": "in_progress", "excluded": "not_applicable"}[self.status]


ANALYSIS_STATUSES = {
    "reported": "已提報性平小組（列計）",
    "pending": "尚未提報性平小組",
    "excluded": "僅描述統計（不列計）",
}


class CrossAnalysis(models.Model):
    """主計處's gender statistics analysis on a cross-cutting issue, sent to units (伍、四、(二)、1、A)."""

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("題目", max_length=200)
    file = models.FileField("報告檔案", upload_to=upload_path("analysis"), blank=True)
    file_name = models.CharField("原始檔名", max_length=200, blank=True)
    sent_on = models.DateField("送請機關研析參採日期", null=True, blank=True)
    units = models.ManyToManyField("units.Unit", verbose_name="送請機關", related_name="cross_analyses", blank=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="cross_analysis_unique_title")]
        verbose_name = "綜合性別統計分析"
        verbose_name_plural = "綜合性別統計分析"

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CrossAnalysisUse(models.Model):
    """Whether and how a unit used a cross-cutting analysis."""

    cross_analysis = models.ForeignKey(
        CrossAnalysis, on_delete=models.CASCADE, related_name="uses", verbose_name="綜合分析"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="+")
    used = models.BooleanField("已參採運用")
    how = models.TextField("運用情形", blank=True)
    recorded_on = models.DateField("填報日期", null=True, blank=True)

    class Meta:
        ordering = ["cross_analysis", "unit__order"]
        constraints = [models.UniqueConstraint(fields=["cross_analysis", "unit"], name="cross_use_unique_unit")]
        verbose_name = "綜合分析運用情形"
        verbose_name_plural = "綜合分析運用情形"

    def __str__(self) -> str:
        return f"{self.unit} {self.cross_analysis}"
