from django import forms
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput
from regions.choices import RegionLevel
from regions.models import Department

from .choices import ProblemCategory, ProblemStatus
from .models import TEXT_LIMIT


def _blank(choices):
    return [("", _("All")), *choices]


def department_label(department) -> str:
    """The department's name, with its region when the name does not say it (芙蓉区税务局 does)."""
    if department.name.startswith(department.region.name) or department.region.name in department.name:
        return department.name
    return f"{department.region.name} · {department.name}"


class LedgerFilterForm(forms.Form):
    """The ledger's filters; the department choices are the departments the user sees."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=_blank(ProblemStatus.choices), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=_blank(ProblemCategory.choices), required=False)
    tier = forms.ChoiceField(label=_("Handled at"), required=False, choices=_blank(
        [(level, label) for level, label in RegionLevel.choices]))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("All"))
    overdue = forms.NullBooleanField(
        label=_("Overdue"), required=False,
        widget=forms.Select(choices=[("", _("All")), ("true", _("Overdue only")), ("false", _("Not overdue"))]),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.visible_to(user).select_related("region") \
            .order_by("region__path", "name")
        self.fields["department"].label_from_instance = department_label

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"search": data["q"], "status": data["status"], "category": data["category"], "tier": data["tier"],
                "department": data["department"], "overdue": data["overdue"]}


class AssignForm(forms.Form):
    """Dispatch: a department of the handling region's subtree, co-handling departments, a deadline."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    co_departments = forms.ModelMultipleChoiceField(label=_("Co-handling departments"),
                                                    queryset=Department.objects.none(), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput,
                               help_text=_("Leave empty for the category's default in working days."))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("department", "co_departments"):
            self.fields[name].queryset = departments
            self.fields[name].label_from_instance = department_label


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DateInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), max_length=TEXT_LIMIT,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    """Start and confirm need nothing but the CSRF token."""


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Open")), (ProblemStatus.RESOLVED, ProblemStatus.RESOLVED.label),
        (ProblemStatus.CONFIRMED, ProblemStatus.CONFIRMED.label)])
