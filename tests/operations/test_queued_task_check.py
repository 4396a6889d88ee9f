"""Every task queued by name exists: `manage.py check` fails on a name no task has (operations/checks.py)."""

import pytest

from liaison_portal.queueing import DECLARED_TASK_NAMES, task_name
from operations.checks import every_queued_task_exists, queued_task_names


def test_the_project_queues_only_tasks_that_exist():
    names = queued_task_names()
    # The services' own declarations, the beat's interval entries and the daily jobs are all looked at.
    assert "summaries.tasks.summaries_refresh_task" in names and "roster_import.tasks.roster_import_check_task" in names
    assert "operations.tasks.scheduled_runs_tick" in names and "dashboards.tasks.bulletins_generate_task" in names
    assert every_queued_task_exists() == []


@pytest.fixture
def misspelt():
    name = task_name("summaries.tasks.summaries_refersh_task", queued_from="tests.operations.misspelt")
    yield name
    DECLARED_TASK_NAMES.pop(name)


def test_a_misspelt_task_name_fails_the_check_naming_where_it_is_queued(misspelt):
    errors = every_queued_task_exists()
    assert [error.id for error in errors] == ["operations.E001"]
    assert "tests.operations.misspelt" in errors[0].msg and misspelt in errors[0].msg
