from django import forms
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput
from officers.models import Officer
from regions.models import Region

from .choices import Grade, OpinionRating, Outcome


def _score_field(label):
    return forms.DecimalField(label=label, min_value=0, max_value=100, max_digits=4, decimal_places=1,
                              widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))


class RoundOpenForm(forms.Form):
    """Open a round: the organisation department's region, a name, the period, the four weights and the quota."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=128)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput)
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)
    weight_comprehensive = forms.IntegerField(label=_("Comprehensive assessment (%)"), min_value=0, max_value=100,
                                              initial=40)
    weight_daily = forms.IntegerField(label=_("Daily assessment (%)"), min_value=0, max_value=100, initial=30)
    weight_work_evaluation = forms.IntegerField(label=_("Work evaluation (%)"), min_value=0, max_value=100,
                                                initial=20)
    weight_enterprise_opinion = forms.IntegerField(label=_("Enterprise opinion (%)"), min_value=0, max_value=100,
                                                   initial=10)
    excellent_quota_percent = forms.IntegerField(label=_("Excellent quota (%)"), min_value=0, max_value=100,
                                                 initial=30)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("path")

    def weights(self) -> dict[str, int]:
        data = self.cleaned_data
        return {"comprehensive": data["weight_comprehensive"], "daily": data["weight_daily"],
                "work_evaluation": data["weight_work_evaluation"],
                "enterprise_opinion": data["weight_enterprise_opinion"]}


class ScoreForm(forms.Form):
    score = _score_field(_("Score"))
    reason = forms.CharField(label=_("Note"), max_length=500, required=False)


class DailyAdjustForm(forms.Form):
    score = _score_field(_("Adjusted daily score"))
    reason = forms.CharField(label=_("Reason for the adjustment"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reason = forms.CharField(label=_("Note"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("", _("None")), (Outcome.COMMENDATION, Outcome.COMMENDATION.label),
        (Outcome.PROMOTION, Outcome.PROMOTION.label)], required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RecallForm(forms.Form):
    """Recall: a reason, and per enterprise a named successor or none yet (a vacancy to fill later)."""

    reason = forms.CharField(label=_("Reason for the recall"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, enterprises, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises
        for enterprise in enterprises:
            field = forms.ModelChoiceField(label=enterprise.name, queryset=candidates, required=False,
                                           empty_label=_("No successor yet: fill later"))
            field.label_from_instance = officer_label
            self.fields[f"successor_{enterprise.pk}"] = field

    def successors(self) -> dict[int, Officer]:
        return {enterprise.pk: self.cleaned_data.get(f"successor_{enterprise.pk}") for enterprise in self.enterprises}


class VacancyFillForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Successor"), queryset=Officer.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = candidates
        self.fields["officer"].label_from_instance = officer_label


class OpinionForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied is your enterprise with this officer's work?"),
                                    choices=OpinionRating.choices, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comments (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


def officer_label(officer: Officer) -> str:
    return f"{officer.name} · {officer.backing_unit.name}"
