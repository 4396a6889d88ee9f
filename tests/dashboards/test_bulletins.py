"""The daily bulletin (日总结): built from the summary rows each evening for every office, idempotent, printable and
downloadable as xlsx; the evening task eagerly and through a real worker on Redis."""

from io import BytesIO
from time import monotonic, sleep

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from dashboards.models import Bulletin
from dashboards.services import bulletin_generate, bulletin_regions
from dashboards.tasks import bulletins_generate_task
from operations.schedule import daily_job

from .conftest import TODAY, YESTERDAY, summary


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_every_region_with_enterprises_gets_a_bulletin(world, regions):
    names = {region.name for region in bulletin_regions()}
    assert names == {"湖南省", "长沙市", "芙蓉区", "天心区", "株洲市", "天元区"}


def test_the_bulletin_holds_the_days_figures_the_lowest_regions_and_the_problems(world, regions):
    bulletin = bulletin_generate(region=regions.changsha, day=TODAY)
    data = bulletin.data
    changsha = summary(regions.changsha)
    assert data["figures"]["reports_expected"] == changsha.reports_expected
    assert data["figures"]["reporting_rate"] == changsha.reporting_rate
    assert data["previous"]["reports_filed"] == summary(regions.changsha, YESTERDAY).reports_filed
    assert [row["name"] for row in data["lowest"]] == ["芙蓉区", "天心区"]  # 50 % before 100 %
    assert data["lowest"][0]["reports_missing"] == 1
    assert [p["id"] for p in data["new_problems"]] == [world.new_problem.pk]
    assert [p["id"] for p in data["overdue_problems"]] == [world.overdue_problem.pk]
    assert data["new_by_category"] == {"labour": 1}


def test_generating_again_replaces_the_same_days_bulletin(world, regions, media, django_capture_on_commit_callbacks):
    first = bulletin_generate(region=regions.furong, day=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = bulletin_generate(region=regions.furong, day=TODAY)
    assert Bulletin.objects.filter(region=regions.furong, day=TODAY).count() == 1
    assert second.pk == first.pk and second.generated_at >= first.generated_at
    assert (media / second.xlsx.name).exists()
    assert not (media / first.xlsx.name).exists()  # the replaced file is deleted once the new one is committed


def test_the_evening_task_writes_every_offices_bulletin_eagerly_and_idempotently(world, regions):
    # apply(): run here and now, whatever the broker settings of the test run.
    assert bulletins_generate_task.apply(args=[TODAY.isoformat()]).get() == 6
    assert bulletins_generate_task.apply(args=[TODAY.isoformat()]).get() == 6
    assert Bulletin.objects.filter(day=TODAY).count() == 6
    assert bulletins_generate_task.apply().get() == 6  # no day: today


def test_the_beat_runs_it_in_the_evening():
    job = daily_job("dashboards-bulletins")
    assert job.task == bulletins_generate_task.name
    assert job.at.hour == django_settings.BULLETIN_HOUR == 21


def test_the_bulletin_page_prints_and_its_xlsx_opens(world, regions, changsha_office, client):
    bulletin = bulletin_generate(region=regions.changsha, day=TODAY)
    client.force_login(changsha_office)
    page = client.get(f"/dashboard/bulletins/{bulletin.pk}/")
    body = page.content.decode()
    assert "长沙市驻企办工作日总结" in body and "window.print()" in body
    assert "报送率最低" in body and world.new_problem.enterprise.name in body
    response = client.get(f"/dashboard/bulletins/{bulletin.pk}/xlsx/")
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["主要指标", "报送率最低地区", "新增问题", "逾期问题"]
    figures = book["主要指标"]
    rows = [list(row) for row in figures.iter_rows(values_only=True)]
    assert rows[2] == ["指标", "当日", "前一日"] and figures.freeze_panes == "A4"
    assert ["应报", summary(regions.changsha).reports_expected, summary(regions.changsha, YESTERDAY).reports_expected] \
        in rows
    overdue = [list(row) for row in book["逾期问题"].iter_rows(values_only=True)]
    assert overdue[3][0] == world.overdue_problem.enterprise.name


def test_the_evening_task_runs_through_a_real_worker(celery_worker_on_redis, world, regions):
    result = bulletins_generate_task.delay(TODAY.isoformat())
    deadline = monotonic() + 30
    while Bulletin.objects.filter(day=TODAY).count() < 6:
        assert monotonic() < deadline, "the worker never wrote the bulletins"
        sleep(0.2)
    assert result.get(timeout=10) == 6
    assert Bulletin.objects.get(region=regions.province, day=TODAY).data["figures"]["reports_expected"] == \
        summary(regions.province).reports_expected
