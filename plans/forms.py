from django import forms
from django.utils.translation import gettext_lazy as _

from config.core.forms import DateField, NormalizedForm, NormalizedModelForm

from .models import Evaluation, PlanItem


class EvaluationForm(NormalizedModelForm):
    class Meta:
        model = Evaluation
        fields = ["grade", "do_text", "check_text", "action_text"]
        widgets = {
            "grade": forms.RadioSelect,
            "do_text": forms.Textarea(attrs={"rows": 4}),
            "check_text": forms.Textarea(attrs={"rows": 4}),
            "action_text": forms.Textarea(attrs={"rows": 4}),
        }


class ManualEntryForm(NormalizedForm):
    entered_on = DateField(label=_("実施日"), help_text=_("例：2020-10-15 または 令和2年10月15日"))
    value = forms.DecimalField(
        label=_("実績値"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    note = forms.CharField(label=_("内容・メモ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CopyYearForm(NormalizedForm):
    from_fy = forms.TypedChoiceField(label=_("コピー元の年度"), coerce=int)

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_fy"].choices = years


class PlanItemAdminForm(NormalizedModelForm):
    class Meta:
        model = PlanItem
        fields = "__all__"
