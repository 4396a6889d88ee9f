from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from officers.models import Officer
from regions.models import Department, Region
from regions.scoping import RegionScopedModel

from .choices import OPEN_STATUSES, ProblemAction, ProblemCategory, ProblemStatus

TEXT_LIMIT = 2000


def problem_urgency() -> Case:
    """The ledger's first sort key: 0 waits for the office to dispatch it (open, no department), 1 is open with a
    department (then ordered by deadline, so the overdue come first), 2 is closed (resolved or confirmed).

    One expression for the ordering and for the index that serves it (`problem_ledger_urgency`).
    """
    return Case(
        When(department__isnull=True, status__in=OPEN_STATUSES, then=Value(0)),
        When(status__in=OPEN_STATUSES, then=Value(1)),
        default=Value(2),
    )


class Problem(RegionScopedModel):
    """A difficulty an enterprise cannot solve alone (问题台账), from report to the officer's confirmation.

    The liaison office of `handling_region` owns it now: it dispatches it to a department with a deadline and
    escalates it a tier up (county or park, then city, then province) when it cannot be solved there.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="problems"
    )
    raised_by = models.ForeignKey(
        Officer, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="raised_problems"
    )
    raised_on = models.DateField(_("raised on"))
    category = models.CharField(_("category"), max_length=32, choices=ProblemCategory.choices)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems",
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("co-handling departments"), blank=True, related_name="co_handled_problems"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProblemStatus.choices,
                              default=ProblemStatus.REPORTED)
    handling_region = models.ForeignKey(
        Region, verbose_name=_("handling office"), on_delete=models.PROTECT, related_name="handled_problems"
    )
    resolution = models.TextField(_("resolution"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Moves on with every change: an action carries the version its page or API call saw, and a stale one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set by the client (a report form's token and the difficulty's index) so a retried submission finds the
    # problem it already created.
    client_token = models.CharField(_("client token"), max_length=100, null=True, blank=True, editable=False)

    # The offices of the enterprise's region and of the tier handling it see it; the officer who raised it;
    # the staff of the departments it is dispatched to, and only they among department staff.
    scope_region_paths = ("enterprise__region", "handling_region")
    # Changed by the office handling it now (the enterprise's office sees it; a tier above took it over).
    scope_manage_paths = ("handling_region",)
    scope_user_paths = ("raised_by__user",)
    scope_department_paths = ("department", "co_departments")
    scope_departments_see_region = False

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["raised_by", "client_token"], condition=Q(client_token__isnull=False),
                                    name="problem_unique_client_token"),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="problem_status_deadline"),
            models.Index(fields=["department", "status", "deadline"], name="problem_department_queue"),
            models.Index(fields=["handling_region", "status"], name="problem_handling_status"),
            models.Index(fields=["raised_by", "status"], name="problem_raised_by_status"),
            # The ledger's order (problems.selectors._by_urgency), so a page of it is read off the index.
            models.Index(problem_urgency(), F("deadline"), F("created_at"), F("id"), name="problem_ledger_urgency"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.get_category_display()}"


class ProblemEvent(models.Model):
    """One change of a problem: who (null: the system), when, what, from which status to which. Never deleted."""

    problem = models.ForeignKey(Problem, verbose_name=_("problem"), on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=32, choices=ProblemAction.choices)
    from_status = models.CharField(_("from status"), max_length=16, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=ProblemStatus.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["problem", "at"], name="problem_event_problem_at")]

    def __str__(self):
        return f"{self.problem_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise PermissionError("A problem's history is never deleted.")
