from tests.dashboards.conftest import world  # noqa: F401 - the dashboard's demo day
