"""Small helpers shared by the phone-sized browser tests: log in, tap a submit button and wait, check the layout."""

import functools
from pathlib import Path

from django.db import connections

from tests.factories import PASSWORD

PHONE_WIDTH = 390


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the landing page."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("button[type=submit]").tap()


def tap_and_wait(page, locator) -> None:
    """Tap a button or link that loads a new page (a form POST and its redirect) and wait for it."""
    with page.expect_navigation():
        locator.tap()


def body_text(page) -> str:
    return page.locator("body").inner_text()


def assert_fits_phone(page) -> None:
    """Nothing is wider than the phone: no sideways scrolling of the whole page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a {PHONE_WIDTH}px phone"


LINES_JS = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


def line_count(locator) -> int:
    """On how many lines the element's text is laid out (a badge or a date should take one)."""
    return locator.evaluate(LINES_JS)


def messages(page) -> list[str]:
    """The flash messages shown at the top of the page."""
    return [text.strip() for text in page.locator("ul.messages li").all_inner_texts()]


def shoot(page, artifacts: Path, name: str) -> Path:
    """A full-page screenshot in test-artifacts/, for a person to look at."""
    path = artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def closes_its_db_connections(test):
    """For a test that uses the ORM while Playwright runs: close the connections it opened, in its own context.

    Playwright's sync API switches greenlets, and Django's connections are context-local (asgiref.local), so the
    connection a test body opens is not the one pytest-django closes at teardown: left open, it keeps PostgreSQL
    from dropping the test database at the end of the session.
    """

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        try:
            return test(*args, **kwargs)
        finally:
            connections.close_all()

    return wrapper
