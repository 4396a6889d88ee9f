"""Every dashboard page runs a small fixed number of queries, whatever the number of regions, days and rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.services import bulletin_generate, shuttle_trip_log
from summaries.services import summaries_rebuild
from tests import factories

from .conftest import TODAY, file

# Session, user, the user's posts, the region; then the page's own reads (see each selector's docstring): 12 for
# a province or a city, 15 for a county, which lists its enterprises with their day; and in the production shape
# (workers, not tasks in-process) one read of the workers' heartbeats for the freshness stamp; and the header's
# unread-notices badge.
DASHBOARD_QUERIES = 17
ROWS_QUERIES = 10

PAGES = (
    ("dashboard", "/dashboard/{region}/", DASHBOARD_QUERIES),
    ("reports", "/dashboard/{region}/reports/?status=expected", ROWS_QUERIES),
    ("enterprises", "/dashboard/{region}/enterprises/?show=all", ROWS_QUERIES),
    ("problems", "/dashboard/{region}/problems/?show=open", ROWS_QUERIES),
    ("shuttles", "/dashboard/shuttles/?region={region}", ROWS_QUERIES),
    ("bulletins", "/dashboard/bulletins/?region={region}", ROWS_QUERIES),
    ("bulletin", "/dashboard/bulletins/{bulletin}/", ROWS_QUERIES),
)


def counts(client, region, bulletin) -> dict[str, int]:
    found = {}
    for name, url, _limit in PAGES:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url.format(region=region.pk, bulletin=bulletin.pk))
        assert response.status_code == 200, url
        found[name] = len(context.captured_queries)
    return found


def grow(regions, roster, furong_office):
    """Sixty days of summaries for every region, twenty more enterprises with reports, trips and bulletins."""
    for _ in range(20):
        enterprise = factories.make_enterprise(regions.furong)
        assignment = factories.make_assignment(factories.make_officer(regions.furong), enterprise)
        file(assignment, TODAY)
        shuttle_trip_log(actor=furong_office, day=TODAY, route_from="桂阳县", route_to="芙蓉区",
                         region=regions.furong, enterprises=[enterprise], workers_carried=10)
    summaries_rebuild(start=TODAY - timedelta(days=60), end=TODAY)
    for region in (regions.province, regions.changsha, regions.furong, regions.tianxin, regions.yuelu):
        for back in range(5):
            bulletin_generate(region=region, day=TODAY - timedelta(days=back))


@pytest.mark.parametrize("level", ["province", "changsha", "furong"])
def test_dashboard_pages_run_a_fixed_number_of_queries(level, world, regions, roster, furong_office, province_office,
                                                       client, settings, tmp_path, django_assert_max_num_queries):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the production shape on either pass (no task is queued here)
    region = getattr(regions, level)
    client.force_login(province_office)
    bulletin = bulletin_generate(region=region, day=TODAY)
    shuttle_trip_log(actor=furong_office, day=TODAY, route_from="永兴县", route_to="芙蓉区", region=regions.furong,
                     enterprises=[roster.furong_enterprise], workers_carried=12)
    small = counts(client, region, bulletin)
    grow(regions, roster, furong_office)
    large = counts(client, region, bulletin)
    assert large == small, "the query count grew with the data"
    for _name, url, limit in PAGES:
        with django_assert_max_num_queries(limit):
            client.get(url.format(region=region.pk, bulletin=bulletin.pk))


def test_a_day_download_adds_one_query_at_most(world, regions, province_office, client):
    client.force_login(province_office)
    with CaptureQueriesContext(connection) as page:
        client.get(f"/dashboard/{regions.changsha.pk}/")
    with CaptureQueriesContext(connection) as download:
        client.get(f"/dashboard/{regions.changsha.pk}/?xlsx=missing")
    assert len(download.captured_queries) <= len(page.captured_queries)
