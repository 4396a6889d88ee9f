"""Open positions by industry: the JSON breakdown equals a direct aggregate of random data and adds up to the
`open_positions` measure, in every region and on every day (a task force's largest figure counts once)."""

from collections import Counter, defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enterprises.choices import Industry
from enterprises.models import Enterprise
from regions.models import Region
from reports.models import DailyReport
from summaries.models import RegionDaySummary
from summaries.services import summaries_recompute

from .conftest import DAYS, build_world, worlds
from .test_recompute import in_rollback

EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])
industries = st.lists(st.sampled_from([Industry.MANUFACTURING, Industry.FOOD, Industry.LOGISTICS]), min_size=7,
                      max_size=7)


def direct_breakdown() -> dict[tuple[int, object], Counter]:
    """{(region id, day): {industry: positions}} the slow way: each enterprise's largest figure of the day, added up
    in its region and every region above it."""
    largest: dict[tuple[int, object], int] = defaultdict(int)
    for report in DailyReport.objects.filter(day__in=DAYS):
        key = (report.enterprise_id, report.day)
        largest[key] = max(largest[key], report.open_positions)
    enterprises = {e.pk: e for e in Enterprise.objects.select_related("region")}
    regions = list(Region.objects.all())
    breakdown: dict[tuple[int, object], Counter] = defaultdict(Counter)
    for (enterprise_id, day), positions in largest.items():
        enterprise = enterprises[enterprise_id]
        for region in regions:
            if positions and region.contains(enterprise.region):
                breakdown[(region.pk, day)][enterprise.industry] += positions
    return breakdown


@EXAMPLES
@given(world=worlds, chosen=industries)
def test_the_breakdown_equals_a_direct_aggregate_and_adds_up(pool, world, chosen):
    def check():
        for enterprise, industry in zip(pool.enterprises, chosen, strict=True):
            Enterprise.objects.filter(pk=enterprise.pk).update(industry=industry)
        build_world(pool, world)
        summaries_recompute(days=DAYS)
        expected = direct_breakdown()
        for row in RegionDaySummary.objects.filter(day__in=DAYS):
            stored = {industry: int(n) for industry, n in row.open_positions_by_industry.items()}
            assert stored == dict(expected.get((row.region_id, row.day), {})), (row.region_id, row.day)
            assert sum(stored.values()) == row.open_positions

    in_rollback(check)


def test_recomputing_twice_gives_the_same_breakdown(pool):
    Enterprise.objects.filter(pk=pool.enterprises[0].pk).update(industry=Industry.FOOD)
    build_world(pool, {"assignments": [(0, 0, 0, None), (1, 0, 0, None)], "exemptions": [],
                       "reports": [(0, 0, 1, {"resumed": True, "masks_days": 5, "suspected_cases": 0,
                                              "workers_on_duty": 50, "workers_missing": 2, "open_positions": 12,
                                              "is_late": False}),
                                   (1, 0, 1, {"resumed": True, "masks_days": 5, "suspected_cases": 0,
                                              "workers_on_duty": 40, "workers_missing": 1, "open_positions": 9,
                                              "is_late": False})],
                       "problems": []})
    summaries_recompute(days=DAYS)
    first = dict(RegionDaySummary.objects.filter(day=DAYS[1]).values_list("region_id", "open_positions_by_industry"))
    summaries_recompute(days=DAYS)
    again = dict(RegionDaySummary.objects.filter(day=DAYS[1]).values_list("region_id", "open_positions_by_industry"))
    assert first == again
    assert first[pool.province.pk] == {"food": 12}  # two officers of one enterprise: the larger figure, once
