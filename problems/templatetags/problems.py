"""The ledger's template helpers: a department's label as the pickers show it, and whether a row may be ticked for
a bulk dispatch (the rules decide: services.problem_actions_for, no query per row)."""

from django import template

from problems import services
from problems.choices import ProblemAction
from problems.forms import department_label as label_of

register = template.Library()


@register.filter
def department_label(department) -> str:
    return label_of(department)


@register.filter
def dispatchable_by(problem, user) -> bool:
    return ProblemAction.ASSIGNED in services.problem_actions_for(user=user, problem=problem)
