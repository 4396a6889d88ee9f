"""The problem ledger's cast: departments of 芙蓉区 and 天心区 with their staff, and a helper to raise problems.

`furong_tax` is where tax problems go in 芙蓉区 (its staff: `tax_staff`); `furong_health` co-handles or leads
epidemic problems; `tianxin_tax` is the sibling county's department (its staff must never see 芙蓉区 problems).
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from problems.services import problem_raise
from regions.services import department_create
from tests import factories
from workcalendar.services import calendar_import


@pytest.fixture(autouse=True)
def real_calendar(db):
    """The migration loads the calendar; a transactional test may have flushed it since, so load it again."""
    calendar_import()


@dataclass
class Departments:
    furong_tax: object
    furong_health: object
    tianxin_tax: object
    changsha_industry: object
    province_industry: object


@pytest.fixture
def departments(regions) -> Departments:
    return Departments(
        furong_tax=department_create(region=regions.furong, name="芙蓉区税务局", kind="tax"),
        furong_health=department_create(region=regions.furong, name="芙蓉区卫生健康局", kind="health"),
        tianxin_tax=department_create(region=regions.tianxin, name="天心区税务局", kind="tax"),
        changsha_industry=department_create(region=regions.changsha, name="长沙市工业和信息化局", kind="industry"),
        province_industry=department_create(region=regions.province, name="湖南省工业和信息化厅", kind="industry"),
    )


@pytest.fixture
def tax_staff(departments):
    return factories.make_department_user("furong-tax-clerk", departments.furong_tax)


@pytest.fixture
def health_staff(departments):
    return factories.make_department_user("furong-health-clerk", departments.furong_health)


@pytest.fixture
def tianxin_tax_staff(departments):
    return factories.make_department_user("tianxin-tax-clerk", departments.tianxin_tax)


@pytest.fixture
def raise_problem(roster):
    """Raise a problem through the service, as the officer stationed there (furong by default)."""

    def _raise(enterprise=None, *, officer=None, category="tax_fees", description="企业申请缓缴社保费，需税务部门协调",
               **kwargs):
        officer = officer or roster.officer
        return problem_raise(actor=officer.user, officer=officer, enterprise=enterprise or roster.furong_enterprise,
                             category=category, description=description, **kwargs)

    return _raise


@pytest.fixture
def frozen_today(monkeypatch):
    """Make timezone.localdate() answer a fixed day (the services' "today"); returns the setter."""
    real_localdate = timezone.localdate

    def _freeze(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day if value is None
                            else real_localdate(value, timezone))
        return day

    return _freeze
