"""Spreadsheets out: openpyxl in write-only mode (rows streamed, memory flat), Chinese headers, header row frozen.

A text cell that begins with = + - or @ is written as text (quote-prefixed), never as a formula: an enterprise
name or a note typed by a user must not run in the reader's Excel (CSV/formula injection).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
# Excel refuses sheet titles longer than this.
TITLE_LIMIT = 31


@dataclass
class Sheet:
    """One table: a title, its column headers (already translated) and its rows of plain values."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = ()
    widths: Sequence[int] = field(default_factory=tuple)
    # Lines written above the table (what, where, when); the header row stays frozen below them.
    caption: Sequence[str] = field(default_factory=tuple)
    # Excel number formats by column ("0.0", "0%"...); None or a missing entry keeps the default.
    number_formats: Sequence[str | None] = field(default_factory=tuple)


def _cell(sheet, value, number_format: str | None = None):
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format and value is not None and not isinstance(value, str):
        cell.number_format = number_format
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _header(sheet, value: str):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell


def workbook_write(sheets: Sequence[Sheet], target: str | Path | BinaryIO) -> None:
    """Write the workbook of `sheets` to a path or binary stream, row by row as each sheet's `rows` yields them
    (write-only: memory stays flat however long the tables are; rows may be a generator over a database cursor)."""
    book = Workbook(write_only=True)
    for table in sheets:
        sheet = book.create_sheet(title=table.title[:TITLE_LIMIT])
        header_row = len(table.caption) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        for index, width in enumerate(table.widths or [16] * len(table.headers), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        formats = tuple(table.number_formats)
        for line in table.caption:
            sheet.append([_cell(sheet, line)])
        sheet.append([_header(sheet, title) for title in table.headers])
        for row in table.rows:
            sheet.append([_cell(sheet, value, formats[index] if index < len(formats) else None)
                          for index, value in enumerate(row)])
    book.save(target)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of `sheets` in memory: for tables a page downloads at once."""
    buffer = BytesIO()
    workbook_write(sheets, buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of the workbook; `filename` may be Chinese (RFC 6266 filename*)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{filename}.xlsx")
    return response
