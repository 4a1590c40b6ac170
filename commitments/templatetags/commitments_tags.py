from django import template

from commitments import selectors

register = template.Library()


@register.simple_tag
def headline_numbers() -> dict[str, int]:
    return selectors.home_numbers()


@register.simple_tag
def members_by_region():
    return selectors.members_by_region()


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
