"""Writes of site visits and consultations: keyword-only, checked against ``permissions``,
``full_clean()``, one transaction each."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..explorer.facts import facts_refresh_soon
from ..models import ActionPlanPage, CommitmentPage, Milestone
from . import permissions
from .models import (
    Consultation,
    ConsultationInput,
    ConsultationParticipation,
    SiteVisit,
    VisitModeration,
    VisitPhoto,
)
from .photos import CleanPhoto


def _decimal(value: float | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


@transaction.atomic
def site_visit_record(
    *,
    milestone: Milestone,
    author,
    visited_on: datetime.date,
    observations: str,
    observed_status: str,
    photos: Sequence[CleanPhoto] = (),
    latitude: float | Decimal | None = None,
    longitude: float | Decimal | None = None,
) -> SiteVisit:
    """Record a visit. The location is the typed one when given, else the first photo's GPS.
    ``photos`` are already cleaned (``photos.photo_clean``): nothing else is ever stored."""
    if not permissions.can_record_visit(author):
        raise PermissionDenied
    source = SiteVisit.LocationSource.NONE
    if latitude is not None and longitude is not None:
        source = SiteVisit.LocationSource.TYPED
    else:
        located = next((photo.location for photo in photos if photo.location), None)
        if located:
            latitude, longitude = located
            source = SiteVisit.LocationSource.PHOTO
        else:
            latitude = longitude = None
    visit = SiteVisit(
        milestone=milestone,
        milestone_title=milestone.title,
        commitment_id=milestone.commitment_id,
        author=author,
        visited_on=visited_on,
        observations=observations,
        observed_status=observed_status,
        latitude=_decimal(latitude),
        longitude=_decimal(longitude),
        location_source=source,
    )
    visit.full_clean()
    if visit.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be in the future.")})
    visit.save()
    for order, photo in enumerate(photos):
        name = uuid.uuid4().hex
        stored = VisitPhoto(visit=visit, width=photo.width, height=photo.height, sort_order=order)
        stored.image.save(f"{name}.jpg", ContentFile(photo.image), save=False)
        stored.thumbnail.save(f"{name}-thumb.jpg", ContentFile(photo.thumbnail), save=False)
        stored.save()
    facts_refresh_soon([visit.commitment_id])  # the "visit contradicts" flag
    return visit


@transaction.atomic
def site_visit_hide(*, visit: SiteVisit, actor, hidden: bool = True, reason: str = "") -> SiteVisit:
    """Staff hide a visit (or show it again) with a reason the public sees; each step is kept
    (``VisitModeration``), so a hide stays in the visit's history once undone. Nothing is
    deleted. Hiding a hidden visit again with a new reason replaces the reason shown; showing a
    visit that is not hidden changes nothing."""
    if not permissions.can_moderate_visits(actor):
        raise PermissionDenied
    reason = reason.strip()
    if hidden and not reason:
        raise ValidationError(
            {"hidden_reason": _("Say why the visit is hidden: the public sees the reason.")}
        )
    if not hidden and not visit.hidden:
        return visit
    if not hidden and not reason:
        raise ValidationError(
            {"hidden_reason": _("Say why the visit is shown again: it stays in its history.")}
        )
    if hidden and visit.hidden and reason == visit.hidden_reason:
        return visit
    VisitModeration.objects.create(
        visit=visit,
        action=VisitModeration.Action.HIDDEN if hidden else VisitModeration.Action.SHOWN,
        reason=reason,
        actor=actor,
    )
    visit.hidden = hidden
    visit.hidden_reason = reason if hidden else ""
    visit.hidden_at = timezone.now() if hidden else None
    visit.hidden_by = actor if hidden else None
    visit.full_clean()
    visit.save(update_fields=["hidden", "hidden_reason", "hidden_at", "hidden_by"])
    facts_refresh_soon([visit.commitment_id])  # a hidden visit no longer counts in the flag
    return visit


@dataclass(frozen=True)
class InputValues:
    said: str
    sector: str = ""
    answer: str = ""
    reason: str = ""


@transaction.atomic
def consultation_save(
    *,
    actor,
    subject: CommitmentPage | ActionPlanPage,
    held_on: datetime.date,
    format: str,
    summary: str,
    participants: Mapping[str, int],
    inputs: Iterable[InputValues],
    consultation: Consultation | None = None,
) -> Consultation:
    """Record a consultation (or change one: its answers come later), with its participants by
    sector and its inputs. Inputs are given in full each time, in order."""
    if consultation is not None:
        subject = consultation.subject
    if not permissions.can_record_consultation(actor, subject):
        raise PermissionDenied
    if consultation is None:
        consultation = Consultation(recorded_by=actor)
        if isinstance(subject, CommitmentPage):
            consultation.commitment = subject
        else:
            consultation.plan = subject
    consultation.held_on = held_on
    consultation.format = format
    consultation.summary = summary
    consultation.full_clean()
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A consultation cannot be in the future.")})
    consultation.save()
    consultation.participation.all().delete()
    ConsultationParticipation.objects.bulk_create(
        ConsultationParticipation(consultation=consultation, sector=sector, count=count)
        for sector, count in participants.items()
        if count
    )
    rows = []
    for order, values in enumerate(inputs):
        row = ConsultationInput(
            consultation=consultation,
            said=values.said,
            sector=values.sector,
            answer=values.answer,
            reason=values.reason,
            sort_order=order,
        )
        row.full_clean(exclude=["consultation"])
        rows.append(row)
    consultation.inputs.all().delete()
    ConsultationInput.objects.bulk_create(rows)
    return consultation
