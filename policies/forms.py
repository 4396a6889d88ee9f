from django import forms
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import Checklist, DateInput

from .choices import PolicyCategory
from .models import BODY_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT
from .uploads import CONTENT_TYPES, EXTENSIONS


def _blank(choices):
    return [("", _("All")), *choices]


class PolicySearchForm(forms.Form):
    """The library's search box and filters (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, keyword, text…")}))
    category = forms.ChoiceField(label=_("Category"), choices=_blank(PolicyCategory.choices), required=False)
    region = forms.ModelChoiceField(label=_("Published for"), queryset=None, required=False, empty_label=_("All"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "category": data["category"], "region": data["region"]}


class PolicyForm(forms.Form):
    """Publish or edit: the service judges the rules (region in reach, a file or text, the file's content)."""

    title = forms.CharField(label=_("Document title"), max_length=TITLE_LIMIT)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=128)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    category = forms.ChoiceField(label=_("Category"), choices=PolicyCategory.choices)
    region = forms.ModelChoiceField(label=_("Published for"), queryset=None)
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_LIMIT, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    keywords = forms.CharField(label=_("Keywords"), max_length=255, required=False,
                               help_text=_("Separated by commas."))
    body = forms.CharField(label=_("Text"), max_length=BODY_LIMIT, required=False,
                           widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("The document's text; paragraphs are separated by an empty line."))
    file = forms.FileField(label=_("File"), required=False, widget=forms.FileInput(
        attrs={"accept": ",".join(f".{ext}" for ext in EXTENSIONS) + "," + ",".join(
            sorted({t.split(";")[0] for t in CONTENT_TYPES.values()}))}))
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    sources = forms.ModelMultipleChoiceField(label=_("Compiled from"), queryset=None, required=False,
                                             help_text=_("For a handbook: the documents it compiles."),
                                             widget=Checklist)

    def __init__(self, *args, regions, sources, file_help: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["sources"].queryset = sources
        self.fields["sources"].label_from_instance = lambda d: f"{d.title} · {d.region.name}"
        self.fields["file"].help_text = file_help
