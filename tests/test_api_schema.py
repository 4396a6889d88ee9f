from django.core.management import call_command


def test_openapi_schema_lists_every_endpoint(furong_office, client):
    client.force_login(furong_office)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/me/", "/api/v1/regions/", "/api/v1/departments/", "/api/v1/enterprises/",
                 "/api/v1/enterprises/{id}/", "/api/v1/officers/", "/api/v1/assignments/",
                 "/api/v1/my/assignments/"):
        assert path in paths, path
    assert "post" in paths["/api/v1/assignments/"]


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").stat().st_size > 1000


def test_interactive_api_page_serves_vendored_assets(furong_office, client):
    client.force_login(furong_office)
    body = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in body and "cdn" not in body.lower()
