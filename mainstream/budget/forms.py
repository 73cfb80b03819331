from django import forms

from mainstream.plan.selectors import plan_years


class BudgetLineForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    year = forms.TypedChoiceField(label="預算年度", coerce=int)
    programme = forms.CharField(label="計畫名稱", max_length=200)
    amount = forms.DecimalField(label="金額（新臺幣元）", min_value=0, max_digits=14, decimal_places=0)
    purpose = forms.CharField(label="性別目標說明", widget=forms.Textarea(attrs={"rows": 3}))
    new = forms.BooleanField(label="本年度新增計畫", required=False)

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [(y, f"{y} 年度") for y in plan_years()]


class GuidanceForm(forms.Form):
    text = forms.CharField(label="編列原則及注意事項", widget=forms.Textarea(attrs={"rows": 10}))
