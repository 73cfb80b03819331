"""The gender equality mechanism (伍、一): liaisons and the liaison circle; task forces build on this."""

from __future__ import annotations

from django.db import models

SEX_CHOICES = [("男", "男"), ("女", "女"), ("其他", "其他")]


class Liaison(models.Model):
    """性平聯絡人 (伍、一、(一)): a unit's gender-affairs staff officer or their supervisor."""

    class Role(models.TextChoices):
        STAFF = "staff", "承辦人"
        SUPERVISOR = "supervisor", "主管"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="liaisons")
    name = models.CharField("姓名", max_length=60)
    sex = models.CharField("性別", max_length=4, choices=SEX_CHOICES)
    title = models.CharField("職稱", max_length=60, blank=True)
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    joined_circle = models.DateField("加入聯繫圈日期", null=True, blank=True)
    left = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        ordering = ["unit", "role", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="liaison_unique_name")]
        verbose_name = "性平聯絡人"
        verbose_name_plural = "性平聯絡人"

    def __str__(self) -> str:
        return f"{self.unit} {self.name}（{self.get_role_display()}）"
