"""Writes of feedback cases: file, acknowledge, answer, rate and accept or escalate, take,
record an action, close, withdraw, hide. Keyword-only, one transaction each; each asks
``permissions`` first (PermissionDenied otherwise) and appends a ``CaseEvent``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.models import Membership, Organisation
from tracker.permissions import is_staff

from ..models import CommitmentPage, Milestone, StakeholderRole
from ..permissions import is_reviewer, member_of
from . import deadlines, notifications, permissions, scorecards, selectors
from .facts import case_facts_refresh
from .models import ActorRole, Case, CaseEvent, CaseState, Outcome, ShownAs
from .photos import NotAPhoto, photo_without_metadata


def case_zone() -> str:
    return getattr(settings, "CASE_TIME_ZONE", settings.TIME_ZONE)


def lead_implementer(commitment: CommitmentPage) -> Organisation | None:
    """The organisation a case on ``commitment`` is addressed to: its (first) lead implementer."""
    role = (
        StakeholderRole.objects.filter(commitment=commitment, role=StakeholderRole.Role.LEAD_IMPLEMENTER)
        .select_related("organisation")
        .order_by("sort_order", "pk")
        .first()
    )
    return role.organisation if role else None


def _event(
    case: Case,
    actor,
    action: str,
    role: str,
    name: str = "",
    text: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    photo: UploadedFile | None = None,
    at: datetime.datetime | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case=case,
        actor=actor,
        action=action,
        actor_role=role,
        actor_name=name,
        text=text,
        evidence_url=evidence_url,
        at=at or timezone.now(),
    )
    if evidence_file:
        event.evidence_file = evidence_file
    if photo:
        try:
            event.photo = photo_without_metadata(photo)
        except NotAPhoto as error:
            raise ValidationError({"photo": _("This is not a JPEG, PNG or WebP photo.")}) from error
    event.full_clean(exclude=["case", "actor"])
    event.save()
    return event


def _filer_name(case: Case) -> str:
    return case.filer_organisation.name if case.shown_as == ShownAs.ORGANISATION else ""


def _save(case: Case, *fields: str) -> None:
    case.save(update_fields=list(fields))
    case_facts_refresh([case.commitment_id])
    scorecards.scorecards_refresh_for(case)


def _next_number() -> int:
    return (Case.objects.aggregate(top=Max("number"))["top"] or 0) + 1


def case_file(
    *,
    filer,
    commitment: CommitmentPage,
    category: str,
    description: str,
    shown_as: str = ShownAs.VERIFIED_PERSON,
    filer_organisation: Organisation | None = None,
    milestone: Milestone | None = None,
    ocid: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    photo: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """A new case, addressed to the commitment's lead implementer, with its deadlines; its POCs
    are told once the transaction commits."""
    if not permissions.can_file(filer):
        raise PermissionDenied(_("Verify your email address before you file a case."))
    if milestone is not None and milestone.commitment_id != commitment.pk:
        raise ValidationError({"milestone": _("This milestone belongs to another commitment.")})
    if shown_as == ShownAs.ORGANISATION:
        if (
            filer_organisation is None
            or not Membership.objects.filter(user=filer, organisation=filer_organisation).exists()
        ):
            raise ValidationError({"filer_organisation": _("Choose an organisation you belong to.")})
    else:
        filer_organisation = None
    member = member_of(commitment)
    if member is None:
        raise ValidationError(_("This commitment belongs to no OGP member."))
    now = now or timezone.now()
    zone = case_zone()
    holidays = selectors.holidays()
    for attempt in range(3):
        try:
            with transaction.atomic():
                case = Case(
                    number=_next_number(),
                    commitment=commitment,
                    member=member,
                    milestone=milestone,
                    ocid=ocid.strip(),
                    category=category,
                    description=description.strip(),
                    filer=filer,
                    shown_as=shown_as,
                    filer_organisation=filer_organisation,
                    addressed_to=lead_implementer(commitment),
                    filed_at=now,
                    acknowledge_due=deadlines.deadline(
                        now, settings.CASE_ACKNOWLEDGE_WORKING_DAYS, zone, holidays
                    ),
                    answer_due=deadlines.deadline(now, settings.CASE_ANSWER_WORKING_DAYS, zone, holidays),
                )
                case.full_clean(exclude=["number"])
                case.save()
                _event(
                    case,
                    filer,
                    CaseEvent.Action.FILED,
                    ActorRole.FILER,
                    _filer_name(case),
                    text=case.description,
                    evidence_file=evidence_file,
                    evidence_url=evidence_url,
                    photo=photo,
                    at=now,
                )
        except IntegrityError:  # two cases took the same number at once: take the next
            if attempt == 2:
                raise
            continue
        break
    case_facts_refresh([commitment.pk])
    scorecards.scorecards_refresh_for(case)
    transaction.on_commit(lambda: notifications.notify_pocs_of_filing(case.pk))
    return case


def _poc_name(case: Case) -> str:
    return case.member.display_name


@transaction.atomic
def case_acknowledge(*, case: Case, actor, text: str = "", now: datetime.datetime | None = None) -> Case:
    if not permissions.can_acknowledge(actor, case):
        raise PermissionDenied(_("You may not acknowledge this case."))
    now = now or timezone.now()
    case.state = CaseState.ACKNOWLEDGED
    case.acknowledged_at = now
    _event(case, actor, CaseEvent.Action.ACKNOWLEDGED, ActorRole.POC, _poc_name(case), text=text, at=now)
    _save(case, "state", "acknowledged_at")
    transaction.on_commit(lambda: notifications.notify_filer(case.pk, "acknowledged"))
    return case


@transaction.atomic
def case_answer(
    *,
    case: Case,
    actor,
    text: str,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    photo: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """The implementer's response, with evidence (a file, a photo or a link). Answering a case
    that was never acknowledged acknowledges it too."""
    if not permissions.can_answer(actor, case):
        raise PermissionDenied(_("You may not answer this case."))
    if not text.strip():
        raise ValidationError({"text": _("Write the answer.")})
    if not (evidence_file or evidence_url or photo):
        raise ValidationError({"evidence_url": _("Give evidence: a file, a photo or a link.")})
    now = now or timezone.now()
    if case.acknowledged_at is None:
        case.acknowledged_at = now
        _event(case, actor, CaseEvent.Action.ACKNOWLEDGED, ActorRole.POC, _poc_name(case), at=now)
    _event(
        case,
        actor,
        CaseEvent.Action.ANSWERED,
        ActorRole.POC,
        _poc_name(case),
        text=text.strip(),
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        photo=photo,
        at=now,
    )
    case.state = CaseState.ANSWERED
    case.answered_at = now
    case.days_to_answer = deadlines.working_days_between(
        case.filed_at, now, case_zone(), selectors.holidays()
    )
    _save(case, "state", "acknowledged_at", "answered_at", "days_to_answer")
    transaction.on_commit(lambda: notifications.notify_filer(case.pk, "answered"))
    return case


@transaction.atomic
def case_rate(*, case: Case, actor, rating: int, accept: bool, text: str = "") -> Case:
    """The filer rates the answer 1–5 (once) and accepts it (the case closes as resolved) or
    escalates it."""
    if not permissions.can_rate(actor, case):
        raise PermissionDenied(_("You may not rate this answer."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate the answer from 1 to 5.")})
    now = timezone.now()
    case.rating = rating
    name = _filer_name(case)
    _event(case, actor, CaseEvent.Action.RATED, ActorRole.FILER, name, text=str(rating), at=now)
    if accept:
        _event(case, actor, CaseEvent.Action.ACCEPTED, ActorRole.FILER, name, text=text.strip(), at=now)
        case.state = CaseState.CLOSED
        case.outcome = Outcome.RESOLVED
        case.closing_note = text.strip()
        case.closed_at = now
        _save(case, "rating", "state", "outcome", "closing_note", "closed_at")
        return case
    _escalate(case, actor, text, now)
    _save(case, "rating", "state", "escalated_at")
    return case


def _escalate(case: Case, actor, text: str, now) -> None:
    case.state = CaseState.ESCALATED
    case.escalated_at = now
    _event(
        case, actor, CaseEvent.Action.ESCALATED, ActorRole.FILER, _filer_name(case), text=text.strip(), at=now
    )


@transaction.atomic
def case_escalate(*, case: Case, actor, text: str = "") -> Case:
    """The filer escalates a case the implementer let a deadline pass on (an answered case is
    escalated with its rating, ``case_rate``)."""
    if not permissions.can_escalate(actor, case):
        raise PermissionDenied(_("You may not escalate this case."))
    _escalate(case, actor, text, timezone.now())
    _save(case, "state", "escalated_at")
    return case


@transaction.atomic
def case_take(*, case: Case, actor, organisation: Organisation | None = None, text: str = "") -> Case:
    """The forum (``organisation`` None) or a civil-society organisation the actor belongs to
    takes an escalated case, and from then on records its actions."""
    if not permissions.can_take(actor, case):
        raise PermissionDenied(_("You may not take this case."))
    if organisation is None:
        if not is_reviewer(actor, case.member):
            raise PermissionDenied(_("Only the member's forum may take a case as the forum."))
        case.taken_by_forum = True
        role, name = ActorRole.FORUM, case.member.display_name
    else:
        if not permissions.civil_society_organisations(actor).filter(pk=organisation.pk).exists():
            raise PermissionDenied(_("Take the case for a civil-society organisation you belong to."))
        case.taken_by_organisation = organisation
        role, name = ActorRole.CIVIL_SOCIETY, organisation.name
    _event(case, actor, CaseEvent.Action.TAKEN, role, name, text=text.strip())
    _save(case, "taken_by_forum", "taken_by_organisation")
    return case


def _taker_label(case: Case, actor) -> tuple[str, str]:
    if is_staff(actor) and not permissions.is_taker(actor, case):
        return ActorRole.STAFF, ""
    if case.taken_by_forum:
        return ActorRole.FORUM, case.member.display_name
    return ActorRole.CIVIL_SOCIETY, case.taken_by_organisation.name


@transaction.atomic
def case_record_action(
    *, case: Case, actor, text: str, evidence_file: UploadedFile | None = None, evidence_url: str = ""
) -> Case:
    if not permissions.can_record_action(actor, case):
        raise PermissionDenied(_("You may not record actions on this case."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    role, name = _taker_label(case, actor)
    _event(
        case,
        actor,
        CaseEvent.Action.ACTION,
        role,
        name,
        text=text.strip(),
        evidence_file=evidence_file,
        evidence_url=evidence_url,
    )
    case_facts_refresh([case.commitment_id])
    return case


@transaction.atomic
def case_close(*, case: Case, actor, outcome: str, note: str) -> Case:
    """Close as resolved or not resolved (whoever took the escalated case, or staff), or as
    withdrawn (the filer), always with a closing note."""
    if outcome == Outcome.WITHDRAWN:
        if not permissions.can_withdraw(actor, case):
            raise PermissionDenied(_("You may not withdraw this case."))
        role, name = ActorRole.FILER, _filer_name(case)
    else:
        if outcome not in (Outcome.RESOLVED, Outcome.NOT_RESOLVED):
            raise ValidationError({"outcome": _("Choose how the case ends.")})
        if not permissions.can_close(actor, case):
            raise PermissionDenied(_("You may not close this case."))
        role, name = _taker_label(case, actor)
    if not note.strip():
        raise ValidationError({"note": _("Write a closing note.")})
    now = timezone.now()
    case.state = CaseState.CLOSED
    case.outcome = outcome
    case.closing_note = note.strip()
    case.closed_at = now
    _event(case, actor, CaseEvent.Action.CLOSED, role, name, text=note.strip(), at=now)
    _save(case, "state", "outcome", "closing_note", "closed_at")
    return case


@transaction.atomic
def case_hide(*, case: Case, actor, reason: str) -> Case:
    """Staff hide a case's text and evidence from the public (personal data, abuse), with a
    public reason. Nothing is deleted: staff and the filer still see it."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Only site staff moderate cases."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the public reason for hiding it.")})
    now = timezone.now()
    case.hidden = True
    case.hidden_reason = reason.strip()
    case.hidden_at = now
    case.hidden_by = actor
    _event(case, actor, CaseEvent.Action.HIDDEN, ActorRole.STAFF, text=reason.strip(), at=now)
    _save(case, "hidden", "hidden_reason", "hidden_at", "hidden_by")
    return case


@transaction.atomic
def case_unhide(*, case: Case, actor, reason: str) -> Case:
    """Staff undo a hide, with a public reason: the case's text and evidence are public again.
    The hide stays in the case's history (its event, with its reason), beside this one."""
    if not permissions.can_unhide(actor, case):
        raise PermissionDenied(_("Only site staff show a hidden case again."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the public reason for showing it again.")})
    now = timezone.now()
    case.hidden = False
    case.hidden_reason = ""
    case.hidden_at = None
    case.hidden_by = None
    _event(case, actor, CaseEvent.Action.SHOWN, ActorRole.STAFF, text=reason.strip(), at=now)
    _save(case, "hidden", "hidden_reason", "hidden_at", "hidden_by")
    return case
