"""Ledger triage: the ledger by urgency with the closed problems out of the way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.models import Problem
from problems.services import problem_assign, problem_confirm, problem_resolve

TODAY = timezone.localdate()


def ledger_rows(client, params=None) -> list[int]:
    response = client.get("/problems/", params or {})
    assert response.status_code == 200
    return [problem.pk for problem in response.context["page"].object_list]


@pytest.fixture
def triage(raise_problem, furong_office, tax_staff, officer_user, departments):
    """One furong problem of each kind the ledger sorts, raised oldest first in the order of `raised`."""
    raised = {name: raise_problem(description=name) for name in (
        "due later", "confirmed", "overdue", "waiting", "due soon", "resolved", "waiting longer", "overdue more")}

    def dispatch(name, days):
        problem = problem_assign(actor=furong_office, problem=raised[name], department=departments.furong_tax)
        Problem.objects.filter(pk=problem.pk).update(deadline=TODAY + timedelta(days=days))

    dispatch("due later", 9)
    dispatch("due soon", 2)
    dispatch("overdue", -1)
    dispatch("overdue more", -4)
    for name in ("resolved", "confirmed"):
        problem = problem_resolve(actor=tax_staff, resolution="已协调", problem=problem_assign(
            actor=furong_office, problem=raised[name], department=departments.furong_tax))
        if name == "confirmed":
            problem_confirm(actor=officer_user, problem=problem)
    # "waiting" was raised before "waiting longer": make the latter the longer-waiting one.
    Problem.objects.filter(pk=raised["waiting longer"].pk).update(
        created_at=Problem.objects.get(pk=raised["waiting"].pk).created_at - timedelta(hours=1))
    return {name: problem.pk for name, problem in raised.items()}


def named(triage, *names) -> list[int]:
    return [triage[name] for name in names]


OPEN_ORDER = ("waiting longer", "waiting", "overdue more", "overdue", "due soon", "due later")


# The order and the closed ones ------------------------------------------------------------------------------------


def test_the_ledger_puts_undispatched_first_then_overdue_then_nearest_deadline_and_hides_the_closed(
        triage, furong_office, client):
    client.force_login(furong_office)
    assert ledger_rows(client) == named(triage, *OPEN_ORDER)


def test_the_closed_ones_are_one_filter_away_and_come_last_when_shown_with_the_rest(triage, furong_office, client):
    client.force_login(furong_office)
    assert ledger_rows(client, {"state": "all"}) == named(triage, *OPEN_ORDER, "confirmed", "resolved")
    assert set(ledger_rows(client, {"state": "closed"})) == set(named(triage, "resolved", "confirmed"))
    assert ledger_rows(client, {"state": "open"}) == ledger_rows(client)
    # A status says which problems more precisely than the default: asking for the confirmed ones shows them.
    assert ledger_rows(client, {"status": "confirmed"}) == named(triage, "confirmed")
    assert ledger_rows(client, {"status": "confirmed", "state": "open"}) == []


def test_the_department_queue_keeps_the_same_order(triage, tax_staff, client):
    client.force_login(tax_staff)
    response = client.get("/problems/queue/")
    assert [p.pk for p in response.context["page"]] == named(triage, "overdue more", "overdue", "due soon",
                                                             "due later")
