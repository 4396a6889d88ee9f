from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from enterprises.models import Enterprise
from liaison_portal.widgets import DateInput
from officers.models import Officer

from .choices import AttendeeKind, ItemStatus
from .models import TEXT_LIMIT

# Offer an officer picker on the meeting form only when the user's scope holds at most this many officers (a
# county's); beyond that (a city, the province) attendees and owners are typed by name.
OFFICER_CHOICES_LIMIT = 500


def officer_choices(user) -> list[tuple[str, str]]:
    """The officers the user sees, for the pickers of every row (one query), or none when there are too many."""
    rows = list(Officer.objects.visible_to(user).order_by("name", "id").values_list("pk", "name")
                [:OFFICER_CHOICES_LIMIT + 1])
    if len(rows) > OFFICER_CHOICES_LIMIT:
        return []
    return [("", "—"), *((str(pk), name) for pk, name in rows)]


class WeekFilterForm(forms.Form):
    week = forms.CharField(label=_("Week"), required=False, widget=forms.TextInput(attrs={"type": "week"}))


class MeetingForm(forms.Form):
    """The meeting itself; the branch and enterprise choices are those the user sees."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    branch = forms.ModelChoiceField(label=_("Joint Party branch"), queryset=Branch.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False)
    risk_points = forms.CharField(label=_("Risk points found"), max_length=TEXT_LIMIT,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    weak_links = forms.CharField(label=_("Weak links found"), max_length=TEXT_LIMIT, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user).order_by("name", "id")
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name", "id")
        self.initial.setdefault("held_on", timezone.localdate())


class _OfficerPickerForm(forms.Form):
    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        if officers:
            self.fields["officer"].choices = officers
        else:
            del self.fields["officer"]


class AttendeeForm(_OfficerPickerForm):
    kind = forms.ChoiceField(label=_("Attends as"), choices=AttendeeKind.choices, initial=AttendeeKind.OFFICER)
    name = forms.CharField(label=_("Full name"), max_length=64, required=False)
    officer = forms.TypedChoiceField(label=_("Or pick an officer"), coerce=int, required=False, empty_value=None)


class ItemForm(_OfficerPickerForm):
    description = forms.CharField(label=_("What to rectify"), max_length=TEXT_LIMIT, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner_name = forms.CharField(label=_("Responsible person"), max_length=64, required=False)
    officer = forms.TypedChoiceField(label=_("Or pick an officer as responsible person"), coerce=int, required=False,
                                     empty_value=None)
    due_on = forms.DateField(label=_("Rectify by"), required=False, widget=DateInput)


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=4, max_num=40, validate_max=True)
ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=40, validate_max=True)


class ItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), max_length=TEXT_LIMIT, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Required to close the item: what was done and how it was checked."))
    note = forms.CharField(label=_("Note"), max_length=TEXT_LIMIT, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
