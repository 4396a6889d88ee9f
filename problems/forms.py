from django import forms
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput
from regions.models import Department

from .choices import ProblemStatus
from .models import TEXT_LIMIT


def department_label(department) -> str:
    """The department's name, with its region when the name does not say it (芙蓉区税务局 does)."""
    if department.name.startswith(department.region.name) or department.region.name in department.name:
        return department.name
    return f"{department.region.name} · {department.name}"


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
