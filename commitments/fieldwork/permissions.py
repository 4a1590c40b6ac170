"""Who may record, see and moderate site visits and consultations: built on the one policy
(``commitments.permissions``) and ``tracker.permissions``; views, services and the admin ask
these functions and nothing else.

- A site visit: anyone signed in whose email address is verified (and who has two-factor on
  if their rights require it: POCs, reviewers, staff), on any milestone.
- A visit is public unless staff hid it; a hidden visit (and its photos) is seen by staff only,
  the public sees that it was hidden and why.
- A consultation: the member's POCs and forum reviewers (with two-factor on) and staff.
"""

from __future__ import annotations

from tracker.permissions import has_two_factor, is_staff, may_act, signed_in, verified_email

from ..models import ActionPlanPage, CommitmentPage, MemberPage
from ..permissions import is_poc, is_reviewer, member_of


def email_verified(user) -> bool:
    return verified_email(user)


def can_record_visit(user) -> bool:
    """Signed in with a verified email (what a visit says is on the public record under their
    account), and two-factor on if their rights require it."""
    return may_act(user) and email_verified(user)


def can_view_visit(user, visit) -> bool:
    return not visit.hidden or is_staff(user)


def can_moderate_visits(user) -> bool:
    """Hide a visit (or show it again) with a public reason: staff only."""
    return is_staff(user)


def can_record_consultation(
    user, subject: CommitmentPage | ActionPlanPage, member: MemberPage | None = None
) -> bool:
    """The member's POCs and forum reviewers, with two-factor on, and staff."""
    if not signed_in(user) or not has_two_factor(user):
        return False
    if is_staff(user):
        return True
    member = member or member_of(subject)
    return is_poc(user, member) or is_reviewer(user, member)


def can_edit_consultation(user, consultation, member: MemberPage | None = None) -> bool:
    """Whoever may record one on its subject (to add the government's answers later)."""
    return can_record_consultation(user, consultation.subject, member)
