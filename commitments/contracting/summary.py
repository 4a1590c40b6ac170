"""What the pages read from a compiled release: pure functions, no database.

``process_summary(compiled)`` gives the process's own fields, its parties (with org-ids), awards
(with their suppliers' party ids), contracts (with what was paid, from implementation
transactions) and its budget (``planning.budget``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime


def when(value: Any) -> datetime.datetime | None:
    """An OCDS date-time (or a bare date, taken at midnight UTC); None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            day = parse_date(value[:10])
        except ValueError:
            day = None
        if day is None:
            return None
        parsed = datetime.datetime.combine(day, datetime.time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def money(value: Any) -> tuple[Decimal | None, str]:
    """``{"amount": 5, "currency": "GBP"}`` → (Decimal("5"), "GBP")."""
    if not isinstance(value, dict):
        return None, ""
    amount = value.get("amount")
    currency = value.get("currency") if isinstance(value.get("currency"), str) else ""
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        return None, currency or ""
    try:
        return Decimal(str(amount)).quantize(Decimal("0.01")), currency or ""
    except InvalidOperation:
        return None, currency or ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def org_id(identifier: Any) -> tuple[str, str]:
    """An identifier block's (scheme, id), as org-id.guide names them ("" when absent)."""
    identifier = _dict(identifier)
    scheme = _text(identifier.get("scheme")).strip()
    ident = identifier.get("id")
    return scheme, (str(ident).strip() if isinstance(ident, str | int) else "")


def parties(compiled: dict) -> list[dict]:
    supplier_ids = {
        supplier.get("id")
        for award in _list(compiled.get("awards"))
        for supplier in _list(award.get("suppliers"))
    }
    rows = []
    for party in _list(compiled.get("parties")):
        scheme, identifier = org_id(party.get("identifier"))
        roles = [role for role in party.get("roles") or [] if isinstance(role, str)]
        rows.append(
            {
                "party_id": str(party.get("id") or ""),
                "name": _text(party.get("name")),
                "scheme": scheme,
                "identifier": identifier,
                "roles": roles,
                "is_supplier": "supplier" in roles or party.get("id") in supplier_ids,
            }
        )
    return rows


def awards(compiled: dict) -> list[dict]:
    rows = []
    for award in _list(compiled.get("awards")):
        amount, currency = money(award.get("value"))
        rows.append(
            {
                "award_id": str(award.get("id") or ""),
                "title": _text(award.get("title")),
                "status": _text(award.get("status")),
                "date": when(award.get("date")),
                "amount": amount,
                "currency": currency,
                "supplier_ids": [str(s.get("id")) for s in _list(award.get("suppliers")) if s.get("id")],
            }
        )
    return rows


def contracts(compiled: dict) -> list[dict]:
    rows = []
    for contract in _list(compiled.get("contracts")):
        amount, currency = money(contract.get("value"))
        period = _dict(contract.get("period"))
        implementation = _dict(contract.get("implementation"))
        transactions = []
        paid = None
        for transaction in _list(implementation.get("transactions")):
            value, value_currency = money(transaction.get("value") or transaction.get("amount"))
            transactions.append(
                {
                    "id": str(transaction.get("id") or ""),
                    "date": _text(transaction.get("date")),
                    "amount": str(value) if value is not None else None,
                    "currency": value_currency,
                    "source": _text(transaction.get("source")),
                    "uri": _text(transaction.get("uri")),
                }
            )
            if value is not None:
                paid = (paid or Decimal(0)) + value
        milestones = [
            {
                "id": str(m.get("id") or ""),
                "title": _text(m.get("title")),
                "status": _text(m.get("status")),
                "dueDate": _text(m.get("dueDate")),
                "dateMet": _text(m.get("dateMet")),
            }
            for m in _list(implementation.get("milestones")) + _list(contract.get("milestones"))
        ]
        rows.append(
            {
                "contract_id": str(contract.get("id") or ""),
                "award_id": str(contract.get("awardID") or ""),
                "title": _text(contract.get("title")),
                "status": _text(contract.get("status")),
                "amount": amount,
                "currency": currency,
                "period_start": when(period.get("startDate")),
                "period_end": when(period.get("endDate")),
                "date_signed": when(contract.get("dateSigned")),
                "paid_amount": paid,
                "transactions": transactions,
                "milestones": milestones,
            }
        )
    return rows


def budget(compiled: dict) -> dict | None:
    """``planning.budget`` when it has an amount or an id; None otherwise."""
    block = _dict(_dict(compiled.get("planning")).get("budget"))
    amount, currency = money(block.get("amount"))
    if amount is None and not block.get("id"):
        return None
    return {
        "budget_id": str(block.get("id") or ""),
        "budget_project_id": str(block.get("projectID") or ""),
        "description": _text(block.get("description")) or _text(block.get("project")),
        "amount": amount,
        "currency": currency,
        "uri": _text(block.get("uri")),
    }


def process_fields(compiled: dict) -> dict:
    """The ``ContractingProcess`` columns read from a compiled release."""
    tender = _dict(compiled.get("tender"))
    buyer_id = _dict(compiled.get("buyer")).get("id")
    buyer = next((p for p in _list(compiled.get("parties")) if p.get("id") == buyer_id), {})
    scheme, identifier = org_id(buyer.get("identifier"))
    amount, currency = money(tender.get("value"))
    tenderers = tender.get("numberOfTenderers")
    if not isinstance(tenderers, int) or isinstance(tenderers, bool):
        tenderers = len(_list(tender.get("tenderers"))) or None
    award_list = awards(compiled)
    contract_list = contracts(compiled)
    award_dates = [a["date"] for a in award_list if a["date"]]
    signed = [c["date_signed"] for c in contract_list if c["date_signed"]]
    return {
        "title": _text(tender.get("title")) or _text(_dict(compiled.get("planning")).get("rationale"))[:200],
        "buyer_name": _text(_dict(compiled.get("buyer")).get("name")) or _text(buyer.get("name")),
        "buyer_scheme": scheme,
        "buyer_identifier": identifier,
        "procurement_method": _text(tender.get("procurementMethod")),
        "procurement_method_details": _text(tender.get("procurementMethodDetails")),
        "tender_status": _text(tender.get("status")),
        "tender_amount": amount,
        "tender_currency": currency,
        "number_of_tenderers": tenderers,
        "tender_start": when(_dict(tender.get("tenderPeriod")).get("startDate")),
        "tender_end": when(_dict(tender.get("tenderPeriod")).get("endDate")),
        "award_start": when(_dict(tender.get("awardPeriod")).get("startDate")),
        "award_end": when(_dict(tender.get("awardPeriod")).get("endDate")),
        "first_award_date": min(award_dates) if award_dates else None,
        "first_contract_signed": min(signed) if signed else None,
    }
