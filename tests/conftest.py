"""Shared fixtures: the real Hunan region tree and the users every scoping test meets.

Three offices make every view test: `furong_office` (芙蓉区, the owner), `tianxin_office` (天心区, the sibling county:
the outsider) and `changsha_office` (长沙市, the city above both). `officer_user` is stationed in two 芙蓉区
enterprises; `roster` adds one enterprise and officer in 天心区 and one in another city.
"""

import os
import shutil
import threading
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from regions.choices import PostKind
from regions.models import Region
from regions.services import region_tree_load
from tests import factories

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_or_skip(available: bool, reason: str) -> None:
    """A test that needs a real service fails in CI when it is missing; on a laptop it skips with the reason."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)


SERVICE_FIXTURES = {"require_postgres", "require_redis", "celery_worker_on_redis"}


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL or Redis carry the `services` mark. On the embedded default (SQLite, no
    DATABASE_URL naming PostgreSQL) they are deselected, not skipped: they run in the pass on the production shape
    (a worker thread beside SQLite's in-memory test database only meets "database table is locked")."""
    for item in items:
        # A fault drill breaks servers of the production shape (its own Redis, PostgreSQL, worker, beat).
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("faults"):
            item.add_marker(pytest.mark.services)
    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("services") is None]
    deselected = [item for item in items if item.get_closest_marker("services") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
        config._services_deselected = len(deselected)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_services_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"{count} tests need PostgreSQL and Redis (marked services) and were left out on SQLite: run them with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison CELERY_BROKER_URL=redis://127.0.0.1:6379/0 "
            "make test")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production's PBKDF2 costs ~0.3 s a password; tests make dozens of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files_root(settings, tmp_path):
    """Uploaded imports and produced exports land in the test's own folder, never in the checkout's private/."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated public files (the evening bulletins' workbooks) land in the test's own folder, not the checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Queued tasks run in-process, on this thread, in every test of either pass (the PostgreSQL + Redis pass sets a
    broker, which would otherwise leave them waiting in Redis for no worker). A test of the production path asks for
    `celery_worker_on_redis` or a private broker, which turn this off for its own length."""
    from liaison_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def office_day_is_today(monkeypatch):
    """The office's screens open on reports.clock.office_day: yesterday until today's reports fall due. Most tests
    build their campaign on today and read those screens' default, so here that one choice reads the clock as late
    in the evening, whatever the hour the tests run at; `office_clock` sets another time."""
    from reports import clock

    monkeypatch.setattr(clock, "_office_clock", lambda: timezone.localtime().replace(hour=23, minute=59, second=0))


@pytest.fixture
def office_clock(monkeypatch):
    """`office_clock(hour, minute=0)`: the office's screens choose their day as at that local time today."""
    from reports import clock

    def _set(hour: int, minute: int = 0):
        moment = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
        monkeypatch.setattr(clock, "_office_clock", lambda: moment)
        return moment

    return _set


@pytest.fixture
def require_postgres():
    require_or_skip(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def require_chromium():
    require_or_skip(bool(shutil.which("chromium") or os.path.exists("/usr/bin/chromium")),
                    "needs Debian's chromium at /usr/bin/chromium")


REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_is_up(url: str = REDIS_TEST_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def require_redis():
    require_or_skip(redis_is_up(), f"needs Redis at {REDIS_TEST_URL}")


@pytest.fixture
def celery_worker_on_redis(transactional_db, require_redis):
    """A real Celery worker (in a thread) consuming from the real Redis broker: the production path, not eager.

    Tasks sent with .delay() inside the test travel through Redis to this worker; data must be committed first,
    hence transactional_db.
    """
    from celery.contrib.testing.worker import start_worker

    from liaison_portal.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    previous = {key: app.conf[key] for key in keys}
    # A queue of this test process's own: another test run on the same Redis must not take these tasks.
    queue = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    app.conf.update(broker_url=REDIS_TEST_URL, result_backend=REDIS_TEST_URL, task_always_eager=False,
                    task_default_queue=queue)
    _reset_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        app.conf.update(previous)
        _reset_connections(app)


def _reset_connections(app) -> None:
    """Drop pooled broker connections and the cached result backend so the next use reads the new URLs."""
    from kombu import pools

    # kombu keeps connection and producer pools in process-wide registries keyed by URL: clear them too, or a
    # closed pool would be handed out again to the next test.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    # Queues and routes are cached from the configuration on first use; forget them so the new queue name holds.
    for cached in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(cached, None)
    app.amqp._rtable = None
    # The result backend is cached per thread (the after-commit sender's thread too): forget every thread's.
    app._local = threading.local()


@dataclass
class Regions:
    province: Region
    changsha: Region
    furong: Region
    tianxin: Region
    yuelu: Region
    yuelu_park: Region
    zhuzhou: Region
    tianyuan: Region


@pytest.fixture
def regions(db) -> Regions:
    region_tree_load()
    by_code = {r.code: r for r in Region.objects.filter(
        code__in=["430000", "430100", "430102", "430103", "430104", "430104P01", "430200", "430211"])}
    return Regions(
        province=by_code["430000"],
        changsha=by_code["430100"],
        furong=by_code["430102"],
        tianxin=by_code["430103"],
        yuelu=by_code["430104"],
        yuelu_park=by_code["430104P01"],
        zhuzhou=by_code["430200"],
        tianyuan=by_code["430211"],
    )


@pytest.fixture
def furong_office(regions):
    return factories.make_office_user("furong-office", regions.furong)


@pytest.fixture
def tianxin_office(regions):
    return factories.make_office_user("tianxin-office", regions.tianxin)


@pytest.fixture
def changsha_office(regions):
    return factories.make_office_user("changsha-office", regions.changsha)


@pytest.fixture
def province_office(regions):
    return factories.make_office_user("province-office", regions.province)


@pytest.fixture
def organization_user(regions):
    return factories.make_office_user("changsha-org", regions.changsha, kind=PostKind.ORGANIZATION)


@pytest.fixture
def admin_user(db):
    user = factories.make_user("administrator", is_staff=True)
    user.is_superuser = True
    user.save()
    return user


@dataclass
class Roster:
    furong_enterprise: object
    furong_enterprise_2: object
    tianxin_enterprise: object
    zhuzhou_enterprise: object
    officer: object
    tianxin_officer: object
    zhuzhou_officer: object
    city_officer: object
    furong_assignment: object
    tianxin_assignment: object


@pytest.fixture
def roster(regions) -> Roster:
    furong_enterprise = factories.make_enterprise(regions.furong, "长沙芙蓉精密机械有限公司")
    furong_enterprise_2 = factories.make_enterprise(regions.furong, "湖南湘江食品有限公司")
    tianxin_enterprise = factories.make_enterprise(regions.tianxin, "长沙天心电子科技有限公司")
    zhuzhou_enterprise = factories.make_enterprise(regions.tianyuan, "株洲天元轨道装备有限公司")
    officer = factories.make_officer(regions.furong, username="officer-li", name="李明")
    tianxin_officer = factories.make_officer(regions.tianxin, username="officer-wang", name="王芳")
    zhuzhou_officer = factories.make_officer(regions.tianyuan, username="officer-zhao", name="赵强")
    # A city-dispatched officer commanded by the county: dual management.
    city_officer = factories.make_officer(regions.changsha, username="officer-city", name="陈刚")
    furong_assignment = factories.make_assignment(officer, furong_enterprise)
    factories.make_assignment(officer, furong_enterprise_2)
    tianxin_assignment = factories.make_assignment(tianxin_officer, tianxin_enterprise)
    factories.make_assignment(zhuzhou_officer, zhuzhou_enterprise)
    factories.make_assignment(city_officer, tianxin_enterprise, managing_region=regions.changsha)
    return Roster(
        furong_enterprise=furong_enterprise,
        furong_enterprise_2=furong_enterprise_2,
        tianxin_enterprise=tianxin_enterprise,
        zhuzhou_enterprise=zhuzhou_enterprise,
        officer=officer,
        tianxin_officer=tianxin_officer,
        zhuzhou_officer=zhuzhou_officer,
        city_officer=city_officer,
        furong_assignment=furong_assignment,
        tianxin_assignment=tianxin_assignment,
    )


@pytest.fixture
def officer_user(roster):
    return roster.officer.user


@pytest.fixture
def in_english(client):
    """The client's pages in English (new wording is checked so before its translation is merged). The last request
    leaves English active on this thread, so the default is put back for the tests that call services directly."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def login(client):
    """Log a user in through the real login form (django-axes sees it), returning the client."""

    def _login(user, password=factories.PASSWORD):
        response = client.post("/accounts/login/", {"username": user.username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login
