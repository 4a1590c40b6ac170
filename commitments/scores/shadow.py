"""A shadow report's content: one organisation's published scores across an action plan in one
round, commitment by commitment, beside the government's report and the IRM's latest finding.
A fixed number of queries, whatever the plan's size. (``reports`` renders it as a PDF.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tracker.models import Organisation

from ..models import ActionPlanPage, CommitmentPage, IRMAssessment
from ..numbering import in_plan_order
from . import divergence
from .divergence import Dimension, Era
from .facts import government_step, latest_approved_reports, public_scores
from .models import MilestoneVerdict, Score, ScoreVersion, ScoringRound
from .voices import CHOICES, Finding, finding_for, irm_values, label_of

DIMENSIONS = {"completion": Dimension.COMPLETION, "design": Dimension.DESIGN, "results": Dimension.RESULTS}


@dataclass
class ShadowRow:
    page: CommitmentPage
    score: Score | None = None
    version: ScoreVersion | None = None
    cells: list[tuple[str, Finding, Finding, str]] = field(default_factory=list)  # heading, ours, IRM's, why
    government: str = ""
    explanations: list[str] = field(default_factory=list)
    verdicts: list[MilestoneVerdict] = field(default_factory=list)


@dataclass
class _Page:
    page: CommitmentPage


def organisations_with_scores(scoring_round: ScoringRound) -> list[Organisation]:
    """The organisations with a published, visible score in the round (each has a shadow report)."""
    ids = public_scores(round=scoring_round).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def shadow_rows(
    plan: ActionPlanPage, scoring_round: ScoringRound, organisation: Organisation
) -> list[ShadowRow]:
    era = divergence.era_for(plan.start_year)
    headings = {
        "completion": _("Completion"),
        "design": _("Potential impact") if era is Era.BEFORE_2021 else _("Potential for results"),
        "results": _("Did it open government?") if era is Era.BEFORE_2021 else _("Early results"),
    }
    why = {
        "completion": "completion_justification",
        "design": "potential_justification",
        "results": "results_justification",
    }
    pages = [p.page for p in in_plan_order(_Page(p) for p in CommitmentPage.objects.live().child_of(plan))]
    ids = [p.pk for p in pages]
    scores = {
        s.commitment_id: s
        for s in public_scores(
            round=scoring_round, organisation=organisation, commitment_id__in=ids
        ).select_related("reply")
    }
    versions: dict[int, ScoreVersion] = {}
    for version in ScoreVersion.objects.filter(score__in=scores.values()).order_by("number"):
        versions[version.score_id] = version
    verdicts: dict[int, list[MilestoneVerdict]] = {}
    for verdict in (
        MilestoneVerdict.objects.filter(version_id__in=[v.pk for v in versions.values()])
        .select_related("milestone", "update")
        .order_by("milestone__sort_order", "milestone_id")
    ):
        verdicts.setdefault(verdict.version_id, []).append(verdict)
    assessments: dict[int, list[IRMAssessment]] = {}
    for assessment in IRMAssessment.objects.filter(commitment_id__in=ids).order_by("pk"):
        assessments.setdefault(assessment.commitment_id, []).append(assessment)
    reports = latest_approved_reports(ids)

    rows = []
    for page in pages:
        score = scores.get(page.pk)
        version = versions.get(score.pk) if score else None
        gov_step = government_step(reports.get(page.pk, {}))
        row = ShadowRow(
            page=page,
            score=score,
            version=version,
            government=label_of("completion", divergence.value_at(gov_step)),
        )
        if version is not None:
            ours = {name: getattr(version, name) for name in CHOICES}
            irm_found = irm_values(assessments.get(page.pk, []))
            for key, dimension in DIMENSIONS.items():
                mine, theirs = finding_for(ours, dimension, era), finding_for(irm_found, dimension, era)
                row.cells.append((headings[key], mine, theirs, getattr(version, why[key])))
                if dimension is Dimension.COMPLETION:
                    for reference, name in (
                        (gov_step, _("the government's report")),
                        (theirs.step, _("the IRM")),
                    ):
                        steps = divergence.divergence(mine.step, reference)
                        if steps is not None:
                            row.explanations.append(
                                divergence.explain(steps, voice=organisation.name, reference=name, era=era)
                            )
            row.verdicts = verdicts.get(version.pk, [])
        rows.append(row)
    return rows
