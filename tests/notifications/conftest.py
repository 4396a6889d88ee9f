"""A local HTTP server standing in for a provider (WeCom, DingTalk, Aliyun SMS): it records each request and
answers from a script (success, a provider error code, an HTTP error, or too slowly: a timeout). No network."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from notifications.choices import RobotProvider
from notifications.models import OfficeRobot

TIMEOUT = 0.5  # seconds: the tests' NOTIFICATIONS_HTTP_TIMEOUT; a "hang" answer waits longer


@dataclass
class Seen:
    path: str
    raw: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def form(self) -> dict:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class Answer:
    status: int = 200
    body: dict | str = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    delay: float = 0.0


class FakeProvider:
    def __init__(self):
        self.requests: list[Seen] = []
        self.script: list[Answer] = []
        self.default = Answer()
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parts = urlsplit(self.path)
                with provider.lock:
                    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                    provider.requests.append(Seen(parts.path, self.path, query, dict(self.headers), body))
                    answer = provider.script.pop(0) if provider.script else provider.default
                if answer.delay:
                    time.sleep(answer.delay)
                payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json;charset=utf-8")
                    self.end_headers()
                    self.wfile.write(payload.encode())
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, *answers: Answer) -> None:
        self.script.extend(answers)

    def hang(self) -> Answer:
        return Answer(delay=TIMEOUT * 3)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def notification_settings(settings, tmp_path):
    settings.NOTIFICATIONS_HTTP_TIMEOUT = TIMEOUT
    settings.NOTIFICATIONS_ROBOT_HOSTS = {"wecom": ["127.0.0.1"], "dingtalk": ["127.0.0.1"]}
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_SITE_URL = "https://portal.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def sms_lines(settings) -> list[dict]:
    folder = settings.PRIVATE_FILES_ROOT / "notifications"
    return [json.loads(line) for path in sorted(folder.glob("sms-*.log")) for line in path.read_text().splitlines()]


@pytest.fixture
def wecom_robot(provider, regions):
    robot = OfficeRobot(region=regions.furong, provider=RobotProvider.WECOM, name="芙蓉区联络办群",
                        webhook_url=f"{provider.base}/cgi-bin/webhook/send?key=693a91f6-test")
    robot.full_clean()
    robot.save()
    return robot


@pytest.fixture
def dingtalk_robot(provider, regions):
    robot = OfficeRobot(region=regions.furong, provider=RobotProvider.DINGTALK, name="芙蓉区联络办钉钉群",
                        webhook_url=f"{provider.base}/robot/send?access_token=abc123",
                        secret="SECtest0123456789")
    robot.full_clean()
    robot.save()
    return robot


class Clock:
    """timezone.now() pinned to a local time (Asia/Shanghai) and moved by hand."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def at(self, day, hour, minute=0):
        from datetime import datetime
        from datetime import time as dtime

        self.now = timezone.make_aware(datetime.combine(day, dtime(hour, minute)))
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit callbacks (the queued sends, eager here) when it ends, as a
    real commit would; the test's own transaction otherwise keeps them back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
