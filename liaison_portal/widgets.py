"""Form widgets every app's pages share."""

from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    """The browser's date picker (a calendar on a phone). It takes yyyy-mm-dd only, which the Chinese input formats
    put first (liaison_portal/formats/zh_Hans/formats.py)."""

    input_type = "date"


class Checklist(forms.CheckboxSelectMultiple):
    """Several choices as a scrolling list of checkboxes (a phone taps each; no Ctrl-click on a <select multiple>).

    static/js/checklist.js adds a box that narrows the list as one types and a count of those ticked; without it
    every box is there and the form posts the same. For a list too long to draw, use a field that takes typed
    names instead (branches.forms.EnterpriseNamesField).
    """

    def render(self, name, value, attrs=None, renderer=None):
        boxes = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="checklist" data-checklist>'
            '<input type="search" class="checklist-search" hidden autocomplete="off" aria-label="{search}" '
            'placeholder="{search}">'
            '<div class="checklist-options">{boxes}</div>'
            '<p class="checklist-count muted small" hidden aria-live="polite" data-chosen="{chosen}"></p>'
            '</div><script src="{script}" defer></script>',
            search=_("Type to narrow the list"), boxes=boxes, chosen=_("%(count)s chosen"),
            script=static("js/checklist.js"),
        )
