from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regions.choices import DepartmentKind


class ProblemCategory(models.TextChoices):
    EPIDEMIC_SUPPLIES = "epidemic_supplies", _("Epidemic-prevention supplies")
    RAW_MATERIALS = "raw_materials", _("Raw materials")
    LABOUR = "labour", _("Labour and hiring")
    FUNDING = "funding", _("Funding and credit")
    LOGISTICS = "logistics", _("Logistics and transport")
    PERMITS = "permits", _("Permits and approvals")
    TAX_FEES = "tax_fees", _("Tax and fees")
    UTILITIES = "utilities", _("Power, water and gas")
    OTHER = "other", _("Other")


# The default deadline of a dispatched problem, in working days: masks cannot wait a fortnight, a loan can.
CATEGORY_DEADLINE_DAYS = {
    ProblemCategory.EPIDEMIC_SUPPLIES: 2,
    ProblemCategory.RAW_MATERIALS: 5,
    ProblemCategory.LABOUR: 7,
    ProblemCategory.FUNDING: 10,
    ProblemCategory.LOGISTICS: 3,
    ProblemCategory.PERMITS: 5,
    ProblemCategory.TAX_FEES: 7,
    ProblemCategory.UTILITIES: 3,
    ProblemCategory.OTHER: 5,
}

# The kinds of department that usually handle a category, best first: the dispatch form suggests the first one
# the handling region has.
CATEGORY_DEPARTMENT_KINDS = {
    ProblemCategory.EPIDEMIC_SUPPLIES: (DepartmentKind.HEALTH, DepartmentKind.INDUSTRY),
    ProblemCategory.RAW_MATERIALS: (DepartmentKind.INDUSTRY, DepartmentKind.COMMERCE),
    ProblemCategory.LABOUR: (DepartmentKind.HUMAN_RESOURCES,),
    ProblemCategory.FUNDING: (DepartmentKind.FINANCE, DepartmentKind.DEVELOPMENT),
    ProblemCategory.LOGISTICS: (DepartmentKind.TRANSPORT, DepartmentKind.COMMERCE),
    ProblemCategory.PERMITS: (DepartmentKind.MARKET_REGULATION, DepartmentKind.DEVELOPMENT, DepartmentKind.HOUSING,
                              DepartmentKind.NATURAL_RESOURCES),
    ProblemCategory.TAX_FEES: (DepartmentKind.TAX, DepartmentKind.FINANCE),
    ProblemCategory.UTILITIES: (DepartmentKind.UTILITIES, DepartmentKind.DEVELOPMENT),
    ProblemCategory.OTHER: (DepartmentKind.INDUSTRY, DepartmentKind.OTHER),
}


class ProblemStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CONFIRMED = "confirmed", _("Confirmed")
    REOPENED = "reopened", _("Reopened")


# Still someone's work: these count as open, may be overdue and are escalated when late.
OPEN_STATUSES = (ProblemStatus.REPORTED, ProblemStatus.ASSIGNED, ProblemStatus.IN_PROGRESS, ProblemStatus.REOPENED)
# A department's queue: dispatched to it and not yet resolved.
QUEUE_STATUSES = (ProblemStatus.ASSIGNED, ProblemStatus.IN_PROGRESS, ProblemStatus.REOPENED)


class ProblemState(models.TextChoices):
    """The ledger's `state` filter: open (OPEN_STATUSES), closed (resolved or confirmed), or both."""

    OPEN = "open", pgettext_lazy("problem state", "Open")
    CLOSED = "closed", pgettext_lazy("problem state", "Closed")
    ALL = "all", pgettext_lazy("problem state", "All")


class ProblemAction(models.TextChoices):
    RAISED = "raised", _("Raised")
    ASSIGNED = "assigned", _("Assigned")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")
    RESOLVED = "resolved", _("Resolved")
    CONFIRMED = "confirmed", _("Confirmed")
    REOPENED = "reopened", _("Reopened")
    ESCALATED = "escalated", _("Escalated")
    DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")


# From which statuses each action may be taken (the roles are checked separately).
ALLOWED_FROM = {
    ProblemAction.ASSIGNED: (ProblemStatus.REPORTED, ProblemStatus.REOPENED, ProblemStatus.ASSIGNED),
    ProblemAction.DECLINED: (ProblemStatus.ASSIGNED, ProblemStatus.REOPENED),
    ProblemAction.STARTED: (ProblemStatus.ASSIGNED, ProblemStatus.REOPENED),
    ProblemAction.RESOLVED: OPEN_STATUSES,
    ProblemAction.CONFIRMED: (ProblemStatus.RESOLVED,),
    ProblemAction.REOPENED: (ProblemStatus.RESOLVED,),
    ProblemAction.ESCALATED: OPEN_STATUSES,
    ProblemAction.DEADLINE_CHANGED: OPEN_STATUSES,
}
