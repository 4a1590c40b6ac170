"""What a report's data looks like right now, as a digest, and when it last changed.

The digest covers everything a report shows: the pages in its scope (the page, what is under
it, the member above it) with when each was last published, their milestones, approved progress
updates, IRM assessments and stakeholder roles with each organisation's name and sector. Any change to any of these
makes a new digest and so a new report. Scoped to the report's own pages, not the global
``facts_version()``, so an edit in one member's plan does not re-render every other report.
A few queries, whatever the size: one per kind of record.
"""

from __future__ import annotations

import datetime
import hashlib

from wagtail.models import Page

from commitments.cases.models import Case, CaseEvent
from commitments.fieldwork.selectors import consultation_digest_rows
from commitments.models import (
    CommitmentPage,
    IRMAssessment,
    Milestone,
    ProgressUpdate,
    StakeholderRole,
    UpdateState,
)
from commitments.scores.models import MilestoneVerdict, ScoreReply, ScoreVersion

# Bump when the report templates or stylesheet change what a stored report would show.
FORMAT_VERSION = "6"  # 3: withdrawn notice; 4: civil-society scores; 5: feedback cases; 6: "you said, we did"


def data_version(page: Page) -> tuple[str, datetime.datetime | None]:
    """(digest, latest publication among the pages in scope) for a report of ``page``."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    ancestors = (
        page.get_ancestors().filter(depth__gt=2).values_list("pk", "title", "last_published_at", "live")
    )
    pages = (
        Page.objects.filter(path__startswith=page.path)
        .order_by("path")
        .values_list("pk", "title", "last_published_at", "live")
    )
    latest = None
    for row in [*ancestors, *pages]:
        digest.update(repr(row).encode())
        if row[2] is not None and (latest is None or row[2] > latest):
            latest = row[2]
    in_scope = {"commitment__path__startswith": page.path}
    milestones = Milestone.objects.filter(**in_scope).order_by("pk")
    fields = [f.attname for f in Milestone._meta.concrete_fields]
    for row in milestones.values_list(*fields):
        digest.update(repr(row).encode())
    assessments = IRMAssessment.objects.filter(**in_scope).order_by("pk")
    fields = [f.attname for f in IRMAssessment._meta.concrete_fields]
    for row in assessments.values_list(*fields):
        digest.update(repr(row).encode())
    # Only approved updates show in a report; drafts and the review queue do not change it.
    updates = ProgressUpdate.objects.filter(
        milestone__commitment__path__startswith=page.path, state=UpdateState.APPROVED
    ).order_by("pk")
    fields = [
        "pk",
        "milestone_id",
        "status",
        "percent_complete",
        "narrative",
        "evidence_file",
        "evidence_url",
        "as_of",
        "decided_at",
    ]
    for row in updates.values_list(*fields):
        digest.update(repr(row).encode())
        if latest is None or row[-1] > latest:
            latest = row[-1]  # an approval is a change to the data
    # A withdrawal is written to the live row, not published as a revision: digest it too.
    withdrawals = CommitmentPage.objects.filter(path__startswith=page.path, withdrawn_on__isnull=False)
    for row in withdrawals.order_by("pk").values_list("pk", "withdrawn_on", "withdrawal_reason"):
        digest.update(repr(row).encode())
    # Consultations ("you said, we did") on the commitments and plans in scope, with their inputs.
    for row in consultation_digest_rows(page.path):
        digest.update(repr(row).encode())
    roles = StakeholderRole.objects.filter(**in_scope).order_by("pk")
    for row in roles.values_list("pk", "role", "sort_order", "organisation__name", "organisation__sector"):
        digest.update(repr(row).encode())
    # Feedback cases show in commitment reports: each step (an event) or moderation changes them.
    cases = Case.objects.filter(**in_scope).order_by("pk")
    for row in cases.values_list("pk", "state", "outcome", "rating", "hidden", "closed_at"):
        digest.update(repr(row).encode())
    events = CaseEvent.objects.filter(case__commitment__path__startswith=page.path).order_by("pk")
    for row in events.values_list("pk"):
        digest.update(repr(row).encode())
    latest = _scores_digest(digest, {"score__commitment__path__startswith": page.path}, latest)
    return digest.hexdigest(), latest


def _scores_digest(digest, scope: dict, latest: datetime.datetime | None) -> datetime.datetime | None:
    """Civil-society scores in scope: published versions, their verdicts, replies, hiding."""
    versions = ScoreVersion.objects.filter(**scope).order_by("pk")
    rows = versions.values_list("pk", "score_id", "score__hidden", "score__hidden_reason", "created_at")
    for row in rows:
        digest.update(repr(row).encode())
        if latest is None or row[-1] > latest:
            latest = row[-1]
    verdicts = MilestoneVerdict.objects.filter(version__isnull=False, **scope).order_by("pk")
    for row in verdicts.values_list("pk", "verdict", "reason"):
        digest.update(repr(row).encode())
    replies = ScoreReply.objects.filter(**scope).order_by("pk")
    for row in replies.values_list("pk", "text", "hidden", "hidden_reason", "created_at"):
        digest.update(repr(row).encode())
    return latest


def shadow_version(
    plan: Page, scoring_round_id: int, organisation_id: int
) -> tuple[str, datetime.datetime | None]:
    """(digest, latest change) of an organisation's shadow report: the plan's data and the
    organisation's scores in the round."""
    base, latest = data_version(plan)
    digest = hashlib.sha256(f"shadow:{base}:{scoring_round_id}:{organisation_id}".encode())
    return digest.hexdigest(), latest
