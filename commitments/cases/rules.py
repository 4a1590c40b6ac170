"""When a case is overdue: once in Python (one case) and once as a database condition (many),
side by side, held to the same answer by a test (as ``commitments.flags`` does)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import AWAITING_IMPLEMENTER, CaseState


def pending_deadline(state: str, acknowledge_due: datetime.datetime, answer_due: datetime.datetime):
    """The deadline the implementer must meet next: the acknowledgement while a case is only
    filed, the answer once acknowledged; none after it is answered."""
    if state == CaseState.FILED:
        return min(acknowledge_due, answer_due)
    if state == CaseState.ACKNOWLEDGED:
        return answer_due
    return None


def case_overdue(
    state: str, acknowledge_due: datetime.datetime, answer_due: datetime.datetime, now: datetime.datetime
) -> bool:
    due = pending_deadline(state, acknowledge_due, answer_due)
    return due is not None and due <= now


def overdue_q(now: datetime.datetime, prefix: str = "") -> Q:
    """``case_overdue`` as a condition on cases (``prefix`` for a relation, e.g. "cases__")."""
    return Q(**{f"{prefix}state": CaseState.FILED, f"{prefix}acknowledge_due__lte": now}) | Q(
        **{f"{prefix}state__in": AWAITING_IMPLEMENTER, f"{prefix}answer_due__lte": now}
    )
