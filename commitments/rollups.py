"""Roll-ups: the figures people would otherwise build in a spreadsheet, for any set of commitments.

A ``Rollup`` says, for a set of commitments (a member's, an action plan's, the explorer's
filtered set): how complete the IRM found them, how many it starred, how many of their
milestones are met or late, and which corners of the Golden Triangle they engage. It is built
either from page rows already in memory (``rollup_from_rows``) or from counts a database
aggregate produced (``rollup_from_counts``); ``templates/commitments/includes/rollup.html`` shows it as
charts with tables. Nothing here touches the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tracker.models import GOLDEN_TRIANGLE, SECTOR_ORDER

from . import irm

if TYPE_CHECKING:
    from .selectors import CommitmentRow

# The IRM's four levels of completion: always shown, even at zero. The others
# (withdrawn, unclear, no evidence) only when some commitment has them.
MAIN_COMPLETION = (
    irm.Completion.NOT_STARTED,
    irm.Completion.LIMITED,
    irm.Completion.SUBSTANTIAL,
    irm.Completion.COMPLETE,
)
# The IRM's usual measure of implementation: "substantial or complete".
COMPLETED = (irm.Completion.SUBSTANTIAL, irm.Completion.COMPLETE)


def _percent(count: int, total: int) -> int:
    """``count`` as a whole percentage of ``total``, halves rounded up; 0 when total is 0."""
    return (200 * count + total) // (2 * total) if total > 0 else 0


def _svg_length(value: float) -> str:
    """A percentage for an SVG attribute: always a dot, whatever the active language's format."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


@dataclass(frozen=True)
class Share:
    """``count`` of ``total`` things that are ``key`` (a completion level, a sector, "met")."""

    key: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return _percent(self.count, self.total)

    @property
    def bar_width(self) -> str:
        """The share as an SVG width in percent, unrounded ("33.33"), for data bars."""
        return _svg_length(100 * self.count / self.total if self.total > 0 else 0)


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: a share, where it starts and how wide it is (SVG percentages)."""

    share: Share
    x: str
    width: str


@dataclass(frozen=True)
class Rollup:
    commitments: int
    assessed: int
    completion: list[Share]
    starred: Share
    milestones: int
    milestones_met: Share
    milestones_late: Share
    sectors: list[Share]

    @property
    def completed(self) -> Share:
        """Commitments the IRM found substantially or fully complete, of those it assessed."""
        count = sum(share.count for share in self.completion if share.key in COMPLETED)
        return Share(key="completed", label=_("Substantial or complete"), count=count, total=self.assessed)

    @property
    def not_assessed(self) -> int:
        return self.commitments - self.assessed

    @property
    def completion_segments(self) -> list[Segment]:
        """The completion levels with at least one commitment, laid end to end over 100%."""
        segments = []
        start = 0
        for share in self.completion:
            if share.count and share.total:
                segments.append(
                    Segment(
                        share=share,
                        x=_svg_length(100 * start / share.total),
                        width=_svg_length(100 * share.count / share.total),
                    )
                )
                start += share.count
        return segments

    @property
    def milestone_shares(self) -> list[Share]:
        return [self.milestones_met, self.milestones_late]


def rollup_from_counts(
    *,
    commitments: int,
    completion: Mapping[str, int],
    starred: int,
    milestones: int,
    milestones_met: int,
    milestones_late: int,
    sectors: Mapping[str, int],
    sector_keys: Iterable[str] | None = None,
) -> Rollup:
    """A roll-up from counts, e.g. database aggregates over a filtered set of commitments.

    ``completion`` counts commitments by the completion of their latest IRM assessment (keys
    that are not a completion level, such as "" for none, are ignored); ``sectors`` counts
    commitments engaging each sector. Sectors are shown in SECTOR_ORDER: the Golden Triangle's
    three corners always, others when some commitment engages them, unless ``sector_keys``
    names the sectors to show (to line up several roll-ups in one table).
    """
    assessed = sum(completion.get(level.value, 0) for level in irm.Completion)
    completion_shares = [
        Share(key=level.value, label=str(level.label), count=completion.get(level.value, 0), total=assessed)
        for level in irm.Completion
        if level in MAIN_COMPLETION or completion.get(level.value, 0)
    ]
    if sector_keys is None:
        shown = [s for s in SECTOR_ORDER if s in GOLDEN_TRIANGLE or sectors.get(s.value, 0)]
    else:
        wanted = set(sector_keys)
        shown = [s for s in SECTOR_ORDER if s.value in wanted]
    return Rollup(
        commitments=commitments,
        assessed=assessed,
        completion=completion_shares,
        starred=Share(key="starred", label=_("Starred by the IRM"), count=starred, total=commitments),
        milestones=milestones,
        milestones_met=Share(
            key="met", label=pgettext("milestone status", "Met"), count=milestones_met, total=milestones
        ),
        milestones_late=Share(key="late", label=_("Late"), count=milestones_late, total=milestones),
        sectors=[
            Share(key=s.value, label=str(s.label), count=sectors.get(s.value, 0), total=commitments)
            for s in shown
        ],
    )


def rollup_from_rows(rows: list[CommitmentRow], *, sector_keys: Iterable[str] | None = None) -> Rollup:
    """A roll-up of commitment rows (see ``selectors._rows``), in memory."""
    completion: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    for row in rows:
        if row.latest is not None and row.latest.completion:
            completion[row.latest.completion] += 1
        sectors.update(set(row.sectors))
    return rollup_from_counts(
        commitments=len(rows),
        completion=completion,
        starred=sum(1 for row in rows if row.starred),
        milestones=sum(row.milestones["total"] for row in rows),
        milestones_met=sum(row.milestones["met"] for row in rows),
        milestones_late=sum(row.milestones["late"] for row in rows),
        sectors=sectors,
        sector_keys=sector_keys,
    )
