from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.choices import EnterpriseKind, Industry, SizeClass
from officers.choices import OfficerStatus
from regions.models import Region


def _blank(choices):
    return [("", _("All")), *choices]


class RosterFilterForm(forms.Form):
    """Search and filters shared by the roster lists; the region choices are the user's scope."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("All"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).order_by("path")
        self.fields["region"].label_from_instance = lambda region: "\u3000" * region.depth + region.name

    def filters(self) -> dict:
        return {}


class EnterpriseFilterForm(RosterFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(EnterpriseKind.choices), required=False)
    industry = forms.ChoiceField(label=_("Industry"), choices=_blank(Industry.choices), required=False)
    size_class = forms.ChoiceField(label=_("Size class"), choices=_blank(SizeClass.choices), required=False)
    is_key = forms.NullBooleanField(
        label=_("Key enterprise"), required=False,
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"kind": data.get("kind"), "industry": data.get("industry"), "size_class": data.get("size_class"),
                "is_key": data.get("is_key")}


class OfficerFilterForm(RosterFilterForm):
    status = forms.ChoiceField(label=_("Status"), choices=_blank(OfficerStatus.choices), required=False)

    def filters(self) -> dict:
        return {"status": self.cleaned_data.get("status")}
