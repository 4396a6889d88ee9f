"""The problem pages' template helpers: a department's label as the pickers show it."""

from django import template

from problems.forms import department_label as label_of

register = template.Library()


@register.filter
def department_label(department) -> str:
    return label_of(department)
