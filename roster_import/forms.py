from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import RosterKind


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=RosterKind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
