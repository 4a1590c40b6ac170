"""Who may do what with civil-society scores, built on the one policy (``commitments.permissions``).

- Open, close or reopen a round on an action plan: staff, or the plan's member's forum.
- Score a commitment (draft, revise): a member of an organisation of civil society or academia
  (business too when the round allows it), inside an open round, unless the organisation
  implements the commitment (a lead or supporting implementer: the government's side of it).
- Sign a score off (publish it): an administrator of the organisation, or its only member (the
  score is then marked self-signed).
- Reply to a published score: the commitment's points of contact (one reply per score).
- Hide a score or a reply, with a public reason: staff.
"""

from __future__ import annotations

from django.utils import timezone

from tracker.models import Membership, Organisation, Sector
from tracker.permissions import is_staff, may_act, signed_in

from ..models import ActionPlanPage, CommitmentPage, StakeholderRole
from ..permissions import is_poc, is_reviewer, member_of
from .models import Score, ScoreReply, ScoringRound

SCORING_SECTORS = (Sector.CIVIL_SOCIETY, Sector.ACADEMIA)
# The roles that put an organisation on the government's side of a commitment: it may not score
# what it implements.
IMPLEMENTER_ROLES = (StakeholderRole.Role.LEAD_IMPLEMENTER, StakeholderRole.Role.SUPPORTING_IMPLEMENTER)


def can_manage_rounds(user, action_plan: ActionPlanPage) -> bool:
    """Open, close, reopen a round: staff, or the forum of the plan's member."""
    if is_staff(user):
        return True
    return may_act(user) and is_reviewer(user, member_of(action_plan))


def sector_may_score(organisation: Organisation, round: ScoringRound) -> bool:
    if organisation.sector in SCORING_SECTORS:
        return True
    return organisation.sector == Sector.BUSINESS and round.allow_business


def implements(organisation: Organisation, commitment: CommitmentPage) -> bool:
    return StakeholderRole.objects.filter(
        commitment=commitment, organisation=organisation, role__in=IMPLEMENTER_ROLES
    ).exists()


def membership(user, organisation: Organisation) -> Membership | None:
    if not signed_in(user):
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def why_not_score(
    user, *, round: ScoringRound, commitment: CommitmentPage, organisation: Organisation
) -> str:
    """Why ``user`` may not score ``commitment`` for ``organisation`` in ``round``, in words;
    empty when they may."""
    from django.utils.translation import gettext as _

    if not may_act(user) or membership(user, organisation) is None:
        return _("Only members of the organisation may score on its behalf.")
    if not sector_may_score(organisation, round):
        return _("Only civil-society and academic organisations may score in this round.")
    if commitment.get_parent().pk != round.action_plan_id:
        return _("This commitment is not in the round's action plan.")
    if implements(organisation, commitment):
        return _("Your organisation implements this commitment: it may not score it.")
    if not round.is_open(timezone.localdate()):
        return _("The round is not open: scores are written only while it is.")
    return ""


def can_score(user, *, round: ScoringRound, commitment: CommitmentPage, organisation: Organisation) -> bool:
    return not why_not_score(user, round=round, commitment=commitment, organisation=organisation)


def can_edit_score(user, score: Score) -> bool:
    """Change the draft (or start a revision) of an existing score."""
    return can_score(user, round=score.round, commitment=score.commitment, organisation=score.organisation)


def is_sole_member(user, organisation: Organisation) -> bool:
    members = list(organisation.memberships.values_list("user_id", flat=True)[:2])
    return members == [user.pk]


def can_sign_off(user, score: Score) -> bool:
    """Publish a draft: an administrator of the organisation, or its only member, while the round
    is open and the organisation may score."""
    if score.state != Score.State.DRAFT or not can_edit_score(user, score):
        return False
    own = membership(user, score.organisation)
    return own is not None and (own.role == Membership.Role.ADMIN or is_sole_member(user, score.organisation))


def can_view_draft(user, score: Score) -> bool:
    """A draft is seen by the organisation's members and staff only."""
    return is_staff(user) or (may_act(user) and membership(user, score.organisation) is not None)


def can_reply(user, score: Score) -> bool:
    """The commitment's points of contact, on a published, visible score with no reply yet."""
    if not score.is_public or score.hidden or not may_act(user):
        return False
    if ScoreReply.objects.filter(score=score).exists():
        return False
    return is_poc(user, member_of(score.commitment))


def can_moderate(user) -> bool:
    """Hide a score or a reply with a public reason: staff."""
    return is_staff(user)


def scoring_organisations(user) -> list[Organisation]:
    """The organisations on whose behalf ``user`` may write scores (sector allowing; the round
    and commitment are checked per score)."""
    if not may_act(user):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user, sector__in=[*SCORING_SECTORS, Sector.BUSINESS]
        ).order_by("name")
    )
