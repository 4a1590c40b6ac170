"""Reading the change log: the entries of one commitment, and each as the public reads it.

One query for a page of entries (the commitment's own, and its organisations' renames and
sector changes), newest first; each entry then reads in the active language: field labels,
choice labels and dates are rendered when shown, not when stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import CommitmentPage, MemberPage, StakeholderRole
from .models import ActorRole, ChangeEntry
from .tracked import shared_models


def change_entries(commitment: CommitmentPage) -> QuerySet[ChangeEntry]:
    """Every change of ``commitment``: its page, milestones, roles, assessments (and whatever
    else is tracked with a commitment), and changes to the organisations that hold a role in it."""
    shared = ContentType.objects.get_for_models(*shared_models()).values()
    organisations = StakeholderRole.objects.filter(commitment=commitment).values("organisation_id")
    return (
        ChangeEntry.objects.filter(
            Q(commitment=commitment)
            | Q(
                content_type__in=[ct.pk for ct in shared],
                object_id__in=organisations,
                action=ChangeEntry.Action.UPDATE,
            )
        )
        .select_related("content_type", "actor_member", "actor_organisation")
        .order_by("-timestamp", "-pk")
    )


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    when: datetime.datetime
    action: str  # "added", "changed", "removed"
    what: str  # "Milestone"
    subject: str  # "Data published"
    who: str  # "Point of contact for Ukraine"
    organisation: str  # "Ministry of Finance", or ""
    fields: list[FieldChange]


def actor_label(role: str, member: MemberPage | None) -> str:
    if role == ActorRole.POC and member is not None:
        return _("Point of contact for %(member)s") % {"member": member.display_name}
    if role == ActorRole.FORUM and member is not None:
        return _("Multistakeholder forum of %(member)s") % {"member": member.display_name}
    return str(ActorRole(role).label) if role in ActorRole.values else str(ActorRole.SYSTEM.label)


def display_value(model: type[models.Model] | None, name: str, value) -> str:
    """A stored value (JSON: text, number, boolean, ISO date) as a reader reads it."""
    if value is None or value == "":
        return ""
    try:
        field = model._meta.get_field(name) if model else None
    except Exception:  # a field since removed: show what was stored
        field = None
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("Yes") if value in (True, "True") else _("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    elif isinstance(field, models.DateField):
        day = parse_date(str(value)[:10])
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return str(value)


def field_label(model: type[models.Model] | None, name: str) -> str:
    try:
        return capfirst(model._meta.get_field(name).verbose_name) if model else name
    except Exception:
        return name


_ACTIONS = {
    ChangeEntry.Action.CREATE: "added",
    ChangeEntry.Action.UPDATE: "changed",
    ChangeEntry.Action.DELETE: "removed",
}


def _subject(model, entry: ChangeEntry) -> str:
    stored = (entry.additional_data or {}).get("label")
    if isinstance(stored, list):
        parts = [display_value(model, name, value) for name, value in stored]
        return " – ".join(part for part in parts if part)
    return entry.object_repr


def _fields(model, entry: ChangeEntry) -> list[FieldChange]:
    changed = []
    # In the model's order of fields (PostgreSQL's jsonb keeps no order of its own).
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    for name, change in sorted(
        (entry.changes or {}).items(), key=lambda item: order.get(item[0], len(order))
    ):
        label = field_label(model, name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(str(o) for o in change.get("objects", []))
            if change.get("operation") == "add":
                changed.append(FieldChange(label, "", _("added: %(items)s") % {"items": objects}))
            else:
                changed.append(FieldChange(label, _("removed: %(items)s") % {"items": objects}, ""))
            continue
        before, after = [*change, None, None][:2] if isinstance(change, list | tuple) else (None, change)
        before, after = display_value(model, name, before), display_value(model, name, after)
        if entry.action == ChangeEntry.Action.CREATE and not after:
            continue  # an empty field of something new says nothing
        if entry.action == ChangeEntry.Action.DELETE:
            continue  # what was removed is named in the subject
        changed.append(FieldChange(label, before, after))
    return changed


def present(entry: ChangeEntry) -> Change:
    model = entry.content_type.model_class()  # None for a model since removed
    return Change(
        when=entry.timestamp,
        action=_ACTIONS.get(entry.action, "changed"),
        what=capfirst(model._meta.verbose_name) if model else entry.content_type.model,
        subject=_subject(model, entry),
        who=actor_label(entry.actor_role, entry.actor_member),
        organisation=entry.actor_organisation.name if entry.actor_organisation else "",
        fields=_fields(model, entry),
    )
