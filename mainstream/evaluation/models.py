"""Stored findings (issue 13): the verdicts of a plan version for a year as judged on a day, per tool, and a
staleness mark per tool that every committed write to that tool's records moves on."""

from django.db import models


class ToolMark(models.Model):
    """How many writes a tool's records have seen. A stored set computed at an older ``version`` is stale."""

    tool = models.CharField("工具", max_length=40, unique=True)
    version = models.PositiveBigIntegerField("版次", default=0)
    changed = models.DateTimeField("最後異動", null=True, blank=True)

    class Meta:
        verbose_name = "工具異動標記"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.tool} v{self.version}"


class FindingSet(models.Model):
    """The findings of one tool's rules for a plan version, a year and the day they were judged on."""

    plan_code = models.CharField("計畫", max_length=80)
    plan_version = models.PositiveIntegerField("計畫版次")
    year = models.PositiveIntegerField("年度")
    as_of = models.DateField("判定日")
    tool = models.CharField("工具", max_length=40)
    version = models.PositiveBigIntegerField("依據的工具版次")
    computed = models.DateTimeField("計算時間")

    class Meta:
        verbose_name = "儲存的判定"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["plan_code", "plan_version", "year", "as_of", "tool"], name="evaluation_findingset_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "as_of"], name="evaluation_set_year_day")]

    def __str__(self) -> str:
        return f"{self.plan_code} v{self.plan_version} {self.year} {self.as_of} {self.tool}"


class StoredFinding(models.Model):
    """One finding of a set: the queryable parts in columns, the whole finding in ``payload``."""

    set = models.ForeignKey(FindingSet, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveIntegerField()
    rule = models.CharField(max_length=120)
    subject = models.CharField(max_length=120)
    subject_type = models.CharField(max_length=20)
    units = models.JSONField(default=list)
    status = models.CharField(max_length=20)
    payload = models.BinaryField()

    class Meta:
        ordering = ["set", "position"]
        indexes = [models.Index(fields=["rule", "subject"], name="evaluation_finding_rule_subj")]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} {self.status}"
