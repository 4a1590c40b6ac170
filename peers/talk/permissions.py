"""Who may do what with questions, exchanges and events: one policy, asked by the views, the
services and the admin hooks (built on ``peers.permissions``, whose roles come from
``NetworkPerson``; staff with two-factor on are administrators of every network).

- Read a members-only question: the network's members (an ex-officio partner's people too: they
  are in the network). Others get a 404, as for a page that does not exist, so that not even the
  title leaks.
- Ask, answer, request an exchange: the network's members. Accept: the asker only.
- Flag: anyone signed in who can read it. Hide (with a public reason) and lock: the network's
  editors and administrators, and staff.
- Match an exchange and move it on: editors. Write its report: the requester or an editor.
- Register for an event: anyone signed in; cancel: one's own registration.
- Create an event: the network's editors (Wagtail's admin asks ``can_create_event`` too).
"""

from __future__ import annotations

from tracker.permissions import signed_in

from ..models import NetworkPage
from ..permissions import is_network_editor, is_network_member


def can_read_question(user, question) -> bool:
    return not question.members_only or is_network_member(user, question.network)


def can_ask(user, network: NetworkPage) -> bool:
    return is_network_member(user, network)


def can_answer(user, question) -> bool:
    return not question.is_locked and not question.is_hidden and is_network_member(user, question.network)


def can_accept(user, question) -> bool:
    return signed_in(user) and question.author_id == user.pk and not question.is_locked


def can_flag(user, question) -> bool:
    return signed_in(user) and can_read_question(user, question)


def can_moderate(user, network: NetworkPage) -> bool:
    """Hide with a reason, show again, lock and unlock."""
    return is_network_editor(user, network)


def can_see_hidden_text(user, network: NetworkPage) -> bool:
    return can_moderate(user, network)


def can_follow_question(user, question) -> bool:
    return signed_in(user) and can_read_question(user, question)


def can_request_exchange(user, network: NetworkPage) -> bool:
    return is_network_member(user, network)


def can_view_exchange(user, exchange) -> bool:
    from .models import Exchange

    return exchange.status == Exchange.Status.REPORTED or is_network_member(user, exchange.network)


def can_match_exchange(user, exchange) -> bool:
    return is_network_editor(user, exchange.network)


def can_report_exchange(user, exchange) -> bool:
    return (signed_in(user) and exchange.requested_by_id == user.pk) or is_network_editor(
        user, exchange.network
    )


def can_register(user, event) -> bool:
    return signed_in(user) and event.live


def can_cancel(user, registration) -> bool:
    return signed_in(user) and registration.user_id == user.pk


def can_create_event(user, network: NetworkPage) -> bool:
    return is_network_editor(user, network)
