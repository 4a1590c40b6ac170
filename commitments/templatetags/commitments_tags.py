import datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments import selectors
from commitments.dates import date_precision

register = template.Library()


@register.simple_tag
def headline_numbers() -> dict[str, int]:
    return selectors.home_numbers()


@register.simple_tag
def starred_commitments():
    return selectors.starred_commitments()


@register.simple_tag
def members_by_region():
    return selectors.members_by_region()


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@register.simple_tag
def ogp_date(value: datetime.date | None, text: str = "") -> str:
    """A commitment date as precisely as OGP gave it: "July 2012" is not "July 1, 2012"."""
    if value is None:
        return text or _("Not given")
    precision = date_precision(text) if text else "day"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def completion_label(value: str) -> str:
    """An IRM completion code (as the explorer's facts keep it) in the active language."""
    from commitments.irm import Completion

    try:
        return str(Completion(value).label)
    except ValueError:
        return value
