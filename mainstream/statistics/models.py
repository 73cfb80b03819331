"""Gender statistics catalogue (伍、三): each unit's indicators, their items and sub-classifications.

An entry is an indicator (指標), an item (項目) of an indicator, or a sub-classification (複分類, e.g. 年齡,
教育程度, 區域) of an indicator or an item. Each carries the date it was added: 伍、三、(二)、2、A counts
what was added in each two-year window.
"""

from __future__ import annotations

from django.db import models


class Indicator(models.Model):
    class Kind(models.TextChoices):
        INDICATOR = "indicator", "指標"
        ITEM = "item", "項目"
        SUBCLASS = "subclass", "複分類"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="indicators")
    kind = models.CharField("類型", max_length=10, choices=Kind.choices, default=Kind.INDICATOR)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, verbose_name="所屬", related_name="children"
    )
    name = models.CharField("名稱", max_length=200)
    added_on = models.DateField("新增日期", db_index=True)
    source = models.CharField("資料來源", max_length=200, blank=True)
    frequency = models.CharField("更新頻率", max_length=40, blank=True)
    international = models.CharField("國際指標", max_length=200, blank=True)
    sex_variable = models.BooleanField("含性別變項", default=True)

    class Meta:
        ordering = ["unit", "added_on", "id"]
        verbose_name = "性別統計指標"
        verbose_name_plural = "性別統計指標"

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """指標 › 項目 › 複分類."""
        return f"{self.parent.path} › {self.name}" if self.parent_id and self.parent else self.name
