"""The database down is a 503 that says so: a Chinese page for people, a problem detail for the API."""

from contextlib import contextmanager
from unittest.mock import patch

from django.core.signals import got_request_exception
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory

from liaison_portal.middleware import DatabaseUnavailableMiddleware


@contextmanager
def database_down():
    """Every new query fails the way a stopped PostgreSQL fails."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with patch.object(connection, "cursor", refuse), patch.object(connection, "chunked_cursor", refuse):
        yield


def test_a_page_is_a_chinese_503(client, furong_office):
    client.force_login(furong_office)
    with database_down():
        response = client.get("/dashboard/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert "服务暂时不可用" in page
    assert "Traceback" not in page and "Server Error" not in page


def test_the_api_gets_a_problem_detail(client, furong_office):
    client.force_login(furong_office)
    with database_down():
        response = client.get("/api/v1/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) == {"type", "title", "status", "detail"}
    assert problem["status"] == 503 and problem["type"].startswith("https://")
    assert problem["title"] == "服务暂时不可用"


def test_the_api_speaks_english_when_asked(client, furong_office):
    client.force_login(furong_office)
    with database_down():
        response = client.get("/api/v1/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Service temporarily unavailable"


def test_other_errors_stay_500s(client, furong_office):
    def bug(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    client.force_login(furong_office)
    client.raise_request_exception = False
    with patch.object(connection, "cursor", bug):
        assert client.get("/dashboard/").status_code == 500


def test_a_database_error_outside_the_view_is_a_503_too(db):
    """E.g. the session saved in a middleware's response phase: Django's 500 handler ran; the 500 is replaced."""
    request = RequestFactory().get("/reports/")

    def inner(request):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            got_request_exception.send(sender=None, request=request)
            return HttpResponse("Server Error", status=500)

    response = DatabaseUnavailableMiddleware(inner)(request)
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_an_ordinary_500_outside_the_view_is_left_alone(db):
    request = RequestFactory().get("/reports/")

    def inner(request):
        try:
            raise ValueError("a bug")
        except ValueError:
            got_request_exception.send(sender=None, request=request)
            return HttpResponse("Server Error", status=500)

    assert DatabaseUnavailableMiddleware(inner)(request).status_code == 500
