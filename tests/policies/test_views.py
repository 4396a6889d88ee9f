"""The library's pages: who reads what, search, publishing with refused uploads, withdrawal, query counts."""

from datetime import date

import pytest

from policies.models import PolicyDocument
from policies.services import policy_withdraw

from .conftest import HTML_BYTES, PDF_BYTES, publish, stored_files, upload


def listed(client, url="/policies/"):
    return [document.title for document in client.get(url).context["page"]]


def test_officer_in_furong_reads_province_city_and_furong_policies_but_not_tianxins(library, officer_user, client):
    client.force_login(officer_user)
    assert set(listed(client)) == {library.province.title, library.changsha.title, library.furong.title}
    for document in (library.province, library.furong):
        response = client.get(f"/policies/{document.pk}/")
        assert response.status_code == 200 and document.title in response.content.decode()
    for outsider in (library.tianxin, library.zhuzhou):
        response = client.get(f"/policies/{outsider.pk}/")
        assert response.status_code == 404
        assert outsider.title not in response.content.decode()


def test_city_office_sees_its_counties_policies_and_the_provinces(library, changsha_office, client):
    client.force_login(changsha_office)
    assert set(listed(client)) == {library.province.title, library.changsha.title, library.furong.title,
                                   library.tianxin.title}
    assert client.get(f"/policies/{library.tianxin.pk}/").status_code == 200
    assert client.get(f"/policies/{library.zhuzhou.pk}/").status_code == 404


def test_sibling_county_office_gets_404_for_furong(library, tianxin_office, client):
    client.force_login(tianxin_office)
    assert library.furong.title not in listed(client)
    assert client.get(f"/policies/{library.furong.pk}/").status_code == 404
    assert client.get(f"/policies/{library.furong.pk}/file/").status_code == 404
    assert client.get(f"/policies/{library.furong.pk}/edit/").status_code == 404
    assert client.post(f"/policies/{library.furong.pk}/withdraw/").status_code == 404
    assert not PolicyDocument.objects.get(pk=library.furong.pk).withdrawn


def test_search_finds_by_keyword_title_and_text_and_filters(library, officer_user, client):
    client.force_login(officer_user)
    assert listed(client, "/policies/?q=社保减免") == [library.furong.title]
    assert listed(client, "/policies/?q=纾困") == [library.changsha.title]
    assert listed(client, "/policies/?q=认真贯彻 复工复产") == [library.province.title]
    assert listed(client, "/policies/?q=口罩") == []  # 天心区's keyword: outside the officer's scope
    assert listed(client, "/policies/?category=finance_credit") == [library.changsha.title]
    assert set(listed(client, f"/policies/?region={library.changsha.region_id}")) == {
        library.changsha.title, library.furong.title}
    body = client.get("/policies/?q=不存在的词").content.decode()
    assert "没有符合条件的文件" in body


def test_detail_reads_well_on_a_phone_and_offers_the_file(library, officer_user, client):
    document = publish(library.furong.region, "芙蓉区稳岗返还操作指引",
                       body="第一段：稳岗返还按上年度失业保险费的50%返还。\n\n第二段：企业通过网上办事大厅申请。",
                       file=upload("指引.pdf", PDF_BYTES), keywords="稳岗返还，失业保险")
    client.force_login(officer_user)
    body = client.get(f"/policies/{document.pk}/").content.decode()
    assert "<p>第一段：稳岗返还按上年度失业保险费的50%返还。</p>" in body
    assert "<p>第二段：企业通过网上办事大厅申请。</p>" in body
    assert f'href="/policies/{document.pk}/file/"' in body and "下载文件" in body
    assert "撤回" not in body  # an officer manages nothing


def test_file_download_is_an_attachment_with_a_safe_type(library, officer_user, client):
    client.force_login(officer_user)
    response = client.get(f"/policies/{library.furong.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client.get(f"/policies/{library.province.pk}/file/").status_code == 404  # text only


def _form_data(regions, **extra):
    return {"title": "芙蓉区关于减免中小企业房租的通知", "issuing_body": "芙蓉区人民政府", "issued_on": "2020-02-15",
            "category": "tax_fees", "region": regions.furong.pk, "summary": "", "keywords": "房租减免", **extra}


def test_office_publishes_on_the_page(regions, furong_office, client):
    client.force_login(furong_office)
    assert client.get("/policies/new/").status_code == 200
    response = client.post("/policies/new/", _form_data(regions, file=upload("房租.pdf", PDF_BYTES)))
    document = PolicyDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/{document.pk}/"
    assert document.file_kind == "pdf" and document.published_by == furong_office


def test_a_fake_pdf_is_refused_with_the_message_and_nothing_saved(regions, furong_office, client, private_files):
    client.force_login(furong_office)
    fake = upload("通知.pdf", HTML_BYTES, "application/pdf")
    response = client.post("/policies/new/", _form_data(regions, file=fake))
    assert response.status_code == 200
    assert "不是平台接受的文件" in response.content.decode()
    assert not PolicyDocument.objects.exists()
    assert stored_files(private_files) == []


def test_an_oversize_file_is_refused_with_the_message_and_nothing_saved(regions, furong_office, client, settings,
                                                                        private_files, tmp_path):
    settings.POLICY_UPLOAD_MAX_MB = 1
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(furong_office)
    big = upload("大文件.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))
    response = client.post("/policies/new/", _form_data(regions, file=big))
    assert response.status_code == 200
    body = response.content.decode()
    assert "文件超过 1 MB 的上限，未保存" in body
    assert "芙蓉区关于减免中小企业房租的通知" in body  # the rest of the form is kept
    assert not PolicyDocument.objects.exists()
    assert stored_files(private_files) == []


def test_a_body_beyond_djangos_request_limit_answers_with_the_message(regions, furong_office, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(furong_office)
    response = client.post("/policies/new/", _form_data(regions, body="很长的正文" * 5000))
    assert response.status_code == 413
    assert "文件超过" in response.content.decode()
    assert not PolicyDocument.objects.exists()


def test_officers_cannot_publish(roster, officer_user, client):
    client.force_login(officer_user)
    assert client.get("/policies/new/").status_code == 403
    assert client.post("/policies/new/", {"title": "x"}).status_code == 403


def test_the_city_edits_a_county_document(library, changsha_office, regions, client):
    client.force_login(changsha_office)
    url = f"/policies/{library.furong.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(regions, title="芙蓉区企业社保费减免实施细则（修订）", category="employment",
                                           body="修订后的正文"))
    assert response.status_code == 302
    library.furong.refresh_from_db()
    assert library.furong.title.endswith("（修订）") and library.furong.file  # the file is kept
    assert client.get(f"/policies/{library.province.pk}/edit/").status_code == 404  # above the city: read only


def test_a_withdrawn_document_disappears_for_officers(library, furong_office, officer_user, client):
    client.force_login(furong_office)
    response = client.post(f"/policies/{library.furong.pk}/withdraw/")
    assert response.status_code == 302
    assert PolicyDocument.objects.get(pk=library.furong.pk).withdrawn
    assert library.furong.title in listed(client)  # the office still sees it, marked, to restore it
    client.force_login(officer_user)
    assert library.furong.title not in listed(client)
    assert client.get(f"/policies/{library.furong.pk}/").status_code == 404
    assert client.get(f"/policies/{library.furong.pk}/file/").status_code == 404
    assert client.get(f"/api/v1/policies/{library.furong.pk}/").status_code == 404


def test_withdrawn_province_document_is_gone_for_the_county_that_cannot_restore_it(library, province_office,
                                                                                  furong_office, client):
    policy_withdraw(actor=province_office, document=library.province)
    client.force_login(furong_office)
    assert library.province.title not in listed(client)
    client.force_login(province_office)
    assert library.province.title in listed(client)


def _documents(regions, count: int):
    for number in range(count):
        publish(regions.furong if number % 2 else regions.province, f"政策文件{number:03d}",
                issued_on=date(2020, 3, 1 + number % 28))


@pytest.mark.parametrize("count", [2, 20])
def test_list_and_detail_query_counts_do_not_grow(count, regions, roster, officer_user, furong_office, client,
                                                  django_assert_max_num_queries):
    _documents(regions, count)
    handbook = publish(regions.furong, "芙蓉区政策汇编", category="handbook",
                       sources=list(PolicyDocument.objects.all()[:count]))
    for user in (officer_user, furong_office):
        client.force_login(user)
        with django_assert_max_num_queries(9):
            response = client.get("/policies/?q=政策")
        assert len(response.context["page"]) == min(count + 1, 25)
        with django_assert_max_num_queries(9):
            assert client.get(f"/policies/{handbook.pk}/").status_code == 200
        with django_assert_max_num_queries(9):
            assert client.get("/api/v1/policies/?search=政策").status_code == 200
        with django_assert_max_num_queries(9):
            assert len(client.get(f"/api/v1/policies/{handbook.pk}/").json()["sources"]) == count
