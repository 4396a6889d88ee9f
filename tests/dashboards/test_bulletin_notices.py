"""A bulletin published tells its own office's staff, once per bulletin (a rebuild tells nobody again), in the
bulletin's transaction; through the evening task eagerly and through a real worker."""

import pytest
from django.db import transaction
from django.urls import reverse

from dashboards.models import Bulletin
from dashboards.services import bulletin_generate
from dashboards.tasks import bulletins_generate_task
from notifications.choices import NoticeKind
from notifications.models import Delivery, Notice

from .conftest import TODAY


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def offices(furong_office, tianxin_office, changsha_office, province_office):
    return {"430102": furong_office, "430103": tianxin_office, "430100": changsha_office, "430000": province_office}


def told(user) -> list[tuple[str, str]]:
    return list(Notice.objects.filter(recipient=user, kind=NoticeKind.BULLETIN_PUBLISHED)
                .values_list("url", "dedupe_key"))


def test_the_bulletin_tells_its_own_office_once_and_no_other(world, regions, offices, roster):
    bulletin = bulletin_generate(region=regions.furong, day=TODAY)
    assert told(offices["430102"]) == [(reverse("dashboards:bulletin", args=[bulletin.pk]), f"bulletin:{bulletin.pk}")]
    notice = Notice.objects.get(recipient=offices["430102"])
    assert "芙蓉区" in notice.title and TODAY.isoformat() in notice.title
    assert notice.body  # the day's headline figures
    # The city above may read the county's bulletin, but the county's own office is the one told.
    for code in ("430103", "430100", "430000"):
        assert told(offices[code]) == []
    assert not Notice.objects.filter(recipient=roster.officer.user).exists()


def test_rebuilding_the_bulletin_tells_nobody_again(world, regions, offices):
    first = bulletin_generate(region=regions.furong, day=TODAY)
    deliveries = Delivery.objects.count()
    second = bulletin_generate(region=regions.furong, day=TODAY)
    assert second.pk == first.pk
    assert Notice.objects.filter(kind=NoticeKind.BULLETIN_PUBLISHED).count() == 1
    assert Delivery.objects.count() == deliveries


def test_a_bulletin_rolled_back_tells_nobody_and_sends_nothing(world, regions, offices,
                                                               django_capture_on_commit_callbacks):
    offices["430102"].email = "office@furong.gov.cn"
    offices["430102"].save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            bulletin_generate(region=regions.furong, day=TODAY)
            raise RuntimeError("the evening run failed after the bulletin")
    assert not Bulletin.objects.exists()
    assert not Notice.objects.exists() and not Delivery.objects.exists() and not callbacks


def test_the_evening_task_tells_every_office_its_own_bulletin_once(world, regions, offices, client,
                                                                   django_capture_on_commit_callbacks):
    offices["430102"].email = "office@furong.gov.cn"
    offices["430102"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins_generate_task.apply(args=[TODAY.isoformat()]).get() == 6
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins_generate_task.apply(args=[TODAY.isoformat()]).get() == 6  # rebuilt, nobody told again
    for code, office in offices.items():
        bulletin = Bulletin.objects.get(region__code=code, day=TODAY)
        assert told(office) == [(f"/dashboard/bulletins/{bulletin.pk}/", f"bulletin:{bulletin.pk}")]
    assert Notice.objects.count() == 4  # 株洲市 and 天元区 have bulletins but no office staff here
    # The office with an address got its e-mail (bulletins go by e-mail by default), once.
    assert list(Delivery.objects.values_list("notice__recipient", "channel", "status")) == [
        (offices["430102"].pk, "email", "sent")]
    client.force_login(offices["430102"])
    notice = Notice.objects.get(recipient=offices["430102"])
    response = client.get(notice.url)
    assert response.status_code == 200 and "芙蓉区" in response.content.decode()


def test_the_evening_task_through_a_real_worker_tells_the_offices(celery_worker_on_redis, world, regions, offices):
    assert bulletins_generate_task.delay(TODAY.isoformat()).get(timeout=60) == 6
    assert Notice.objects.filter(kind=NoticeKind.BULLETIN_PUBLISHED).count() == 4
    assert bulletins_generate_task.delay(TODAY.isoformat()).get(timeout=60) == 6
    assert Notice.objects.filter(kind=NoticeKind.BULLETIN_PUBLISHED).count() == 4
