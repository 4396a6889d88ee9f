"""Log in, log out, and the lock-out after repeated wrong passwords (by username and address together)."""

from axes.models import AccessAttempt
from django.conf import settings

from regions.choices import PostKind
from regions.services import post_grant
from tests import factories
from tests.factories import PASSWORD

WRONG = "not-the-password"


def attempt(client, username, password, address="10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_officer_logs_in_and_out(officer_user, client):
    response = attempt(client, officer_user.username, PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_shows_a_chinese_message(officer_user, client):
    response = attempt(client, officer_user.username, WRONG)
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_wrong_passwords_lock_that_user_on_that_address(officer_user, furong_office, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, officer_user.username, WRONG)
    # Even the right password is refused now, with a clear message and nothing else changed.
    response = attempt(client, officer_user.username, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "锁定" in body and "15分钟" in body
    assert "_auth_user_id" not in client.session

    # A colleague behind the same NAT address is not locked out...
    response = attempt(client, furong_office.username, PASSWORD)
    assert response.status_code == 302
    client.post("/accounts/logout/")
    # ...and the same officer from another address can still log in.
    response = attempt(client, officer_user.username, PASSWORD, address="10.2.2.2")
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username=officer_user.username, ip_address="10.1.1.1").exists()


def test_english_is_selectable(officer_user, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert "Log in" in body and "登录" not in body.split("<main")[1]
    response = attempt(client, officer_user.username, WRONG)
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_page_is_chinese_by_default(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="zh-hans"' in body
    assert "驻企联络员工作平台" in body and "用户名" in body


def test_pages_stay_chinese_for_an_english_browser_until_the_switch_is_used(client, db):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "用户名" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Username" in body


def test_api_answers_in_the_language_the_client_asks_for(furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/enterprises/", "{}", content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["name"] == ["This field is required."]
    response = client.post("/api/v1/enterprises/", "{}", content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.json()["name"] == ["该字段是必填项。"]


def test_api_token_for_mobile_clients(officer_user, client):
    response = client.post("/api/v1/auth/token/", {"username": officer_user.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_COOKIE="")
    assert me.json()["username"] == officer_user.username


def test_api_token_guessing_is_locked_out_like_the_login_page(officer_user, client, settings):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/api/v1/auth/token/", {"username": officer_user.username, "password": WRONG},
                               REMOTE_ADDR="10.9.9.9")
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 400)
    response = client.post("/api/v1/auth/token/", {"username": officer_user.username, "password": PASSWORD},
                           REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "15 分钟" in response.json()["detail"] and "token" not in response.json()


# "Remember this phone": 30 days for an officer who ticks it, the default for everyone else -------------------------

def remembering(client, user, *, remember=True):
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post("/accounts/login/", data, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def session_cookie_age(response) -> int:
    return int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"])


def test_an_officer_who_ticks_remember_stays_signed_in_for_thirty_days(officer_user, client):
    response = remembering(client, officer_user)
    assert settings.SESSION_REMEMBER_AGE == 30 * 24 * 3600
    assert session_cookie_age(response) == settings.SESSION_REMEMBER_AGE
    assert client.session.get_expiry_age() == settings.SESSION_REMEMBER_AGE
    # The long life survives the next request (the session is read back from the store, not just the cookie).
    assert client.get("/").status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_REMEMBER_AGE


def test_an_officer_who_does_not_tick_it_keeps_the_default_session(officer_user, client):
    response = remembering(client, officer_user, remember=False)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE == 12 * 3600
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_the_remembered_length_comes_from_the_setting(officer_user, client, settings):
    settings.SESSION_REMEMBER_AGE = 7 * 24 * 3600
    response = remembering(client, officer_user)
    assert session_cookie_age(response) == 7 * 24 * 3600


def test_an_office_that_ticks_remember_keeps_the_short_session_and_is_told(furong_office, in_english):
    client = in_english
    response = remembering(client, furong_office)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    body = client.get("/").content.decode()
    assert "This phone is not remembered: office and administrator sessions end after 12 hours." in body


def test_an_administrator_who_ticks_remember_keeps_the_short_session(admin_user, client):
    response = remembering(client, admin_user)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_department_login_that_ticks_remember_keeps_the_short_session(regions, client):
    department_user = factories.make_department_user("furong-tax", factories.make_department(regions.furong))
    response = remembering(client, department_user)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE


def test_an_officer_who_also_holds_an_office_post_keeps_the_short_session(officer_user, regions, client):
    # An officer seconded to the office as well: the office's reach decides, not the officer's post.
    post_grant(user=officer_user, kind=PostKind.LIAISON_OFFICE, region=regions.furong)
    response = remembering(client, officer_user)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE


def test_a_staff_officer_keeps_the_short_session(officer_user, client):
    # Staff reach the Django admin: never left signed in for a month.
    officer_user.is_staff = True
    officer_user.save(update_fields=["is_staff"])
    response = remembering(client, officer_user)
    assert session_cookie_age(response) == settings.SESSION_COOKIE_AGE


def test_the_login_page_offers_remember_and_says_who_gets_it(in_english, db):
    client = in_english
    body = client.get("/accounts/login/").content.decode()
    assert 'name="remember"' in body and 'type="checkbox"' in body
    assert "Remember this phone for 30 days" in body
    assert "Offices and administrators stay signed in for 12 hours whether or not this is ticked." in body


def test_a_wrong_password_is_summarised_on_top_and_nobody_is_signed_in(officer_user, client):
    response = client.post("/accounts/login/", {"username": officer_user.username, "password": WRONG,
                                                "remember": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="form-errors" role="alert" tabindex="-1"' in body
    summary = body.split('id="form-errors"')[1].split("</div>")[0]
    assert "请输入一个正确的" in summary
    assert "checked" in body.split('id="id_remember"')[1].split(">")[0]  # the tick is kept for the next try
    assert "_auth_user_id" not in client.session


def test_an_empty_login_links_each_missing_field(client, db):
    body = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">' in body and '<a href="#id_password">' in body


def test_a_remembered_officer_who_then_gets_an_office_post_keeps_only_the_short_session(officer_user, regions,
                                                                                      client):
    remembering(client, officer_user)
    assert client.session.get_expiry_age() == settings.SESSION_REMEMBER_AGE
    post_grant(user=officer_user, kind=PostKind.LIAISON_OFFICE, region=regions.furong)
    assert client.get("/").status_code == 200  # still signed in: the login was minutes ago
    assert settings.SESSION_COOKIE_AGE - 60 <= client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_a_remembered_officer_made_an_office_after_the_short_life_is_signed_out(officer_user, regions, client):
    from accounts.sessions import REMEMBERED_SINCE

    remembering(client, officer_user)
    session = client.session
    session[REMEMBERED_SINCE] -= settings.SESSION_COOKIE_AGE + 60  # logged in 12 hours and a minute ago
    session.save()
    assert client.get("/").status_code == 200  # an officer still: the month holds
    post_grant(user=officer_user, kind=PostKind.LIAISON_OFFICE, region=regions.furong)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
