"""Two bulletin runs at once (a retried beat, a click while the evening task runs): one bulletin, one file."""

import threading
import time

import pytest
from django.db import connection

from dashboards import services
from dashboards.models import Bulletin

from .conftest import TODAY


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(media):
    return sorted(path.relative_to(media).as_posix() for path in media.rglob("*.xlsx"))


def _race(regions, monkeypatch, runs: int = 2) -> list:
    """`runs` threads generate the same bulletin at once; building the data is slowed so that they overlap."""
    build = services.bulletin_data

    def slow_build(**kwargs):
        time.sleep(0.3)
        return build(**kwargs)

    monkeypatch.setattr(services, "bulletin_data", slow_build)
    barrier = threading.Barrier(runs)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(services.bulletin_generate(region=regions.furong, day=TODAY).pk)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_runs_give_one_bulletin_and_no_orphan_file(require_postgres, transactional_db, world, regions,
                                                              media, monkeypatch):
    outcomes = _race(regions, monkeypatch, runs=3)
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert not errors, errors
    bulletin = Bulletin.objects.get(region=regions.furong, day=TODAY)
    assert set(outcomes) == {bulletin.pk}
    assert bulletin.data["figures"]  # the last run's full content, not the claimed empty row
    assert _files(media) == [bulletin.xlsx.name], "an orphaned or missing bulletin file"


def test_a_failed_save_leaves_no_file(world, regions, media, monkeypatch):
    save = Bulletin.save

    def refuse_the_filled_row(self, *args, **kwargs):
        if self.xlsx:  # the claim goes through; the row with its file does not
            raise RuntimeError("the database went away")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Bulletin, "save", refuse_the_filled_row)
    with pytest.raises(RuntimeError):
        services.bulletin_generate(region=regions.furong, day=TODAY)
    assert _files(media) == []
