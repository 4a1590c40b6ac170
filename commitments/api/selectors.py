"""The public record, as querysets: what the API and the bulk download may show, and nothing else.

Pages: live and public (no view restriction on them or above them), so drafts, unpublished and
members-only pages never appear (a live page's unpublished draft is in its revisions, not in
its row: the API shows what the public page shows). Milestones, assessments and updates: those
of public commitments; updates: approved only.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageViewRestriction

from tracker.models import Organisation

from ..models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    ProgressUpdate,
    UpdateState,
)


def public_members() -> QuerySet[MemberPage]:
    return MemberPage.objects.live().public()


def public_plans() -> QuerySet[ActionPlanPage]:
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    member = MemberPage.objects.filter(path=parent_path).values("code")[:1]
    return ActionPlanPage.objects.live().public().annotate(member_code=Subquery(member))


def public_commitments() -> QuerySet[CommitmentPage]:
    """The commitments the API lists: live, public, with facts (as the explorer's)."""
    return CommitmentPage.objects.live().public().filter(facts__isnull=False)


def public_commitment_q(prefix: str) -> Q:
    """``public_commitments()``'s condition on the commitment a related model reaches through
    ``prefix`` (``"commitment__"``): joined, rather than a subquery of every public commitment,
    so that a page of milestones costs the same at 2,000 commitments and at 20,000. Private
    sections as Wagtail's ``public()`` finds them (a restricted page and its descendants)."""
    q = Q(**{f"{prefix}live": True, f"{prefix}facts__isnull": False})
    for path, depth in PageViewRestriction.objects.values_list("page__path", "page__depth"):
        q &= ~Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
    return q


def public_milestones() -> QuerySet[Milestone]:
    return Milestone.objects.filter(public_commitment_q("commitment__")).select_related("commitment")


def public_assessments() -> QuerySet[IRMAssessment]:
    return IRMAssessment.objects.filter(public_commitment_q("commitment__")).select_related("commitment")


def public_updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(
        public_commitment_q("milestone__commitment__"), state=UpdateState.APPROVED
    ).select_related("milestone__commitment")


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.all()
