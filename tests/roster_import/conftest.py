"""Roster import helpers: files in the template's Chinese headers, uploaded through the pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enterprise
from officers.models import Assignment, BackingUnit, Officer
from regions.models import Post
from spreadsheets.models import SpreadsheetJob
from tests import factories
from tests.spreadsheets import hostile

ENTERPRISE_HEADER = ["统一社会信用代码", "企业名称", "地区代码", "行业", "是否重点企业"]
OFFICER_HEADER = ["用户名", "联络员姓名", "手机号", "派出单位", "派出单位地区代码", "职务"]
ASSIGNMENT_HEADER = ["联络员用户名", "企业统一社会信用代码", "开始日期", "结束日期", "管理单位地区代码"]


def enterprise_rows(region_code: str = "430102", count: int = 3, start: int = 500_000) -> list[list[str]]:
    return [[factories.valid_credit_code(region_code, serial=start + n), f"芙蓉测试企业{start + n}有限公司",
             region_code, "制造业", "否"] for n in range(count)]


def roster_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    return {"enterprises": Enterprise.objects.count(), "officers": Officer.objects.count(),
            "assignments": Assignment.objects.count(), "users": get_user_model().objects.count(),
            "posts": Post.objects.count(), "units": BackingUnit.objects.count()}


def upload(client, kind: str, data: bytes, name: str = "名单.xlsx", follow: bool = True):
    return client.post("/roster/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)}, follow=follow)


def latest_job() -> SpreadsheetJob:
    return SpreadsheetJob.objects.order_by("-pk").first()


def text(response) -> str:
    """The page's text without tags, for messages that span markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def xlsx():
    return hostile.xlsx_bytes
