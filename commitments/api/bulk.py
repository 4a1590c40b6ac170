"""The bulk download: the whole public record as gzipped JSON Lines, built streaming.

One line per record: ``{"type": "commitment", "record": {...}}``, with the same fields as the
API, written by the same code as the API's pages (``rows``: ``values()`` rows, related data read
once per chunk). Each kind is read with one query streamed in chunks (``iterator``) in primary
key order and written as it comes, so memory stays flat whatever the size of the record.

- ``open_data_refresh_soon()``: queue a build on the background worker when the data version has
  no build yet (called by the open-data page and the download; cron may run
  ``manage.py build_open_data``).
- ``open_data_build(dump)``: build one (what the worker runs).
"""

from __future__ import annotations

import datetime
import gzip
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..visibility import public_commitments
from . import extensions, rows, selectors, serializers
from .conditional import data_version
from .models import OpenDataDump

logger = logging.getLogger(__name__)
# Records read and written per chunk (one query per chunk for each kind of related data).
CHUNK = 1000
# gzip's level, measured at 20k synthetic commitments (89 MB of JSON Lines): level 1 compresses in
# 0.23 s of CPU to 9.0 MB, level 6 in 0.55 s to 5.5 MB, level 9 in 1.4 s to 5.2 MB. The build is
# about 4 s either way and is made once per data version, the file downloaded many times: 6.
GZIP_LEVEL = 6
# A build queued or running for longer than this is taken as lost (a worker that died).
STALE_AFTER = datetime.timedelta(hours=1)

# (type, the records, their serializer), in the order they are written.
KINDS: list[tuple[str, Callable[[], QuerySet], type]] = [
    ("member", selectors.public_members, serializers.MemberSerializer),
    ("action_plan", selectors.public_plans, serializers.ActionPlanSerializer),
    ("commitment", public_commitments, serializers.CommitmentDetailSerializer),
    ("progress_update", selectors.public_updates, serializers.ProgressUpdateSerializer),
    ("organisation", selectors.public_organisations, serializers.OrganisationSerializer),
]


def extra_kinds() -> list[tuple[str, Callable[[], QuerySet], type]]:
    """The contracting data: processes, public links, projects, budget lines, BODS statements."""
    from . import contracting as c

    return [
        ("contracting_process", c.processes, c.ProcessSerializer),
        ("process_link", lambda: c.public_links(c.ProcessLink), c.ProcessLinkSerializer),
        ("project_link", lambda: c.public_links(c.ProjectLink), c.ProjectLinkSerializer),
        ("infrastructure_project", c.projects, c.ProjectSerializer),
        ("budget_line", c.budget_lines, c.BudgetLineSerializer),
        (
            "bods_entity",
            lambda: c.BodsEntity.objects.select_related("source"),
            c.PublishedStatementSerializer,
        ),
        (
            "bods_person",
            lambda: c.BodsPerson.objects.select_related("source"),
            c.PublishedStatementSerializer,
        ),
        ("bods_relationship", c.owners, c.OwnerSerializer),
    ]


def feature_kinds() -> list[tuple[str, Callable[[], QuerySet], type]]:
    """Civil society's part of the record, as the API shows it: scoring rounds, published scores,
    feedback cases with their public timeline, site visits and consultations."""
    from . import cases, fieldwork, scores

    return [
        ("scoring_round", scores.public_rounds, scores.RoundSerializer),
        ("score", scores.public_scores, scores.ScoreSerializer),
        ("case", cases.public_cases, cases.CaseDetailSerializer),
        ("site_visit", fieldwork.public_visits, fieldwork.VisitSerializer),
        ("consultation", fieldwork.public_consultations, fieldwork.ConsultationSerializer),
    ]


def all_kinds() -> list[tuple[str, Callable[[], QuerySet], type]]:
    """Every kind of record in the download, in the order they are written: ours, then those the
    apps above commitments give (``extensions.bulk_kind``: the peer network's practices, events)."""
    given = [
        (kind, queryset, serializer) for kind, _label, queryset, serializer, _ctx in extensions.bulk_kinds()
    ]
    return [*KINDS, *extra_kinds(), *feature_kinds(), *given]


def chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def records() -> Iterator[str]:
    """Every public record as one JSON line, chunk by chunk."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    context: dict = {}  # no request: URLs from the site's base URL
    chunk_contexts = {serializer: ctx for _k, _l, _q, serializer, ctx in extensions.bulk_kinds() if ctx}
    for kind, queryset, serializer_class in all_kinds():
        writer = rows.BY_SERIALIZER.get(serializer_class)
        if writer is not None:
            found = writer.values(queryset().order_by("pk")).iterator(chunk_size=CHUNK)
            written = (data for chunk in chunks(found, CHUNK) for data in writer.build(chunk, context))
        else:  # the other records: their endpoints' serializers
            found = queryset().order_by("pk").iterator(chunk_size=CHUNK)
            chunk_context = chunk_contexts.get(serializer_class)
            written = (
                data
                for chunk in chunks(found, CHUNK)
                for data in serializer_class(
                    chunk, many=True, context=chunk_context(chunk) if chunk_context else {}
                ).data
            )
        for data in written:
            yield encoder.encode({"type": kind, "record": data})


def write(path: str) -> int:
    """Write the record to ``path`` (gzipped JSON Lines); returns the number of records."""
    count = 0
    with gzip.open(path, "wb", compresslevel=GZIP_LEVEL) as handle:
        for lines in chunks(records(), CHUNK):
            handle.write("".join(f"{line}\n" for line in lines).encode())
            count += len(lines)
    return count


def open_data_build(dump: OpenDataDump) -> OpenDataDump:
    """Build ``dump``'s file (the record as it is now) and keep only the newest ready file."""
    dump.status = OpenDataDump.Status.BUILDING
    dump.save(update_fields=["status"])
    handle, path = tempfile.mkstemp(suffix=".jsonl.gz")
    os.close(handle)
    try:
        count = write(path)
        with open(path, "rb") as source:
            dump.file.save(f"open-commitments-{dump.version[:16]}.jsonl.gz", File(source), save=False)
        dump.size = os.path.getsize(path)
        dump.records = count
        dump.status = OpenDataDump.Status.READY
    except Exception as exc:
        logger.exception("The open data download %s failed", dump.pk)
        dump.status = OpenDataDump.Status.FAILED
        dump.error = str(exc)[:500]
    finally:
        os.unlink(path)
    dump.finished_at = timezone.now()
    dump.save()
    if dump.status == OpenDataDump.Status.READY:
        for old in OpenDataDump.objects.filter(status=OpenDataDump.Status.READY).exclude(pk=dump.pk):
            old.file.delete(save=False)
            old.delete()
    return dump


def latest_ready() -> OpenDataDump | None:
    return (
        OpenDataDump.objects.filter(status=OpenDataDump.Status.READY).order_by("-finished_at", "-pk").first()
    )


def open_data_refresh_soon() -> OpenDataDump | None:
    """Queue a build of the current data version unless one is ready, queued or running.

    While a build runs, a newer version waits: the next call after it ends queues it.
    Returns the queued build, or None.
    """
    from .tasks import build_open_data

    version = data_version()
    recent = timezone.now() - STALE_AFTER
    in_flight = OpenDataDump.objects.filter(
        status__in=[OpenDataDump.Status.QUEUED, OpenDataDump.Status.BUILDING], created_at__gte=recent
    )
    if OpenDataDump.objects.filter(version=version, status=OpenDataDump.Status.READY).exists() or (
        in_flight.exists()
    ):
        return None
    dump = OpenDataDump.objects.create(version=version)
    transaction.on_commit(lambda: build_open_data.enqueue(dump.pk))
    return dump
