"""The demo's roster goes through the roster services: a planned row that breaks a rule stops the seed, naming it."""

import pytest

from demo import enterprises as demo_enterprises
from demo import roster, seeding
from enterprises.models import Enterprise


def test_a_demo_enterprise_with_a_wrong_credit_code_is_refused_by_the_service(db, monkeypatch):
    real = demo_enterprises.credit_code

    def wrong_check_character(county_code, serial, *, modern=True):
        code = real(county_code, serial, modern=modern)
        return code[:17] + ("0" if code[17] != "0" else "1") if serial == 7 else code

    monkeypatch.setattr(demo_enterprises, "credit_code", wrong_check_character)
    with pytest.raises(AssertionError) as error:
        seeding.demo_seed(scale="tiny", log=lambda line: None)
    assert "demo enterprises: 1 rows refused" in str(error.value)
    assert "credit_code" in str(error.value)
    assert not Enterprise.objects.exists()  # the step's transaction wrote none of its rows


def test_a_planned_assignment_outside_the_managing_offices_reach_is_refused(db, monkeypatch):
    original = roster.RosterPlanner.plan

    def plan_one_too_far(self):
        task_forces, assignments = original(self)
        far = next(a for a in assignments if self.run.level(a.managing) == "county")
        far.managing = next(code for code in self.run.regions if self.run.level(code) == "county"
                            and code != far.managing)
        return task_forces, assignments

    monkeypatch.setattr(roster.RosterPlanner, "plan", plan_one_too_far)
    with pytest.raises(AssertionError) as error:
        seeding.demo_seed(scale="tiny", log=lambda line: None)
    assert "demo assignments" in str(error.value) and "managing_region" in str(error.value)
