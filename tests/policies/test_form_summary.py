"""Publishing a policy: a rejected form is summarised on top with links, and nothing is saved."""

from policies.models import PolicyDocument
from tests.form_summary import error_summary

from .conftest import HTML_BYTES, upload


def test_an_empty_document_is_summarised_with_a_link_to_each_field(regions, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/policies/new/", {"title": "", "issuing_body": "", "issued_on": "二月", "category": "",
                                              "region": regions.furong.pk})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_title", "id_issuing_body", "id_issued_on", "id_category"]
    assert not PolicyDocument.objects.exists()


def test_a_refused_file_is_summarised_with_a_link_to_the_file_field(regions, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/policies/new/", {
        "title": "芙蓉区关于减免中小企业房租的通知", "issuing_body": "芙蓉区人民政府", "issued_on": "2020-02-15",
        "category": "tax_fees", "region": regions.furong.pk, "file": upload("通知.pdf", HTML_BYTES, "application/pdf")})
    summary = error_summary(response.content.decode())
    assert "id_file" in summary.links
    assert not PolicyDocument.objects.exists()
