"""Civil-society scores as plain rules: the scales a score uses (the IRM's, by era), what changed
between two versions, and when the commitment's POCs get a right of reply. Nothing here touches
the database; 13b's "Where it shows" builds on the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import irm
from ..rules import MilestoneStatus

# The IRM's method changed in 2021: plans starting then or later are scored for potential for
# results and early results; earlier plans for potential impact and "did it open government?".
FIRST_2021_METHOD_YEAR = 2021

# Completion as a score gives it: the IRM's four steps, in order (not withdrawn / unclear / no
# evidence, which are the IRM's own findings about a record, not a level of completion).
COMPLETION_STEPS: tuple[str, ...] = (
    irm.Completion.NOT_STARTED,
    irm.Completion.LIMITED,
    irm.Completion.SUBSTANTIAL,
    irm.Completion.COMPLETE,
)
COMPLETION_CHOICES = [(value, label) for value, label in irm.Completion.choices if value in COMPLETION_STEPS]

# How far a score's completion may sit below the government's before the POCs may reply.
REPLY_GAP_STEPS = 2


class Verdict(models.TextChoices):
    CONFIRM = "confirm", _("Confirm")
    CONTEST = "contest", _("Contest")
    CANNOT_VERIFY = "cannot_verify", _("Cannot verify")


def uses_2021_method(plan_start_year: int | None) -> bool:
    """Whether a plan is scored on the IRM's 2021 scales (potential for results, early results).
    A plan with no start year is taken as recent, like a report with no year in ``irm``."""
    return plan_start_year is None or plan_start_year >= FIRST_2021_METHOD_YEAR


def completion_step(completion: str | None) -> int | None:
    """The completion's place on the four-step scale (0 = not started); None off the scale."""
    try:
        return COMPLETION_STEPS.index(completion)
    except ValueError:
        return None


def government_completion(status: str | None, percent_complete: int | None) -> str | None:
    """The government's reported progress on a milestone as a completion step: met is complete;
    otherwise by percent (0 not started, under half limited, half or more substantial, 100
    complete). None when there is no report."""
    if status is None:
        return None
    if status == MilestoneStatus.MET or percent_complete == 100:
        return irm.Completion.COMPLETE
    percent = percent_complete or 0
    if percent == 0:
        return irm.Completion.NOT_STARTED
    return irm.Completion.LIMITED if percent < 50 else irm.Completion.SUBSTANTIAL


def government_commitment_completion(reports: Iterable[tuple[str, int | None]]) -> str | None:
    """The government's reported completion of a commitment: the median step of its milestones'
    latest approved updates ((status, percent) pairs; the lower middle on a tie). None: none."""
    steps = sorted(completion_step(government_completion(status, percent)) for status, percent in reports)
    if not steps:
        return None
    return COMPLETION_STEPS[steps[(len(steps) - 1) // 2]]


def completion_gap(score_completion: str | None, government: str | None) -> int | None:
    """How many steps the score's completion sits below the government's (negative: above);
    None when either is missing or off the scale."""
    score_step, government_step = completion_step(score_completion), completion_step(government)
    if score_step is None or government_step is None:
        return None
    return government_step - score_step


def gives_right_of_reply(
    *, verdicts: Iterable[str], score_completion: str | None, government: str | None
) -> bool:
    """Whether a published score gives the commitment's POCs a right of reply (and an email):
    it contests an update, or rates completion two or more steps below the government's."""
    if Verdict.CONTEST in set(verdicts):
        return True
    gap = completion_gap(score_completion, government)
    return gap is not None and gap >= REPLY_GAP_STEPS


# A score's scales, each era's, with the reasons given for them, in the order everything that
# shows or takes a score lists them (its form, the API, "what changed").
SCALE_FIELDS = (
    "completion",
    "completion_justification",
    "potential_impact",
    "potential_for_results",
    "potential_justification",
    "open_government",
    "early_results",
    "results_justification",
)

# What a version says, field by field, for "what changed".
CONTENT_FIELDS = (*SCALE_FIELDS, "evidence_url", "evidence_file")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def what_changed(previous: Mapping[str, object] | None, current: Mapping[str, object]) -> list[Change]:
    """The fields whose value differs from the previous version (none for a first version)."""
    if previous is None:
        return []
    changes = []
    for field in CONTENT_FIELDS:
        before, after = str(previous.get(field) or ""), str(current.get(field) or "")
        if before != after:
            changes.append(Change(field, before, after))
    return changes
