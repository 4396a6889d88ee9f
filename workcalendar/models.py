from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import HOLIDAY_NAMES

SATURDAY = 5


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday or a make-up workday on a weekend.

    Every other day follows the week, so the table holds a few dozen rows a year. Global reference data.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("workday"))
    name = models.CharField(_("name"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.display_name}"

    @property
    def display_name(self) -> str:
        return str(HOLIDAY_NAMES.get(self.name, self.name))

    def clean(self):
        if self.date is None or self.is_workday is None:
            return
        weekend = self.date.weekday() >= SATURDAY
        if self.is_workday and not weekend:
            raise ValidationError({"is_workday": _("A weekday is a workday already; only a Saturday or Sunday can "
                                                   "be a make-up workday.")})
        if not self.is_workday and weekend:
            raise ValidationError({"is_workday": _("A Saturday or Sunday is a rest day already; only a weekday can "
                                                   "be made a holiday.")})
