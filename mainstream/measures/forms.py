from django import forms

from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years
from mainstream.roc import format_date, parse_date


class RocDateField(forms.CharField):
    """A date typed as ROC (110/3/5) or ISO."""

    def prepare_value(self, value):  # type: ignore[no-untyped-def]
        return format_date(value) if hasattr(value, "year") else value

    def to_python(self, value):  # type: ignore[no-untyped-def]
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def item_choices(year: int | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The categories and items of the plan in force for ``year`` (the default year's when not given)."""
    out = []
    for c in plan_in_force(year or plan_year_default()).measure_categories:
        out.append(
            (
                f"（{c.number}）{c.name}",
                [(f"{c.number}.{i}", f"（{c.number}）{i}. {t}") for i, t in enumerate(c.items, 1)],
            )
        )
    return out


class MeasureForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="機關")  # type: ignore[arg-type]
    year = forms.TypedChoiceField(label="年度", coerce=int)
    title = forms.CharField(label="名稱", max_length=200)
    category_item = forms.ChoiceField(label="類別及項目")
    date = RocDateField(label="辦理日期", required=False, help_text="例：110/03/05")
    description = forms.CharField(label="說明", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    link = forms.URLField(label="連結", required=False, assume_scheme="https")

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [(y, f"{y} 年") for y in plan_years()]
        self.fields["category_item"].choices = item_choices()
