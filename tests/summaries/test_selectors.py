"""What dashboards read: a region's children on a day and a region's trend, one query each, scoped to the reader."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regions.scoping import scope_for
from summaries.models import RegionDaySummary
from summaries.selectors import summary_children, summary_trend
from summaries.services import summaries_rebuild

TODAY = timezone.localdate()


def test_the_province_reads_its_cities_and_its_trend_in_one_query_each(regions, roster, province_office):
    summaries_rebuild(start=TODAY - timedelta(days=29), end=TODAY)
    scope_for(province_office)  # the reader's posts, looked up once per request
    with CaptureQueriesContext(connection) as queries:
        children = list(summary_children(region=regions.province, day=TODAY, fetched_by=province_office))
        names = [row.region.name for row in children]
    assert len(queries) == 1
    assert len(children) == 14 and "长沙市" in names
    with CaptureQueriesContext(connection) as queries:
        trend = list(summary_trend(region=regions.province, start=TODAY - timedelta(days=29), end=TODAY,
                                   fetched_by=province_office))
    assert len(queries) == 1
    assert [row.day for row in trend] == [TODAY - timedelta(days=n) for n in range(29, -1, -1)]
    assert trend[-1].reports_expected == 5


def test_a_county_office_reads_only_its_own_subtree(regions, roster, furong_office, tianxin_office):
    summaries_rebuild(start=TODAY, end=TODAY)
    city = summary_children(region=regions.changsha, day=TODAY, fetched_by=furong_office)
    assert [row.region for row in city] == [regions.furong]  # its own row among the city's, not its siblings'
    assert not summary_trend(region=regions.tianxin, start=TODAY, end=TODAY, fetched_by=furong_office).exists()
    own = summary_trend(region=regions.furong, start=TODAY, end=TODAY, fetched_by=furong_office).get()
    assert own.reports_expected == 2 and own.reporting_rate == 0.0
    visible = set(RegionDaySummary.objects.visible_to(tianxin_office).values_list("region__code", flat=True))
    assert visible == {"430103"}
