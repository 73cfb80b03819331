"""Plans and result reports (柒), penalty grounds (捌、二), reward adjustments (捌、一), feedback (柒、二、(一))."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def report_upload_to(instance, filename: str) -> str:  # type: ignore[no-untyped-def]
    return f"reports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def penalty_upload_to(instance, filename: str) -> str:  # type: ignore[no-untyped-def]
    return f"penalties/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Report(models.Model):
    """A unit's yearly result report or work plan, or the office's city-wide report (unit = the office).

    Drafted from the records; the unit adds narrative sections; adopted by a task-force meeting; then
    published, which freezes a snapshot (``content``) and the files served by the public zone pages.
    """

    class Kind(models.TextChoices):
        RESULT = "result_report", "成果報告"
        PLAN = "work_plan", "工作規劃報告"
        CITY = "city_report", "全府成果報告"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ADOPTED = "adopted", "已通過"
        PUBLISHED = "published", "已公告"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name="機關")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    kind = models.CharField("類別", max_length=16, choices=Kind.choices)
    status = models.CharField("狀態", max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField("通過日期", null=True, blank=True)
    adopted_meeting = models.ForeignKey(
        "mechanism.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_reports",
        verbose_name="通過之性平小組會議",
    )
    adopted_meeting_title = models.CharField("通過會議名稱", max_length=160, blank=True)
    published_at = models.DateTimeField("公告時間", null=True, blank=True)
    # publication is asked for by the unit and confirmed by the office or an oversight unit (issue 14)
    publish_requested_at = models.DateTimeField("申請公告時間", null=True, blank=True)
    publish_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申請公告者",
    )
    publish_confirmed_at = models.DateTimeField("確認公告時間", null=True, blank=True)
    publish_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="確認公告者",
    )
    content = models.JSONField("公告版內容", default=dict, blank=True)
    odt = models.FileField("ODT", upload_to=report_upload_to, blank=True)
    pdf = models.FileField("PDF", upload_to=report_upload_to, blank=True)
    ods = models.FileField("ODS", upload_to=report_upload_to, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "unit", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"], name="report_unique_unit_year_kind")]
        verbose_name = "計畫及成果報告"
        verbose_name_plural = "計畫及成果報告"

    def __str__(self) -> str:
        return f"{self.unit} {self.year} 年{self.get_kind_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class NarrativeSection(models.Model):
    """A section of text the unit writes; carried into the document after the generated part."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    order = models.PositiveSmallIntegerField("順序", default=0)
    title = models.CharField("標題", max_length=120)
    body = models.TextField("內容")

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "敘述段落"
        verbose_name_plural = "敘述段落"

    def __str__(self) -> str:
        return self.title


class PlannedItem(models.Model):
    """One planned activity of a work plan (meetings, courses, analyses, assessments, measures…)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="planned_items")
    tool = models.CharField("工具", max_length=16)
    title = models.CharField("項目", max_length=200)
    planned = models.PositiveIntegerField("預定數量", null=True, blank=True)
    detail = models.TextField("說明", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "工作規劃項目"
        verbose_name_plural = "工作規劃項目"

    def __str__(self) -> str:
        return self.title


class PenaltyGround(models.Model):
    """捌、二: a ground for a penalty, with its evidence and the outcome the office records.

    (一) meetings: from the rule mechanism.taskforce.meetings after the year closed (finding kept);
    (二) publication and (三) CEDAW: recorded by the office with their evidence.
    """

    class Ground(models.TextChoices):
        MEETINGS = "meetings", "捌、二、(一) 性平小組未完成應召開會議次數"
        PUBLICATION = "publication", "捌、二、(二) 新聞、文宣或活動經要求未修正，經女權會決議確有不妥"
        CEDAW = "cedaw", "捌、二、(三) 法規、政策或措施違反 CEDAW 經要求仍未修正"

    class Outcome(models.TextChoices):
        PENDING = "pending", "待處理"
        CONFIRMED = "confirmed", "確認懲處"
        DISMISSED = "dismissed", "不予懲處"

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    ground = models.CharField("事由", max_length=12, choices=Ground.choices)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="penalty_grounds", verbose_name="機關"
    )
    subject = models.CharField("對象", max_length=80, help_text="機關或性平小組")
    description = models.TextField("說明")
    evidence = models.TextField("佐證", blank=True, help_text="會議紀錄、女權會決議、函文等（一行一項）")
    evidence_file = models.FileField("佐證檔案", upload_to=penalty_upload_to, blank=True)
    finding = models.JSONField("考核結果", default=dict, blank=True)
    outcome = models.CharField("處理結果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField("處理說明", blank=True)
    outcome_on = models.DateField("處理日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "ground", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "ground", "unit", "subject"],
                condition=models.Q(ground="meetings"),
                name="penalty_meetings_unique",
            ),
        ]
        verbose_name = "懲處事由"
        verbose_name_plural = "懲處事由"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.get_ground_display()}"


class RewardAdjustment(models.Model):
    """The jury's adjustment of a unit's computed reward score, with its reason (捌、一)."""

    round_key = models.CharField("評比期間", max_length=9)  # e.g. 109-110
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reward_adjustments")
    points = models.DecimalField("調整分數", max_digits=6, decimal_places=2)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round_key", "unit"], name="reward_adjustment_unique")]
        verbose_name = "評審調整"
        verbose_name_plural = "評審調整"

    def __str__(self) -> str:
        return f"{self.round_key} {self.unit} {self.points}"


class Questionnaire(models.Model):
    """A feedback questionnaire the office publishes to units (柒、二、(一))."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("標題", max_length=160)
    intro = models.TextField("說明", blank=True)
    published_at = models.DateTimeField("發布時間", null=True, blank=True)
    closes_on = models.DateField("截止日期", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "回饋問卷"
        verbose_name_plural = "回饋問卷"

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "文字"
        SCALE = "scale", "1–5 分"
        CHOICE = "choice", "單選"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("題目", max_length=300)
    kind = models.CharField("題型", max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField("選項", default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        verbose_name = "題目"
        verbose_name_plural = "題目"

    def __str__(self) -> str:
        return self.text


class FeedbackResponse(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="feedback_responses")
    submitted_at = models.DateTimeField("填答時間")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["questionnaire", "unit"], name="feedback_response_unique")]
        verbose_name = "問卷填答"
        verbose_name_plural = "問卷填答"

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.unit}"


class Answer(models.Model):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField("回答", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return self.value[:40]


class DocumentJob(models.Model):
    """A document made by ``mainstream worker`` (a PDF through LibreOffice takes seconds; issue 13, item 4): the
    page that asked follows it and downloads the file, kept under var/documents/ for a day by default (reports/jobs.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排隊中"
        RUNNING = "running", "產製中"
        DONE = "done", "完成"
        FAILED = "failed", "失敗"

    kind = models.CharField("文件種類", max_length=20)  # a builder of reports/jobs.py: report | city | chartbook
    params = models.JSONField(default=dict)
    fmt = models.CharField("格式", max_length=5)
    title = models.CharField("文件", max_length=200)
    filename = models.CharField("檔名", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField("狀態", max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=300, blank=True)
    file = models.CharField(max_length=100, blank=True)  # name under var/documents/
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "文件產製工作"
        verbose_name_plural = "文件產製工作"

    def __str__(self) -> str:
        return f"{self.title} {self.get_status_display()}"
