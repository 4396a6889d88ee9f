"""Form widgets every app's pages share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (a calendar on a phone). It takes yyyy-mm-dd only, which the Chinese input formats
    put first (liaison_portal/formats/zh_Hans/formats.py)."""

    input_type = "date"
