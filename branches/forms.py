"""Forms of the branch pages: they parse; the services decide. Every related choice is the user's scope."""


from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from liaison_portal.widgets import Checklist, DateInput
from officers.models import Officer
from problems.choices import ProblemCategory
from problems.forms import department_label
from regions.models import Department, Region

from .choices import MemberRole
from .models import TEXT_LIMIT, Branch, BranchResource

# Up to this many enterprises the branch form lists them as checkboxes; beyond (a city or the province office) one
# types their names or credit codes instead, as a page of thousands of checkboxes helps nobody.
ENTERPRISE_CHECKLIST_LIMIT = 300

# A date input's value must be ISO (yyyy-mm-dd) whatever the language's date format, or the phone shows it empty.
ISO_DATE = DateInput()


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class BranchFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class EnterpriseNamesField(forms.Field):
    """Enterprises typed one a line, each by its name or unified social credit code, among `queryset` (the user's
    scope): every line that names none, or several, is named back. One query, however many lines."""

    widget = forms.Textarea(attrs={"rows": 4, "autocapitalize": "none"})
    default_error_messages = {
        "unknown": _("No enterprise you can see is named or coded “%(line)s”."),
        "several": _("Several enterprises are named “%(line)s”: give its credit code instead."),
    }

    def __init__(self, *, queryset, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        return "\n".join(enterprise.credit_code or enterprise.name for enterprise in value)

    def to_python(self, value) -> list[Enterprise]:
        lines = list(dict.fromkeys(line.strip() for line in (value or "").splitlines() if line.strip()))
        if not lines:
            return []
        matches = list(self.queryset.filter(Q(name__in=lines) | Q(credit_code__in=[line.upper() for line in lines])))
        chosen, errors = [], []
        for line in lines:
            by_code = [e for e in matches if e.credit_code and e.credit_code == line.upper()]
            found = by_code or [e for e in matches if e.name == line]
            if len(found) == 1:
                chosen.append(found[0])
            else:
                code = "unknown" if not found else "several"
                errors.append(ValidationError(self.error_messages[code], code=code, params={"line": line}))
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(chosen))


class BranchForm(forms.Form):
    """A new branch: its organising office (a region the office manages), the paired department, enterprises."""

    name = forms.CharField(label=_("Name"), max_length=128)
    region = forms.ModelChoiceField(label=_("Organising office"), queryset=Region.objects.none())
    department = forms.ModelChoiceField(label=pgettext_lazy("party branch", "Department"),
                                        queryset=Department.objects.none())
    enterprises = forms.ModelMultipleChoiceField(label=_("Enterprises"), queryset=Enterprise.objects.none(),
                                                 required=False, widget=Checklist)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.manageable_by(user).order_by("path")
        self.fields["department"].queryset = Department.objects.visible_to(user).select_related("region") \
            .order_by("region__path", "name")
        self.fields["department"].label_from_instance = department_label
        enterprises = Enterprise.objects.visible_to(user).order_by("name")
        if enterprises.count() > ENTERPRISE_CHECKLIST_LIMIT:
            self.fields["enterprises"] = EnterpriseNamesField(
                queryset=enterprises, label=_("Enterprises"), required=False,
                help_text=_("One a line: each enterprise's name or unified social credit code (pasted from a "
                            "spreadsheet column, for instance). More can be covered later from the branch's page."))
        else:
            self.fields["enterprises"].queryset = enterprises


class CoverForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())

    def __init__(self, *args, user, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).filter(
            region__path__startswith=branch.region.path).exclude(branch_coverage__branch=branch).order_by("name")


class MemberForm(forms.Form):
    """A member: a liaison officer picked from the roster, or anyone else by name and phone."""

    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none(), required=False,
                                     help_text=_("For a liaison officer: their name, phone and login come along."))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=64, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    joined_on = forms.DateField(label=_("Joined on"), widget=ISO_DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("officer") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose an officer or give the person's name."))
        return data


class ResourceForm(forms.ModelForm):
    class Meta:
        model = BranchResource
        fields = ["title", "description", "provider", "contact"]
        widgets = {"description": _textarea()}


class DemandForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=128)
    description = forms.CharField(label=pgettext_lazy("party branch", "Description"), required=False,
                                  max_length=TEXT_LIMIT, widget=_textarea())

    def __init__(self, *args, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = branch.enterprises.order_by("name")


class MatchForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("Resource"), queryset=BranchResource.objects.none())

    def __init__(self, *args, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = branch.resources.order_by("title")


class RaiseProblemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ProblemCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT_LIMIT, widget=_textarea())


class VisitForm(forms.Form):
    """A visit on the phone: which of the branch's enterprises, when (today by default), what, and issues."""

    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this branch's enterprises.")},
    )
    visited_on = forms.DateField(label=_("Visited on"), widget=ISO_DATE)
    checked = forms.CharField(label=_("What was checked"), max_length=TEXT_LIMIT, widget=_textarea())
    issues_found = forms.CharField(label=_("Issues found"), required=False, max_length=TEXT_LIMIT,
                                   widget=_textarea(2))

    def __init__(self, *args, branch: Branch, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = branch.enterprises.order_by("name")


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=ISO_DATE, required=False)
