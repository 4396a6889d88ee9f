"""The office's exemption form: a rejected one is summarised on top with links, and nothing is saved."""

from reports.models import ReportExemption
from tests.form_summary import error_summary
from tests.reports.conftest import TODAY, YESTERDAY


def test_a_rejected_exemption_is_summarised(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post("/reports/exemptions/", {
        "kind": "enterprise_shut", "start_date": TODAY.isoformat(), "end_date": YESTERDAY.isoformat()})
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "id_enterprise" in summary.links and summary.count() >= 2
    assert not ReportExemption.objects.exists()
