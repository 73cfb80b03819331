"""The gender equality mechanism (伍、一): liaisons and the liaison circle; task forces build on this."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mainstream.files import upload_path

_minutes_path = upload_path("minutes")


def minutes_upload_to(instance, filename: str) -> str:  # type: ignore[no-untyped-def]
    """Module-level so migrations can reference it (a closure from upload_path cannot be serialized)."""
    return _minutes_path(instance, filename)


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


class WrpcTerm(models.Model):
    """A term (屆) of the Women's Rights Promotion Committee (女權會), kept by the office as data."""

    number = models.PositiveSmallIntegerField("屆次", unique=True)
    start = models.DateField("任期起")
    end = models.DateField("任期迄")

    class Meta:
        ordering = ["number"]
        verbose_name = "女權會屆次"
        verbose_name_plural = "女權會屆次"

    def __str__(self) -> str:
        return f"第 {self.number} 屆"


class TaskForce(models.Model):
    """性別平等專案小組 (伍、一、(二)): one per unit of A, B, C, D; one per composite group (B1組…E1組).

    Derived from the plan by ``taskforce_sync``; ``units`` are the executing units it serves.
    """

    code = models.CharField("代碼", max_length=40, unique=True, help_text="單一機關為機關簡稱；複合組為 B1組 等")
    name = models.CharField("名稱", max_length=60)
    group = models.ForeignKey("units.Group", on_delete=models.PROTECT, verbose_name="群組", related_name="taskforces")
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="機關",
        related_name="own_taskforces",
        help_text="單一機關之小組；複合組留空",
    )
    units = models.ManyToManyField("units.Unit", verbose_name="執行辦理單位", related_name="taskforces")
    convened_by_office = models.BooleanField("由性平辦召集", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "性平小組"
        verbose_name_plural = "性平小組"

    def __str__(self) -> str:
        return self.name


class TaskForceMember(models.Model):
    """A member of a task force for a term (伍、一、(二)、1)."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", "府外委員"
        INTERNAL = "internal", "府內委員"
        LIAISON = "liaison", "性平聯絡人委員"

    taskforce = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="members", verbose_name="小組")
    name = models.CharField("姓名", max_length=60)
    sex = models.CharField("性別", max_length=4, choices=SEX_CHOICES)
    kind = models.CharField("委員類別", max_length=12, choices=Kind.choices)
    convener = models.BooleanField("召集人", default=False)
    organisation = models.CharField("所屬機關", max_length=80, blank=True)
    title = models.CharField("職稱", max_length=60, blank=True)
    from_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="聯絡人所屬機關",
        related_name="taskforce_memberships",
    )
    wrpc_terms = models.JSONField("女權會屆次", default=list, blank=True)
    term_start = models.DateField("任期起")
    term_end = models.DateField("任期迄", null=True, blank=True)

    class Meta:
        ordering = ["taskforce", "-convener", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taskforce", "name", "term_start"], name="taskforce_member_unique_term")
        ]
        verbose_name = "性平小組委員"
        verbose_name_plural = "性平小組委員"

    def __str__(self) -> str:
        return f"{self.taskforce} {self.name}"


class Meeting(models.Model):
    """A meeting of a task force (伍、一、(二)、3–4)."""

    taskforce = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="meetings", verbose_name="小組")
    title = models.CharField("會議名稱", max_length=120)
    date = models.DateField("開會日期")
    minutes = models.FileField("會議紀錄", upload_to=minutes_upload_to, blank=True)
    minutes_name = models.CharField("會議紀錄檔名", max_length=200, blank=True)

    class Meta:
        ordering = ["taskforce", "date"]
        constraints = [models.UniqueConstraint(fields=["taskforce", "date"], name="meeting_unique_date")]
        verbose_name = "性平小組會議"
        verbose_name_plural = "性平小組會議"

    def __str__(self) -> str:
        return f"{self.taskforce} {self.title}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda; result and work plan reports are the plan's two fixed items."""

    class Kind(models.TextChoices):
        RESULT_REPORT = "result_report", "前一年度成果報告"
        WORK_PLAN = "work_plan", "下一年度工作規劃報告"
        OTHER = "other", "其他"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name="會議")
    kind = models.CharField("類別", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("案由", max_length=200, blank=True)
    link = models.CharField("相關紀錄連結", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = "議程"
        verbose_name_plural = "議程"

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Attendance(models.Model):
    """One member's attendance at a meeting (伍、一、(二)、4、A)."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        NOTICE = "notice", "請假"
        LATE_NOTICE = "late_notice", "會前24小時內告知"
        NO_SHOW = "no_show", "當天臨時缺席"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name="會議")
    member = models.ForeignKey(
        TaskForceMember, on_delete=models.PROTECT, related_name="attendance", verbose_name="委員"
    )
    status = models.CharField("出席情形", max_length=12, choices=Status.choices)
    written_opinion_on = models.DateField("書面意見日期", null=True, blank=True)
    opinion_in_minutes = models.BooleanField("併入會議紀錄", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member")]
        verbose_name = "出席情形"
        verbose_name_plural = "出席情形"

    def __str__(self) -> str:
        return f"{self.meeting} {self.member.name} {self.get_status_display()}"


class TaskForceFiling(models.Model):
    """備查: an exception filed with the office (e.g. the one-third gender-ratio rule, 伍、一、(二)、2)."""

    taskforce = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="filings", verbose_name="小組")
    year = models.PositiveSmallIntegerField("年度")
    rule_id = models.CharField("規則", max_length=60, default="mechanism.taskforce.gender_ratio")
    filed_on = models.DateField("備查日期")
    reason = models.TextField("理由")

    class Meta:
        ordering = ["taskforce", "year"]
        constraints = [models.UniqueConstraint(fields=["taskforce", "year", "rule_id"], name="taskforce_filing_unique")]
        verbose_name = "備查"
        verbose_name_plural = "備查"

    def __str__(self) -> str:
        return f"{self.taskforce} {self.year} 備查"


class WrpcSubcommitteeMeeting(models.Model):
    """A WRPC subcommittee meeting; A task forces are advised to meet before each (伍、一、(二)、3)."""

    date = models.DateField("開會日期", unique=True)
    title = models.CharField("會議名稱", max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "女權會分工小組會議"
        verbose_name_plural = "女權會分工小組會議"

    def __str__(self) -> str:
        return self.title or str(self.date)


class Notice(models.Model):
    """A one-way notice to the liaison circle (伍、一、(一)、3)."""

    class Kind(models.TextChoices):
        NEWS = "news", "最新消息"
        DATA = "data", "資料"
        INTERNATIONAL = "international", "國際資訊"
        REMINDER = "reminder", "催辦"

    kind = models.CharField("類別", max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField("標題", max_length=200)
    body = models.TextField("內容", blank=True)
    link = models.URLField("連結", blank=True)
    posted_at = models.DateTimeField("發布時間")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    units = models.ManyToManyField(
        "units.Unit",
        blank=True,
        verbose_name="受文機關",
        related_name="notices",
        help_text="空白：整個聯繫圈；催辦只給被催辦機關的聯絡人",
    )

    class Meta:
        ordering = ["-posted_at"]
        verbose_name = "聯繫圈訊息"
        verbose_name_plural = "聯繫圈訊息"

    def __str__(self) -> str:
        return self.title


class NoticeReceipt(models.Model):
    """A liaison has read a notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_receipts")
    read_at = models.DateTimeField("已讀時間")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_receipt_unique")]
        verbose_name = "已讀紀錄"
        verbose_name_plural = "已讀紀錄"

    def __str__(self) -> str:
        return f"{self.notice} {self.user}"
