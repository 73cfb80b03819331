from django import forms

from mainstream.measures.forms import RocDateField
from mainstream.plan.selectors import plan_in_force, plan_year_default

from .models import Expert
from .services import ADOPTIONS, plan_value, types


def _choices(values, blank: bool = False):  # type: ignore[no-untyped-def]
    out = [(v, v) for v in values]
    return [("", "—")] + out if blank else out


class AssessmentForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    title = forms.CharField(label="案名", max_length=200)
    type = forms.ChoiceField(label="類型")
    form = forms.ChoiceField(label="表單")
    district_shared = forms.BooleanField(label="共同法案或計畫及資料", required=False)  # named from the plan below
    gathered_on = RocDateField(label="1. 蒐集統計、分析及諮詢日期", required=False, help_text="例：110/03/05")
    gathered_note = forms.CharField(label="1. 蒐集及諮詢說明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    form_filled_on = RocDateField(label="2. 填寫評估表日期", required=False)
    form_file = forms.FileField(label="2. 評估表檔案", required=False, help_text="PDF、ODT 或 DOCX")
    participation = forms.ChoiceField(label="3. 程序參與", required=False)
    expert = forms.ModelChoiceField(queryset=Expert.objects.all(), label="3. 專家學者", required=False)
    participation_on = RocDateField(label="3. 程序參與日期", required=False)
    adoption = forms.ChoiceField(label="4. 參採情形", required=False)
    not_adopted_reason = forms.CharField(
        label="4. 未參採理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    adopted_on = RocDateField(label="4. 修正完成日期", required=False)
    urgent = forms.BooleanField(label="緊急案件（不及提報性平小組）", required=False)
    meeting = forms.ModelChoiceField(queryset=None, label="5. 報告之性平小組會議", required=False)  # type: ignore[arg-type]
    reported_on = RocDateField(label="5. 性平小組報告日期", required=False, help_text="未選會議時填寫")
    reviewed_on = RocDateField(label="6. 主責管考單位審核日期", required=False)
    review_note = forms.CharField(label="6. 審核說明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, units=None, meetings=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["meeting"].queryset = meetings
        self.fields["type"].choices = _choices(types())
        self.fields["form"].choices = _choices(plan_value("forms"))
        self.fields["participation"].choices = _choices(plan_value("participation"), blank=True)
        self.fields["adoption"].choices = _choices(ADOPTIONS, blank=True)
        district = plan_in_force(plan_year_default()).district_label()
        self.fields["district_shared"].label = f"{district}共同法案或計畫及資料" if district else "共同法案或計畫及資料"


class SuggestionForm(forms.Form):
    text = forms.CharField(label="建議內容", widget=forms.Textarea(attrs={"rows": 2}))
    adopted = forms.TypedChoiceField(
        label="是否參採", choices=[("1", "參採"), ("0", "未參採")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    reason = forms.CharField(label="未參採理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ConfirmForm(forms.Form):
    confirmed_on = RocDateField(label="性平辦確認日期", help_text="例：110/07/01")


class ExpertForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=60)
    qualification = forms.ChoiceField(label="資格", required=False)
    note = forms.CharField(label="備註", max_length=200, required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["qualification"].choices = _choices(plan_value("qualifications"), blank=True)
