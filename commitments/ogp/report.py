"""What an import did: counts, outcomes and warnings, in the lines the command prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.models import SECTOR_ORDER

# progress(phase, done, total): "rows" as each row is read and checked, then "writing" and
# "indexing" once each (done = total = the rows being written).
Progress = Callable[[str, int, int], None]


@dataclass
class RowWarning:
    row: int
    ogp_id: str
    message: str
    kind: str = "other"

    def __str__(self) -> str:
        return f"row {self.row} ({self.ogp_id or '?'}): {self.message}"


@dataclass
class ImportReport:
    members: set[str] = field(default_factory=set)
    action_plans: set[str] = field(default_factory=set)
    commitments: set[str] = field(default_factory=set)
    # Every organisation the file names, by key, with its sector.
    organisations: dict[Any, str] = field(default_factory=dict)
    new_organisations: Counter = field(default_factory=Counter)
    warnings: list[RowWarning] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    skipped: int = 0
    dry_run: bool = False

    @staticmethod
    def _by_sector(counts: Counter) -> str:
        # Every sector, in the order pages show them (unknown last), then any other value met.
        sectors = [*SECTOR_ORDER, *sorted(set(counts) - set(SECTOR_ORDER))]
        return " ".join(f"{sector}={counts[sector]}" for sector in sectors)

    @property
    def by_sector(self) -> str:
        """How many of the organisations the file names have each sector, unknown included."""
        return f"organisations by sector: {self._by_sector(Counter(self.organisations.values()))}"

    @property
    def summary(self) -> str:
        kinds = Counter(warning.kind for warning in self.warnings)
        by_kind = " ".join(f"{kind}={kinds[kind]}" for kind in sorted(kinds)) or "none"
        return (
            f"imported: members={len(self.members)} action_plans={len(self.action_plans)} "
            f"commitments={len(self.commitments)} organisations={len(self.organisations)} "
            f"warnings={len(self.warnings)}; "
            f"{self.by_sector}; "
            f"warnings by kind: {by_kind}"
        )

    @property
    def changes(self) -> str:
        counts = ", ".join(f"{k}={self.outcomes[k]}" for k in ("created", "updated", "unchanged"))
        skipped = f"; rows skipped={self.skipped}" if self.skipped else ""
        created = sum(self.new_organisations.values())
        new = f"; new organisations={created} ({self._by_sector(self.new_organisations)})" if created else ""
        return f"records {counts}{new}{skipped}" + (" (dry run: nothing was written)" if self.dry_run else "")
