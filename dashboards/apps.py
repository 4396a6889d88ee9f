from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The offices' dashboards, daily bulletins and worker shuttle trips: what people read from the summary rows."""

    name = "dashboards"
    verbose_name = _("Dashboards")
