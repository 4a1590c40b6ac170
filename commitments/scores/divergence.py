"""Who says what: the government's report, civil society's scores and the IRM on one scale.

Pure functions, no database. Everything is put on the IRM's ordinal scales, as *steps* (0 for
the lowest level), so that voices can be compared by counting steps:

- **completion** (both eras): not started 0, limited 1, substantial 2, complete 3. Withdrawn,
  unclear and "no evidence" are not on the scale: they compare with nothing.
- **design**: before 2021 the IRM's *potential impact* (none 0 … transformative 3); from 2021
  its *potential for results* (unclear 0, modest 1, substantial 2). Two scales: values of
  different eras are never compared.
- **results**: before 2021 *did it open government* (worsened 0 … outstanding 4); from 2021
  *early results* (no notable results 0 … outstanding 3; "no early results to report yet" is
  not on the scale).

The government does not score itself: its voice is the progress its latest approved updates
report on the milestones, on the completion scale by ``rules.government_completion``:

    met, or 100 %   → complete
    0 %             → not started
    1 – 49 %        → limited
    50 – 99 %       → substantial

and for a commitment the median of its milestones' (``rules.government_commitment_completion``).

Divergence is ``voice − reference`` in steps (negative: the voice rates lower). Organisations
*agree* when their scores on a commitment are at most ``AGREEMENT_SPREAD`` step apart. A median
of ordinal values is the lower of the two middle ones when the count is even, so that it is
always a level of the scale.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import irm
from . import rules

# Organisations agree on a commitment when their scores are at most this many steps apart.
AGREEMENT_SPREAD = 1
# A divergence this many steps wide or wider is marked (and opens the right of reply).
MARKED_STEPS = 2


class Era(enum.Enum):
    BEFORE_2021 = "before_2021"
    FROM_2021 = "from_2021"


class Dimension(enum.Enum):
    COMPLETION = "completion"
    DESIGN = "design"
    RESULTS = "results"


def era_for(plan_start_year: int | None) -> Era:
    """The IRM method of a plan: 2021's for plans starting in 2021 or later, and for plans with
    no known start (taken as recent), as ``rules.uses_2021_method`` says."""
    return Era.FROM_2021 if rules.uses_2021_method(plan_start_year) else Era.BEFORE_2021


COMPLETION_SCALE: tuple[str, ...] = tuple(str(level.value) for level in rules.COMPLETION_STEPS)
SCALES: dict[tuple[Dimension, Era], tuple[str, ...]] = {
    (Dimension.COMPLETION, Era.BEFORE_2021): COMPLETION_SCALE,
    (Dimension.COMPLETION, Era.FROM_2021): COMPLETION_SCALE,
    (Dimension.DESIGN, Era.BEFORE_2021): tuple(irm.PotentialImpact.values),
    (Dimension.DESIGN, Era.FROM_2021): tuple(irm.PotentialForResults.values),
    (Dimension.RESULTS, Era.BEFORE_2021): tuple(irm.OpenGovernment.values),
    (Dimension.RESULTS, Era.FROM_2021): (
        irm.EarlyResults.NO_NOTABLE.value,
        irm.EarlyResults.MODERATE.value,
        irm.EarlyResults.SIGNIFICANT.value,
        irm.EarlyResults.OUTSTANDING.value,
    ),
}


def scale_for(dimension: Dimension, era: Era) -> tuple[str, ...]:
    return SCALES[(dimension, era)]


def step(
    value: str | None, dimension: Dimension = Dimension.COMPLETION, era: Era = Era.FROM_2021
) -> int | None:
    """Where ``value`` stands on its scale (0 the lowest), or None when it is not on it (empty,
    withdrawn, unclear, another era's value)."""
    scale = scale_for(dimension, era)
    return scale.index(value) if value in scale else None


def value_at(steps: int | None, dimension: Dimension = Dimension.COMPLETION, era: Era = Era.FROM_2021) -> str:
    """The level at ``steps`` on the scale ("" for None)."""
    if steps is None:
        return ""
    return scale_for(dimension, era)[steps]


# -- the government's voice -----------------------------------------------------------------------
# The government does not score itself: its voice is what its latest approved updates report on
# the milestones, put on the completion scale by ``rules.government_completion`` (met or 100 %
# complete; 0 % not started; under 50 % limited; 50 % or more substantial) and, for a
# commitment, ``rules.government_commitment_completion`` (the median of its milestones).


# -- divergence -----------------------------------------------------------------------------------


def divergence(voice: int | None, reference: int | None) -> int | None:
    """``voice − reference`` in steps; None when either is off the scale."""
    if voice is None or reference is None:
        return None
    return voice - reference


def is_marked(steps: int | None) -> bool:
    """A divergence wide enough to be marked (and to open the right of reply)."""
    return steps is not None and abs(steps) >= MARKED_STEPS


def _dimension_words(dimension: Dimension, era: Era) -> str:
    if dimension is Dimension.COMPLETION:
        return _("completion")
    if dimension is Dimension.DESIGN:
        return _("potential impact") if era is Era.BEFORE_2021 else _("potential for results")
    return _("whether it opened government") if era is Era.BEFORE_2021 else _("early results")


def explain(
    steps: int | None,
    *,
    voice: str,
    reference: str,
    dimension: Dimension = Dimension.COMPLETION,
    era: Era = Era.FROM_2021,
) -> str:
    """The divergence in words: "Civil society rates completion two steps below the
    government's report." ``voice`` and ``reference`` are already translated names."""
    what = _dimension_words(dimension, era)
    if steps is None:
        return _("%(voice)s and %(reference)s cannot be compared on %(what)s.") % {
            "voice": voice,
            "reference": reference,
            "what": what,
        }
    if steps == 0:
        return _("%(voice)s rates %(what)s the same as %(reference)s.") % {
            "voice": voice,
            "reference": reference,
            "what": what,
        }
    words = {"voice": voice, "reference": reference, "what": what, "count": abs(steps)}
    if steps < 0:
        return (
            ngettext(
                "%(voice)s rates %(what)s one step below %(reference)s.",
                "%(voice)s rates %(what)s %(count)d steps below %(reference)s.",
                abs(steps),
            )
            % words
        )
    return (
        ngettext(
            "%(voice)s rates %(what)s one step above %(reference)s.",
            "%(voice)s rates %(what)s %(count)d steps above %(reference)s.",
            abs(steps),
        )
        % words
    )


class Direction(enum.Enum):
    """How civil society's median stands against the government's report (the explorer facet)."""

    BELOW = "below"
    SAME = "same"
    ABOVE = "above"


def direction(steps: int | None) -> Direction | None:
    if steps is None:
        return None
    if steps < 0:
        return Direction.BELOW
    return Direction.SAME if steps == 0 else Direction.ABOVE


def direction_q(value: str, field: str) -> Q:
    """Where ``direction(<field>)`` is ``value``, as a database filter (a test holds them together)."""
    return {
        Direction.BELOW.value: Q(**{f"{field}__lt": 0}),
        Direction.SAME.value: Q(**{field: 0}),
        Direction.ABOVE.value: Q(**{f"{field}__gt": 0}),
    }.get(value, Q(pk__in=[]))


# -- several organisations ------------------------------------------------------------------------


def median_step(steps: Iterable[int | None]) -> int | None:
    """The median of the known steps (the lower middle one for an even count); None if none."""
    known = sorted(s for s in steps if s is not None)
    if not known:
        return None
    return known[(len(known) - 1) // 2]


@dataclass(frozen=True)
class Agreement:
    """How close organisations' scores on one commitment are."""

    count: int
    spread: int | None

    @property
    def agree(self) -> bool | None:
        """True within ``AGREEMENT_SPREAD`` steps; None with fewer than two scores."""
        if self.count < 2 or self.spread is None:
            return None
        return self.spread <= AGREEMENT_SPREAD


def agreement(steps: Iterable[int | None]) -> Agreement:
    """Spread (max − min steps) of the scores on the scale; off-scale scores do not count."""
    known = [s for s in steps if s is not None]
    return Agreement(count=len(known), spread=(max(known) - min(known)) if known else None)


# -- a round's summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    key: str
    count: int
    total: int


@dataclass(frozen=True)
class CommitmentScores:
    """One commitment in a round: the organisations' completion steps, the government's and the
    IRM's (None where unknown)."""

    scores: Sequence[int | None]
    government: int | None = None
    irm: int | None = None


@dataclass(frozen=True)
class RoundSummary:
    scores: int
    commitments: int
    distribution: list[Level]
    median: int | None
    agreeing: int
    compared: int
    from_government: dict[str, int]
    from_irm: dict[str, int]

    @property
    def median_value(self) -> str:
        return value_at(self.median)


def _directions(pairs: Iterable[tuple[int | None, int | None]]) -> dict[str, int]:
    counts = {d.value: 0 for d in Direction}
    for voice, reference in pairs:
        found = direction(divergence(voice, reference))
        if found is not None:
            counts[found.value] += 1
    return counts


def round_summary(commitments: Sequence[CommitmentScores]) -> RoundSummary:
    """A round on completion: the distribution of every score, their median with its count, how
    many commitments scored by two or more organisations see them agree, and how each
    commitment's civil-society median stands against the government's report and the IRM."""
    every = [s for c in commitments for s in c.scores if s is not None]
    distribution = [
        Level(key=level, count=sum(1 for s in every if s == index), total=len(every))
        for index, level in enumerate(COMPLETION_SCALE)
    ]
    agreements = [agreement(c.scores) for c in commitments]
    medians = [median_step(c.scores) for c in commitments]
    return RoundSummary(
        scores=len(every),
        commitments=sum(1 for m in medians if m is not None),
        distribution=distribution,
        median=median_step(every),
        agreeing=sum(1 for a in agreements if a.agree),
        compared=sum(1 for a in agreements if a.agree is not None),
        from_government=_directions((m, c.government) for m, c in zip(medians, commitments, strict=True)),
        from_irm=_directions((m, c.irm) for m, c in zip(medians, commitments, strict=True)),
    )


def median_with_count(steps: Iterable[int | None]) -> str:
    """An export cell: "substantial (3)" — the median level and how many scores; "" if none."""
    known = [s for s in steps if s is not None]
    if not known:
        return ""
    return f"{value_at(median_step(known))} ({len(known)})"
