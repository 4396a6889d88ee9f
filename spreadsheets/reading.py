"""Reading an uploaded spreadsheet (xlsx or csv) safely: a generator of row dicts with their row numbers.

Every budget is a setting (SPREADSHEET_MAX_UPLOAD_MB, SPREADSHEET_MAX_ROWS, SPREADSHEET_MAX_UNZIPPED_MB,
SPREADSHEET_MAX_ZIP_MEMBERS, SPREADSHEET_MAX_COMPRESSION_RATIO) and is checked as early as it can be:

- the upload's size before anything is parsed (and, on the request path, while it streams in: UploadLimitHandler);
- an xlsx's ZIP central directory (member count, declared uncompressed sizes, compression ratio) before openpyxl
  opens the workbook, so a zip bomb is refused from its directory. Declared sizes cannot be exceeded afterwards:
  Python's zipfile stops each member at its declared size and a member that holds more fails its CRC check, which
  is refused as a damaged file;
- the sheet's declared dimension before its rows, then every row counted as it is read (the dimension can lie),
  so a 1,000,000-row file is refused without being read to the end;
- XML through openpyxl with defusedxml installed (openpyxl.DEFUSEDXML), so entity expansion (billion laughs) and
  external entities are refused;
- a csv decoded strictly as UTF-8 (with or without BOM), else as GB18030 (a superset of GBK), else refused; a file
  that mixes the two is refused, naming the first row in the other encoding.

Formulas are never evaluated. An xlsx is read with data_only=True, so a formula cell gives the value Excel saved
with it (empty when no value was saved); text that begins with "=" (in a csv, or typed as text in a cell) is
refused with its row and column, because it would become a formula the next time the file is opened in Excel.

Headers are matched against each column's label in Chinese (as the template writes it) or English, ignoring
spaces and a "*" marking a required column; missing required columns and unknown columns are refused by name.
Every refusal is a `SpreadsheetRefused` (a ValidationError) whose message the user reads as it is.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils import translation
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Headers are looked for in this many columns; a data row is read as far as the last known header.
MAX_COLUMNS = 100
# A member's compression ratio is only judged above this size (tiny files compress unpredictably).
RATIO_CHECKED_FROM_BYTES = MB
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .et) format
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
FORMULA_START = "="


class SpreadsheetRefused(ValidationError):
    """A file the reader will not read, with a message for the person who uploaded it."""


@dataclass(frozen=True)
class Column:
    """One column of an import: the key rows are read under, its header label (an English msgid), required or not."""

    key: str
    label: object  # a lazy translation: Chinese on the template, English accepted too
    required: bool = True

    def header_names(self) -> set[str]:
        names = {_normalize_header(self.key), _normalize_header(str(self.label))}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(_normalize_header(str(self.label)))
        return names


@dataclass(frozen=True)
class Budgets:
    max_upload_bytes: int
    max_rows: int
    max_unzipped_bytes: int
    max_members: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Budgets:
        return cls(
            max_upload_bytes=settings.SPREADSHEET_MAX_UPLOAD_MB * MB,
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_unzipped_bytes=settings.SPREADSHEET_MAX_UNZIPPED_MB * MB,
            max_members=settings.SPREADSHEET_MAX_ZIP_MEMBERS,
            max_ratio=settings.SPREADSHEET_MAX_COMPRESSION_RATIO,
        )


class SheetRows:
    """An opened, checked spreadsheet: `columns` are the keys found in its header; iterate for (row number, row).

    Row numbers are the spreadsheet's own (the header is row 1). Blank rows are skipped but still counted against
    SPREADSHEET_MAX_ROWS.
    """

    def __init__(self, *, columns: list[str], rows: Iterator[tuple[int, dict[str, str]]], fmt: str,
                 encoding: str = "", declared_rows: int | None = None):
        self.columns = columns
        self.format = fmt
        self.encoding = encoding
        self.declared_rows = declared_rows
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self._rows


def refuse(message: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(message, code="spreadsheet_refused")


def _not_a_spreadsheet() -> SpreadsheetRefused:
    return refuse(_("This file is not a spreadsheet that can be read (or it is damaged). "
                    "Please save it from Excel or WPS as .xlsx (or as CSV) and upload it again."))


def _too_many_rows(max_rows: int) -> SpreadsheetRefused:
    return refuse(_("The file has more than %(max)s data rows, the most one import accepts. "
                    "Please split it into smaller files.") % {"max": f"{max_rows:,}"})


def _xml_trick() -> SpreadsheetRefused:
    return refuse(_("The file contains XML entity declarations, which are not accepted "
                    "(a spreadsheet saved by Excel or WPS never has them). Please save it again from Excel or WPS."))


def file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def check_upload_size(size: int, budgets: Budgets | None = None) -> None:
    budgets = budgets or Budgets.from_settings()
    if size > budgets.max_upload_bytes:
        raise refuse(_("The file is %(size)s MB; at most %(max)s MB can be uploaded. "
                       "Please split it into smaller files.")
                     % {"size": f"{size / MB:.1f}", "max": budgets.max_upload_bytes // MB})


def open_spreadsheet(file, *, name: str, columns: Sequence[Column], budgets: Budgets | None = None) -> SheetRows:
    """Check `file` (a binary file object) against every budget, read its header, and return its rows lazily.

    Raises SpreadsheetRefused for anything it will not read: too large, not a spreadsheet, a zip bomb, XML entity
    tricks, an encoding it cannot read, missing or unknown columns; iterating may raise it too (too many rows, a
    formula, a damaged sheet), always before the caller has seen a row past the budget.
    """
    budgets = budgets or Budgets.from_settings()
    check_upload_size(file_size(file), budgets)
    file.seek(0)
    magic = file.read(4)
    file.seek(0)
    lowered = (name or "").lower()
    if magic == ZIP_MAGIC:
        return _open_xlsx(file, columns=columns, budgets=budgets)
    if magic == OLE2_MAGIC:
        raise refuse(_("This is an old-style .xls workbook. Please save it from Excel or WPS as .xlsx and upload "
                       "it again."))
    if lowered.endswith(XLSX_SUFFIXES):
        raise _not_a_spreadsheet()
    if lowered.endswith(CSV_SUFFIXES):
        return _open_csv(file, columns=columns, budgets=budgets)
    raise refuse(_("Only .xlsx and .csv files can be imported."))


# --- headers -------------------------------------------------------------------------------------------------------

def _normalize_header(text: str) -> str:
    text = (text or "").replace("\u3000", "").replace("*", "").replace("＊", "")
    return "".join(text.split()).lower()


def _match_header(cells: Sequence[object], columns: Sequence[Column]) -> list[tuple[int, str]]:
    """Map header cells to column keys: [(cell index, key)]; refuse missing required, unknown or repeated columns."""
    names = {}
    for column in columns:
        for header in column.header_names():
            names[header] = column.key
    found: list[tuple[int, str]] = []
    unknown: list[str] = []
    repeated: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        text = _cell_text(cell)
        if not text:
            continue
        key = names.get(_normalize_header(text))
        if key is None:
            unknown.append(text)
        elif key in seen:
            repeated.append(text)
        else:
            seen.add(key)
            found.append((index, key))
    missing = [str(column.label) for column in columns if column.required and column.key not in seen]
    problems = []
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": "、".join(unknown)})
    if repeated:
        problems.append(_("Columns appear twice: %(columns)s.") % {"columns": "、".join(repeated)})
    if problems:
        expected = "、".join(str(column.label) for column in columns)
        problems.append(_("Please use the template's header row: %(columns)s.") % {"columns": expected})
        raise SpreadsheetRefused(problems, code="spreadsheet_columns")
    return found


def _cell_text(value) -> str:
    """A cell as the text an import reads: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _rows_from(raw_rows: Iterator[Sequence[object]], mapping: list[tuple[int, str]], max_rows: int,
               columns: Sequence[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """Turn raw data rows (after the header) into numbered dicts, counting every row against the budget."""
    labels = {column.key: column.label for column in columns}
    for count, raw in enumerate(raw_rows, start=1):
        if count > max_rows:
            raise _too_many_rows(max_rows)
        row = {}
        for index, key in mapping:
            text = _cell_text(raw[index]) if index < len(raw) else ""
            if text.startswith(FORMULA_START):
                raise refuse(_("Row %(row)d, column %(column)s holds a formula (%(text)s). Formulas are not "
                               "accepted: please paste the values instead (Paste Special, Values).")
                             % {"row": count + 1, "column": labels[key], "text": text[:40]})
            row[key] = text
        if any(row.values()):
            yield count + 1, row


# --- xlsx ----------------------------------------------------------------------------------------------------------

def check_zip_directory(archive: zipfile.ZipFile, budgets: Budgets) -> None:
    """Refuse a zip bomb from its central directory, before any member is decompressed."""
    members = archive.infolist()
    if len(members) > budgets.max_members:
        raise refuse(_("The file holds %(count)s parts; a spreadsheet may hold at most %(max)s. "
                       "It is not accepted.") % {"count": f"{len(members):,}", "max": f"{budgets.max_members:,}"})
    declared = sum(member.file_size for member in members)
    if declared > budgets.max_unzipped_bytes:
        raise refuse(_("The file would expand to %(size)s MB when opened, more than the %(max)s MB allowed. "
                       "It is not accepted.")
                     % {"size": f"{declared / MB:,.0f}", "max": budgets.max_unzipped_bytes // MB})
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(_("The file is encrypted or password-protected. Please remove the password and upload "
                           "it again."))
        if member.file_size >= RATIO_CHECKED_FROM_BYTES and (
            member.compress_size == 0 or member.file_size / member.compress_size > budgets.max_ratio
        ):
            raise refuse(_("The file is compressed far more than a real spreadsheet (more than %(ratio)s to 1). "
                           "It is not accepted.") % {"ratio": budgets.max_ratio})
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()


def _openpyxl_failure(error: Exception) -> SpreadsheetRefused:
    return _xml_trick() if _is_defused(error) else _not_a_spreadsheet()


def _first_sheet_member(archive: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet, from workbook.xml and its relationships (parsed defused)."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{main}sheets/{main}sheet")
    if sheet is None:
        raise _not_a_spreadsheet()
    target = ""
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")):
            if rel.get("Id") == sheet.get(relationship):
                target = rel.get("Target", "")
    if not target:
        return "xl/worksheets/sheet1.xml"
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_ROW_TAG_TAIL = 32


def count_sheet_rows(archive: zipfile.ZipFile, member: str, stop_after: int) -> int:
    """Count a sheet's <row> elements by scanning its bytes (no XML parsing), stopping once past `stop_after`.

    openpyxl reads a sheet without a declared dimension to its end when it opens the workbook; this scan is what
    keeps a 1,000,000-row file from being parsed at all. Decompression is bounded by the member's declared size.
    """
    count = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(MB):
            window = tail + chunk
            limit = len(window) - _ROW_TAG_TAIL
            count += sum(1 for match in _ROW_TAG.finditer(window) if match.start() < limit)
            if count > stop_after:
                return count
            tail = window[limit:] if limit > 0 else window
    return count + len(_ROW_TAG.findall(tail))


# What openpyxl and zipfile raise on a damaged or hostile file (a wrong CRC, truncated XML, a missing part...).
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, KeyError, ValueError, TypeError, IndexError,
            AttributeError, EOFError, OSError, zlib.error, NotImplementedError)


def _open_xlsx(file, *, columns: Sequence[Column], budgets: Budgets) -> SheetRows:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # defusedxml is in requirements.txt; without it openpyxl parses entities
        raise refuse(_("Spreadsheet uploads are switched off: the server lacks its XML protection (defusedxml)."))
    try:
        with zipfile.ZipFile(file) as archive:
            check_zip_directory(archive, budgets)
            # The header row counts too, hence max_rows + 1.
            if count_sheet_rows(archive, _first_sheet_member(archive), budgets.max_rows + 1) > budgets.max_rows + 1:
                raise _too_many_rows(budgets.max_rows)
    except SpreadsheetRefused:
        raise
    except Exception as error:
        if not isinstance(error, _DAMAGED) and not _is_defused(error):
            raise
        raise _openpyxl_failure(error) from error
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        if not workbook.worksheets:
            raise _not_a_spreadsheet()
        sheet = workbook.worksheets[0]
        declared = sheet.max_row
        if declared is not None and declared - 1 > budgets.max_rows:
            workbook.close()
            raise _too_many_rows(budgets.max_rows)
        # The declared dimension may be smaller than the sheet: read every row and count them instead.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    except SpreadsheetRefused:
        raise
    except Exception as error:  # any parser failure is a file we cannot read
        if not isinstance(error, _DAMAGED) and not _is_defused(error):
            raise
        raise _openpyxl_failure(error) from error
    mapping = _match_header(header, columns)
    last = max(index for index, _key in mapping) + 1

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            raw = sheet.iter_rows(min_row=2, max_col=last, values_only=True)
            yield from _rows_from(raw, mapping, budgets.max_rows, columns)
        except SpreadsheetRefused:
            raise
        except Exception as error:
            if not isinstance(error, _DAMAGED) and not _is_defused(error):
                raise
            raise _openpyxl_failure(error) from error
        finally:
            workbook.close()

    return SheetRows(columns=[key for _index, key in mapping], rows=rows(), fmt="xlsx",
                     declared_rows=None if declared is None else max(declared - 1, 0))


def _is_defused(error: BaseException | None) -> bool:
    """True when defusedxml refused the XML, even if openpyxl wrapped its exception in another."""
    from defusedxml import DefusedXmlException

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DefusedXmlException):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


# --- csv -----------------------------------------------------------------------------------------------------------

UTF8 = "utf-8-sig"
GB18030 = "gb18030"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _first_utf8_line(data: bytes) -> int | None:
    """The first line with non-ASCII bytes that are valid UTF-8 (None if there is none)."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return number
    return None


def detect_csv_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it all decodes strictly, else GB18030 if it all does and no line is UTF-8."""
    try:
        codecs.decode(data, UTF8, "strict")
        return UTF8
    except UnicodeDecodeError as not_utf8:
        bad_line = _line_of(data, not_utf8.start)
    utf8_line = _first_utf8_line(data)
    if utf8_line is not None:
        raise refuse(_("Row %(bad)d is not in the same text encoding as row %(good)d (the file mixes UTF-8 with "
                       "GBK/GB18030). Please save the whole file again in one encoding, e.g. from Excel as "
                       "\"CSV UTF-8\".") % {"bad": bad_line, "good": utf8_line})
    try:
        codecs.decode(data, GB18030, "strict")
    except UnicodeDecodeError as not_gb:
        raise refuse(_("Row %(row)d cannot be read as UTF-8 or GBK/GB18030 text. Please save the file again from "
                       "Excel as \"CSV UTF-8\".") % {"row": _line_of(data, not_gb.start)}) from not_gb
    return GB18030


def _open_csv(file, *, columns: Sequence[Column], budgets: Budgets) -> SheetRows:
    data = file.read(budgets.max_upload_bytes + 1)
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    encoding = detect_csv_encoding(data)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first_line = text.readline()
    text.seek(0)
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise _not_a_spreadsheet() from error
    mapping = _match_header(header[:MAX_COLUMNS], columns)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from _rows_from(reader, mapping, budgets.max_rows, columns)
        except csv.Error as error:
            raise refuse(_("Row %(row)d of the file cannot be read as CSV (%(error)s).")
                         % {"row": reader.line_num, "error": error}) from error

    return SheetRows(columns=[key for _index, key in mapping], rows=rows(), fmt="csv",
                     encoding="gb18030" if encoding == GB18030 else "utf-8")


# --- the request path ----------------------------------------------------------------------------------------------

class UploadLimitHandler(FileUploadHandler):
    """Stops an upload past SPREADSHEET_MAX_UPLOAD_MB while it streams in: the file is dropped, not stored.

    Install it before the request body is read (see `limit_upload`); the view then finds `request.upload_refused`
    set and shows the message instead of a 500 or a full disk. The rest of the body is read and discarded, so the
    form's other fields (the CSRF token comes first) still arrive.
    """

    def __init__(self, request=None, max_bytes: int | None = None):
        super().__init__(request)
        self.max_bytes = max_bytes if max_bytes is not None else settings.SPREADSHEET_MAX_UPLOAD_MB * MB
        self.received = 0

    def _refuse(self, size: int):
        if self.request is not None:
            self.request.upload_refused = size
        raise SkipFile()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.content_length = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.content_length and self.content_length > self.max_bytes + MB:
            self._refuse(self.content_length)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload(request) -> None:
    """Put UploadLimitHandler first; call it in a csrf_exempt view before touching request.POST or FILES."""
    request.upload_refused = 0
    request.upload_handlers.insert(0, UploadLimitHandler(request))


def upload_refused_message(request) -> str | None:
    """The message for an upload UploadLimitHandler dropped, or None."""
    size = getattr(request, "upload_refused", 0)
    if not size:
        return None
    return _("The file is larger than %(max)s MB and was not accepted. Please split it into smaller files.") % {
        "max": settings.SPREADSHEET_MAX_UPLOAD_MB}


__all__ = [
    "Budgets", "Column", "SheetRows", "SpreadsheetRefused", "UploadLimitHandler", "check_upload_size",
    "check_zip_directory", "detect_csv_encoding", "limit_upload", "open_spreadsheet",
    "upload_refused_message",
]
