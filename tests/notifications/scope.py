"""The notifications' share of tests/test_scope_everywhere.py: every page and endpoint is the user's own inbox."""

UNSCOPED = {
    "notifications:inbox": "the signed-in user's own notices; tests/notifications/test_pages.py",
    "notifications:open": "the user's own notice only (404 for another's); tests/notifications/test_pages.py",
    "notifications:read-all": "marks the user's own notices; tests/notifications/test_pages.py",
    "notifications:settings": "the user's own settings; tests/notifications/test_pages.py",
    "api:my-notice-read": "the user's own notice only (404 for another's); tests/notifications/test_api.py",
    "api:my-notice-read-all": "marks the user's own notices; tests/notifications/test_api.py",
}
