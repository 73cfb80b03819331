"""Strategies and concrete measures (陸): what each unit did, by category and item."""

from __future__ import annotations

from django.db import models


class Measure(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="measures")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("名稱", max_length=200)
    category = models.PositiveSmallIntegerField("類別")  # 1–6 (陸、二、(一)–(六))
    item = models.PositiveSmallIntegerField("項目")  # number within the category
    date = models.DateField("辦理日期", null=True, blank=True)
    description = models.TextField("說明", blank=True)
    link = models.URLField("連結", blank=True)

    class Meta:
        ordering = ["year", "unit", "category", "item", "title"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"], name="measure_unique_title")]
        verbose_name = "具體措施"
        verbose_name_plural = "具體措施"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.title}"
