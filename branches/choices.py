from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    SECRETARY = "secretary", _("Branch secretary")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    INSTRUCTOR = "instructor", _("Party-building instructor")
    CADRE = "cadre", _("Township, street or park cadre")
    ENTERPRISE_PARTY_HEAD = "enterprise_party_head", _("Enterprise Party head")


class DemandStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("branch demand", "Open")
    MATCHED = "matched", _("Matched to a resource")
    IN_LEDGER = "in_ledger", _("In the problem ledger")
