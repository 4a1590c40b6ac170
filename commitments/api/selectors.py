"""The public record, as querysets: what the API and the bulk download may show, and nothing else.

Pages: live and public (no view restriction on them or above them), so drafts, unpublished and
members-only pages never appear (a live page's unpublished draft is in its revisions, not in
its row: the API shows what the public page shows). Milestones, assessments and updates: those
of public commitments; updates: approved only.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from wagtail.models import Page

from tracker.models import Organisation

from ..models import (
    ActionPlanPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    ProgressUpdate,
    UpdateState,
)
from ..visibility import public_commitment_q


def public_members() -> QuerySet[MemberPage]:
    return MemberPage.objects.live().public()


def public_plans() -> QuerySet[ActionPlanPage]:
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    member = MemberPage.objects.filter(path=parent_path).values("code")[:1]
    return ActionPlanPage.objects.live().public().annotate(member_code=Subquery(member))


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
