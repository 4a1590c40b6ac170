"""Showing published data as published: BODS shares, money with its currency."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

register = template.Library()


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@register.filter
def bods_share(interest: dict) -> str:
    """An interest's share as published: exact, or a range with its open or closed ends."""
    share = interest.get("share") if isinstance(interest, dict) else None
    if not isinstance(share, dict):
        return ""
    if share.get("exact") is not None:
        return f"{_number(share['exact'])}%"
    low, high = share.get("minimum"), share.get("maximum")
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        left = _("more than %(n)s%%") if share.get("exclusiveMinimum") else _("from %(n)s%%")
        right = _("under %(n)s%%") if share.get("exclusiveMaximum") else _("up to %(n)s%%")
        return f"{left % {'n': _number(low)}} {right % {'n': _number(high)}}"
    if low is not None:
        return (_("more than %(n)s%%") if share.get("exclusiveMinimum") else _("at least %(n)s%%")) % {
            "n": _number(low)
        }
    return (_("under %(n)s%%") if share.get("exclusiveMaximum") else _("up to %(n)s%%")) % {
        "n": _number(high)
    }


@register.simple_tag
def money(amount, currency: str = "") -> str:
    if amount is None:
        return ""
    text = intcomma(f"{amount:.2f}".removesuffix(".00"))
    return f"{currency} {text}".strip()
