"""Importing data files: the shared report, the source row, and OCDS (releases and records).

All-or-nothing per file: everything runs in one transaction; the first invalid item raises
``ImportFileError`` (naming its path in the file) and nothing is written, unless
``skip_invalid`` is asked, when bad items are skipped and listed in the report. Files are read as
streams (see ``reading``); OCDS releases are stored in batches, then each process touched is
merged into its compiled release with ocdsmerge.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ocdsmerge

from django.db import transaction
from django.utils import timezone

from commitments.explorer.facts import facts_deferred, facts_refresh_soon

from . import summary
from .models import (
    BudgetLine,
    ContractingProcess,
    ContractingRelease,
    DataSource,
    ProcessAward,
    ProcessContract,
    ProcessParty,
    ProcessVersion,
    clip,
)
from .reading import PackageMeta, ReadError, stream_items
from .selectors import linked_commitment_ids
from .validation import release_errors, release_schema

BATCH = 500

Progress = Callable[[str, int], None]


class ImportFileError(Exception):
    """The file cannot be imported; ``messages`` say where and why. Nothing was written."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportReport:
    standard: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    noun: str = "items"
    parent: str = "records"

    @property
    def summary(self) -> str:
        return (
            f"imported {self.standard}: {self.noun}={self.read} {self.parent} created={self.created} "
            f"updated={self.updated} unchanged={self.unchanged} skipped={len(self.skipped)}"
        )


def source_from(meta: PackageMeta, kind: str) -> DataSource:
    return DataSource(
        kind=kind,
        name=meta.name[:255],
        uri=meta.uri[:1000] if meta.uri.startswith(("http://", "https://")) else "",
        publisher=meta.publisher[:255],
        license=meta.license[:500] if meta.license.startswith(("http://", "https://")) else "",
        published=summary.when(meta.published),
        version=meta.version[:8],
    )


def source_finish(source: DataSource, meta: PackageMeta) -> None:
    """Metadata read on the way (a JSON Lines file's packages) onto the source row."""
    filled = source_from(meta, source.kind)
    for name in ("uri", "publisher", "license", "published", "version"):
        setattr(source, name, getattr(filled, name))
    source.save()


def source_drop_if_unused(source: DataSource, report: ImportReport, *models) -> None:
    """An import that changed nothing leaves no source row behind (running it again is a no-op)."""
    if report.created or report.updated:
        return
    if any(model.objects.filter(source=source).exists() for model in models):
        return
    source.delete()


def reading(path: Path, arrays: tuple[str, ...], meta: PackageMeta) -> Iterator[tuple[str, str, Any]]:
    try:
        yield from stream_items(path, arrays, meta)
    except ReadError as exc:
        raise ImportFileError([str(exc)]) from exc


def refuse_or_skip(errors: list[str], report: ImportReport, skip_invalid: bool) -> None:
    if not skip_invalid:
        raise ImportFileError(errors)
    report.skipped.append(errors[0])


def refresh_linked_facts() -> None:
    facts_refresh_soon(linked_commitment_ids())


# -- OCDS ---------------------------------------------------------------------------------------


@functools.cache
def merger() -> ocdsmerge.Merger:
    # The local copy of the schema: ocdsmerge would otherwise fetch the latest one online.
    return ocdsmerge.Merger(schema=release_schema())


def _releases_in(array: str, where: str, item: Any) -> Iterator[tuple[str, Any]]:
    """The releases an item holds: itself (a release), or a record's embedded releases (or its
    compiled release, when it embeds only links to them)."""
    if array != "records" and not (
        isinstance(item, dict) and ("releases" in item or "compiledRelease" in item)
    ):
        yield where, item
        return
    if not isinstance(item, dict):
        yield where, item
        return
    embedded = [r for r in item.get("releases") or [] if isinstance(r, dict) and "id" in r]
    if embedded:
        for index, release in enumerate(embedded):
            yield f"{where}.releases[{index}]", release
    elif isinstance(item.get("compiledRelease"), dict):
        yield f"{where}.compiledRelease", item["compiledRelease"]
    else:
        yield where, {"ocid": item.get("ocid")}  # fails validation: a record with nothing to import


def import_ocds(
    path: str | Path, *, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import an OCDS release package, record package, or JSON Lines of either."""
    path = Path(path)
    meta = PackageMeta(name=path.name)
    report = ImportReport("OCDS", noun="releases", parent="processes")
    with facts_deferred(), transaction.atomic():
        source = source_from(meta, DataSource.Kind.OCDS)
        source.save()
        touched: list[str] = []
        seen: set[str] = set()
        batch: list[dict] = []
        for array, where, item in reading(path, ("releases", "records"), meta):
            for release_where, release in _releases_in(array, where, item):
                errors = release_errors(release, release_where)
                if errors:
                    refuse_or_skip(errors, report, skip_invalid)
                    continue
                report.read += 1
                batch.append(release)
                if release["ocid"] not in seen:
                    seen.add(release["ocid"])
                    touched.append(release["ocid"])
                if len(batch) >= BATCH:
                    _store_releases(batch, source)
                    batch = []
                    if progress:
                        progress("releases", report.read)
        _store_releases(batch, source)
        if not report.read and not report.skipped:
            raise ImportFileError([f"{path.name}: no releases in this file"])
        source_finish(source, meta)
        for start in range(0, len(touched), BATCH):
            _compile(touched[start : start + BATCH], source, report)
            if progress:
                progress("processes", min(start + BATCH, len(touched)))
        source_drop_if_unused(source, report, ContractingRelease, ContractingProcess)
        refresh_linked_facts()
    return report


def _store_releases(batch: list[dict], source: DataSource) -> None:
    if not batch:
        return
    ocids = {release["ocid"] for release in batch}
    processes = dict(ContractingProcess.objects.filter(ocid__in=ocids).values_list("ocid", "pk"))
    new = [ContractingProcess(ocid=ocid, source=source) for ocid in sorted(ocids - processes.keys())]
    ContractingProcess.objects.bulk_create(new)
    processes.update(dict(ContractingProcess.objects.filter(ocid__in=ocids).values_list("ocid", "pk")))
    ContractingRelease.objects.bulk_create(
        [
            ContractingRelease(
                process_id=processes[release["ocid"]],
                release_id=str(release["id"]),
                date=summary.when(release.get("date")),
                tags=release.get("tag") or [],
                data=release,
                source=source,
            )
            for release in batch
        ],
        ignore_conflicts=True,  # a release already imported (ids are immutable in OCDS)
    )


def _compile(ocids: list[str], source: DataSource, report: ImportReport) -> None:
    processes = list(ContractingProcess.objects.filter(ocid__in=ocids).order_by("pk"))
    releases: dict[int, list[dict]] = {}
    for process_id, data in (
        ContractingRelease.objects.filter(process__in=processes)
        .order_by("process_id", "date", "pk")
        .values_list("process_id", "data")
    ):
        releases.setdefault(process_id, []).append(data)
    changed = []
    for process in processes:
        own = releases.get(process.pk, [])
        compiled = merger().create_compiled_release(own)
        if process.compiled == compiled:
            report.unchanged += 1
            continue
        if process.compiled:
            report.updated += 1
        else:
            report.created += 1
        dates = sorted(d for d in (summary.when(r.get("date")) for r in own) if d)
        for name, value in clip(ContractingProcess, summary.process_fields(compiled)).items():
            setattr(process, name, value)
        process.compiled = compiled
        process.release_count = len(own)
        process.first_release_date = dates[0] if dates else None
        process.last_release_date = dates[-1] if dates else None
        process.source = source
        process.updated_at = timezone.now()
        changed.append(process)
    if not changed:
        return
    fields = [*summary.process_fields({}).keys(), "compiled", "release_count", "first_release_date"]
    ContractingProcess.objects.bulk_update(changed, [*fields, "last_release_date", "source", "updated_at"])
    ProcessVersion.objects.bulk_create(
        ProcessVersion(
            process=p,
            compiled=p.compiled,
            release_count=p.release_count,
            last_release_date=p.last_release_date,
            source=source,
        )
        for p in changed
    )
    _rebuild_children(changed, source)


def _rebuild_children(processes: list[ContractingProcess], source: DataSource) -> None:
    """Parties, awards (with suppliers), contracts and budget lines, from the compiled releases."""
    for model in (ProcessParty, ProcessAward, ProcessContract):
        model.objects.filter(process__in=processes).delete()
    BudgetLine.objects.filter(process__in=processes).delete()
    parties = []
    for process in processes:
        parties += [
            ProcessParty(process=process, **clip(ProcessParty, row))
            for row in summary.parties(process.compiled)
        ]
    ProcessParty.objects.bulk_create(parties)
    party_pk = {(p.process_id, p.party_id): p.pk for p in parties}
    awards, supplier_lists, contracts, budgets = [], [], [], []
    for process in processes:
        for row in summary.awards(process.compiled):
            supplier_lists.append(row.pop("supplier_ids"))
            awards.append(ProcessAward(process=process, **clip(ProcessAward, row)))
        contracts += [
            ProcessContract(process=process, **clip(ProcessContract, row))
            for row in summary.contracts(process.compiled)
        ]
        if budget := summary.budget(process.compiled):
            budgets.append(BudgetLine(process=process, source=source, **clip(BudgetLine, budget)))
    ProcessAward.objects.bulk_create(awards)
    through = ProcessAward.suppliers.through
    through.objects.bulk_create(
        [
            through(processaward_id=award.pk, processparty_id=party_pk[(award.process_id, supplier)])
            for award, suppliers in zip(awards, supplier_lists, strict=True)
            for supplier in dict.fromkeys(suppliers)
            if (award.process_id, supplier) in party_pk
        ]
    )
    ProcessContract.objects.bulk_create(contracts)
    BudgetLine.objects.bulk_create(budgets)
