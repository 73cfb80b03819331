"""The gender-equality checklist for publicity (伍、一、(二)、3、C) and its penalty ground (捌、二、(二)).

- ``ChecklistVersion`` / ``ChecklistItem``: the checklist as versioned data (shipped in ``data/checklist.yaml``).
- ``LexiconEntry``: the reader's rules (shipped in ``data/lexicon.yaml``), reviewed and extended by the office.
- ``Publication``: a press release, speech, post, image, video or event; draft → checked → confirmed → released.
- ``ChecklistAnswer``: the author's answer to each item; ``EscalationStep``: liaison → circle → task force;
  ``CorrectionRequest``: a request to correct and its outcome (feeds 捌、二、(二)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mainstream.files import upload_path


class Kind(models.TextChoices):
    """Kinds of finding (性別刻板、性別偏見、性別歧視，以及排除性用語)."""

    STEREOTYPE = "stereotype", "性別刻板"
    BIAS = "bias", "性別偏見"
    DISCRIMINATION = "discrimination", "性別歧視"
    EXCLUSION = "exclusion", "排除性用語"


class ChecklistVersion(models.Model):
    version_date = models.DateField("版本日期", unique=True)
    title = models.CharField("名稱", max_length=100)
    clause = models.CharField("計畫條文", max_length=40)
    note = models.TextField("說明", blank=True)

    class Meta:
        ordering = ["-version_date"]
        verbose_name = "檢核表版本"
        verbose_name_plural = "檢核表版本"

    def __str__(self) -> str:
        return f"{self.title}（{self.version_date}）"


class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("項次", max_length=8)
    group = models.CharField("面向", max_length=40)
    text = models.TextField("檢核項目")
    clause = models.CharField("計畫條文", max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="checklist_item_unique_code")]
        verbose_name = "檢核項目"
        verbose_name_plural = "檢核項目"

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class LexiconEntry(models.Model):
    """One expression or pattern the reader looks for, with its context conditions."""

    class Source(models.TextChoices):
        SHIPPED = "shipped", "系統提供"
        OFFICE = "office", "性平辦新增"

    class Decision(models.TextChoices):
        """The office's decision on an entry (a disputed term is the office's call, not the lexicon's)."""

        FLAGGED = "flagged", "提示"
        ADVICE = "advice", "僅供參考"
        ACCEPTED = "accepted", "接受（不提示）"

    term = models.CharField("用語或樣式", max_length=500)
    is_pattern = models.BooleanField("正規表示式", default=False)
    kind = models.CharField("類型", max_length=16, choices=Kind.choices)
    category = models.CharField("分類", max_length=40, blank=True)
    item = models.CharField("對應檢核項次", max_length=8)
    explanation = models.TextField("說明")
    suggestions = models.JSONField("建議用語", default=list, blank=True)
    require_any = models.JSONField("須鄰近出現（任一）", default=list, blank=True)
    exclude_any = models.JSONField("鄰近出現即不提示（任一）", default=list, blank=True)
    window = models.PositiveSmallIntegerField("鄰近字數", default=8)
    active = models.BooleanField("啟用", default=True)
    decision = models.CharField("性平辦決定", max_length=10, choices=Decision.choices, default=Decision.FLAGGED)
    decision_reason = models.TextField("決定理由", blank=True)
    source = models.CharField("來源", max_length=8, choices=Source.choices, default=Source.SHIPPED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "term"]
        constraints = [models.UniqueConstraint(fields=["term", "kind"], name="lexicon_unique_term_kind")]
        verbose_name = "詞庫條目"
        verbose_name_plural = "詞庫條目"

    def __str__(self) -> str:
        return self.term


class WordClass(models.Model):
    """A word class that patterns name in braces ({appearance}{title}): the office extends it like the lexicon."""

    name = models.SlugField("代號", max_length=40, unique=True)
    words = models.JSONField("詞語", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "詞類"
        verbose_name_plural = "詞類"

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    class Type(models.TextChoices):
        PRESS_RELEASE = "press_release", "新聞稿"
        SPEECH = "speech", "長官致詞或談話參考"
        SOCIAL = "social", "社群宣傳"
        TEXT = "text", "文字"
        IMAGE = "image", "圖像"
        VIDEO = "video", "影像"
        EVENT = "event", "活動"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        CHECKED = "checked", "已自行檢核"
        CONFIRMED = "confirmed", "直屬長官已確認"
        RELEASED = "released", "已發佈"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="機關", related_name="publications")
    type = models.CharField("類型", max_length=16, choices=Type.choices)
    title = models.CharField("標題", max_length=200)
    text = models.TextField("草稿內容", blank=True)
    file = models.FileField("草稿檔案", upload_to=upload_path("publicity"), blank=True)
    planned_release = models.DateField("預定發佈日期", null=True, blank=True)
    status = models.CharField("狀態", max_length=12, choices=Status.choices, default=Status.DRAFT)
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, verbose_name="檢核表版本", null=True, blank=True
    )
    findings = models.JSONField("系統初檢結果", default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="承辦人"
    )
    checked_at = models.DateTimeField("自行檢核時間", null=True, blank=True)
    superior_name = models.CharField("直屬長官", max_length=60, blank=True)
    superior = models.ForeignKey(  # issue 16: a person in the system, chosen by the author; only they confirm
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="直屬長官（帳號）",
    )
    override_reason = models.TextField("性平辦代為確認理由", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="確認者",
    )
    confirmed_at = models.DateTimeField("長官確認時間", null=True, blank=True)
    released_on = models.DateField("發佈日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "新聞、文宣或活動"
        verbose_name_plural = "新聞、文宣或活動"

    def __str__(self) -> str:
        return self.title


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", "符合"
        NO = "no", "不符合（已修正或待諮詢）"
        NOT_APPLICABLE = "na", "不適用"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField("檢核結果", max_length=4, choices=Answer.choices)
    note = models.TextField("說明", blank=True)

    class Meta:
        ordering = ["item__order"]
        constraints = [models.UniqueConstraint(fields=["publication", "item"], name="answer_unique_item")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_answer_display()}"


class EscalationStep(models.Model):
    """倘有疑慮應依序諮詢性平聯絡人、性平聯繫圈及性平小組 (伍、一、(二)、3、C)."""

    class Level(models.TextChoices):
        LIAISON = "liaison", "性平聯絡人"
        CIRCLE = "circle", "性平聯繫圈"
        TASKFORCE = "taskforce", "性平小組"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField("諮詢層級", max_length=12, choices=Level.choices)
    question = models.TextField("疑慮")
    asked_on = models.DateField("諮詢日期")
    adviser = models.CharField("提供意見者", max_length=100, blank=True)
    opinion = models.TextField("意見", blank=True)
    change_made = models.TextField("修正情形", blank=True)
    answered_on = models.DateField("回復日期", null=True, blank=True)

    class Meta:
        ordering = ["publication", "asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.asked_on}"

    @property
    def is_open(self) -> bool:
        return not self.opinion


class CorrectionRequest(models.Model):
    """A request to correct a publication and its outcome (捌、二、(二))."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待修正"
        CORRECTED = "corrected", "已修正"
        NOT_CORRECTED = "not_corrected", "未修正"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="corrections")
    requested_by = models.CharField("要求修正之機制", max_length=12, choices=EscalationStep.Level.choices)
    requested_on = models.DateField("要求日期")
    request = models.TextField("要求內容")
    outcome = models.CharField("結果", max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField("結果說明", blank=True)
    wrpc_improper = models.BooleanField("經送女委會討論決議確有不妥", default=False)
    decided_on = models.DateField("結果日期", null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.publication} {self.requested_on} {self.get_outcome_display()}"
