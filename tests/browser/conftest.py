"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against pytest-django's live_server.

Playwright never downloads a browser here (`playwright install` is not used): it launches the system Chromium.
Without /usr/bin/chromium these tests skip on a laptop and fail in CI (`require_chromium`).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test thread, and Django refuses ORM calls
# from a thread with a running loop. The test thread only builds fixtures; requests are served by the
# live server's own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
# An ordinary phone (iPhone 12-15 class), in Chinese as the officers' phones are.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}


@pytest.fixture
def browser(require_chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone(browser):
    """A fresh page on a phone-sized screen; nothing leaks between tests (own cookies, own storage)."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (gitignored); created on demand."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_phone(browser):
    """Make pages on phone-sized screens, one browser context (own cookies) per person, for flows between users."""
    contexts = []

    def _new_phone(**screen):
        context = browser.new_context(**{**PHONE, **screen})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_phone
    for context in contexts:
        context.close()
