"""Hostile files uploaded through the import page: each gets a clear message and leaves the database untouched."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enterprise
from spreadsheets.choices import JobStatus
from tests.roster_import.conftest import (
    ENTERPRISE_HEADER,
    enterprise_rows,
    latest_job,
    roster_counts,
    text,
    upload,
)
from tests.spreadsheets import hostile

pytestmark = pytest.mark.usefixtures("private_files")


@pytest.fixture
def office(furong_office, client, settings):
    settings.ROSTER_IMPORT_INLINE_MAX_KB = 100 * 1024  # every check in the request here; test_tasks.py covers Celery
    client.force_login(furong_office)
    return client


def refused(client, data: bytes, name: str = "名单.xlsx", kind: str = "enterprises") -> str:
    counts = roster_counts()
    body = text(upload(client, kind, data, name))
    assert roster_counts() == counts, "a refused file must leave the database untouched"
    return body


def test_wrong_and_missing_columns_are_listed(office, regions):
    body = refused(office, hostile.xlsx_bytes([["企业名称", "电话", "地区代码"], ["甲", "1", "430102"]]))
    assert "缺少必填列：统一社会信用代码。" in body
    assert "无法识别的列：电话。" in body
    assert latest_job().status == JobStatus.FAILED


@pytest.mark.parametrize("data", [b"<html><body>login</body></html>", bytes(range(256)) * 100])
def test_a_file_named_xlsx_that_is_not_a_spreadsheet(office, regions, data):
    assert "该文件不是可读取的表格（或已损坏）" in refused(office, data)


def test_a_million_row_csv_is_refused_quickly(office, regions):
    data = ("统一社会信用代码,企业名称,地区代码\n" + "1,甲,430102\n" * 1_000_000).encode()
    started = time.monotonic()
    body = refused(office, data, "百万行.csv")
    assert time.monotonic() - started < 10
    assert "文件数据超过 100,000 行" in body


def test_a_million_row_xlsx_is_refused_quickly(office, regions):
    data = hostile.million_row_xlsx(["统一社会信用代码", "企业名称", "地区代码"])
    started = time.monotonic()
    assert "文件数据超过 100,000 行" in refused(office, data)
    assert time.monotonic() - started < 5


def test_a_zip_bomb_is_refused(office, regions):
    body = refused(office, hostile.zip_bomb_xlsx(megabytes=300))
    assert "文件打开后将解压为 300 MB，超过允许的 200 MB" in body


@pytest.mark.parametrize("dtd, reference", [(hostile.BILLION_LAUGHS_DTD, "&lol9;"),
                                            (hostile.EXTERNAL_ENTITY_DTD, "&xxe;")])
@pytest.mark.parametrize("where", ["sheet", "sharedStrings"])
def test_xml_entity_tricks_are_refused(office, regions, dtd, reference, where):
    data = hostile.entity_xlsx(["统一社会信用代码", "企业名称", "地区代码"], where=where, dtd=dtd, reference=reference)
    body = refused(office, data)
    assert "文件含有 XML 实体声明，不予接收" in body and "root:" not in body


def test_formulas_in_cells_are_never_evaluated(office, regions):
    row = enterprise_rows(count=1)[0]
    text_formula = [row[0], '=HYPERLINK("http://evil.example","点击")', "430102", "", "否"]
    body = refused(office, hostile.xlsx_bytes([ENTERPRISE_HEADER, text_formula], text_cells=[(2, 2)]))
    assert "第 2 行“企业名称”列含有公式" in body
    formula_cell = [row[0], "=1+1", "430102", "", "否"]  # no saved value: read as empty, never evaluated
    assert "2 企业名称 该字段是必填项。" in refused(office, hostile.xlsx_bytes([ENTERPRISE_HEADER, formula_cell]))


def test_a_50_mb_upload_is_refused_by_the_page_without_a_500(office, regions, settings, private_files):
    counts = roster_counts()
    response = office.post("/roster/import/", {
        "kind": "enterprises", "file": SimpleUploadedFile("大文件.xlsx", b"\0" * (50 * 1024 * 1024))})
    assert response.status_code == 200
    assert "文件超过 20 MB，未被接收" in text(response)
    assert roster_counts() == counts
    assert not private_files.exists() or not any(private_files.rglob("*.xlsx"))


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_csv_from_chinese_offices_imports(office, regions, encoding):
    rows = enterprise_rows(count=2, start=600_000 + len(encoding))
    data = hostile.csv_bytes([ENTERPRISE_HEADER, *rows], encoding=encoding)
    assert "没有问题：新增 2 行" in text(upload(office, "enterprises", data, "名单.csv"))
    body = text(office.post(f"/roster/import/{latest_job().pk}/confirm/", follow=True))
    assert "导入完成：新增 2 行" in body
    assert Enterprise.objects.filter(name=rows[1][1]).exists()


def test_a_csv_mixing_encodings_is_refused_naming_the_row(office, regions):
    rows = enterprise_rows(count=2)
    data = hostile.csv_bytes([ENTERPRISE_HEADER, rows[0]], encoding="utf-8-sig") + hostile.csv_bytes(
        [rows[1]], encoding="gbk")
    assert "第 3 行与第 1 行的文字编码不同" in refused(office, data, "混合.csv")
