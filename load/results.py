"""Pure helpers of `make load`: locust's CSV stats, status tallies, the write count, recovery
times and the markdown tables. No Django, no locust: tested in tests/load/."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stat:
    """One line of locust's ``<prefix>_stats.csv``."""

    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float


def _number(value: str) -> float:
    value = (value or "").strip()
    return 0.0 if value in ("", "N/A") else float(value)


def parse_stats_csv(text: str) -> dict[str, Stat]:
    """Locust's stats CSV by request name ("Aggregated" for all of them)."""
    stats = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = row["Name"]
        stats[name] = Stat(
            name=name,
            requests=int(_number(row["Request Count"])),
            failures=int(_number(row["Failure Count"])),
            rps=_number(row["Requests/s"]),
            p50=_number(row["50%"]),
            p95=_number(row["95%"]),
            p99=_number(row["99%"]),
        )
    return stats


def count_5xx(statuses: dict[str, int]) -> int:
    return sum(count for status, count in statuses.items() if status.startswith("5"))


def count_errors(statuses: dict[str, int]) -> int:
    """Answers a visitor would call an error: 5xx, and no answer at all (status 0)."""
    return sum(count for status, count in statuses.items() if status.startswith("5") or status == "0")


def merge_statuses(by_name: dict[str, dict[str, int]]) -> dict[str, int]:
    total: Counter = Counter()
    for counts in by_name.values():
        total.update(counts)
    return dict(total)


# -- the write count -----------------------------------------------------------------------------


@dataclass
class WriteCheck:
    rows: list[tuple[str, int, int, int]] = field(default_factory=list)  # kind, confirmed, landed, lost

    @property
    def lost(self) -> int:
        return sum(row[3] for row in self.rows)


def compare_writes(writes: list[dict], before: dict, after: dict) -> WriteCheck:
    """Every write the site confirmed against the rows in the database before and after.

    ``writes``: the confirmed writes in order ({"kind", "key"}); ``before``/``after``: from
    ``load/django_side.py counts``. Updates and approvals add rows, so confirmed must equal the
    rows added; follows are idempotent, so the last confirmed action on each (person, page) must
    be what the database holds at the end.
    """
    check = WriteCheck()
    kinds = Counter(write["kind"] for write in writes)
    for kind, counted in (("update", "updates"), ("approve", "approved events")):
        confirmed = kinds.get(kind, 0)
        landed = after[counted] - before[counted]
        check.rows.append((kind, confirmed, landed, max(0, confirmed - landed)))
    last: dict[str, str] = {}
    for write in writes:
        if write["kind"] in ("follow", "unfollow"):
            last[write["key"]] = write["kind"]
    held = set(after["follows"])
    matching = sum(1 for key, action in last.items() if (key in held) == (action == "follow"))
    follows = kinds.get("follow", 0) + kinds.get("unfollow", 0)
    check.rows.append(("follow/unfollow", follows, matching, len(last) - matching))
    return check


# -- faults --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    before: dict[str, int]
    during: dict[str, int]
    after: dict[str, int]
    first_error: float | None  # seconds after the fault began
    last_error: float | None


def recovery(timeline: dict[str, dict[str, int]], *, fault_at: float, window: float) -> Recovery:
    """What visitors saw before the fault, in the ``window`` seconds after it began, and after;
    when the first and last errors came (seconds from the fault). ``timeline``: statuses per
    second since the start of the run (locustfile's tally); ``fault_at``: the fault's second."""
    before: Counter = Counter()
    during: Counter = Counter()
    after: Counter = Counter()
    error_seconds = []
    for second, counts in timeline.items():
        moment = float(second)
        part = before if moment < int(fault_at) else during if moment <= fault_at + window else after
        part.update(counts)
        if moment >= int(fault_at) and count_errors(counts):
            error_seconds.append(moment - fault_at)
    return Recovery(
        before=dict(before),
        during=dict(during),
        after=dict(after),
        first_error=max(0.0, min(error_seconds)) if error_seconds else None,
        last_error=max(0.0, max(error_seconds)) + 1 if error_seconds else None,
    )


def statuses_text(statuses: dict[str, int]) -> str:
    """ "200×512, 502×3" (0 is "no answer")."""
    if not statuses:
        return "none"
    return ", ".join(
        f"{'no answer' if status == '0' else status}×{count}" for status, count in sorted(statuses.items())
    )


# -- tables --------------------------------------------------------------------------------------


def markdown_table(header: list[str], rows: list[list]) -> str:
    def cell(value) -> str:
        if isinstance(value, float):
            return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def parse_pages(spec: str) -> dict[str, str]:
    """ "blog page=/blog/x/,blog index=/blog/" → {"blog page": "/blog/x/", "blog index": "/blog/"}."""
    pages = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        name, sep, path = item.partition("=")
        if not sep or not path.strip().startswith("/"):
            raise ValueError(f"expected name=/path, got {item.strip()!r}")
        pages[name.strip()] = path.strip()
    return pages


def ratio(ours: float, peer: float) -> str:
    return f"{ours / peer:.2f}×" if peer else "n/a"


def totp(secret_base32: str, *, at: float, period: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP (SHA-1), as authenticator apps and allauth compute it."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret_base32.upper() + "=" * (-len(secret_base32) % 8))
    counter = struct.pack(">Q", int(at) // period)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)
