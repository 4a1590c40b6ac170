"""What commitment pages' published revisions changed before the change log began.

The log records page fields where they are saved (``tracked``); pages edited in the admin before
it existed have only their revisions. This reads, for each page, the revisions Wagtail's own
log says were published before the page's first logged change, compares each with the one
published before it, field by field (the fields the log tracks), and writes one entry per
publish that changed something, attributed to whoever published it. Run again, it adds nothing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import PageLogEntry

from ..models import CommitmentPage
from .attribution import attribution_for, recording
from .models import ChangeEntry
from .tracked import tracking


def _fields() -> list[str]:
    tracked = tracking(CommitmentPage)
    # Whether a revision was live when saved says nothing about what was published.
    return [name for name in tracked.include if name != "live"]


def _first_logged(page: CommitmentPage):
    return (
        ChangeEntry.objects.filter(commitment=page, additional_data__revision__isnull=True)
        .order_by("timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )


@transaction.atomic
def change_log_from_revisions(*, ogp_id: str | None = None) -> int:
    pages = CommitmentPage.objects.order_by("pk")
    if ogp_id:
        pages = pages.filter(ogp_id__iexact=ogp_id)
    content_type = ContentType.objects.get_for_model(CommitmentPage)
    fields = _fields()
    added = 0
    for page in pages.iterator():
        publishes = PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision__isnull=False
        ).select_related("revision", "user")
        before = _first_logged(page)
        if before is not None:
            publishes = publishes.filter(timestamp__lt=before)
        done = set(
            ChangeEntry.objects.filter(commitment=page, additional_data__revision__isnull=False).values_list(
                "additional_data__revision", flat=True
            )
        )
        previous = None
        for publish in publishes.order_by("timestamp", "pk"):
            content = publish.revision.content
            if previous is not None and publish.revision_id not in done:
                changes = {
                    name: [previous.get(name), content.get(name)]
                    for name in fields
                    if previous.get(name) != content.get(name)
                }
                if changes:
                    with recording(actor=publish.user):
                        who = attribution_for(page.pk)
                    ChangeEntry.objects.create(
                        content_type=content_type,
                        object_pk=str(page.pk),
                        object_id=page.pk,
                        object_repr=content.get("title", ""),
                        action=ChangeEntry.Action.UPDATE,
                        changes=changes,
                        timestamp=publish.timestamp,
                        commitment=page,
                        additional_data={
                            "label": [["title", content.get("title")]],
                            "revision": publish.revision_id,
                        },
                        **who,
                    )
                    added += 1
            previous = content
    return added
