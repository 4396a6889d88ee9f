"""Test data built through the same services the product uses, so tests exercise the real rules."""

import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprises.services import enterprise_create
from enterprises.validators import credit_code_check_char
from officers.services import assignment_create, backing_unit_create, officer_create
from regions.choices import PostKind
from regions.models import Department, Region
from regions.services import department_create, post_grant

PASSWORD = "correct-horse-battery"
_sequence = itertools.count(1)


def next_number() -> int:
    return next(_sequence)


def valid_credit_code(region_code: str = "430102", serial: int | None = None) -> str:
    """A unified social credit code with a correct check character, unique per serial."""
    serial = next_number() if serial is None else serial
    first17 = f"91{region_code[:6]}{serial:08d}0"
    return first17 + credit_code_check_char(first17)


def wrong_check_char_code(region_code: str = "430102") -> str:
    """A well-formed code whose check character is wrong."""
    code = valid_credit_code(region_code)
    return code[:17] + ("1" if code[17] != "1" else "2")


def system_actor():
    """A superuser that services accept as the actor when a test only needs data to exist."""
    user_model = get_user_model()
    actor = user_model.objects.filter(username="system-actor").first()
    return actor or user_model.objects.create_superuser("system-actor", password=PASSWORD)


def make_user(username: str, *, full_name: str = "", is_staff: bool = False, password: str = PASSWORD):
    return get_user_model().objects.create_user(username, password=password, full_name=full_name or username,
                                                is_staff=is_staff)


def make_office_user(username: str, region: Region, *, kind: str = PostKind.LIAISON_OFFICE, is_staff: bool = True):
    user = make_user(username, is_staff=is_staff)
    post_grant(user=user, kind=kind, region=region)
    return user


def make_department(region: Region, name: str = "", kind: str = "tax") -> Department:
    return department_create(region=region, name=name or f"{region.name}税务局{next_number()}", kind=kind)


def make_department_user(username: str, department: Department):
    user = make_user(username)
    post_grant(user=user, kind=PostKind.DEPARTMENT, department=department)
    return user


def make_enterprise(region: Region, name: str = "", **fields):
    code = fields.pop("credit_code", None) or valid_credit_code(region.code[:6])
    return enterprise_create(actor=system_actor(), region=region, name=name or f"测试企业{next_number()}有限公司",
                             credit_code=code, **fields)


def make_backing_unit(region: Region, name: str = ""):
    name = name or f"{region.name}后盾单位{next_number()}"
    return backing_unit_create(actor=system_actor(), region=region, name=name)


def make_officer(region: Region, *, username: str = "", name: str = "", backing_unit=None, password: str = PASSWORD):
    number = next_number()
    return officer_create(
        actor=system_actor(),
        username=username or f"officer{number}",
        name=name or f"联络员{number}",
        phone=f"139{number:08d}",
        backing_unit=backing_unit or make_backing_unit(region),
        title="科员",
        password=password,
    )


def make_assignment(officer, enterprise, *, managing_region: Region | None = None, start_date: date | None = None,
                    end_date: date | None = None, **kwargs):
    return assignment_create(
        actor=system_actor(),
        officer=officer,
        enterprise=enterprise,
        managing_region=managing_region or enterprise.region,
        start_date=start_date or timezone.localdate() - timedelta(days=14),
        end_date=end_date,
        **kwargs,
    )
