"""Red flags: rules that mark a commitment needing attention. Pure functions, no database.

Each rule has a code (the explorer's ``flag=<code>``), a plain explanation, its basis, a test on
one commitment's facts (``CommitmentFacts`` or anything with the same attributes) and the same
test as a database condition, so that pages and the explorer filter always agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tracker.models import GOLDEN_TRIANGLE

STALE_DAYS = 90
REVIEW_WAIT_DAYS = 14

IMPLEMENTATION = "implementation"


class FlagFacts(Protocol):
    plan_status: str
    plan_start_year: int | None
    next_open_due: datetime.date | None
    last_approved_update: datetime.date | None
    oldest_waiting_update: datetime.datetime | None
    has_government: bool
    has_civil_society: bool
    has_business: bool
    contested: int
    earliest_case_due: datetime.datetime | None
    visits_contradicting: int


@dataclass(frozen=True)
class Flag:
    code: str
    label: Promise
    explanation: Promise
    basis: Promise
    test: Callable[[Any, datetime.datetime], bool]
    condition: Callable[[str, datetime.datetime], Q]


def _today(now: datetime.datetime) -> datetime.date:
    return now.date()


def milestone_overdue(facts: FlagFacts, now: datetime.datetime) -> bool:
    return facts.next_open_due is not None and facts.next_open_due < _today(now)


def _implementation_start(facts: FlagFacts) -> datetime.date | None:
    """When the plan began (1 January of its start year): the clock of a commitment nobody has
    reported on yet, so that a plan that has just begun is not flagged at once."""
    return datetime.date(facts.plan_start_year, 1, 1) if facts.plan_start_year else None


def stale(facts: FlagFacts, now: datetime.datetime) -> bool:
    if facts.plan_status != IMPLEMENTATION:
        return False
    last = facts.last_approved_update or _implementation_start(facts)
    return last is None or (_today(now) - last).days > STALE_DAYS


def review_waiting(facts: FlagFacts, now: datetime.datetime) -> bool:
    waiting = facts.oldest_waiting_update
    return waiting is not None and now - waiting > datetime.timedelta(days=REVIEW_WAIT_DAYS)


def triangle_corner_empty(facts: FlagFacts, now: datetime.datetime) -> bool:
    return not all(getattr(facts, f"has_{sector}") for sector in GOLDEN_TRIANGLE)


def contested(facts: FlagFacts, now: datetime.datetime) -> bool:
    return facts.contested > 0


def case_unanswered(facts: FlagFacts, now: datetime.datetime) -> bool:
    # Read with a default: facts built before cases existed (and plain test facts) have none.
    due = getattr(facts, "earliest_case_due", None)
    return due is not None and due <= now


def visit_contradicts(facts: FlagFacts, now: datetime.datetime) -> bool:
    # Read with a default: facts built before site visits existed (and plain test facts) have none.
    return (getattr(facts, "visits_contradicting", 0) or 0) > 0


def _overdue_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}next_open_due__lt": _today(now)})


def _stale_q(prefix: str, now: datetime.datetime) -> Q:
    cutoff = _today(now) - datetime.timedelta(days=STALE_DAYS)
    # Plans whose 1 January of the start year is before the cutoff.
    started_by = cutoff.year if cutoff > datetime.date(cutoff.year, 1, 1) else cutoff.year - 1
    never = Q(**{f"{prefix}last_approved_update__isnull": True}) & (
        Q(**{f"{prefix}plan_start_year__isnull": True}) | Q(**{f"{prefix}plan_start_year__lte": started_by})
    )
    return Q(**{f"{prefix}plan_status": IMPLEMENTATION}) & (
        never | Q(**{f"{prefix}last_approved_update__lt": cutoff})
    )


def _waiting_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}oldest_waiting_update__lt": now - datetime.timedelta(days=REVIEW_WAIT_DAYS)})


def _triangle_q(prefix: str, now: datetime.datetime) -> Q:
    q = Q()
    for sector in GOLDEN_TRIANGLE:
        q |= Q(**{f"{prefix}has_{sector}": False})
    return q


def _column(
    name: str,
) -> tuple[Callable[[Any, datetime.datetime], bool], Callable[[str, datetime.datetime], Q]]:
    """A flag that is one boolean column of the facts (computed where its data is: contracting)."""

    def test(facts: Any, now: datetime.datetime) -> bool:
        return bool(getattr(facts, name, False))

    def condition(prefix: str, now: datetime.datetime) -> Q:
        return Q(**{f"{prefix}{name}": True})

    return test, condition


def _contested_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}contested__gt": 0})


def _case_unanswered_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}earliest_case_due__lte": now})


def _visit_contradicts_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}visits_contradicting__gt": 0})


FLAGS: dict[str, Flag] = {
    flag.code: flag
    for flag in [
        Flag(
            "milestone_overdue",
            _("Milestone overdue"),
            _("A milestone's due date has passed and it is neither met nor reported as not met."),
            _("The milestone's due date and its OCDS status."),
            milestone_overdue,
            _overdue_q,
        ),
        Flag(
            "stale",
            _("No approved update for 90 days"),
            _("Its action plan is being implemented, but no progress update has been approved for 90 days."),
            _(
                "The action plan's status, and the date of the last approved progress update or, "
                "before the first, the plan's start."
            ),
            stale,
            _stale_q,
        ),
        Flag(
            "review_waiting",
            _("Update waiting for review"),
            _("A progress update has waited more than 14 days for the forum's review."),
            _("The date the oldest waiting update was submitted."),
            review_waiting,
            _waiting_q,
        ),
        Flag(
            "triangle_empty",
            _("Golden Triangle corner empty"),
            _(
                "Government, civil society or business: one corner of the Golden Triangle has no organisation in a role."
            ),
            _("The sectors of the organisations holding a stakeholder role."),
            triangle_corner_empty,
            _triangle_q,
        ),
        Flag(
            "no_confirmed_budget",
            _("No confirmed budget"),
            _("It is linked to contracting processes or projects, but none of them has a budget amount."),
            _(
                "OCDS planning.budget of the linked processes and OC4IDS budgets of the linked projects "
                "(the OCDS Budget & Spend user story: projects without confirmed budget)."
            ),
            *_column("no_confirmed_budget"),
        ),
        Flag(
            "supplier_without_owners",
            _("Supplier without declared owners"),
            _("A supplier of a linked process has no beneficial ownership statement."),
            _(
                "The suppliers' organisation identifiers (scheme and id), matched to BODS entity statements "
                "and their ownership-or-control statements."
            ),
            *_column("supplier_without_owners"),
        ),
        Flag(
            "single_tenderer",
            _("Single tenderer"),
            _("A linked contracting process had only one tenderer."),
            _("The tender's numberOfTenderers, or its list of tenderers, in the compiled release."),
            *_column("single_tenderer"),
        ),
        Flag(
            "contract_amended",
            _("Contract amended by more than 20%"),
            _(
                "A contract of a linked process changed its value by more than 20% after it was first published."
            ),
            _(
                "contracts[].value.amount in the first release that has the contract and in the compiled release."
            ),
            *_column("contract_amended"),
        ),
        Flag(
            "short_award_period",
            _("Award period shorter than the legal minimum"),
            _("A linked process's award period was shorter than the law's minimum."),
            _("tender.awardPeriod start and end dates, against the minimum set for this site."),
            *_column("short_award_period"),
        ),
        Flag(
            "supplier_registered_late",
            _("Supplier registered after the tender opened"),
            _("A supplier of a linked process was founded after its tender had opened."),
            _(
                "tender.tenderPeriod.startDate, against the foundingDate of the supplier's BODS entity "
                "statement, where it is published."
            ),
            *_column("supplier_registered_late"),
        ),
        Flag(
            "contested",
            _("Update contested, no reply"),
            _(
                "A civil-society organisation's published score contests a milestone's latest "
                "approved update, and the commitment's points of contact have not replied."
            ),
            _(
                "The milestone verdicts in the latest version of each published score, the "
                "milestone's latest approved update, and the replies to the scores."
            ),
            contested,
            _contested_q,
        ),
        Flag(
            "case_unanswered",
            _("Case unanswered"),
            _(
                "A feedback case on it has not been acknowledged within 5 working days, or not "
                "answered within 20."
            ),
            _("The deadlines of its open feedback cases, in working days from the day each was filed."),
            case_unanswered,
            _case_unanswered_q,
        ),
        Flag(
            "visit_contradicts",
            _("Site visit contradicts the record"),
            _("Someone who visited a milestone's site saw a status other than the milestone's approved one."),
            _(
                "The status observed on each milestone's latest site visit (hidden visits left out), "
                "against the milestone's status from its approved progress updates."
            ),
            visit_contradicts,
            _visit_contradicts_q,
        ),
    ]
}
FLAG_CHOICES = [(code, flag.label) for code, flag in FLAGS.items()]


def flags_for(facts: FlagFacts | None, now: datetime.datetime) -> list[Flag]:
    """The flags raised on one commitment, in ``FLAGS`` order."""
    if facts is None:
        return []
    return [flag for flag in FLAGS.values() if flag.test(facts, now)]


def flag_q(codes: list[str], prefix: str, now: datetime.datetime) -> Q:
    """Commitments carrying every one of ``codes``."""
    q = Q()
    for code in codes:
        q &= FLAGS[code].condition(prefix, now)
    return q
