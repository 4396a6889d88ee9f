from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PERSONAL_CHANNELS, Channel, NoticeKind
from .models import NotificationSettings


class NotificationSettingsForm(forms.Form):
    """A person's choices; the per-event channels are one checkbox group per kind of event."""

    mobile = forms.CharField(label=_("Mobile number for SMS"), max_length=20, required=False,
                             help_text=_("Leave empty to use the number on your roster record."))
    quiet_start = forms.TimeField(label=_("Quiet hours from"), widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_end = forms.TimeField(label=_("Quiet hours until"), widget=forms.TimeInput(attrs={"type": "time"}),
                                help_text=_("No SMS in these hours except escalations; they come when quiet hours "
                                            "end."))
    sms_digest = forms.BooleanField(label=_("One SMS digest each morning instead of one SMS per event"),
                                    required=False)

    def __init__(self, *args, instance: NotificationSettings, **kwargs):
        initial = {"mobile": instance.mobile, "quiet_start": instance.quiet_start, "quiet_end": instance.quiet_end,
                   "sms_digest": instance.sms_digest}
        initial.update({f"kind_{kind}": instance.channels_for(kind) for kind in NoticeKind.values})
        super().__init__(*args, initial=initial, **kwargs)
        for kind in NoticeKind:
            self.fields[f"kind_{kind.value}"] = forms.MultipleChoiceField(
                label=kind.label, required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(channel, Channel(channel).label) for channel in PERSONAL_CHANNELS])

    def channel_fields(self):
        return [self[f"kind_{kind}"] for kind in NoticeKind.values]

    def channels(self) -> dict[str, list[str]]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in NoticeKind.values}
