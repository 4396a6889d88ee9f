"""Forms of the officer care pages; each one's data goes to one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput

from .choices import AllowanceKind, RestKind
from .models import Allowance

# A date picker's value is ISO whatever the language's date format (Chinese renders 2026/02/10, which the picker
# rejects and shows empty).
DATE = {"widget": DateInput()}
MONEY = {"max_digits": 10, "decimal_places": 2,
         "widget": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})}


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label=_("Insurer"), max_length=128)
    policy_number = forms.CharField(label=_("Policy number"), max_length=64)
    start_date = forms.DateField(label=_("Start date"), **DATE)
    end_date = forms.DateField(label=_("End date"), **DATE)


class AllowanceClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AllowanceKind.choices)
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    amount_claimed = forms.DecimalField(label=_("Amount claimed (yuan)"), **MONEY)


class AllowancePayForm(forms.Form):
    allowance = forms.ModelChoiceField(label=_("Claim"), queryset=Allowance.objects.none())
    amount_paid = forms.DecimalField(label=_("Amount paid (yuan)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), **DATE)

    def __init__(self, *args, unpaid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowance"].queryset = unpaid
        self.fields["allowance"].label_from_instance = (
            lambda claim: f"{claim.month:%Y-%m} {claim.get_kind_display()} {claim.amount_claimed}")


class RestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RestKind.choices)
    start_date = forms.DateField(label=_("First day"), **DATE)
    end_date = forms.DateField(label=_("Last day"), **DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class HealthCheckForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), **DATE)
    result = forms.CharField(label=_("Result"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CareListForm(forms.Form):
    list = forms.ChoiceField(required=False, choices=[("rest", "rest"), ("health", "health"),
                                                      ("insurance", "insurance")])
