"""The library's API: read-only list, search and detail with the file, scoped like the pages, in the schema."""

from .conftest import PDF_BYTES


def test_officer_lists_and_searches_the_documents_in_reach(library, officer_user, client):
    client.force_login(officer_user)
    rows = client.get("/api/v1/policies/").json()["results"]
    assert {row["title"] for row in rows} == {library.province.title, library.changsha.title, library.furong.title}
    rows = client.get("/api/v1/policies/?search=社保减免").json()["results"]
    assert [row["title"] for row in rows] == [library.furong.title]
    assert rows[0]["file_url"] == f"http://testserver/api/v1/policies/{library.furong.pk}/file/"
    assert rows[0]["category_label"] == "就业和社会保障"
    assert "body" not in rows[0]


def test_detail_has_the_text_and_the_file_answers(library, officer_user, client):
    client.force_login(officer_user)
    detail = client.get(f"/api/v1/policies/{library.province.pk}/").json()
    assert detail["body"].startswith(library.province.title) and detail["file_url"] is None
    response = client.get(f"/api/v1/policies/{library.furong.pk}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_outsiders_get_404(library, tianxin_office, client):
    client.force_login(tianxin_office)
    assert client.get(f"/api/v1/policies/{library.furong.pk}/").status_code == 404
    assert client.get(f"/api/v1/policies/{library.furong.pk}/file/").status_code == 404
    assert library.furong.title not in client.get("/api/v1/policies/").content.decode()


def test_the_api_is_read_only(library, furong_office, client):
    client.force_login(furong_office)
    assert client.post("/api/v1/policies/", {"title": "x"}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/v1/policies/{library.furong.pk}/").status_code == 405


def test_the_schema_lists_the_library(furong_office, client):
    client.force_login(furong_office)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"/api/v1/policies/", "/api/v1/policies/{id}/", "/api/v1/policies/{id}/file/"} <= set(paths)
