from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from liaison_portal.widgets import DateInput
from officers.models import Assignment
from officers.selectors import active_on
from regions.models import Region

from .models import HealthInstitution, Medic

# A date picker's value is ISO whatever the language's date format (Chinese renders 2026/02/10, which the picker
# rejects and shows empty).
ISO_DATE = DateInput()


class MedicSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=64)


class HealthInstitutionForm(forms.Form):
    """An office registers a hospital or health centre in one of its regions."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    name = forms.CharField(label=_("Name"), max_length=128)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).order_by("path")


class MedicForm(forms.Form):
    """An office puts a doctor or nurse of one of its institutions on the roster; choices are the office's scope."""

    institution = forms.ModelChoiceField(label=_("Health institution"), queryset=HealthInstitution.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=64)
    phone = forms.CharField(label=_("Phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (HealthInstitution.objects.visible_to(user)
                                               .select_related("region").order_by("region__path", "name"))


class MedicCoverageForm(forms.Form):
    """Station the medic in an enterprise: the choices are stationed enterprises in scope and in the medic's area."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=ISO_DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=ISO_DATE)

    def __init__(self, *args, user, medic: Medic, **kwargs):
        super().__init__(*args, **kwargs)
        stationed = Assignment.objects.filter(active_on(timezone.localdate())).values("enterprise")
        self.fields["enterprise"].queryset = (
            Enterprise.objects.visible_to(user)
            .filter(region__path__startswith=medic.institution.region.path, pk__in=stationed)
            .order_by("name")
        )


class CoverageEndForm(forms.Form):
    end_date = forms.DateField(label=_("Handover day"), widget=ISO_DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
