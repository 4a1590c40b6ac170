"""Photos chosen on a visit form that came back with errors: kept, already cleaned, for the
person who chose them, so that they need not choose them again (the form shows them as
attached, each with a box to leave it out). The visit takes them when it is recorded; those
left behind are pruned after a day."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import PendingVisitPhoto
from .photos import CleanPhoto

KEEP_FOR = datetime.timedelta(days=1)


def pending_keep(*, owner, photos: Sequence[CleanPhoto]) -> list[PendingVisitPhoto]:
    """Store these cleaned photos for ``owner`` (nothing but their pixels and location)."""
    kept = []
    for photo in photos:
        name = uuid.uuid4().hex
        pending = PendingVisitPhoto(
            owner=owner,
            width=photo.width,
            height=photo.height,
            latitude=photo.location[0] if photo.location else None,
            longitude=photo.location[1] if photo.location else None,
        )
        pending.image.save(f"{name}.jpg", ContentFile(photo.image), save=False)
        pending.thumbnail.save(f"{name}-thumb.jpg", ContentFile(photo.thumbnail), save=False)
        pending.save()
        kept.append(pending)
    return kept


def ids_from(values: Iterable[str]) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


def pending_for(owner, ids: Iterable[int]) -> list[PendingVisitPhoto]:
    """``owner``'s pending photos among ``ids`` (anyone else's are never found), in order."""
    ids = list(ids)
    if not ids or not getattr(owner, "pk", None):
        return []
    return list(PendingVisitPhoto.objects.filter(owner=owner, pk__in=ids).order_by("pk"))


def as_clean(pending: PendingVisitPhoto) -> CleanPhoto:
    with pending.image.open("rb") as image, pending.thumbnail.open("rb") as thumbnail:
        located = pending.latitude is not None and pending.longitude is not None
        return CleanPhoto(
            image=image.read(),
            thumbnail=thumbnail.read(),
            width=pending.width,
            height=pending.height,
            location=(pending.latitude, pending.longitude) if located else None,
        )


def pending_discard(items: Iterable[PendingVisitPhoto]) -> None:
    """Remove these pending photos and their files (once the transaction commits)."""
    items = list(items)
    if not items:
        return
    files = [(item.image.storage, item.image.name) for item in items] + [
        (item.thumbnail.storage, item.thumbnail.name) for item in items
    ]
    PendingVisitPhoto.objects.filter(pk__in=[item.pk for item in items]).delete()

    def remove_files():
        for storage, name in files:
            if name:
                storage.delete(name)

    transaction.on_commit(remove_files)


def pending_prune(*, now: datetime.datetime | None = None) -> int:
    """Remove the pending photos older than a day (forms never sent again). Returns how many."""
    old = list(PendingVisitPhoto.objects.filter(created_at__lt=(now or timezone.now()) - KEEP_FOR))
    pending_discard(old)
    return len(old)
