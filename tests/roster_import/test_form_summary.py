"""The roster upload: a rejected one is summarised on top with links, and no job is made."""

from spreadsheets.models import SpreadsheetJob
from tests.form_summary import error_summary


def test_an_upload_without_a_file_is_summarised(furong_office, client):
    client.force_login(furong_office)
    response = client.post("/roster/import/", {"kind": "enterprises"})
    assert error_summary(response.content.decode()).links == ["id_file"]
    assert not SpreadsheetJob.objects.exists()
