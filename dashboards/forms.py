from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from liaison_portal.widgets import DateInput
from regions.models import Region
from reports.clock import office_day

from .models import MAX_WORKERS_PER_TRIP, NOTE_LIMIT


class DayForm(forms.Form):
    """The date picker: any past day; nothing (or nonsense) means the office's day (reports.clock.office_day:
    yesterday until today's reports fall due), a future day is today."""

    day = forms.DateField(label=_("Day"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = timezone.localdate().isoformat()

    def chosen_day(self) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data["day"]:
            return min(self.cleaned_data["day"], timezone.localdate())
        return office_day()


class ShuttleTripForm(forms.Form):
    """Log a shuttle trip; the regions are those the user's office serves, the enterprises those it sees there."""

    day = forms.DateField(label=_("Date"), widget=DateInput)
    route_from = forms.CharField(label=_("From"), max_length=64,
                                 widget=forms.TextInput(attrs={"placeholder": _("e.g. a county railway station")}))
    route_to = forms.CharField(label=_("To"), max_length=64,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. a high-tech zone")}))
    region = forms.ModelChoiceField(label=pgettext_lazy("shuttle trip", "Organising office"),
                                    queryset=Region.objects.none())
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Enterprises served"), queryset=Enterprise.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."))
    workers_carried = forms.IntegerField(label=_("Workers carried"), min_value=1, max_value=MAX_WORKERS_PER_TRIP)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_LIMIT,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, region: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.manageable_by(user).order_by("path")
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda r: "\u3000" * r.depth + r.name
        # The enterprises in the regions the office manages (of the trip's region when one is given).
        enterprises = Enterprise.objects.visible_to(user).filter(
            region__in=Region.objects.manageable_by(user)).select_related("region").order_by("region__path", "name")
        if region is not None:
            enterprises = enterprises.filter(region__path__startswith=region.path)
        self.fields["enterprises"].queryset = enterprises
        self.fields["enterprises"].label_from_instance = lambda e: f"{e.name}（{e.region.name}）"
        if region is not None:
            self.fields["region"].initial = region.pk
        self.fields["day"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["day"].initial = timezone.localdate()
