from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    PROJECT = "project", _("Key project")


class SizeClass(models.TextChoices):
    ABOVE_DESIGNATED = "above_designated", _("Above designated size")
    SMALL_MICRO = "small_micro", _("Small or micro")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    EQUIPMENT = "equipment", _("Machinery and equipment")
    ELECTRONICS = "electronics", _("Electronics and information")
    MATERIALS = "materials", _("New materials")
    CHEMICALS = "chemicals", _("Chemicals")
    PHARMACEUTICALS = "pharmaceuticals", _("Pharmaceuticals and medical supplies")
    FOOD = "food", _("Food and agricultural processing")
    TEXTILES = "textiles", _("Textiles and garments")
    CONSTRUCTION = "construction", _("Construction")
    ENERGY = "energy", _("Energy and utilities")
    LOGISTICS = "logistics", _("Logistics")
    RETAIL = "retail", _("Wholesale and retail")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other")
