"""Who says what on a commitment: the government's reported progress, each organisation's latest
published score and the IRM's latest finding, on the same scales (``divergence``), for the
commitment page's panel and the PDF report. A fixed number of queries whatever the number of
scores, versions and verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.db import JSONRows, built_once, instance, json_rows

from .. import irm
from ..models import ActionPlanPage, CommitmentPage, IRMAssessment, Milestone, ProgressUpdate, UpdateState
from . import divergence, rules
from .divergence import Dimension, Era
from .facts import government_step, public_scores
from .models import MilestoneVerdict, Score, ScoreVersion

# The score's and the IRM's field for each dimension, by era.
FIELDS = {
    (Dimension.COMPLETION, Era.BEFORE_2021): "completion",
    (Dimension.COMPLETION, Era.FROM_2021): "completion",
    (Dimension.DESIGN, Era.BEFORE_2021): "potential_impact",
    (Dimension.DESIGN, Era.FROM_2021): "potential_for_results",
    (Dimension.RESULTS, Era.BEFORE_2021): "open_government",
    (Dimension.RESULTS, Era.FROM_2021): "early_results",
}
CHOICES = {
    "completion": irm.Completion,
    "potential_impact": irm.PotentialImpact,
    "potential_for_results": irm.PotentialForResults,
    "open_government": irm.OpenGovernment,
    "early_results": irm.EarlyResults,
}


def label_of(field_name: str, value: str) -> str:
    if not value:
        return ""
    try:
        return str(CHOICES[field_name](value).label)
    except ValueError:
        return value


@dataclass
class Finding:
    """One voice on one dimension: its value, label, step and how it stands against others."""

    value: str
    label: str
    step: int | None
    against_government: int | None = None
    against_irm: int | None = None
    explanations: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return divergence.is_marked(self.against_government) or divergence.is_marked(self.against_irm)

    @property
    def diverges(self) -> bool:
        return bool(self.against_government) or bool(self.against_irm)


@dataclass
class Voice:
    kind: str  # "government", "organisation", "irm"
    name: str
    findings: dict[str, Finding]
    score: Score | None = None
    note: str = ""

    @property
    def completion(self) -> Finding:
        return self.findings["completion"]

    @property
    def marked(self) -> bool:
        return any(f.marked for f in self.findings.values())


@dataclass
class MilestoneVerdicts:
    milestone: Milestone
    confirm: int
    contest: int
    cannot_verify: int
    anchor: str


@dataclass
class WhoSaysWhat:
    commitment: CommitmentPage
    round_name: str
    era: Era
    government: Voice
    organisations: list[Voice]
    irm: Voice
    agreement: divergence.Agreement
    milestones: list[MilestoneVerdicts]
    scores_url: str
    other_rounds: int

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        """(key, heading) of the rows the panel shows, in the era's words."""
        return [
            ("completion", _("Completion")),
            ("design", _("Potential impact") if self.era is Era.BEFORE_2021 else _("Potential for results")),
            ("results", _("Did it open government?") if self.era is Era.BEFORE_2021 else _("Early results")),
        ]

    @property
    def voices(self) -> list[Voice]:
        return [self.government, *self.organisations, self.irm]

    @property
    def rows(self) -> list[tuple[Voice, list[tuple[str, Finding]]]]:
        """Each voice with its findings in the order of ``dimensions``, as (heading, finding)."""
        dimensions = self.dimensions
        return [
            (voice, [(heading, voice.findings[key]) for key, heading in dimensions]) for voice in self.voices
        ]

    @property
    def agreement_text(self) -> str:
        if self.agreement.agree is None:
            return ""
        if self.agreement.agree:
            return _("The organisations agree on completion: their scores are at most one step apart.")
        return _("The organisations disagree on completion: their scores are %(count)d steps apart.") % {
            "count": self.agreement.spread
        }


def scores_url(commitment: CommitmentPage) -> str:
    """The commitment's public scores page (``/<lang>/commitments/<OGP id>/scores/``)."""
    return reverse("commitments:commitment_scores", kwargs={"ogp_id": commitment.ogp_id})


def irm_values(assessments: Sequence[IRMAssessment]) -> dict[str, str]:
    """The IRM's latest finding on each indicator: the latest report giving a value."""
    ordered = sorted(assessments, key=lambda a: irm.report_order(a.report_type, a.publication_year))
    values: dict[str, str] = {}
    for assessment in ordered:
        for name in CHOICES:
            if value := getattr(assessment, name, ""):
                values[name] = value
    return values


def finding_for(values: dict[str, str], dimension: Dimension, era: Era) -> Finding:
    name = FIELDS[(dimension, era)]
    value = values.get(name, "")
    return Finding(value=value, label=label_of(name, value), step=divergence.step(value, dimension, era))


@built_once
def _scores_query():
    # The scores with, in the same query, each one's latest version and that version's
    # verdicts, and the commitment's approved progress reports (the government's voice).
    approved = ProgressUpdate.objects.filter(
        milestone__commitment_id=OuterRef("commitment_id"), state=UpdateState.APPROVED
    ).order_by("decided_at", "pk")
    latest_version = ScoreVersion.objects.filter(score_id=OuterRef("pk")).order_by("-number")
    return (
        public_scores()
        .select_related("organisation", "round", "reply")
        .only(
            "organisation__name",
            "round__name",
            "round__opens_on",
            "round__action_plan_id",
            "reply__id",
            "reply__hidden",
            "commitment_id",
        )
        .annotate(
            _latest=JSONRows(
                latest_version[:1],
                "pk",
                "score_id",
                "self_signed",
                *CHOICES,
                verdicts=JSONRows(
                    MilestoneVerdict.objects.filter(version_id=OuterRef("pk")).order_by("pk"),
                    "milestone_id",
                    "verdict",
                ),
            ),
            _reports=JSONRows(approved, "pk", "milestone_id", "status", "percent_complete"),
        )
        .order_by("-round__opens_on", "-round_id", "organisation__name", "pk")
    )


def who_says_what(
    commitment: CommitmentPage,
    *,
    milestones: Sequence[Milestone],
    assessments: Sequence[IRMAssessment],
    plan: ActionPlanPage | None = None,
) -> WhoSaysWhat | None:
    """The three voices in the commitment's latest round with published scores; None when no
    organisation has published a score on it. ``plan``: the commitment's action plan, when the
    caller has it (the page's breadcrumbs), else its start year is read."""
    scores = list(_scores_query().filter(commitment_id=commitment.pk))
    if not scores:
        return None
    latest_round = scores[0].round
    in_round = [s for s in scores if s.round_id == latest_round.pk]
    versions: dict[int, ScoreVersion] = {}
    verdicts: list[tuple[int, str]] = []
    for score in in_round:
        for row in json_rows(score._latest):
            versions[score.pk] = instance(ScoreVersion, row)
            verdicts += [(verdict["milestone_id"], verdict["verdict"]) for verdict in row["verdicts"]]
    if plan is not None and plan.pk == latest_round.action_plan_id:
        start_year = plan.start_year
    else:
        start_year = (
            ActionPlanPage.objects.filter(pk=latest_round.action_plan_id)
            .values_list("start_year", flat=True)
            .first()
        )
    era = divergence.era_for(start_year)
    dims = {"completion": Dimension.COMPLETION, "design": Dimension.DESIGN, "results": Dimension.RESULTS}

    reports = {
        row["milestone_id"]: (row["pk"], row["status"], row["percent_complete"])
        for row in json_rows(scores[0]._reports)
    }
    gov_step = government_step(reports)
    gov_value = divergence.value_at(gov_step)
    government = Voice(
        kind="government",
        name=_("The government's report"),
        findings={
            "completion": Finding(value=gov_value, label=label_of("completion", gov_value), step=gov_step),
            "design": Finding("", "", None),
            "results": Finding("", "", None),
        },
        note=_("From the latest approved update of %(count)d of %(total)d milestones.")
        % {"count": len(reports), "total": len(milestones)},
    )
    irm_found = irm_values(assessments)
    irm_voice = Voice(
        kind="irm",
        name=_("The IRM's latest finding"),
        findings={key: finding_for(irm_found, dimension, era) for key, dimension in dims.items()},
    )

    organisations = []
    for score in in_round:
        version = versions.get(score.pk)
        if version is None:
            continue
        values = {name: getattr(version, name) for name in CHOICES}
        findings = {key: finding_for(values, dimension, era) for key, dimension in dims.items()}
        for key, finding in findings.items():
            dimension = dims[key]
            finding.against_government = divergence.divergence(finding.step, government.findings[key].step)
            finding.against_irm = divergence.divergence(finding.step, irm_voice.findings[key].step)
            if finding.against_government is not None:
                finding.explanations.append(
                    divergence.explain(
                        finding.against_government,
                        voice=score.organisation.name,
                        reference=_("the government's report"),
                        dimension=dimension,
                        era=era,
                    )
                )
            if finding.against_irm is not None:
                finding.explanations.append(
                    divergence.explain(
                        finding.against_irm,
                        voice=score.organisation.name,
                        reference=_("the IRM"),
                        dimension=dimension,
                        era=era,
                    )
                )
        note = ""
        if version.self_signed:
            note = _("Signed off by its author, the organisation's only member.")
        organisations.append(
            Voice(
                kind="organisation", name=score.organisation.name, findings=findings, score=score, note=note
            )
        )

    counts: Counter[tuple[int, str]] = Counter(verdicts)
    url = scores_url(commitment)
    per_milestone = [
        MilestoneVerdicts(
            milestone=m,
            confirm=counts[(m.pk, rules.Verdict.CONFIRM)],
            contest=counts[(m.pk, rules.Verdict.CONTEST)],
            cannot_verify=counts[(m.pk, rules.Verdict.CANNOT_VERIFY)],
            anchor=f"{url}#round-{latest_round.pk}",  # each score there gives its verdicts' reasons
        )
        for m in milestones
        if any(counts[(m.pk, v)] for v in rules.Verdict.values)
    ]
    return WhoSaysWhat(
        commitment=commitment,
        round_name=latest_round.name,
        era=era,
        government=government,
        organisations=organisations,
        irm=irm_voice,
        agreement=divergence.agreement(v.completion.step for v in organisations),
        milestones=per_milestone,
        scores_url=url,
        other_rounds=len({s.round_id for s in scores}) - 1,
    )
