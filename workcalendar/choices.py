from django.utils.translation import gettext_lazy as _

# The holiday names the chinesecalendar package uses, translated for display (the rows keep the package's name).
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Anti-Fascist 70th Day"),
}
