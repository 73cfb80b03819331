from django import forms

from mainstream.measures.forms import RocDateField
from mainstream.plan.selectors import plan_in_force, plan_year_default

from .services import plan_list


class AnalysisForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    year = forms.TypedChoiceField(label="年度", coerce=int)
    title = forms.CharField(label="題目", max_length=200)
    method = forms.ChoiceField(label="撰擬方式")
    file = forms.FileField(label="報告檔案", required=False, help_text="PDF、ODT 或 DOCX")
    dimensions = forms.MultipleChoiceField(label="性別面向", widget=forms.CheckboxSelectMultiple)
    factors = forms.MultipleChoiceField(label="交織因素", widget=forms.CheckboxSelectMultiple, required=False)
    factors_other = forms.CharField(label="其他交織因素", max_length=200, required=False)
    groups_needs = forms.CharField(
        label="處境不利群體及其需求", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    data_source = forms.CharField(label="資料來源", max_length=200, required=False)
    indicators = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="所據性別統計指標",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="可複選（按住 Ctrl）；指標之統計表公開於性別統計資料庫，機關統計網頁列出據以撰擬之分析",
    )
    district_data = forms.BooleanField(label="以區公所資料撰擬", required=False)  # named from the plan below
    meeting = forms.ModelChoiceField(queryset=None, label="提報之性平小組會議", required=False)  # type: ignore[arg-type]
    reported_on = RocDateField(label="性平小組報告日期", required=False, help_text="未選會議時填寫，例：110/06/15")
    followup = forms.CharField(
        label="後續運用（據以制定或調整之政策、服務）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    followup_on = RocDateField(label="運用日期", required=False)

    def __init__(self, *args, units=None, meetings=None, indicators=None, years=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["meeting"].queryset = meetings
        self.fields["indicators"].queryset = indicators
        self.fields["indicators"].label_from_instance = lambda i: f"{i.unit.short_name}：{i.name}"
        self.fields["year"].choices = [(y, f"{y} 年") for y in years]
        district = plan_in_force(plan_year_default()).district_label()
        if district:
            self.fields["district_data"].label = f"以 {district}資料撰擬"
        self.fields["method"].choices = [(m, m) for m in plan_list("methods")]
        self.fields["dimensions"].choices = [(d, d) for d in plan_list("dimensions")]
        self.fields["factors"].choices = [(f, f) for f in plan_list("factors")]


class MarkForm(forms.Form):
    descriptive_only = forms.BooleanField(label="僅描述統計（不列計）", required=False)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CrossAnalysisForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    title = forms.CharField(label="題目", max_length=200)
    sent_on = RocDateField(label="送請機關研析參採日期", required=False)
    units = forms.ModelMultipleChoiceField(
        queryset=None,
        label="送請機關",  # type: ignore[arg-type]
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    file = forms.FileField(label="報告檔案", required=False, help_text="PDF、ODT 或 DOCX")

    def __init__(self, *args, units=None, years=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["year"].choices = [(y, f"{y} 年") for y in years]


class CrossUseForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    used = forms.TypedChoiceField(
        label="是否參採運用",
        choices=[("1", "已參採運用"), ("0", "未參採運用")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    how = forms.CharField(label="運用情形", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    recorded_on = RocDateField(label="填報日期", required=False)

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
