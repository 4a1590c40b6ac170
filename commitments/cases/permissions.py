"""Who may do what with a feedback case: the cases' part of the one permission policy.

Built on ``commitments.permissions`` (a member's POC and forum groups) and
``tracker.permissions`` (staff, with two-factor). Views, services and the admin ask these
functions; nothing else decides.

- file: anyone signed in with a verified email address;
- acknowledge, answer: the commitment's points of contact (its member's POC group, two-factor
  on), while the implementer owes it; someone else's POC never;
- rate (once) and accept or escalate: the filer, once answered; escalate also when a
  deadline has passed unanswered;
- take an escalated case: the member's forum, or a member of a civil-society organisation;
  record actions and close it as resolved or not: whoever took it;
- withdraw: the filer, until it is closed; staff may close any open case;
- nobody changes a closed case; staff moderate (hide with a public reason, and show again with
  one: both stay in the history), nothing deleted;
- who filed: staff and the filer only.
"""

from __future__ import annotations

from django.utils import timezone

from tracker.models import Membership, Organisation, Sector
from tracker.permissions import has_two_factor, is_staff, signed_in, verified_email

from ..permissions import is_poc, is_reviewer
from .models import AWAITING_IMPLEMENTER, Case, CaseState
from .rules import case_overdue


def has_verified_email(user) -> bool:
    return verified_email(user)


def can_file(user) -> bool:
    return has_verified_email(user)


def is_case_poc(user, case: Case) -> bool:
    """A point of contact of the case's member, with two-factor on (their answer is public)."""
    return signed_in(user) and is_poc(user, case.member) and has_two_factor(user)


def can_acknowledge(user, case: Case) -> bool:
    return case.state == CaseState.FILED and is_case_poc(user, case)


def can_answer(user, case: Case) -> bool:
    return case.state in AWAITING_IMPLEMENTER and is_case_poc(user, case)


def is_filer(user, case: Case) -> bool:
    return signed_in(user) and user.pk == case.filer_id


def can_rate(user, case: Case) -> bool:
    """The filer, once, on an answered case."""
    return case.state == CaseState.ANSWERED and case.rating is None and is_filer(user, case)


def can_escalate(user, case: Case, now=None) -> bool:
    """The filer, when the implementer let a deadline pass (an answered case is escalated with
    the filer's rating: ``can_rate``)."""
    if not is_filer(user, case):
        return False
    return case_overdue(case.state, case.acknowledge_due, case.answer_due, now or timezone.now())


def civil_society_organisations(user):
    """The civil-society organisations ``user`` belongs to."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(sector=Sector.CIVIL_SOCIETY, memberships__user=user).order_by("name")


def can_take(user, case: Case) -> bool:
    if case.state != CaseState.ESCALATED or case.is_taken or not signed_in(user):
        return False
    return is_reviewer(user, case.member) or civil_society_organisations(user).exists()


def is_taker(user, case: Case) -> bool:
    """Whoever took the escalated case: its forum, or a member of the organisation that took it."""
    if not signed_in(user):
        return False
    if case.taken_by_forum:
        return is_reviewer(user, case.member)
    if case.taken_by_organisation_id:
        return Membership.objects.filter(user=user, organisation_id=case.taken_by_organisation_id).exists()
    return False


def can_record_action(user, case: Case) -> bool:
    return case.state == CaseState.ESCALATED and is_taker(user, case)


def can_close(user, case: Case) -> bool:
    """Close as resolved or not resolved: whoever took the escalated case, or staff."""
    if case.state == CaseState.CLOSED:
        return False
    if is_staff(user):
        return True
    return can_record_action(user, case)


def can_withdraw(user, case: Case) -> bool:
    return case.state != CaseState.CLOSED and is_filer(user, case)


def can_moderate(user) -> bool:
    return is_staff(user)


def can_unhide(user, case: Case) -> bool:
    """Staff show a hidden case again (with a public reason)."""
    return case.hidden and is_staff(user)


def can_see_filer(user, case: Case) -> bool:
    """Who filed a case: staff and the filer; never the public, the POCs or the forum."""
    return is_staff(user) or is_filer(user, case)


def can_see_hidden_text(user, case: Case) -> bool:
    """Cases are public; a hidden one's text and evidence only to staff and its filer (the page
    still shows that it exists, and why it is hidden)."""
    return not case.hidden or is_staff(user) or is_filer(user, case)


def actions_for(user, case: Case) -> dict[str, bool]:
    """Every action ``user`` may take on ``case``, for the page (one place decides)."""
    return {
        "acknowledge": can_acknowledge(user, case),
        "answer": can_answer(user, case),
        "rate": can_rate(user, case),
        "escalate": can_escalate(user, case),
        "take": can_take(user, case),
        "record_action": can_record_action(user, case),
        "close": can_close(user, case),
        "withdraw": can_withdraw(user, case),
        "moderate": can_moderate(user) and not case.hidden,
        "unhide": can_unhide(user, case),
    }
