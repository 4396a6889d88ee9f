"""The error summary every rejected form shows on top (templates/_form_errors.html): one entry per field in error,
linking to that field, and the form's own errors, so a phone user lands on the list and taps through it."""

from dataclasses import dataclass

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class ErrorEntry:
    message: str
    label: str = ""
    anchor: str = ""  # the field's id, the target of the summary's link ("" for the form's own errors)


def _form_entries(form: forms.BaseForm, number: int | None = None) -> list[ErrorEntry]:
    entries = [ErrorEntry(message=str(message)) for message in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        message = " ".join(str(error) for error in field.errors)
        if field.is_hidden:
            # A hidden field's value came from the page, not the person: say what went wrong, link nowhere.
            entries.append(ErrorEntry(message=message))
            continue
        label = str(field.label)
        if number is not None:
            label = _("%(label)s (no. %(number)d)") % {"label": label, "number": number}
        # Choices drawn as checkboxes or radios label no single input: their container carries the field's id.
        entries.append(ErrorEntry(message=message, label=label, anchor=field.id_for_label or field.auto_id or ""))
    return entries


@register.simple_tag
def error_summary(*forms_or_formsets) -> list[ErrorEntry]:
    """The entries of the summary for the forms and formsets of one page (anything else, an unset name, is skipped)."""
    entries: list[ErrorEntry] = []
    for item in forms_or_formsets:
        if isinstance(item, forms.BaseFormSet):
            if not item.is_bound:
                continue
            entries.extend(ErrorEntry(message=str(message)) for message in item.non_form_errors())
            for number, form in enumerate(item.forms, start=1):
                entries.extend(_form_entries(form, number))
        elif isinstance(item, forms.BaseForm) and item.is_bound:
            entries.extend(_form_entries(item))
    return entries
