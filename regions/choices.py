from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    PARK = "park", _("Industrial park")


# Which level a region's parent must have; the province is the root.
PARENT_LEVEL = {
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.PARK: RegionLevel.COUNTY,
}


class DepartmentKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry and information technology")
    HEALTH = "health", _("Health commission")
    TAX = "tax", _("Tax bureau")
    HUMAN_RESOURCES = "human_resources", _("Human resources and social security")
    TRANSPORT = "transport", _("Transport")
    COMMERCE = "commerce", _("Commerce")
    MARKET_REGULATION = "market_regulation", _("Market regulation")
    FINANCE = "finance", _("Finance")
    DEVELOPMENT = "development", _("Development and reform")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources")
    HOUSING = "housing", _("Housing and construction")
    EMERGENCY = "emergency", _("Emergency management")
    UTILITIES = "utilities", _("Power and water supply")
    OTHER = "other", _("Other")


class PostKind(models.TextChoices):
    OFFICER = "officer", _("Liaison officer")
    LIAISON_OFFICE = "liaison_office", _("Liaison office staff")
    DEPARTMENT = "department", _("Functional department staff")
    ORGANIZATION = "organization", _("Organization department staff")
    ADMINISTRATOR = "administrator", _("Administrator")
