"""seed_demo's problem ledger: every state, histories that follow the services' rules, and work for each demo login."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from problems.choices import ProblemStatus
from problems.models import Problem, ProblemEvent
from problems.selectors import department_queue, my_problems, problem_ledger
from problems.services import problems_escalate_overdue
from regions.models import Department, Region


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="tiny", password="seed-test-2026", stdout=StringIO())


def user(username):
    return get_user_model().objects.get(username=username)


def test_problems_in_every_state_some_escalated(seeded):
    statuses = dict(Problem.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(ProblemStatus.values)
    assert Problem.objects.filter(handling_region__level="city").exists()
    assert ProblemEvent.objects.filter(action="escalated", actor__isnull=True).exists()
    assert ProblemEvent.objects.filter(action="declined").exists()


def test_every_history_follows_the_rules(seeded):
    regions = {region.pk: region for region in Region.objects.all()}
    departments = {d.pk: d for d in Department.objects.select_related("region")}
    for problem in Problem.objects.select_related("enterprise").prefetch_related("events"):
        events = list(problem.events.all())
        assert events[0].action == "raised" and events[0].from_status == ""
        handling = problem.enterprise.region
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status, problem.client_token
            assert after.at >= before.at
        for event in events:
            if event.action == "assigned":
                assert handling.contains(departments[event.department_id].region), problem.client_token
            if event.action == "escalated":
                assert event.data["from_region"] == handling.pk
                handling = regions[event.data["to_region"]]
        assert events[-1].to_status == problem.status
        assert handling == problem.handling_region
        if problem.department_id:
            assert problem.handling_region.contains(departments[problem.department_id].region)


def test_the_beat_finds_nothing_to_escalate_right_after_seeding(seeded):
    assert problems_escalate_overdue() == 0


def test_each_demo_login_has_work(seeded):
    queue = list(department_queue(fetched_by=user("dept")))
    assert len(queue) >= 3 and any(p.is_overdue for p in queue)
    assert any(p.status == ProblemStatus.RESOLVED for p in my_problems(user=user("officer")))
    assert problem_ledger(fetched_by=user("furong")).filter(status="reported", handling_region__level="county").exists()
    assert problem_ledger(fetched_by=user("changsha")).filter(status="reported", handling_region__level="city").exists()


def test_a_second_run_adds_nothing(seeded):
    before = (Problem.objects.count(), ProblemEvent.objects.count(), Department.objects.count())
    call_command("seed_demo", scale="tiny", password="seed-test-2026", stdout=StringIO())
    assert (Problem.objects.count(), ProblemEvent.objects.count(), Department.objects.count()) == before
