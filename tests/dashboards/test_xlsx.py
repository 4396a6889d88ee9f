"""Every table downloads as xlsx: Chinese headers, the header row frozen, the page's values, formulas kept as text."""

from io import BytesIO

from openpyxl import load_workbook

from dashboards.services import shuttle_trip_log
from spreadsheets.writing import XLSX_TYPE, Sheet, workbook_bytes

from .conftest import TODAY, summary


def open_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def header_index(rows, first_header: str) -> int:
    return next(index for index, row in enumerate(rows) if row[0] == first_header)


def test_the_children_table_downloads_with_its_figures(world, regions, changsha_office, client):
    client.force_login(changsha_office)
    book = open_xlsx(client.get(f"/dashboard/{regions.changsha.pk}/?day={TODAY.isoformat()}&xlsx=children"))
    sheet = book.worksheets[0]
    rows = rows_of(sheet)
    top = header_index(rows, "地区")
    assert rows[top][:6] == ["地区", "应报", "已报", "未报", "迟报", "报送率（%）"]
    assert sheet.freeze_panes == f"A{top + 2}"  # everything above the first data row stays in view
    tianxin = next(row for row in rows[top + 1:] if row[0] == "天心区")
    figures = summary(regions.tianxin)
    assert tianxin[1:6] == [figures.reports_expected, figures.reports_filed, figures.reports_missing,
                            figures.reports_late, figures.reporting_rate]
    assert "长沙市" in rows[1][0]  # the caption says where and when


def test_a_formula_typed_by_a_user_stays_text(world, regions, furong_office, client):
    client.force_login(furong_office)
    book = open_xlsx(client.get(f"/dashboard/{regions.furong.pk}/problems/?show=open&xlsx=1"))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
             and "HYPERLINK" in cell.value]
    assert cells, "the problem's description should be in the sheet"
    assert all(cell.data_type == "s" for cell in cells)
    description = world.overdue_problem.description
    assert not description.startswith("=")  # a description that merely contains one is text anyway


def test_cells_beginning_with_formula_characters_are_text():
    values = ["=1+1", "+86 139", "-3 workers", "@SUM(A1)", "plain"]
    book = load_workbook(BytesIO(workbook_bytes([Sheet("t", ["值"], [[value] for value in values])])))
    sheet = book.worksheets[0]
    cells = [sheet.cell(row=index + 2, column=1) for index in range(len(values))]
    assert [cell.value for cell in cells] == values
    assert [cell.data_type for cell in cells] == ["s"] * len(values)
    assert all(cell.quotePrefix for cell in cells[:4])
    assert sheet.freeze_panes == "A2"


def test_the_enterprise_table_and_the_missing_list_download(world, regions, roster, furong_office, client):
    client.force_login(furong_office)
    rows = rows_of(open_xlsx(client.get(f"/dashboard/{regions.furong.pk}/?xlsx=enterprises")).worksheets[0])
    top = header_index(rows, "企业")
    filed = next(row for row in rows[top + 1:] if row[0] == roster.furong_enterprise.name)
    assert filed[3:7] == [1, 1, 0, "已填报"] and filed[8] == 120
    rows = rows_of(open_xlsx(client.get(f"/dashboard/{regions.furong.pk}/?xlsx=missing")).worksheets[0])
    top = header_index(rows, "联络员")
    assert rows[top + 1][:3] == [roster.officer.name, roster.officer.phone, roster.furong_enterprise_2.name]


def test_trend_departments_and_shuttle_trips_download(world, regions, roster, furong_office, changsha_office,
                                                       client):
    shuttle_trip_log(actor=furong_office, day=TODAY, route_from="=桂阳县", route_to="芙蓉区", region=regions.furong,
                     enterprises=[roster.furong_enterprise], workers_carried=30, note="@包车")
    client.force_login(changsha_office)
    trend = rows_of(open_xlsx(client.get(f"/dashboard/{regions.changsha.pk}/?xlsx=trend")).worksheets[0])
    top = header_index(trend, "日期")
    assert trend[top][1] == "报送率（%）" and len(trend) - top - 1 >= 2
    departments = rows_of(open_xlsx(client.get(f"/dashboard/{regions.changsha.pk}/?xlsx=departments")).worksheets[0])
    assert ["芙蓉区税务局", "芙蓉区", 1] in departments
    trips = rows_of(open_xlsx(client.get(f"/dashboard/shuttles/?region={regions.changsha.pk}&xlsx=1")).worksheets[0])
    top = header_index(trips, "日期")
    assert trips[top + 1][1:7] == ["=桂阳县", "芙蓉区", "芙蓉区", roster.furong_enterprise.name, 30, "@包车"]


def test_an_unknown_table_is_a_404(world, regions, furong_office, client):
    client.force_login(furong_office)
    assert client.get(f"/dashboard/{regions.furong.pk}/?xlsx=nonsense").status_code == 404
    assert client.get(f"/dashboard/{regions.furong.pk}/?xlsx=employment").status_code == 200
