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


class StatTable(models.Model):
    """A statistical table of the gender statistics database (伍、三、(二)、1、C): its code is PX's ``MATRIX``."""

    code = models.CharField("表號", max_length=40, unique=True)
    title = models.CharField("表名", max_length=300)
    title_en = models.CharField("英文表名", max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="權責機關",
        related_name="stat_tables",
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="指標", related_name="tables"
    )
    measure_unit = models.CharField("單位", max_length=60, blank=True)
    source = models.CharField("資料來源", max_length=300, blank=True)
    definition = models.TextField("定義", blank=True)
    notes = models.TextField("附註", blank=True)
    frequency = models.CharField("更新頻率", max_length=40, blank=True)
    updated_at = models.DateTimeField("最後更新", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "統計表"
        verbose_name_plural = "統計表"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class StatRevision(models.Model):
    """One import of a table: its dimensions and a dense value array (see docs/adr on statistic storage).

    ``dimensions`` is ``[{"code", "label", "label_en", "role", "categories": [{"code", "label", "label_en"}]}]``
    in PX order (stub then heading); ``values`` holds one float64 per cell (NaN when missing) in row-major
    order over the dimensions; ``status`` maps a cell index (as text) to its PX missing marker (``..``, ``-`` …).
    """

    table = models.ForeignKey(StatTable, on_delete=models.CASCADE, related_name="revisions", verbose_name="統計表")
    number = models.PositiveIntegerField("版次")
    imported_at = models.DateTimeField("匯入時間")
    filename = models.CharField("檔名", max_length=200, blank=True)
    dimensions = models.JSONField("維度")
    values = models.BinaryField("數值")  # float64 little-endian, NaN where the cell is missing (see ``status``)
    status = models.JSONField("缺值註記", default=dict)
    heading = models.PositiveSmallIntegerField("欄向維度數", default=1)
    meta = models.JSONField("其他說明", default=dict)

    class Meta:
        ordering = ["table", "-number"]
        constraints = [models.UniqueConstraint(fields=["table", "number"], name="stat_revision_once")]
        verbose_name = "統計表版次"
        verbose_name_plural = "統計表版次"

    def __str__(self) -> str:
        return f"{self.table.code} 第 {self.number} 版"
