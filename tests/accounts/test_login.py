"""Log in, log out, and the lock-out after repeated wrong passwords (by username and address together)."""

from axes.models import AccessAttempt

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
