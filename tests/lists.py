"""What a list's export holds, read back from the downloaded file: the tests of every list compare it with the page
and the API under the same query string."""

from dataclasses import dataclass
from io import BytesIO

from openpyxl import load_workbook

from spreadsheets.writing import XLSX_TYPE

CAPTION_LINES = 2  # spreadsheets.lists.filters_caption: the filters, then when it was exported


@dataclass
class Exported:
    caption: list[str]
    headers: list[str]
    rows: list[list]

    def __iter__(self):  # caption, headers, rows = exported(...)
        return iter((self.caption, self.headers, self.rows))

    def column(self, header: str) -> list:
        index = self.headers.index(header)
        return [row[index] for row in self.rows]


def exported(client, url: str, params: dict, *, caption_lines: int = CAPTION_LINES) -> Exported:
    """Download `url` with `params` and `xlsx=1` and open the file as Excel would."""
    response = client.get(url, {**params, "xlsx": "1"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    return Exported(caption=[line[0] for line in lines[:caption_lines]], headers=lines[caption_lines],
                    rows=lines[caption_lines + 1:])


def export_refused(client, url: str, params: dict, **headers) -> str:
    """A download under a bad filter value: no file, the page with its errors (400); returns the page."""
    response = client.get(url, {**params, "xlsx": "1"}, **headers)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()
