"""Roster import through the pages: template, upload, the check's preview with every bad row, confirm, re-import."""

from datetime import date

import openpyxl
import pytest

from enterprises.models import Enterprise
from officers.models import Assignment, Officer
from regions.choices import PostKind
from regions.models import Post
from spreadsheets.choices import JobStatus
from tests import factories
from tests.roster_import.conftest import (
    ASSIGNMENT_HEADER,
    ENTERPRISE_HEADER,
    OFFICER_HEADER,
    enterprise_rows,
    latest_job,
    roster_counts,
    text,
    upload,
)
from tests.spreadsheets import hostile

pytestmark = pytest.mark.usefixtures("private_files")


def confirm(client, job):
    return client.post(f"/roster/import/{job.pk}/confirm/", follow=True)


def test_the_template_has_chinese_headers_and_an_example_row_that_passes_the_check(admin_user, regions, client):
    client.force_login(admin_user)
    response = client.get("/roster/import/template/enterprises.xlsx")
    assert response.status_code == 200
    import io

    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "企业名称", "地区代码")
    assert rows[1][0] == "91430102MA4L0000X6"
    csv_response = client.get("/roster/import/template/officers.csv")
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    assert "用户名,联络员姓名,手机号" in csv_response.content.decode("utf-8-sig")
    page = upload(client, "enterprises", response.content)
    assert "没有问题：新增 1 行" in text(page)


def test_enterprises_import_after_a_clean_check_and_a_second_import_changes_nothing(admin_user, regions, client):
    client.force_login(admin_user)
    data = hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=3)])
    before = Enterprise.objects.count()
    page = upload(client, "enterprises", data)
    assert "已检查 3 行，没有问题：新增 3 行，修改 0 行，未变 0 行" in text(page)
    assert Enterprise.objects.count() == before  # the check writes nothing
    check = latest_job()
    page = confirm(client, check)
    assert "导入完成：新增 3 行，修改 0 行，未变 0 行" in text(page)
    assert Enterprise.objects.count() == before + 3
    enterprise = Enterprise.objects.get(name="芙蓉测试企业500000有限公司")
    assert (enterprise.region, enterprise.industry, enterprise.is_key) == (regions.furong, "manufacturing", False)

    page = upload(client, "enterprises", data)
    assert "新增 0 行，修改 0 行，未变 3 行" in text(page)
    page = confirm(client, latest_job())
    assert "导入完成：新增 0 行，修改 0 行，未变 3 行" in text(page)
    assert Enterprise.objects.count() == before + 3


def test_a_changed_row_is_updated(admin_user, regions, client):
    client.force_login(admin_user)
    rows = enterprise_rows(count=2)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]))
    confirm(client, latest_job())
    rows[1][1] = "改名后的企业有限公司"
    page = upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]))
    assert "新增 0 行，修改 1 行，未变 1 行" in text(page)
    confirm(client, latest_job())
    assert Enterprise.objects.filter(name="改名后的企业有限公司", credit_code=rows[1][0]).exists()


def test_every_bad_row_is_listed_with_its_row_number_and_reason_and_cannot_be_confirmed(
        furong_office, regions, client):
    client.force_login(furong_office)
    good = enterprise_rows(count=1)[0]
    rows = [
        good,
        [factories.wrong_check_char_code("430102"), "校验位错误公司", "430102", "", "否"],
        [factories.valid_credit_code("430102"), "地区错误公司", "439999", "", "否"],
        [factories.valid_credit_code("430103"), "天心区公司", "430103", "", "否"],
        [good[0], "重复公司", "430102", "", "否"],
        [factories.valid_credit_code("430102"), "行业错误公司", "430102", "造飞船", "也许"],
    ]
    counts = roster_counts()
    page = upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]))
    body = text(page)
    assert "已检查 6 行：发现 6 个问题" in body
    assert "3 统一社会信用代码 统一社会信用代码校验位错误" in body
    assert "4 地区代码 地区代码 439999 不存在。" in body
    assert "5 地区代码 天心区 不在本单位管辖范围内。" in body
    assert "6 统一社会信用代码 与本文件第 2 行的信用代码重复。" in body
    assert "7 行业 无法识别的值“造飞船”" in body
    assert "7 是否重点企业 请填写“是”或“否”。" in body
    assert "确认导入" not in body
    job = latest_job()
    page = confirm(client, job)
    assert "只有预检通过且没有问题的文件才能导入。" in text(page)
    assert roster_counts() == counts


def test_an_enterprise_in_another_county_cannot_be_overwritten(furong_office, roster, client):
    client.force_login(furong_office)
    row = [roster.tianxin_enterprise.credit_code, "改到芙蓉区", "430102", "", "否"]
    page = upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, row]))
    assert "该信用代码属于本单位管辖范围以外的企业。" in text(page)


def test_officers_import_with_logins_and_posts_in_bulk(furong_office, regions, client):
    unit = factories.make_backing_unit(regions.furong, "芙蓉区教育局")
    client.force_login(furong_office)
    rows = [["li-ming", "李明", "13900000001", "芙蓉区教育局", "430102", "科员"],
            ["wang-fang", "王芳", "13900000002", "芙蓉区教育局", "430102", ""]]
    page = upload(client, "officers", hostile.xlsx_bytes([OFFICER_HEADER, *rows]))
    assert "新增 2 行" in text(page)
    confirm(client, latest_job())
    officer = Officer.objects.get(user__username="li-ming")
    assert (officer.name, officer.phone, officer.backing_unit, officer.title) == ("李明", "13900000001", unit, "科员")
    assert not officer.user.has_usable_password()
    assert Post.objects.filter(user=officer.user, kind=PostKind.OFFICER).count() == 1
    page = upload(client, "officers", hostile.xlsx_bytes([OFFICER_HEADER, *rows]))
    assert "新增 0 行，修改 0 行，未变 2 行" in text(page)


def test_officer_rows_name_unknown_units_taken_usernames_and_duplicates(furong_office, regions, client):
    factories.make_backing_unit(regions.furong, "芙蓉区教育局")
    factories.make_user("taken")
    client.force_login(furong_office)
    rows = [["taken", "甲", "13900000001", "芙蓉区教育局", "430102", ""],
            ["new-one", "乙", "13900000002", "芙蓉区不存在局", "430102", ""],
            ["new-one", "丙", "13900000002", "芙蓉区教育局", "430102", ""],
            ["bad name!", "丁", "13900000004", "芙蓉区教育局", "430103", ""]]
    counts = roster_counts()
    body = text(upload(client, "officers", hostile.xlsx_bytes([OFFICER_HEADER, *rows])))
    assert "2 用户名 该用户名已被使用。" in body
    assert "3 派出单位 芙蓉区 没有名为“芙蓉区不存在局”的派出单位。" in body
    assert "4 用户名 与本文件第 3 行的用户名重复。" in body
    assert "4 手机号 与本文件第 3 行的手机号重复。" in body
    assert "5 派出单位地区代码 天心区 不在本单位管辖范围内。" in body
    assert roster_counts() == counts


def test_assignments_import_and_overlaps_are_refused(furong_office, roster, regions, client):
    client.force_login(furong_office)
    officer, enterprise = roster.officer, roster.furong_enterprise
    new_enterprise = factories.make_enterprise(regions.furong, "芙蓉新企业有限公司")
    existing_start = roster.furong_assignment.start_date
    rows = [
        [officer.user.username, new_enterprise.credit_code, "2020-02-10", "2020-03-31", ""],
        [officer.user.username, new_enterprise.credit_code, "2020/3/1", "", ""],
        [officer.user.username, enterprise.credit_code, existing_start.isoformat(), "", ""],
        [officer.user.username, enterprise.credit_code, "2019-01-01", "", ""],
        [officer.user.username, roster.tianxin_enterprise.credit_code, "2020-02-10", "", ""],
        ["nobody", new_enterprise.credit_code, "2020-02-10", "", ""],
        [officer.user.username, new_enterprise.credit_code, "明天", "", ""],
    ]
    body = text(upload(client, "assignments", hostile.xlsx_bytes([ASSIGNMENT_HEADER, *rows])))
    assert "3 开始日期 与本文件第 2 行（同一联络员、同一企业）的日期重叠。" in body
    assert f"5 开始日期 {officer.name}在该时段已派驻{enterprise.name}" in body
    assert "6 企业统一社会信用代码 该企业不存在，或不在本单位管辖范围内。" in body
    assert "7 联络员用户名 没有用户名为 nobody 的联络员。" in body
    assert "8 开始日期 “明天”不是日期" in body
    assert "4 " not in body.split("行号 列 问题")[1][:4]  # row 4 (the existing assignment again) is fine

    good = [rows[0], rows[2]]
    page = upload(client, "assignments", hostile.xlsx_bytes([ASSIGNMENT_HEADER, *good]))
    assert "新增 1 行，修改 0 行，未变 1 行" in text(page)
    confirm(client, latest_job())
    created = Assignment.objects.get(officer=officer, enterprise=new_enterprise)
    assert (created.start_date, created.end_date, created.managing_region, created.commanding_region,
            created.created_by) == (date(2020, 2, 10), date(2020, 3, 31), regions.furong, regions.furong,
                                    furong_office)


def test_the_confirm_checks_again_and_imports_nothing_when_the_database_changed(admin_user, regions, client):
    client.force_login(admin_user)
    rows = enterprise_rows(count=3)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]))
    check = latest_job()
    # Meanwhile someone registers the third enterprise in another county, outside a county office's reach.
    factories.make_enterprise(regions.tianxin, "天心同码企业", credit_code=rows[2][0])
    furong = factories.make_office_user("furong-importer", regions.furong)
    check.created_by = furong
    check.save(update_fields=["created_by"])
    client.force_login(furong)
    before = Enterprise.objects.count()
    page = confirm(client, check)
    assert "文件已无法通过预检（共 1 个问题；第一个在第 4 行" in text(page)
    assert latest_job().status == JobStatus.FAILED
    assert Enterprise.objects.count() == before


def test_a_row_failing_at_write_time_rolls_everything_back(admin_user, regions, client, monkeypatch):
    from enterprises import batch

    client.force_login(admin_user)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=5)]))
    monkeypatch.setattr(batch, "BATCH_SIZE", 2)
    calls = []
    original = Enterprise.objects.bulk_create

    def fail_on_third_batch(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(Enterprise.objects, "bulk_create", fail_on_third_batch)
    before = Enterprise.objects.count()
    page = confirm(client, latest_job())
    assert "导入失败" in text(page) or latest_job().status == JobStatus.FAILED
    assert calls == [2, 2, 1]
    assert Enterprise.objects.count() == before


def test_only_offices_and_administrators_reach_the_pages(roster, regions, client, officer_user):
    department_user = factories.make_department_user("clerk", factories.make_department(regions.furong))
    for user in (officer_user, department_user, factories.make_office_user("org", regions.changsha,
                                                                              kind=PostKind.ORGANIZATION)):
        client.force_login(user)
        assert client.get("/roster/import/").status_code == 404
        assert client.get("/roster/import/template/enterprises.xlsx").status_code == 404


def test_a_job_is_its_uploaders_own(furong_office, tianxin_office, regions, client):
    client.force_login(furong_office)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=1)]))
    job = latest_job()
    assert client.get(f"/roster/import/{job.pk}/").status_code == 200
    client.force_login(tianxin_office)
    assert client.get(f"/roster/import/{job.pk}/").status_code == 404
    assert client.post(f"/roster/import/{job.pk}/confirm/").status_code == 404
    assert Enterprise.objects.filter(name__startswith="芙蓉测试企业").count() == 0


@pytest.mark.parametrize("count", [2, 20])
def test_the_preview_page_costs_the_same_queries_for_any_number_of_problems(
        count, furong_office, regions, client, django_assert_max_num_queries):
    client.force_login(furong_office)
    rows = [[factories.wrong_check_char_code("430102"), f"坏企业{n}", "430102", "", "否"] for n in range(count)]
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]))
    job = latest_job()
    with django_assert_max_num_queries(8):
        page = client.get(f"/roster/import/{job.pk}/")
    assert page.content.decode().count("校验位错误，请核对代码") == count


def test_the_templates_download_under_their_chinese_names_with_one_extension(admin_user, regions, client):
    client.force_login(admin_user)
    xlsx = client.get("/roster/import/template/enterprises.xlsx")["Content-Disposition"]
    assert xlsx.endswith("''%E4%BC%81%E4%B8%9A%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx")  # 企业导入模板.xlsx
    assert ".xlsx.xlsx" not in xlsx
    csv = client.get("/roster/import/template/officers.csv")["Content-Disposition"]
    assert csv.endswith("%E6%A8%A1%E6%9D%BF.csv") and ".csv.csv" not in csv
