"""Stale region-days and the tasks: every saved report is marked by the database's triggers and caught up, by the
queued refresh, the beat or the nightly close; a burst queues a handful of refreshes; a dead broker costs nothing
but a log line."""

import logging
from datetime import timedelta
from time import monotonic, sleep

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import summaries.services
import summaries.tasks
from liaison_portal.celery import app
from liaison_portal.queueing import drain_outbox
from reports.models import DailyReport
from reports.services import report_submit
from summaries.models import RegionDaySummary, StaleRegionDays
from summaries.services import stale_days_by_region, summaries_refresh_dirty
from summaries.signals import REFRESH_COALESCE_KEY as SUMMARY_REFRESH_COALESCE_KEY
from summaries.signals import REFRESH_TASK as SUMMARY_REFRESH_TASK
from summaries.tasks import summaries_close_day_task, summaries_refresh_task, summaries_refresh_today_task
from tests import factories
from tests.conftest import _reset_connections
from tests.reports.conftest import VALUES, at

from .reference import assert_summaries_match

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


def wait_for(condition, failure: str, seconds: float = 30) -> None:
    deadline = monotonic() + seconds
    while not condition():
        assert monotonic() < deadline, failure
        sleep(0.2)


def stale_days(region) -> set:
    """The days of `region` that the stale marks ask to recompute."""
    marks = StaleRegionDays.objects.filter(region=region).values_list("pk", "region_id", "first_day", "last_day")
    return set(stale_days_by_region(marks, today=TODAY))


def mark(region, day) -> None:
    """A mark as the triggers write it (a change committed by another request)."""
    StaleRegionDays.objects.create(region=region, first_day=day, last_day=day, marked_at=timezone.now())


def filed_today(region) -> int | None:
    row = RegionDaySummary.objects.filter(region=region, day=TODAY).first()
    return None if row is None else row.reports_filed


def test_a_filed_report_marks_its_region_day_and_the_refresh_catches_up(regions, roster, file_report):
    StaleRegionDays.objects.all().delete()  # the roster's own assignments marked their days
    file_report()
    assert list(StaleRegionDays.objects.values_list("region_id", "first_day", "last_day")) == [
        (regions.furong.pk, TODAY, TODAY)]
    assert filed_today(regions.furong) is None

    assert summaries_refresh_dirty() == 1

    assert not StaleRegionDays.objects.exists()
    assert [filed_today(r) for r in (regions.furong, regions.changsha, regions.province)] == [1, 1, 1]
    assert filed_today(regions.tianxin) is None  # outside the dirty chain: untouched
    assert_summaries_match([TODAY], every_region=False)


def test_a_mark_made_during_the_recompute_survives_for_the_next_run(regions, roster, file_report, monkeypatch):
    file_report()
    real_recompute = summaries.services.summaries_recompute

    def recompute_while_others_file(**kwargs):
        # Another request commits while the recompute runs: the same bucket again, and a new one.
        mark(regions.furong, TODAY)
        mark(regions.tianxin, TODAY)
        real_recompute(**kwargs)

    monkeypatch.setattr(summaries.services, "summaries_recompute", recompute_while_others_file)
    summaries_refresh_dirty()
    assert set(StaleRegionDays.objects.values_list("region_id", flat=True)) == {regions.furong.pk,
                                                                              regions.tianxin.pk}

    monkeypatch.setattr(summaries.services, "summaries_recompute", real_recompute)
    summaries_refresh_dirty()
    assert not StaleRegionDays.objects.exists()


def test_a_refresh_is_a_fixed_number_of_statements(regions, roster, file_report):
    file_report()
    with CaptureQueriesContext(connection) as few:
        summaries_refresh_dirty(also_days=[TODAY])
    for n in range(1, 20):
        for region in (regions.furong, regions.tianxin, regions.yuelu_park):
            mark(region, TODAY - timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        summaries_refresh_dirty(also_days=[TODAY])
    # Recompute the whole days, read the marks, recompute the stale chains (one set of regions), forget the marks.
    assert len(few) <= len(many) == 4


def test_the_refresh_task_releases_the_coalescing_key_before_it_refreshes(regions, roster, file_report,
                                                                         monkeypatch):
    StaleRegionDays.objects.all().delete()
    file_report()
    cache.set(SUMMARY_REFRESH_COALESCE_KEY, "queued")
    seen = []
    real_refresh = summaries.tasks.summaries_refresh_dirty

    def refresh(**kwargs):
        seen.append(cache.get(SUMMARY_REFRESH_COALESCE_KEY))
        return real_refresh(**kwargs)

    monkeypatch.setattr(summaries.tasks, "summaries_refresh_dirty", refresh)
    assert summaries_refresh_task.apply().get() == 1  # eagerly
    assert seen == [None]
    assert filed_today(regions.furong) == 1


def test_the_beat_refresh_recomputes_all_of_today_without_any_mark(regions, roster):
    StaleRegionDays.objects.all().delete()
    assert summaries_refresh_today_task.apply().get() == 0
    assert RegionDaySummary.objects.filter(day=TODAY).count() == regions.province.subtree().count()
    assert RegionDaySummary.objects.get(region=regions.province, day=TODAY).reports_expected == 5
    assert_summaries_match([TODAY])


def test_the_nightly_close_recomputes_the_whole_previous_day(regions, roster, file_report):
    file_report(day=YESTERDAY, now=at(YESTERDAY, 21))
    StaleRegionDays.objects.all().delete()  # as if the mark had been lost: the close does not need it
    summaries_close_day_task.apply().get()
    assert RegionDaySummary.objects.filter(day=YESTERDAY).count() == regions.province.subtree().count()
    furong = RegionDaySummary.objects.get(region=regions.furong, day=YESTERDAY)
    assert (furong.reports_filed, furong.reports_late, furong.reports_missing) == (1, 1, 1)
    summaries_close_day_task.apply(kwargs={"day": TODAY.isoformat()}).get()
    assert_summaries_match([YESTERDAY, TODAY])


def test_backfill_command_recomputes_a_date_range(regions, roster, file_report, capsys):
    file_report(day=YESTERDAY, now=at(YESTERDAY, 12))
    call_command("summaries_backfill", "--start", (TODAY - timedelta(days=6)).isoformat(), "--end", TODAY.isoformat())
    days = [TODAY - timedelta(days=n) for n in range(7)]
    assert_summaries_match(days)
    assert "7 days" in capsys.readouterr().out
    call_command("summaries_backfill")  # default: from the first assignment's start to today
    assert RegionDaySummary.objects.filter(region=regions.province).count() == 15


def test_the_refresh_runs_through_redis_and_a_real_worker(celery_worker_on_redis, regions, roster, officer_user):
    """The production path: the report's transaction marks, commits, queues (5 s later), a worker refreshes."""
    cache.delete(SUMMARY_REFRESH_COALESCE_KEY)
    report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY, values=VALUES,
                  now=at(TODAY, 12))
    wait_for(lambda: filed_today(regions.furong) == 1, "the queued refresh never ran")
    assert filed_today(regions.province) == 1
    assert not StaleRegionDays.objects.exists()
    summaries_refresh_today_task.delay()  # the beat's task, through the same worker
    wait_for(lambda: RegionDaySummary.objects.filter(day=TODAY).count() == regions.province.subtree().count(),
             "the beat's refresh never ran")


@pytest.mark.services
def test_a_burst_of_500_reports_in_one_county_queues_a_handful_of_refreshes(
        broker_on_private_redis, regions, django_capture_on_commit_callbacks):
    """Counted where it matters: messages that reached a real Redis broker (no worker consumes them meanwhile)."""
    enterprises = [factories.make_enterprise(regions.furong) for _ in range(50)]
    assignments = [factories.make_assignment(factories.make_officer(regions.furong), enterprise)
                   for enterprise in enterprises]
    days = [TODAY - timedelta(days=n) for n in range(10)]
    published = []

    def count(sender=None, **kwargs):
        if sender == SUMMARY_REFRESH_TASK:
            published.append(monotonic())

    cache.delete(SUMMARY_REFRESH_COALESCE_KEY)
    after_task_publish.connect(count, weak=False)
    started = monotonic()
    try:
        for day in days:
            for assignment in assignments:
                with django_capture_on_commit_callbacks(execute=True):
                    report_submit(actor=assignment.officer.user, assignment=assignment, day=day, values=VALUES,
                                  now=at(day, 12))
        assert drain_outbox(10), "the sender thread never delivered the queued refreshes"
    finally:
        after_task_publish.disconnect(count)
    burst = monotonic() - started

    assert DailyReport.objects.count() == 500
    print(f"500 reports in {burst:.1f} s queued {len(published)} refresh(es)")
    queued = redis.Redis.from_url(broker_on_private_redis.url).llen("celery")
    # One refresh per coalescing window (30 s), however many reports: not 500.
    assert 1 <= len(published) == queued <= 1 + int(burst // 30) + 1, (len(published), queued, burst)
    assert stale_days(regions.furong) >= set(days)

    summaries_refresh_task.apply()  # what the worker does with the queued message
    assert cache.get(SUMMARY_REFRESH_COALESCE_KEY) is None
    rows = RegionDaySummary.objects.filter(region=regions.furong, day__in=days)
    assert sorted(rows.values_list("reports_filed", flat=True)) == [50] * 10
    assert not StaleRegionDays.objects.exists()


@pytest.mark.services
def test_with_the_broker_down_a_report_is_saved_fast_and_the_next_run_catches_up(
        broker_on_private_redis, transactional_db, regions, roster, officer_user, caplog):
    """A real Redis stopped and started again: the request does not wait for it, and nothing is lost."""
    broker = broker_on_private_redis
    cache.delete(SUMMARY_REFRESH_COALESCE_KEY)
    broker.stop()

    started = monotonic()
    with caplog.at_level(logging.WARNING, logger="liaison_portal.queueing"):
        report = report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY, values=VALUES,
                               now=at(TODAY, 12))  # commits, hands the refresh to the sender thread
        took = monotonic() - started
        drain_outbox(10)  # the sender waits out the dead broker's timeouts, off the request's thread
    print(f"filed in {took:.2f} s with the broker down")
    assert took < 3, f"filing a report took {took:.2f} s with the broker down"
    assert "could not queue" in caplog.text
    assert DailyReport.objects.filter(pk=report.pk).exists()
    assert TODAY in stale_days(regions.furong)
    assert filed_today(regions.furong) is None

    broker.start()
    _reset_connections(app)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        summaries_refresh_today_task.delay()  # the beat's next run, through the worker
        wait_for(lambda: not StaleRegionDays.objects.exists(), "the beat's refresh never ran")
    assert filed_today(regions.furong) == filed_today(regions.province) == 1
