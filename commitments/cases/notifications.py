"""Emails of feedback cases, each in its recipient's language (``tracker.mail``): the POCs when a
case is filed, the filer when it is acknowledged or answered, the POCs before each deadline
(``send_case_reminders``, once per case and deadline)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tracker.mail import absolute_url, send_templated

from ..models import ReminderSent
from ..permissions import poc_group_name
from . import deadlines, selectors
from .models import Case, CaseState

EMAILS = "cases/email/"


def _case_url(case: Case) -> str:
    return absolute_url(reverse("commitments:case_detail", args=[case.number]))


def _pocs(case: Case) -> list[tuple[str, str]]:
    """(email, language) of the active POCs of the case's member."""
    User = get_user_model()
    return sorted(
        User.objects.filter(groups__name=poc_group_name(case.member), is_active=True)
        .exclude(email="")
        .values_list("email", "language")
        .distinct()
    )


def _context(case: Case):
    # Built in the recipient's language, so that links and dates follow it.
    def build() -> dict:
        zone = getattr(settings, "CASE_TIME_ZONE", settings.TIME_ZONE)
        return {
            "case": case,
            "commitment": case.commitment,
            "url": _case_url(case),
            "acknowledge_by": deadlines.last_day(case.acknowledge_due, zone),
            "answer_by": deadlines.last_day(case.answer_due, zone),
        }

    return build


def _load(case_pk: int) -> Case:
    return Case.objects.select_related("commitment", "member", "filer", "filer_organisation").get(pk=case_pk)


def notify_pocs_of_filing(case_pk: int) -> int:
    case = _load(case_pk)
    sent = 0
    for email, language in _pocs(case):
        sent += send_templated(to=email, language=language, template=f"{EMAILS}filed", context=_context(case))
    return sent


def notify_filer(case_pk: int, kind: str) -> int:
    """Tell the filer their case was acknowledged or answered (``kind``)."""
    case = _load(case_pk)
    filer = case.filer
    if not filer.is_active:
        return 0
    return int(
        send_templated(
            to=filer.email, language=filer.language, template=f"{EMAILS}{kind}", context=_context(case)
        )
    )


def _once(kind: str, object_id: int, day: datetime.date) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, object_id=object_id, day=day)
    except IntegrityError:
        return False
    return True


def send_case_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind the POCs of every case whose next deadline is within
    ``CASE_REMINDER_WORKING_DAYS`` working days (or has passed): once per case and deadline,
    however often it runs."""
    now = now or timezone.now()
    zone = getattr(settings, "CASE_TIME_ZONE", settings.TIME_ZONE)
    before = getattr(settings, "CASE_REMINDER_WORKING_DAYS", 1)
    holidays = selectors.holidays()
    today = deadlines.local_day(now, zone)
    # A weekend may lie between, and each holiday near may put the reminder up to three days
    # earlier: a wide net, reminder_day decides.
    near = sum(1 for day in holidays if today <= day <= today + datetime.timedelta(days=before * 3 + 30))
    horizon = now + datetime.timedelta(days=before + 3 + 3 * near)
    sent = 0
    waiting = Case.objects.filter(
        state__in=(CaseState.FILED, CaseState.ACKNOWLEDGED), answer_due__lte=horizon
    ) | Case.objects.filter(state=CaseState.FILED, acknowledge_due__lte=horizon)
    for case in waiting.select_related("commitment", "member").order_by("pk"):
        if case.state == CaseState.FILED:
            kind, due = "case_acknowledge", case.acknowledge_due
        else:
            kind, due = "case_answer", case.answer_due
        if deadlines.reminder_day(due, before, zone, holidays) > today or not _once(
            kind, case.pk, due.date()
        ):
            continue
        template = f"{EMAILS}reminder_{'acknowledge' if kind == 'case_acknowledge' else 'answer'}"
        for email, language in _pocs(case):
            sent += send_templated(to=email, language=language, template=template, context=_context(case))
    return sent
