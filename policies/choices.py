from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyCategory(models.TextChoices):
    TAX_FEES = "tax_fees", _("Tax and fee relief")
    FINANCE_CREDIT = "finance_credit", _("Finance and credit")
    EMPLOYMENT = "employment", _("Employment and social security")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    RESUMPTION = "resumption", _("Resumption of work and production")
    LAND_ENERGY = "land_energy", _("Land, utilities and energy")
    HANDBOOK = "handbook", _("Handbook (compilation)")
    OTHER = "other", _("Other")


class PolicyFileKind(models.TextChoices):
    """The document formats the library accepts, each recognised by its content, not only its name."""

    PDF = "pdf", "PDF"
    OFD = "ofd", "OFD"
    DOCX = "docx", "Word (.docx)"
    DOC = "doc", "Word (.doc)"
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel (.xls)"
    TXT = "txt", _("Plain text")
