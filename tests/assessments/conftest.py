"""A Changsha round (长沙市 organisation department) over the roster: 芙蓉区's officer, 天心区's officer and the
city-dispatched officer stationed in 天心区. 株洲 officers are outside it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services import round_open
from regions.choices import PostKind
from tests import factories


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - timedelta(days=60), today


@pytest.fixture
def changsha_round(organization_user, roster, regions, period):
    return round_open(actor=organization_user, region=regions.changsha, name="2026年上半年考核",
                      period_start=period[0], period_end=period[1])


@pytest.fixture
def furong_organization(regions):
    return factories.make_office_user("furong-org", regions.furong, kind=PostKind.ORGANIZATION)


def add_officers(region, count: int, *, start=None):
    """`count` officers dispatched and stationed by `region`'s office, one enterprise each."""
    start = start or timezone.localdate() - timedelta(days=30)
    officers = []
    for _ in range(count):
        officer = factories.make_officer(region)
        factories.make_assignment(officer, factories.make_enterprise(region), start_date=start)
        officers.append(officer)
    return officers


def assessment_of(assessment_round, officer):
    return assessment_round.assessments.get(officer=officer)


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when the environment names a broker (CI's PostgreSQL and Redis pass)."""
    from liaison_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
