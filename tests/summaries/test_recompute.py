"""Summaries equal a direct aggregate over the source rows, for random data, for every region and day."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems.models import Problem
from regions.models import Region
from reports.models import DailyReport
from summaries.measures import MEASURES
from summaries.models import RegionDaySummary
from summaries.services import summaries_recompute

from .conftest import DAYS, build_world, worlds
from .reference import MEASURE_NAMES, assert_summaries_match, leaf_figures, stored_summaries

EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


class Rollback(Exception):
    """Raised at the end of an example so its rows vanish before the next one."""


def in_rollback(check):
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@EXAMPLES
@given(world=worlds)
def test_every_summary_row_equals_a_direct_aggregate_of_random_data(pool, world):
    def check():
        build_world(pool, world)
        summaries_recompute(days=DAYS)
        assert_summaries_match(DAYS)

    in_rollback(check)


@EXAMPLES
@given(world=worlds, changes=worlds, changed_days=st.sets(st.sampled_from(DAYS), min_size=1))
def test_recomputing_only_the_changed_regions_keeps_every_ancestor_right(pool, world, changes, changed_days):
    """Rows added later in a few regions: recomputing just their chains gives what a full rebuild gives."""

    def check():
        build_world(pool, world)
        summaries_recompute(days=DAYS)
        before = {(r, d) for r, d in DailyReport.objects.values_list("region_id", "day")}
        before |= {(p.enterprise.region_id, p.raised_on) for p in Problem.objects.select_related("enterprise")}
        DailyReport.objects.filter(day__in=changed_days).delete()
        build_world(pool, {**changes, "assignments": [], "exemptions": []})
        after = {(r, d) for r, d in DailyReport.objects.values_list("region_id", "day")}
        touched = {region for region, day in before | after if day in changed_days}
        touched |= {enterprise.region_id for enterprise in pool.enterprises}  # problems span days
        summaries_recompute(days=DAYS, region_ids=touched)
        assert_summaries_match(DAYS)

    in_rollback(check)


@EXAMPLES
@given(world=worlds)
def test_each_region_is_the_sum_of_its_children_and_its_own_enterprises(pool, world):
    def check():
        build_world(pool, world)
        summaries_recompute(days=DAYS)
        stored = stored_summaries(DAYS)
        own = leaf_figures(DAYS)
        children = {}
        for region_id, parent_id in Region.objects.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(region_id)
        for (region_id, day), row in stored.items():
            for name in MEASURE_NAMES:
                parts = [stored[(child, day)][name] for child in children.get(region_id, [])]
                assert row[name] == own.get((region_id, day), {}).get(name, 0) + sum(parts), (region_id, day, name)
            categories = Counter(own.get((region_id, day), {}).get("categories", {}))
            for child in children.get(region_id, []):
                categories.update(stored[(child, day)]["problems_new_by_category"])
            assert row["problems_new_by_category"] == {k: v for k, v in categories.items() if v}

    in_rollback(check)


@EXAMPLES
@given(world=worlds)
def test_recomputing_twice_leaves_identical_rows(pool, world):
    def check():
        build_world(pool, world)
        summaries_recompute(days=DAYS)
        first = stored_summaries(DAYS)
        ids = set(RegionDaySummary.objects.values_list("id", flat=True))
        summaries_recompute(days=DAYS)
        summaries_recompute(days=DAYS[1:3], region_ids=[pool.enterprises[0].region_id])
        assert stored_summaries(DAYS) == first
        assert set(RegionDaySummary.objects.values_list("id", flat=True)) == ids

    in_rollback(check)


def test_a_row_that_lost_its_sources_goes_back_to_zero(pool):
    build_world(pool, {"assignments": [(0, 0, 0, None)], "exemptions": [], "problems": [],
                       "reports": [(0, 0, 1, {"resumed": True, "masks_days": 1, "suspected_cases": 1,
                                               "workers_on_duty": 40, "workers_missing": 2, "open_positions": 3,
                                               "is_late": False})]})
    summaries_recompute(days=DAYS)
    furong = pool.enterprises[0].region
    assert RegionDaySummary.objects.get(region=furong, day=DAYS[1]).workers_on_duty == 40
    DailyReport.objects.all().delete()
    summaries_recompute(days=[DAYS[1]], region_ids=[furong.pk])
    row = RegionDaySummary.objects.get(region=furong, day=DAYS[1])
    assert (row.workers_on_duty, row.reports_filed, row.reports_missing) == (0, 0, 1)
    assert RegionDaySummary.objects.get(region=pool.province, day=DAYS[1]).workers_on_duty == 0


@pytest.mark.parametrize("regions_given", [False, True])
def test_recompute_is_one_statement_whatever_the_number_of_regions_and_days(pool, regions_given):
    build_world(pool, {"assignments": [(0, 0, 0, None), (1, 4, -1, 2)], "exemptions": [], "problems": [],
                       "reports": []})
    region_ids = [pool.enterprises[0].region_id] if regions_given else None
    with CaptureQueriesContext(connection) as one_day:
        summaries_recompute(days=DAYS[:1], region_ids=region_ids)
    many = [e.region_id for e in pool.enterprises] if regions_given else None
    with CaptureQueriesContext(connection) as many_days:
        summaries_recompute(days=DAYS + [DAYS[-1] + timedelta(days=n) for n in range(1, 60)], region_ids=many)
    assert len(one_day) == len(many_days) == 1, "\n".join(q["sql"][:200] for q in many_days.captured_queries)


def test_every_measure_is_a_column_and_every_count_column_a_measure():
    count_columns = {field.name for field in RegionDaySummary._meta.concrete_fields
                     if field.get_internal_type() in ("PositiveIntegerField", "PositiveBigIntegerField")}
    assert count_columns == {measure.name for measure in MEASURES}
    assert len(MEASURES) == len({measure.name for measure in MEASURES})
