"""spreadsheets.reading: ordinary files read as numbered rows; every hostile file refused early with its message."""

import io
import time

import pytest

from spreadsheets.reading import Budgets, Column, SpreadsheetRefused, open_spreadsheet
from tests.spreadsheets import hostile

COLUMNS = [Column("name", "名称"), Column("code", "代码"), Column("note", "备注", required=False)]
HEADER = ["名称", "代码", "备注"]


@pytest.fixture(autouse=True)
def in_english():
    """The messages' English wording (their Chinese is checked through the import pages)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def read(data: bytes, name: str = "roster.xlsx", **budget_changes):
    budgets = Budgets.from_settings()
    if budget_changes:
        budgets = Budgets(**{**budgets.__dict__, **budget_changes})
    return list(open_spreadsheet(io.BytesIO(data), name=name, columns=COLUMNS, budgets=budgets))


def refusal(data: bytes, name: str = "roster.xlsx", **budget_changes) -> str:
    with pytest.raises(SpreadsheetRefused) as refused:
        read(data, name, **budget_changes)
    return " ".join(refused.value.messages)


def test_it_reads_an_xlsx_as_numbered_rows():
    data = hostile.xlsx_bytes([HEADER, ["长沙精密", "A1", None], [None, None, None], ["湘江食品", 12345678901, "备"]])
    assert read(data) == [(2, {"name": "长沙精密", "code": "A1", "note": ""}),
                          (4, {"name": "湘江食品", "code": "12345678901", "note": "备"})]


def test_it_matches_headers_with_stars_spaces_or_in_english():
    data = hostile.csv_bytes([[" 名称* ", "代 码", "note"], ["甲", "1", "x"]])
    assert read(data, "a.csv") == [(2, {"name": "甲", "code": "1", "note": "x"})]


def test_it_reads_dates_as_iso_days():
    from datetime import datetime

    data = hostile.xlsx_bytes([HEADER, ["甲", datetime(2020, 2, 10), None]])
    assert read(data)[0][1]["code"] == "2020-02-10"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk"])
def test_it_reads_csv_in_the_encodings_chinese_offices_save(encoding):
    data = hostile.csv_bytes([HEADER, ["长沙市芙蓉区精密机械", "91430102", "鑫"]], encoding=encoding)
    assert read(data, "roster.csv") == [(2, {"name": "长沙市芙蓉区精密机械", "code": "91430102", "note": "鑫"})]


def test_a_csv_mixing_utf8_and_gbk_is_refused_naming_the_row():
    data = hostile.csv_bytes([HEADER, ["长沙", "1", ""]], encoding="utf-8") + hostile.csv_bytes(
        [["株洲", "2", ""]], encoding="gbk")
    message = refusal(data, "roster.csv")
    assert "Row 3" in message and "row 1" in message and "GBK" in message


def test_undecodable_csv_is_refused_naming_the_row():
    data = hostile.csv_bytes([["name", "code"], ["a", "1"]]) + b"\xff\xff\xff,1\n"
    assert "Row 3 cannot be read" in refusal(data, "roster.csv")


def test_missing_and_unknown_columns_are_listed():
    message = refusal(hostile.xlsx_bytes([["名称", "电话", "地址"], ["甲", "1", "2"]]))
    assert "Required columns are missing: 代码." in message
    assert "Unknown columns: 电话、地址." in message
    assert "名称、代码、备注" in message


def test_a_repeated_column_is_refused():
    assert "Columns appear twice: 名称" in refusal(hostile.csv_bytes([["名称", "代码", "名称"]]), "a.csv")


@pytest.mark.parametrize("data", [
    b"<html><body>not a workbook</body></html>",
    bytes(range(256)) * 40,
    b"PK\x03\x04" + b"\x00" * 500,
])
def test_a_file_named_xlsx_that_is_not_a_spreadsheet_is_refused(data):
    assert "not a spreadsheet" in refusal(data, "roster.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "not a spreadsheet" in refusal(buffer.getvalue())


def test_an_old_xls_is_refused_with_advice():
    assert "old-style .xls" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "roster.xls")


def test_other_file_types_are_refused():
    assert "Only .xlsx and .csv" in refusal(b"%PDF-1.4", "roster.pdf")


def test_a_file_over_the_upload_budget_is_refused_before_parsing(settings):
    settings.SPREADSHEET_MAX_UPLOAD_MB = 1
    assert "at most 1 MB" in refusal(b"x" * (1024 * 1024 + 1), "roster.csv")


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_decompressed():
    bomb = hostile.zip_bomb_xlsx(megabytes=300)
    assert len(bomb) < 1024 * 1024  # a third of a megabyte that claims 300 MB
    started = time.monotonic()
    message = refusal(bomb)
    assert time.monotonic() - started < 0.5
    assert "expand to 300 MB" in message and "200 MB" in message


def test_a_bomb_under_the_total_is_refused_by_its_compression_ratio():
    assert "compressed far more than a real spreadsheet" in refusal(hostile.zip_bomb_xlsx(megabytes=50))


def test_too_many_parts_are_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(600):
            archive.writestr(f"xl/media/{number}.xml", "")
    assert "holds 600 parts" in refusal(buffer.getvalue())


def test_declared_sizes_that_lie_cannot_expand_past_them():
    """zipfile stops a member at its declared size; the rest fails the CRC and the file is refused as damaged."""
    data = hostile.lying_sizes_xlsx(HEADER, rows=50_000, declared=2000)
    started = time.monotonic()
    assert "not a spreadsheet" in refusal(data)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("where", ["sheet", "sharedStrings"])
def test_billion_laughs_is_refused(where):
    data = hostile.entity_xlsx(HEADER, where=where, dtd=hostile.BILLION_LAUGHS_DTD, reference="&lol9;")
    assert "XML entity declarations" in refusal(data)


@pytest.mark.parametrize("where", ["sheet", "sharedStrings"])
def test_an_external_entity_is_refused(where):
    data = hostile.entity_xlsx(HEADER, where=where, dtd=hostile.EXTERNAL_ENTITY_DTD, reference="&xxe;")
    message = refusal(data)
    assert "XML entity declarations" in message and "root:" not in message


def test_a_million_row_csv_is_refused_quickly():
    data = ("名称,代码\n" + "甲,1\n" * 1_000_000).encode()
    started = time.monotonic()
    message = refusal(data, "big.csv")
    assert time.monotonic() - started < 5
    assert "more than 100,000 data rows" in message


def test_a_million_row_xlsx_is_refused_quickly_without_parsing_it():
    data = hostile.million_row_xlsx(["名称", "代码"])
    started = time.monotonic()
    assert "more than 100,000 data rows" in refusal(data)
    assert time.monotonic() - started < 2


def test_a_million_row_xlsx_that_hides_its_size_is_refused_at_the_first_row_past_the_budget():
    data = hostile.million_row_xlsx(["名称", "代码"], dimension=False)
    started = time.monotonic()
    assert "more than 10,000 data rows" in refusal(data, max_rows=10_000)
    assert time.monotonic() - started < 3


def test_a_formula_cell_gives_its_saved_value_never_the_formula():
    # openpyxl saves no value with a formula it writes, so the cell reads as empty: never "=1+1", never evaluated.
    data = hostile.xlsx_bytes([HEADER, ["甲", "=1+1", None]])
    assert read(data) == [(2, {"name": "甲", "code": "", "note": ""})]


def test_text_that_is_a_formula_is_refused_with_its_row_and_column():
    data = hostile.xlsx_bytes([HEADER, ["甲", "1", None], ["=HYPERLINK(\"http://x\")", "2", None]],
                              text_cells=[(3, 1)])
    assert "Row 3, column 名称 holds a formula" in refusal(data)
    csv_data = hostile.csv_bytes([HEADER, ["乙", "=cmd|' /C calc'!A0", ""]])
    assert "Row 2, column 代码 holds a formula" in refusal(csv_data, "a.csv")
