from django import forms

from mainstream.measures.forms import RocDateField

from .models import Indicator


class IndicatorForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    kind = forms.ChoiceField(label="類型", choices=Indicator.Kind.choices)
    parent = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="所屬指標或項目",
        required=False,
        help_text="項目須選所屬指標；複分類選所屬指標或項目；指標留空",
    )
    name = forms.CharField(label="名稱", max_length=200, help_text="複分類例如 年齡、教育程度、區域")
    added_on = RocDateField(label="新增日期", help_text="例：110/03/05")
    source = forms.CharField(label="資料來源", max_length=200, required=False)
    frequency = forms.CharField(label="更新頻率", max_length=40, required=False, help_text="例如 年、季、月")
    international = forms.CharField(label="國際指標", max_length=200, required=False, help_text="無則留空")
    sex_variable = forms.BooleanField(label="含性別變項", required=False, initial=True)

    def __init__(self, *args, units=None, parents=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda i: f"{i.unit}：{i.path}（{i.get_kind_display()}）"
