"""The registry: groups, units, the year's lead units, and who may do what (roles).

The registry is loaded from the plan file by ``mainstream setup`` (參、三); the office then keeps the
yearly lead units of composite groups (參、三、(二)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Group(models.Model):
    code = models.CharField("代碼", max_length=4, unique=True)
    name = models.CharField("名稱", max_length=20)
    composite = models.BooleanField("複合組", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "群組"
        verbose_name_plural = "群組"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        EXECUTING = "executing", "執行辦理單位"
        OFFICE = "office", "統籌規劃及管考單位"

    short_name = models.CharField("簡稱", max_length=40, unique=True)
    full_name = models.CharField("全銜", max_length=80, unique=True)
    aliases = models.JSONField("別名", default=list, blank=True)
    kind = models.CharField("類型", max_length=12, choices=Kind.choices, default=Kind.EXECUTING)
    group = models.ForeignKey(
        Group, verbose_name="群組", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    level = models.CharField("層級", max_length=8, blank=True)
    attached_to = models.ForeignKey("self", verbose_name="附屬於", null=True, blank=True, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "機關"
        verbose_name_plural = "機關"

    def __str__(self) -> str:
        return self.short_name


class GroupMembership(models.Model):
    """The group a unit belongs to in a year, as the plan in force that year says (參、三).

    Plans differ: a successor may add a unit, move it to another group or merge it away. One row per unit and year,
    written by ``registry_sync`` for the years a plan judges, so a past year keeps its groups when a plan is added.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name="機關")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships", verbose_name="群組")
    year = models.PositiveSmallIntegerField("年度")
    plan_id = models.CharField("依據計畫", max_length=40)

    class Meta:
        ordering = ["year", "unit__order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="membership_unit_year_unique")]
        verbose_name = "群組歸屬"
        verbose_name_plural = "群組歸屬"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.group}"


class LeadUnit(models.Model):
    """當年度主責機關 of a composite group, set by the office per year (參、三、(二))."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, verbose_name="組別")
    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="主責機關")

    class Meta:
        unique_together = [("group", "year")]
        verbose_name = "當年度主責機關"
        verbose_name_plural = "當年度主責機關"

    def __str__(self) -> str:
        return f"{self.group} {self.year} {self.unit}"


class Role(models.Model):
    """What a user may see and do; scoping reads only this (see ``units.access``)."""

    class Kind(models.TextChoices):
        ADMIN = "admin", "性平辦管理者"
        OVERSIGHT = "oversight", "主責管考單位"
        LIAISON = "liaison", "機關性平聯絡人"
        AUDITOR = "auditor", "稽核（唯讀）"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField("角色", max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name="機關", null=True, blank=True, on_delete=models.CASCADE)
    tools = models.JSONField("主責工具", default=list, blank=True, help_text="主責管考單位負責的工具代碼")

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.unit or ''}"
