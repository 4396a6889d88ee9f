"""A handbook's sources are checkboxes (a phone cannot Ctrl-click a <select multiple>), the user's scope only."""

from policies.models import PolicyDocument


def test_a_handbooks_sources_are_checkboxes(library, regions, furong_office, client):
    client.force_login(furong_office)
    body = client.get("/policies/new/").content.decode()
    assert '<select name="sources"' not in body and "data-checklist" in body
    assert f'type="checkbox" name="sources" value="{library.province.pk}"' in body
    assert f'value="{library.tianxin.pk}"' not in body.split('id="id_sources"')[1].split("</fieldset>")[0]
    response = client.post("/policies/new/", {
        "title": "芙蓉区惠企政策汇编", "issuing_body": "芙蓉区驻企办", "issued_on": "2020-03-01",
        "category": "resumption", "region": regions.furong.pk, "body": "汇编说明。",
        "sources": [library.province.pk, library.furong.pk]})
    assert response.status_code == 302
    handbook = PolicyDocument.objects.get(title="芙蓉区惠企政策汇编")
    assert set(handbook.sources.all()) == {library.province, library.furong}
