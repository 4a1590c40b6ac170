"""Writes: links from commitments and milestones to processes and projects."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import CommitmentPage, Milestone

from .models import ProcessLink, ProjectLink
from .permissions import can_link, can_unlink


@transaction.atomic
def process_link_create(
    *, user, commitment: CommitmentPage, ocid: str, relation: str, milestone: Milestone | None = None
) -> ProcessLink:
    if not can_link(user, commitment):
        raise PermissionDenied
    if milestone is not None and milestone.commitment_id != commitment.pk:
        raise ValidationError({"milestone": _("That milestone is not one of this commitment's.")})
    ocid = (ocid or "").strip()
    duplicate = ProcessLink.objects.filter(commitment=commitment, milestone=milestone, ocid=ocid)
    if duplicate.exists():
        raise ValidationError({"ocid": _("This process is already linked here.")})
    link = ProcessLink(
        commitment=commitment, milestone=milestone, ocid=ocid, relation=relation, created_by=user
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def project_link_create(*, user, commitment: CommitmentPage, project_id: str, relation: str) -> ProjectLink:
    if not can_link(user, commitment):
        raise PermissionDenied
    project_id = (project_id or "").strip()
    if ProjectLink.objects.filter(commitment=commitment, project_id=project_id).exists():
        raise ValidationError({"project_id": _("This project is already linked here.")})
    link = ProjectLink(commitment=commitment, project_id=project_id, relation=relation, created_by=user)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def link_delete(*, user, link: ProcessLink | ProjectLink) -> None:
    if not can_unlink(user, link):
        raise PermissionDenied
    link.delete()
