import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from problems.choices import ProblemCategory

from .models import DailyReport
from .services import REPORT_VALUE_FIELDS, Difficulty


class DailyReportForm(forms.ModelForm):
    """The one-screen report form. `token` makes a double submission harmless; `version` detects a clash."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = DailyReport
        fields = REPORT_VALUE_FIELDS
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}) for name in (
                "masks_days", "disinfectant_days", "returned_from_outside", "under_observation", "suspected_cases",
                "workers_on_duty", "workers_missing", "open_positions")},
            "capacity_percent": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)

    def values(self) -> dict:
        return {field: self.cleaned_data[field] for field in REPORT_VALUE_FIELDS}


class DifficultyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *ProblemCategory.choices], required=False)
    description = forms.CharField(label=_("Difficulty"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("description", "").strip() and not data.get("category"):
            self.add_error("category", _("Choose a category for this difficulty."))
        return data


DifficultyFormSet = forms.formset_factory(DifficultyForm, extra=2, max_num=5, validate_max=True)


def difficulties_from(formset) -> list[Difficulty]:
    return [
        Difficulty(category=form.cleaned_data["category"], description=form.cleaned_data["description"].strip())
        for form in formset
        if form.cleaned_data.get("description", "").strip()
    ]


class MissingReportsFilterForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
