"""The production shape: deploy checks, docker-compose.yml, and the settings the environment selects.

Each check runs in a subprocess with an environment built from scratch, so what the test process itself
was started with (DATABASE_URL in CI's PostgreSQL pass, say) never leaks into the answer.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_or_skip

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_HOST = "portal.example.gov.cn"

# Everything the settings read is left out; only what a Python process needs to run is kept.
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env.update(extra)
    return env


def production_env(**extra: str) -> dict[str, str]:
    return clean_env(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST,
        **extra,
    )


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, check=False)


def settings_seen_with(env: dict[str, str]) -> dict:
    """Import the settings module in a fresh interpreter and report what it chose."""
    code = (
        "import json\n"
        "from liaison_portal import settings as s\n"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],\n"
        "                  'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL,\n"
        "                  'debug': s.DEBUG}))\n"
    )
    result = run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_with_production_environment():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "System check identified no issues" in output, output


def test_embedded_default_with_nothing_set():
    if (BASE_DIR / ".env").exists():
        pytest.skip("a local .env configures this checkout; the embedded default is what a fresh clone sees")
    seen = settings_seen_with(clean_env())
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["eager"] is True
    assert seen["broker"] == ""
    assert seen["debug"] is True


def test_database_and_broker_urls_select_the_production_shape():
    seen = settings_seen_with(production_env(
        DATABASE_URL="postgres://liaison:secret@db:5432/liaison",
        CELERY_BROKER_URL="redis://redis:6379/0",
    ))
    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["eager"] is False
    assert seen["broker"] == "redis://redis:6379/0"
    assert seen["debug"] is False


def _compose_config(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    compose = shutil.which("docker-compose")
    require_or_skip(compose is not None, "needs docker-compose (Debian package docker-compose) to validate "
                                         "docker-compose.yml")
    # An empty env file: a developer's own .env must not decide what this test sees.
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    return run([compose, "--env-file", str(env_file), "-f", str(BASE_DIR / "docker-compose.yml"),
                "config", "-q"], clean_env(**variables), timeout=60)


def test_docker_compose_file_is_valid(tmp_path):
    result = _compose_config(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
                             DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST, POSTGRES_PASSWORD=secrets.token_hex(16))
    assert result.returncode == 0, result.stdout + result.stderr


def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path):
    result = _compose_config(tmp_path, DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST, POSTGRES_PASSWORD=secrets.token_hex(16))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stdout + result.stderr
