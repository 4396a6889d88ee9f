"""An officer on a phone: logs in, lands on their enterprises, and a wrong password says so in Chinese."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

# Django's own zh_Hans translation of AuthenticationForm's invalid_login message.
WRONG_PASSWORD_MESSAGE = "请输入一个正确的"


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_officer_logs_in_on_a_phone_and_sees_their_enterprises(transactional_db, roster, live_server, phone,
                                                               artifacts):
    log_in(phone, live_server.url, roster.officer.user.username, PASSWORD)

    assert phone.url == live_server.url + "/"
    body = phone.locator("body")
    assert roster.furong_enterprise.name in body.inner_text()
    assert roster.furong_enterprise_2.name in body.inner_text()
    assert roster.tianxin_enterprise.name not in body.inner_text()
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    # Nothing is wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.screenshot(path=str(artifacts / "officer-home-phone.png"), full_page=True)


def test_wrong_password_is_refused_in_chinese(transactional_db, roster, live_server, phone, artifacts):
    log_in(phone, live_server.url, roster.officer.user.username, PASSWORD + "-wrong")

    assert phone.url.startswith(live_server.url + "/accounts/login/")
    alert = phone.locator("[role=alert]")
    assert WRONG_PASSWORD_MESSAGE in alert.inner_text()
    assert roster.furong_enterprise.name not in phone.locator("body").inner_text()

    phone.screenshot(path=str(artifacts / "login-wrong-password-phone.png"), full_page=True)
