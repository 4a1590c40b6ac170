"""Importing BODS statements (0.4; 0.2 and 0.3 where their shape differs): entities, persons and
ownership-or-control statements, kept exactly as published.

The shapes this reads:
- 0.4: ``statementId``, ``recordId``, ``recordType`` (entity / person / relationship) and the
  details under ``recordDetails``; a relationship names its subject and interested party by
  record id (or gives ``interestedParty: {"reason": ...}``).
- 0.2 / 0.3: ``statementID`` (0.2) or ``statementId`` (0.3), ``statementType``
  (entityStatement / personStatement / ownershipOrControlStatement) with the details at the top
  level; ``subject.describedByEntityStatement`` and
  ``interestedParty.describedByPersonStatement`` / ``describedByEntityStatement`` /
  ``unspecified``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from commitments.explorer.facts import facts_deferred

from . import summary
from .importing import (
    ImportFileError,
    ImportReport,
    Progress,
    reading,
    refresh_linked_facts,
    refuse_or_skip,
    source_drop_if_unused,
    source_finish,
    source_from,
)
from .models import BodsEntity, BodsEntityIdentifier, BodsPerson, BodsRelationship, DataSource, clip
from .reading import PackageMeta

KINDS = {
    "entity": "entity",
    "entityStatement": "entity",
    "person": "person",
    "personStatement": "person",
    "relationship": "relationship",
    "ownershipOrControlStatement": "relationship",
}
MODELS = {"entity": BodsEntity, "person": BodsPerson, "relationship": BodsRelationship}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def statement_id(statement: dict) -> Any:
    return statement.get("statementId", statement.get("statementID"))


def statement_kind(statement: dict) -> str | None:
    return KINDS.get(statement.get("recordType") or statement.get("statementType"))


def details(statement: dict) -> dict:
    """0.4 keeps the details under ``recordDetails``; 0.2/0.3 at the top."""
    return _dict(statement["recordDetails"]) if "recordDetails" in statement else statement


def statement_errors(statement: Any, where: str) -> list[str]:
    if not isinstance(statement, dict):
        return [f"{where}: {statement!r} is not an object (a statement)"]
    errors = []
    ident = statement_id(statement)
    if not isinstance(ident, str) or not ident:
        errors.append(f"{where}.statementId: a statement needs its id (statementId, or statementID in 0.2)")
    kind = statement_kind(statement)
    if kind is None:
        given = statement.get("recordType", statement.get("statementType"))
        errors.append(
            f"{where}.recordType: {given!r} is not one of 'entity', 'person', 'relationship' "
            "(statementType in 0.2/0.3: entityStatement, personStatement, ownershipOrControlStatement)"
        )
    if "recordDetails" in statement and not isinstance(statement["recordDetails"], dict):
        errors.append(f"{where}.recordDetails: {statement['recordDetails']!r} is not an object")
    elif kind == "relationship":
        interests = details(statement).get("interests")
        if interests is not None and not isinstance(interests, list):
            errors.append(f"{where}.interests: {interests!r} is not of type 'array'")
        if not subject_of(statement):
            errors.append(f"{where}.subject: an ownership-or-control statement needs its subject")
    return errors


def subject_of(statement: dict) -> str:
    subject = details(statement).get("subject")
    if isinstance(subject, str):
        return subject
    return str(_dict(subject).get("describedByEntityStatement") or "")


def interested_party_of(statement: dict) -> tuple[str, str]:
    """(the statement or record it points to, or "", and the reason it is not given)."""
    party = details(statement).get("interestedParty")
    if isinstance(party, str):
        return party, ""
    party = _dict(party)
    pointer = party.get("describedByPersonStatement") or party.get("describedByEntityStatement")
    if pointer:
        return str(pointer), ""
    unspecified = _dict(party.get("unspecified")) or party
    reason = " — ".join(str(unspecified[k]) for k in ("reason", "description") if unspecified.get(k))
    return "", reason


def person_name(statement: dict) -> str:
    names = [n for n in details(statement).get("names") or [] if isinstance(n, dict)]
    name = next((n for n in names if n.get("type") == "individual"), names[0] if names else {})
    if name.get("fullName"):
        return str(name["fullName"])
    return " ".join(str(name[k]) for k in ("givenName", "familyName") if name.get(k))


def statement_fields(statement: dict, kind: str) -> dict:
    block = details(statement)
    fields: dict[str, Any] = {
        "statement_date": (summary.when(statement.get("statementDate")) or None),
        "record_id": str(statement.get("recordId") or ""),
        "data": statement,
    }
    if fields["statement_date"]:
        fields["statement_date"] = fields["statement_date"].date()
    if kind == "entity":
        entity_type = block.get("entityType")
        jurisdiction = _dict(block.get("jurisdiction") or block.get("incorporatedInJurisdiction"))
        founded = summary.when(block.get("foundingDate"))
        fields |= {
            "name": str(block.get("name") or ""),
            "entity_type": str(
                _dict(entity_type).get("type") if isinstance(entity_type, dict) else entity_type or ""
            ),
            "jurisdiction": str(jurisdiction.get("code") or jurisdiction.get("name") or ""),
            "identifiers": [i for i in block.get("identifiers") or [] if isinstance(i, dict)],
            "founding_date": founded.date() if founded else None,
        }
    elif kind == "person":
        fields |= {
            "name": person_name(statement),
            "person_type": str(block.get("personType") or ""),
            "nationalities": [n for n in block.get("nationalities") or [] if isinstance(n, dict)],
        }
    else:
        party, reason = interested_party_of(statement)
        fields |= {
            "subject": subject_of(statement),
            "interested_party": party,
            "unspecified_reason": reason,
            "interests": [i for i in block.get("interests") or [] if isinstance(i, dict)],
        }
    return fields


def import_bods(
    path: str | Path, *, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import BODS statements: a JSON array, a package with ``statements``, or JSON Lines."""
    path = Path(path)
    meta = PackageMeta(name=path.name)
    report = ImportReport("BODS", noun="statements", parent="statements")
    with facts_deferred(), transaction.atomic():
        source = source_from(meta, DataSource.Kind.BODS)
        source.save()
        for _array, where, statement in reading(path, ("", "statements"), meta):
            errors = statement_errors(statement, where)
            if errors:
                refuse_or_skip(errors, report, skip_invalid)
                continue
            report.read += 1
            _save_statement(statement, source, report)
            if progress and report.read % 500 == 0:
                progress("statements", report.read)
        if not report.read and not report.skipped:
            raise ImportFileError([f"{path.name}: no statements in this file"])
        source_finish(source, meta)
        source_drop_if_unused(source, report, BodsEntity, BodsPerson, BodsRelationship)
        refresh_linked_facts()
    return report


def _save_statement(statement: dict, source: DataSource, report: ImportReport) -> None:
    kind = statement_kind(statement)
    model = MODELS[kind]
    ident = statement_id(statement)
    existing = model.objects.filter(statement_id=ident).first()
    if existing and existing.data == statement:
        report.unchanged += 1
        return
    item, created = model.objects.update_or_create(
        statement_id=ident, defaults={**clip(model, statement_fields(statement, kind)), "source": source}
    )
    report.created += created
    report.updated += not created
    if kind == "entity":
        item.org_ids.all().delete()
        BodsEntityIdentifier.objects.bulk_create(
            BodsEntityIdentifier(
                entity=item, scheme=str(i["scheme"]).strip(), identifier=str(i["id"]).strip()
            )
            for i in item.identifiers
            if i.get("scheme") and i.get("id")
        )
