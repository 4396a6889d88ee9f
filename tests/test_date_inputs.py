"""Date fields render as yyyy-mm-dd in Chinese too: a phone's <input type="date"> shows nothing for 2026/11/23."""

from datetime import date

from django import forms
from django.utils import translation

from liaison_portal.widgets import DateInput


class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput)


def test_a_date_input_is_written_in_iso_form_in_chinese():
    with translation.override("zh-hans"):
        html = str(DayForm(initial={"day": date(2026, 11, 23)})["day"])
    assert 'type="date"' in html and 'value="2026-11-23"' in html


def test_chinese_users_may_still_type_slashes_or_year_month_day():
    with translation.override("zh-hans"):
        for typed in ("2026-11-23", "2026/11/23", "2026年11月23日"):
            form = DayForm(data={"day": typed})
            assert form.is_valid(), typed
            assert form.cleaned_data["day"] == date(2026, 11, 23)
