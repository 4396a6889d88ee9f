"""Builders of the hostile (and the ordinary) files the spreadsheet tests upload, each made in the test run.

The big ones are written straight into a zip, row by row, so that building a 1,000,000-row sheet or a zip bomb
costs a second and little memory.
"""

import csv
import io
import struct
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

import openpyxl

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
EMPTY_SHARED_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"/>'

BILLION_LAUGHS_DTD = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY_DTD = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xlsx_bytes(rows: Sequence[Sequence[object]], *, text_cells: Iterable[tuple[int, int]] = ()) -> bytes:
    """An ordinary workbook written by openpyxl; `text_cells` (1-based row, column) are forced to text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for row, column in text_cells:
        sheet.cell(row=row, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _column_letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index)


def sheet_row_xml(number: int, values: Sequence[object]) -> str:
    cells = "".join(_cell(f"{_column_letter(i)}{number}", v) for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def raw_xlsx(*, sheet_xml: bytes | None = None, rows: Iterable[Sequence[object]] = (), dimension: str | None = None,
             shared_strings: str = EMPTY_SHARED_STRINGS, prologue: str = '<?xml version="1.0" encoding="UTF-8"?>',
             compresslevel: int = 1) -> bytes:
    """A minimal xlsx whose sheet XML is written here directly (streamed into the zip, row by row)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        if sheet_xml is not None:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        else:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(f'{prologue}<worksheet xmlns="{MAIN_NS}">'.encode())
                if dimension:
                    sheet.write(f'<dimension ref="{dimension}"/>'.encode())
                sheet.write(b"<sheetData>")
                chunk = []
                for number, values in enumerate(rows, start=1):
                    chunk.append(sheet_row_xml(number, values))
                    if len(chunk) == 10_000:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write("".join(chunk).encode())
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def million_row_xlsx(header: Sequence[str], *, rows: int = 1_000_000, dimension: bool = True) -> bytes:
    """A valid xlsx with `rows` data rows under `header`; with dimension=False the sheet does not declare its size."""
    def generate():
        yield header
        for number in range(rows):
            yield [f"行{number}"] + [number] * (len(header) - 1)

    ref = f"A1:{_column_letter(len(header))}{rows + 1}" if dimension else None
    return raw_xlsx(rows=generate(), dimension=ref)


def zip_bomb_xlsx(*, megabytes: int) -> bytes:
    """A tiny xlsx whose sheet member is `megabytes` of zeros (compressed about a thousand to one)."""
    buffer = io.BytesIO()
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", EMPTY_SHARED_STRINGS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(megabytes):
                sheet.write(zeros)
    return buffer.getvalue()


def lying_sizes_xlsx(header: Sequence[str], *, rows: int = 50_000, declared: int = 2000) -> bytes:
    """A valid sheet whose directory claims its sheet XML is only `declared` bytes long (the real one is MBs)."""
    data = bytearray(raw_xlsx(rows=[header, *([f"名称{n}"] + [n] * (len(header) - 1) for n in range(rows))],
                              compresslevel=6))
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_offset = 46 if signature == b"PK\x01\x02" else 30
            name_length = struct.unpack_from("<H", data, start + (28 if signature == b"PK\x01\x02" else 26))[0]
            if bytes(data[start + name_offset:start + name_offset + name_length]) == name:
                if struct.unpack_from("<I", data, start + size_offset)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", data, start + size_offset, declared)
            start += 4
    return bytes(data)


def entity_xlsx(header: Sequence[str], *, where: str, dtd: str, reference: str) -> bytes:
    """An xlsx with an XML entity trick (`dtd` declaring, `reference` using it) in its sheet or shared strings."""
    if where == "sharedStrings":
        shared = (f'{dtd}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>{reference}</t></si></sst>')
        rows = "".join(sheet_row_xml(1, header).split("\n"))
        sheet = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>{rows}'
                 '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>')
        return raw_xlsx(sheet_xml=sheet.encode(), shared_strings=shared)
    sheet = (f'{dtd}<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_row_xml(1, header)}'
             f'<row r="2"><c r="A2" t="inlineStr"><is><t>{reference}</t></is></c></row></sheetData></worksheet>')
    return raw_xlsx(sheet_xml=sheet.encode())
