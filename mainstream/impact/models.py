"""Gender impact assessment (伍、五): the expert registry and the cases with their six steps.

Types, forms, participation modes and expert qualifications are the plan's lists (``impact.count``
params in the plan file); services validate against them.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from mainstream.files import upload_path


class Expert(models.Model):
    """A civil gender-equality expert with the qualification 伍、五、(一)、3 requires."""

    name = models.CharField("姓名", max_length=60, unique=True)
    qualification = models.CharField("資格", max_length=40)
    note = models.CharField("備註", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "性別平等專家學者"
        verbose_name_plural = "性別平等專家學者"

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """One gender impact assessment case and its steps (伍、五、(一) 1–6)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="assessments")
    title = models.CharField("案名", max_length=200)
    type = models.CharField("類型", max_length=20)  # 自治條例 / 公共工程中程計畫 / 重大施政計畫
    form = models.CharField("表單", max_length=8)  # 法案 / 一般
    district_shared = models.BooleanField("12區公所共同法案或計畫及資料", default=False)
    # (1) statistics, analysis and consultation gathered
    gathered_on = models.DateField("1.蒐集統計、分析及諮詢日期", null=True, blank=True)
    gathered_note = models.TextField("1.蒐集及諮詢說明", blank=True)
    # (2) the form filled
    form_filled_on = models.DateField("2.填寫評估表日期", null=True, blank=True)
    form_file = models.FileField("2.評估表檔案", upload_to=upload_path("impact"), blank=True)
    form_file_name = models.CharField("評估表原始檔名", max_length=200, blank=True)
    # (3) procedural participation
    participation = models.CharField("3.程序參與", max_length=8, blank=True)  # 專家學者 / 性平小組
    expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name="3.程序參與專家學者",
    )
    participation_on = models.DateField("3.程序參與日期", null=True, blank=True)
    # (4) adoption of the suggestions
    adoption = models.CharField("4.參採情形", max_length=8, blank=True)  # 全部參採 / 部分參採 / 未參採
    not_adopted_reason = models.TextField("4.未參採理由", blank=True)
    adopted_on = models.DateField("4.修正完成日期", null=True, blank=True)
    # (5) reported to the task force; or, urgent, confirmed by the office first
    urgent = models.BooleanField("緊急案件", default=False)
    office_confirmed_on = models.DateField("5.性平辦確認日期", null=True, blank=True)
    meeting = models.ForeignKey(
        "mechanism.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name="5.報告之性平小組會議",
    )
    reported_on = models.DateField("5.性平小組報告日期", null=True, blank=True)
    # (6) the oversight unit's review
    reviewed_on = models.DateField("6.主責管考單位審核日期", null=True, blank=True)
    review_note = models.TextField("6.審核說明", blank=True)

    class Meta:
        ordering = ["unit__order", "title"]
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="assessment_unique_title")]
        verbose_name = "性別影響評估案"
        verbose_name_plural = "性別影響評估案"

    def __str__(self) -> str:
        return f"{self.unit} {self.title}"

    @property
    def completed_on(self) -> date | None:
        """伍、五、(一)、5: complete at the task-force report; an urgent case at the office's confirmation."""
        if self.urgent and self.office_confirmed_on:
            return self.office_confirmed_on
        return self.reported_on

    @property
    def report_due(self) -> bool:
        """An urgent case confirmed by the office still owes its task-force report."""
        return self.urgent and self.office_confirmed_on is not None and self.reported_on is None


class Suggestion(models.Model):
    """One suggestion of the procedural participation, adopted or not (a reason for every one not adopted)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="suggestions", verbose_name="評估案"
    )
    text = models.TextField("建議內容")
    adopted = models.BooleanField("參採")
    reason = models.TextField("未參採理由", blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = "程序參與意見"
        verbose_name_plural = "程序參與意見"

    def __str__(self) -> str:
        return self.text[:40]
