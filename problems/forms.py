from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput
from regions.models import Department

from .choices import ProblemStatus
from .models import TEXT_LIMIT, Problem

LABEL_SEPARATOR = " · "
PICKER_LIST_ID = "dispatch-departments"  # the page's <datalist> of departments (problems/_department_picker.html)
AMBIGUOUS_SHOWN = 5


def department_label(department) -> str:
    """The department's name, with its region when the name does not say it (芙蓉区税务局 does)."""
    if department.name.startswith(department.region.name) or department.region.name in department.name:
        return department.name
    return f"{department.region.name}{LABEL_SEPARATOR}{department.name}"


def department_from_text(departments: QuerySet, text: str) -> Department:
    """The one department among `departments` that `text` names: its label as the picker lists it, its name, a
    unique part of its name (or its region's), or its id. Anything else is refused, naming the candidates."""
    text = " ".join(text.split())
    if text.isdigit():
        matches = list(departments.filter(pk=text)[:2])
    elif LABEL_SEPARATOR.strip() in text:
        region_name, _separator, name = text.partition(LABEL_SEPARATOR.strip())
        matches = list(departments.filter(region__name=region_name.strip(), name=name.strip())[:2])
    else:
        matches = list(departments.filter(name=text)[:2])
    if not matches:
        matches = list(departments.filter(Q(name__icontains=text) | Q(region__name__icontains=text))
                       [:AMBIGUOUS_SHOWN + 1])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(_("No department you may dispatch to is called “%(text)s”: type a part of its name and "
                                "choose it from the list."), code="invalid_choice", params={"text": text})
    shown = "、".join(department_label(d) for d in matches[:AMBIGUOUS_SHOWN])
    raise ValidationError(_("“%(text)s” could be several departments (%(names)s): choose one from the list."),
                          code="ambiguous", params={"text": text, "names": shown + ("…" if len(matches) >
                                                                                      AMBIGUOUS_SHOWN else "")})


class DepartmentPicker(forms.TextInput):
    """A text field with the page's list of departments (a <datalist>): the browser narrows it while one types, with no
    script; static/js/department-picker.js fetches the matches of the whole scope from `data-search` as well."""

    def __init__(self, attrs=None):
        super().__init__({"list": PICKER_LIST_ID, "autocomplete": "off", "class": "department-picker",
                          **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Department):
            return department_label(value)
        return super().format_value(value)


class DepartmentsPicker(DepartmentPicker):
    """Several departments as text fields of one name: the chosen ones and `blank` empty ones."""

    blank = 2

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def render(self, name, value, attrs=None, renderer=None):
        values = [v for v in (value or []) if v not in (None, "")]
        values += [""] * self.blank
        attrs = attrs or {}
        inputs = []
        for index, one in enumerate(values):
            one_attrs = {**attrs, "id": f"{attrs['id']}_{index}" if index and attrs.get("id") else attrs.get("id")}
            inputs.append(super().render(name, one, one_attrs, renderer))
        return mark_safe("\n".join(inputs))  # each input is the widget's own, escaped


class DepartmentPickerField(forms.Field):
    """A department among `queryset`, picked by its label (department_from_text)."""

    widget = DepartmentPicker

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Department.objects.none()
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Department) or value in self.empty_values:
            return value or None
        return department_from_text(self.queryset, str(value))


class DepartmentsPickerField(DepartmentPickerField):
    """Departments among `queryset`, one per text field, each picked as DepartmentPickerField picks one."""

    widget = DepartmentsPicker

    def to_python(self, value):
        chosen, errors = [], []
        for text in value or []:
            if isinstance(text, Department):
                chosen.append(text)
            elif str(text).strip():
                try:
                    chosen.append(department_from_text(self.queryset, str(text)))
                except ValidationError as error:
                    errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(chosen))

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


def picker_attrs(form, search_url: str) -> None:
    """Point the form's department pickers at the page's search (their list of matches beyond the page's own)."""
    for field in form.fields.values():
        if isinstance(field.widget, DepartmentPicker):
            field.widget.attrs["data-search"] = search_url


class AssignForm(forms.Form):
    """Dispatch: a department of the handling region's subtree, co-handling departments, a deadline."""

    department = DepartmentPickerField(label=_("Department"))
    co_departments = DepartmentsPickerField(label=_("Co-handling departments"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput,
                               help_text=_("Leave empty for the category's default in working days."))

    def __init__(self, *args, departments, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("department", "co_departments"):
            self.fields[name].queryset = departments
        picker_attrs(self, search_url)


class AssignManyForm(forms.Form):
    """Dispatch the problems ticked on the ledger to one department with one deadline; each checkbox is a problem's
    id, and `version-<id>` the version the ledger showed (a problem changed since is refused, the others go)."""

    problems = forms.ModelMultipleChoiceField(
        label=_("Problems"), queryset=Problem.objects.none(),
        error_messages={"required": _("Tick the problems to dispatch first.")})
    department = DepartmentPickerField(label=_("Department"))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput,
                               help_text=_("Leave empty for each category's default in working days."))

    def __init__(self, *args, problems, departments, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = problems
        self.fields["department"].queryset = departments
        picker_attrs(self, search_url)

    def expected_versions(self) -> dict[int, int]:
        versions = {}
        for problem in self.cleaned_data["problems"]:
            value = self.data.get(f"version-{problem.pk}", "")
            if value.isdigit():
                versions[problem.pk] = int(value)
        return versions


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
