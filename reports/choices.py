from django.db import models
from django.utils.translation import gettext_lazy as _


class ExemptionKind(models.TextChoices):
    ENTERPRISE_SHUT = "enterprise_shut", _("Enterprise shut")
    NOT_REOPENED = "not_reopened", _("Enterprise not yet reopened")
    OFFICER_LEAVE = "officer_leave", _("Officer on approved leave")
    OFFICER_REST = "officer_rest", _("Officer on rest days")


ENTERPRISE_EXEMPTIONS = (ExemptionKind.ENTERPRISE_SHUT, ExemptionKind.NOT_REOPENED)
OFFICER_EXEMPTIONS = (ExemptionKind.OFFICER_LEAVE, ExemptionKind.OFFICER_REST)
