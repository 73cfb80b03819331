"""The course form (伍、二、(四)、2、B: the catalogue; 伍、二、(三)、1: whom a course is for). The choices are the words of
the plan in force for the default year; ``course_record`` checks them against the plan of the course's own year."""

from __future__ import annotations

from django import forms

from mainstream.measures.forms import RocDateField
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years


class CourseForm(forms.Form):
    organiser = forms.ModelChoiceField(queryset=None, label="主辦機關")  # type: ignore[arg-type]
    year = forms.TypedChoiceField(label="年度", coerce=int)
    title = forms.CharField(label="課程名稱", max_length=200)
    hours = forms.DecimalField(label="時數", min_value=0.1, max_digits=5, decimal_places=1)
    level = forms.ChoiceField(label="課程類別")
    mode = forms.ChoiceField(label="辦理方式")
    form = forms.ChoiceField(label="訓練形式")
    categories = forms.MultipleChoiceField(
        label="對象類別", required=False, widget=forms.CheckboxSelectMultiple, help_text="課程所為之人員類別，可複選"
    )
    audience = forms.CharField(label="對象（說明）", max_length=100, required=False)
    joint_units = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="合辦機關",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    date = RocDateField(label="辦理日期", required=False, help_text="例：民國年/月/日")
    lecturer = forms.CharField(label="授課講師", max_length=100, required=False)
    description = forms.CharField(label="內容概述", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    materials = forms.CharField(label="講義教材教案", max_length=300, required=False)

    def __init__(self, *args, organisers=None, units=None, year: int | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        plan = plan_in_force(year or plan_year_default())
        self.fields["organiser"].queryset = organisers
        self.fields["joint_units"].queryset = units
        self.fields["year"].choices = [(y, f"{y} 年") for y in plan_years()]
        self.fields["level"].choices = list(plan.course_levels.items())
        self.fields["mode"].choices = list(plan.course_modes.items())
        self.fields["form"].choices = [(f, f) for f in plan.course_forms]
        self.fields["categories"].choices = [
            (code, f"{name}（第 {plan.staff_class_of(code).number} 類）" if plan.staff_class_of(code) else name)
            for code, name in plan.staff_categories.items()
        ]
