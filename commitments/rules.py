"""Pure rules about milestones and commitments: no database, easy to test table-driven."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MilestoneStatus(models.TextChoices):
    """OCDS 1.1 milestoneStatus codelist (codes kept exactly as OCDS spells them)."""

    SCHEDULED = "scheduled", _("Scheduled")
    MET = "met", pgettext_lazy("milestone status", "Met")
    NOT_MET = "notMet", pgettext_lazy("milestone status", "Not met")
    PARTIALLY_MET = "partiallyMet", pgettext_lazy("milestone status", "Partially met")


# Milestones still to be done: their due date can pass.
OPEN_STATUSES = (MilestoneStatus.SCHEDULED, MilestoneStatus.PARTIALLY_MET)


class Lateness(models.TextChoices):
    """Derived from a milestone's due date, status and the day it was met."""

    NOT_DUE = "not_due", _("Not yet due")
    DUE_SOON = "due_soon", _("Due within 30 days")
    OVERDUE = "overdue", _("Overdue")
    MET_ON_TIME = "met_on_time", _("Met on time")
    MET_LATE = "met_late", _("Met late")
    NOT_MET = "not_met", pgettext_lazy("lateness", "Not met")
    NO_DUE_DATE = "no_due_date", _("No due date")


DUE_SOON_DAYS = 30
# Lateness values that mean "needs attention now".
LATE = frozenset({Lateness.OVERDUE, Lateness.MET_LATE, Lateness.NOT_MET})


def milestone_lateness(
    *,
    status: str,
    due_date: datetime.date | None,
    date_met: datetime.date | None,
    today: datetime.date,
) -> Lateness:
    """How a milestone stands against its due date.

    A milestone that is met is on time or late depending on the day it was met (when that is
    not recorded, it counts as on time). One that is not met by its due date is overdue while
    work goes on (scheduled or partially met) and "not met" once reported as such.
    """
    if status == MilestoneStatus.MET:
        if due_date and date_met and date_met > due_date:
            return Lateness.MET_LATE
        return Lateness.MET_ON_TIME
    if status == MilestoneStatus.NOT_MET:
        return Lateness.NOT_MET
    if due_date is None:
        return Lateness.NO_DUE_DATE
    if due_date < today:
        return Lateness.OVERDUE
    if (due_date - today).days <= DUE_SOON_DAYS:
        return Lateness.DUE_SOON
    return Lateness.NOT_DUE


def milestone_lateness_q(today: datetime.date) -> dict[Lateness, Q]:
    """``milestone_lateness`` as database conditions on milestones, one per value (each
    milestone meets exactly one), for counting them in bulk. A test holds the two together."""
    met, not_met = MilestoneStatus.MET, MilestoneStatus.NOT_MET
    is_open = ~Q(status__in=[met, not_met])
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        Lateness.MET_LATE: Q(status=met, date_met__gt=F("end_date")),
        Lateness.MET_ON_TIME: Q(status=met)
        & (Q(end_date__isnull=True) | Q(date_met__isnull=True) | Q(date_met__lte=F("end_date"))),
        Lateness.NOT_MET: Q(status=not_met),
        Lateness.NO_DUE_DATE: is_open & Q(end_date__isnull=True),
        Lateness.OVERDUE: is_open & Q(end_date__lt=today),
        Lateness.DUE_SOON: is_open & Q(end_date__gte=today, end_date__lte=soon),
        Lateness.NOT_DUE: is_open & Q(end_date__gt=soon),
    }


def milestone_progress(*, status: str, approved_percent: int | None) -> int:
    """A milestone's percent complete: met is 100; else the latest approved update's percent;
    a partly met milestone nobody has reported on counts as half done, others as not started."""
    if status == MilestoneStatus.MET:
        return 100
    if approved_percent is not None:
        return approved_percent
    if status == MilestoneStatus.PARTIALLY_MET:
        return 50
    return 0


def mean_progress(values: list[int | None]) -> int | None:
    """The rounded mean of the known values (commitment from milestones, plan from
    commitments), or None when nothing is known."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return round(sum(known) / len(known))


# -- when implementation starts (re-baselining) ------------------------------------------------


def implementation_start(
    *, commitment_start: datetime.date | None, plan_start_year: int | None
) -> datetime.date | None:
    """The day a commitment's implementation starts: its own start date; when it has none,
    1 January of its action plan's first year; None when neither is known."""
    if commitment_start is not None:
        return commitment_start
    if plan_start_year:
        return datetime.date(plan_start_year, 1, 1)
    return None


def implementation_started(
    *,
    commitment_start: datetime.date | None,
    plan_start_year: int | None,
    plan_in_co_creation: bool,
    today: datetime.date,
) -> bool:
    """Whether a commitment's baseline is fixed: from the start of implementation on, a
    milestone's due date and scope change only by a re-baselining the forum approves. With no
    date known at all, implementation has started once the plan has left co-creation."""
    start = implementation_start(commitment_start=commitment_start, plan_start_year=plan_start_year)
    if start is None:
        return not plan_in_co_creation
    return start <= today
