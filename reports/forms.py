import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from liaison_portal.widgets import DateInput
from officers.models import Officer
from problems.choices import ProblemCategory

from .choices import ENTERPRISE_EXEMPTIONS, OFFICER_EXEMPTIONS, ExemptionKind
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


class ExemptionForm(forms.Form):
    """An office records days on which an enterprise or an officer owes no report; choices are the office's scope."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ExemptionKind.choices)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False)
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["officer"].queryset = Officer.objects.visible_to(user).order_by("name")

    def clean(self):
        # The page shows both selects; the kind says which one counts. The rule itself (a target of the right kind,
        # the dates in order) is ReportExemption.clean, which exemption_create applies.
        data = super().clean()
        kind = data.get("kind")
        if kind in ENTERPRISE_EXEMPTIONS:
            data["officer"] = None
        elif kind in OFFICER_EXEMPTIONS:
            data["enterprise"] = None
        return data

