"""Gender budget (伍、六): each unit's gender budget lines per budget year, its submission, and 主計處's
compilation guidance per year."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BudgetLine(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="budget_lines")
    year = models.PositiveSmallIntegerField("預算年度", db_index=True)
    programme = models.CharField("計畫名稱", max_length=200)
    amount = models.DecimalField("金額（新臺幣元）", max_digits=14, decimal_places=0)
    purpose = models.TextField("性別目標說明")
    new = models.BooleanField("新增", default=False)

    class Meta:
        ordering = ["year", "unit", "programme"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "programme"], name="budget_line_unique")]
        verbose_name = "性別預算項目"
        verbose_name_plural = "性別預算項目"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.programme}"


class BudgetSubmission(models.Model):
    """A unit's gender budget for a year, submitted to 主計處 (伍、六、(一))."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="+")
    year = models.PositiveSmallIntegerField("預算年度", db_index=True)
    submitted_on = models.DateField("提交日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="budget_submission_unique")]
        verbose_name = "性別預算提交"
        verbose_name_plural = "性別預算提交"

    def __str__(self) -> str:
        return f"{self.year} {self.unit}"


class BudgetGuidance(models.Model):
    """主計處's 性別預算編列原則及注意事項 for a budget year (伍、六、(二))."""

    year = models.PositiveSmallIntegerField("預算年度", unique=True)
    text = models.TextField("編列原則及注意事項")
    updated_on = models.DateField("更新日期", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "性別預算編列原則"
        verbose_name_plural = "性別預算編列原則"

    def __str__(self) -> str:
        return f"{self.year} 年性別預算編列原則"
