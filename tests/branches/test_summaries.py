"""A logged visit reaches the region-day summaries through the dirty marks, up the region tree."""

from django.utils import timezone

from branches.services import visit_log
from summaries.models import RegionDaySummary
from summaries.services import summaries_refresh_dirty


def test_visits_reach_the_summaries_of_the_enterprises_region_and_above(branch_world, roster, regions):
    today = timezone.localdate()
    for enterprise in (roster.furong_enterprise, roster.furong_enterprise, roster.furong_enterprise_2):
        visit_log(actor=roster.officer.user, member=branch_world.officer_member, enterprise=enterprise,
                  visited_on=today, checked="走访")
    summaries_refresh_dirty()
    for region in (regions.furong, regions.changsha, regions.province):
        row = RegionDaySummary.objects.get(region=region, day=today)
        assert (row.visits_logged, row.enterprises_visited) == (3, 2), region.name
    assert not RegionDaySummary.objects.filter(region=regions.tianxin, day=today, visits_logged__gt=0).exists()
