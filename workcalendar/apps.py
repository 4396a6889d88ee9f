from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    """The working-day clock: public holidays and make-up workdays kept as data."""

    name = "workcalendar"
    verbose_name = _("Working-day calendar")
