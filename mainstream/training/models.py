"""Gender-awareness training (伍、二): people, their staff categories per year, courses and hours.

A person is identified by a keyed hash of the national ID number (身分證字號 or resident certificate
number); the number itself is never stored — only the hash and the masked form A12345****.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mainstream.units.models import Unit


class Mode:
    """How a course is run: the stored codes. Their names (實體／數位) are the plan's (``course_modes``, 伍、二、(三)、2)."""

    PHYSICAL = "physical"
    DIGITAL = "digital"


class Level:
    """A course's level: the stored codes. Their names (基礎／進階) are the plan's (``course_levels``, 伍、二、(二)、2)."""

    BASIC = "basic"
    ADVANCED = "advanced"


def _plan(year: int):  # type: ignore[no-untyped-def]
    from mainstream.plan.selectors import plan_in_force

    return plan_in_force(year)


class Person(models.Model):
    # Unique by a constraint, not ``unique=True``: on PostgreSQL that made Django add a second index for LIKE
    # (varchar_pattern_ops) that no query of a keyed hash uses, and a large import paid for it on every new person
    # (docs/adr/0013).
    id_hash = models.CharField("身分證字號雜湊", max_length=64)
    id_masked = models.CharField("身分證字號（遮蔽）", max_length=10)
    name = models.CharField("姓名", max_length=40, blank=True)

    class Meta:
        verbose_name = "受訓人員"
        verbose_name_plural = "受訓人員"
        constraints = [models.UniqueConstraint(fields=["id_hash"], name="training_person_id_hash_key")]

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}".strip()


class Staff(models.Model):
    """A person's staff category in a unit for a year (a person may hold several)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="staff")
    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="服務機關")
    # a code of the plan's ``staff_categories`` (伍、二、(一)); checked against the plan in force for the year on import
    category = models.CharField("人員類別", max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "year", "category"], name="training_staff_once")]
        indexes = [models.Index(fields=["year", "unit"])]
        verbose_name = "人員類別"
        verbose_name_plural = "人員類別"

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.person} {_plan(self.year).staff_category_name(self.category)}"


class Course(models.Model):
    """The course catalogue 公訓處 collects (伍、二、(四)、2、B; needs and feedback 伍、二、(二)、4)."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("課程名稱", max_length=200)
    code = models.CharField("課程代碼", max_length=40, blank=True)
    # level, mode, form and categories are codes the plan in force for the year names (``course_levels``,
    # ``course_modes``, ``course_forms``, ``staff_categories``); ``course_record`` checks them against it
    level = models.CharField("課程類別", max_length=10, default=Level.BASIC)
    audience = models.CharField("對象", max_length=100, blank=True)
    categories = models.JSONField("對象類別", default=list, blank=True)  # staff category codes the course is for
    description = models.TextField("內容概述", blank=True)
    hours = models.DecimalField("時數", max_digits=5, decimal_places=1)
    lecturer = models.CharField("授課講師", max_length=100, blank=True)
    materials = models.CharField("講義教材教案", max_length=300, blank=True)
    mode = models.CharField("辦理方式", max_length=10, default=Mode.PHYSICAL)
    form = models.CharField("訓練形式", max_length=20, blank=True)
    organiser = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="主辦機關", related_name="courses")
    joint_units = models.ManyToManyField(Unit, blank=True, verbose_name="合辦機關", related_name="joint_courses")
    date = models.DateField("辦理日期", null=True, blank=True)
    surveyed = models.PositiveIntegerField("課前需求調查人數", null=True, blank=True)
    satisfaction = models.DecimalField("平均滿意度", max_digits=4, decimal_places=2, null=True, blank=True)
    pre_score = models.DecimalField("前測平均", max_digits=5, decimal_places=1, null=True, blank=True)
    post_score = models.DecimalField("後測平均", max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["-year", "date", "title"]
        constraints = [models.UniqueConstraint(fields=["year", "organiser", "title"], name="training_course_once")]
        verbose_name = "課程"
        verbose_name_plural = "課程"

    def __str__(self) -> str:
        return self.title

    # the plan's words for the stored codes, from the plan in force for the course's year
    @property
    def level_name(self) -> str:
        return _plan(self.year).course_level_name(self.level)

    @property
    def mode_name(self) -> str:
        return _plan(self.year).course_mode_name(self.mode)

    @property
    def categories_names(self) -> str:
        plan = _plan(self.year)
        return "、".join(plan.staff_category_name(c) for c in self.categories)


class CourseTitle(models.Model):
    """A course name as the exports spell it (with its code): records point here instead of repeating the text."""

    name = models.CharField("課程名稱", max_length=200)
    code = models.CharField("課程代碼", max_length=40, blank=True)
    key = models.CharField("課程名稱（比對用）", max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "code"], name="training_title_once")]
        verbose_name = "課程名稱"
        verbose_name_plural = "課程名稱"

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    """One line of an e-learning / lifelong-learning export: a person's hours of one course.

    About a million rows a year: the only index is the unique (person, date, course) that makes a re-import
    add nothing (its first column serves look-ups by person); every other index would slow the import.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="records", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="服務機關", db_index=False)
    year = models.PositiveSmallIntegerField("年度")
    title = models.ForeignKey(CourseTitle, on_delete=models.PROTECT, verbose_name="課程名稱", db_index=False)
    hours = models.DecimalField("學習時數", max_digits=6, decimal_places=2)
    date = models.DateField("上課日期")
    mode = models.CharField("學習方式", max_length=10)  # Mode's codes
    level = models.CharField("課程類別", max_length=10)  # Level's codes
    run_id = models.BigIntegerField("匯入批次", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "date", "title"], name="training_record_once"),
        ]
        verbose_name = "訓練紀錄"
        verbose_name_plural = "訓練紀錄"

    def __str__(self) -> str:
        return f"{self.date} {self.title_id}"


class TrainingPolicy(models.Model):
    """How the office treats people in a training export who are on no roster of the year (one row; issue 16).

    The plan counts each staff category (伍、二、(一)); an e-learning export names people, not their category. A person
    on no roster is, by the office's rule, either counted as general staff of the unit of their records
    (``general``), or left out of every duty until a roster lists them (``exclude``). Either way every import's
    summary counts and lists them (masked), and the unit's page says how many there are (docs/imports.md)."""

    class OffRoster(models.TextChoices):
        GENERAL = "general", "計為該機關一般類別人員"  # pages say it in the plan's words: offroster.off_roster_label
        EXCLUDE = "exclude", "不計入任何類別（待名冊列入）"

    off_roster = models.CharField("未列名冊人員", max_length=10, choices=OffRoster.choices, default=OffRoster.GENERAL)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField("修改時間", auto_now=True)

    class Meta:
        verbose_name = "培力計算規則"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.get_off_roster_display()


class ImportJob(models.Model):
    """A background import (the web UI's 1,000,000-row files): status and progress the page polls."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排隊中"
        READING = "reading", "讀取檢查中"
        WRITING = "writing", "寫入中"
        DONE = "done", "完成"
        REJECTED = "rejected", "退回"
        FAILED = "failed", "失敗"

    kind = models.CharField(max_length=20, default="training")
    filename = models.CharField("檔名", max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    status = models.CharField("狀態", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField("已讀列數", default=0)
    total_rows = models.PositiveIntegerField("預估列數", default=0)  # 0: unknown (spreadsheets)
    created = models.PositiveIntegerField("新增", default=0)
    unchanged = models.PositiveIntegerField("未變更", default=0)
    error_count = models.PositiveIntegerField("錯誤數", default=0)
    errors = models.JSONField("錯誤", default=list, blank=True)
    message = models.CharField(max_length=300, blank=True)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    # the queue (mainstream.ops.jobs): the uploaded file under var/imports/training/ (deleted when the job ends),
    # the queued task, and the worker (host:pid) running it — how the next worker knows it was interrupted
    upload = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started"]
        verbose_name = "訓練紀錄匯入工作"
        verbose_name_plural = "訓練紀錄匯入工作"

    def __str__(self) -> str:
        return f"{self.filename} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.REJECTED):
            return 100
        if self.status == self.Status.WRITING:
            return 99
        if not self.total_rows:
            return 0
        return min(98, int(self.rows * 100 / self.total_rows))
