"""Contracting red flags computed from a process's compiled release (and its releases, for
amendments): pure functions, no database, each with a code, an explanation and its basis, in the
manner of the Open Contracting Partnership's Cardinal indicators.

``process_indicators(compiled, releases=..., min_award_days=..., founding_dates=...)`` returns
the indicators raised on one process, in ``INDICATORS`` order.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .summary import money, org_id, when

AMENDMENT_SHARE = Decimal("0.20")


@dataclass(frozen=True)
class Inputs:
    compiled: dict
    releases: Sequence[dict]
    min_award_days: int
    founding_dates: Mapping[tuple[str, str], datetime.date]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Promise
    explanation: Promise
    basis: Promise
    test: Callable[[Inputs], bool]


def _list(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _tender(compiled: dict) -> dict:
    tender = compiled.get("tender")
    return tender if isinstance(tender, dict) else {}


def single_tenderer(inputs: Inputs) -> bool:
    tender = _tender(inputs.compiled)
    number = tender.get("numberOfTenderers")
    if isinstance(number, int) and not isinstance(number, bool):
        return number == 1
    return len(_list(tender.get("tenderers"))) == 1


def contract_values(release: dict) -> dict[str, Decimal]:
    values = {}
    for contract in _list(release.get("contracts")):
        amount, _currency = money(contract.get("value"))
        if contract.get("id") is not None and amount is not None:
            values[str(contract["id"])] = amount
    return values


def contract_amended(inputs: Inputs) -> bool:
    """A contract whose value in the latest release differs from its first by more than 20%."""
    first: dict[str, Decimal] = {}
    for release in inputs.releases:
        for contract_id, amount in contract_values(release).items():
            first.setdefault(contract_id, amount)
    latest = contract_values(inputs.compiled)
    return any(
        contract_id in first
        and first[contract_id] > 0
        and abs(amount - first[contract_id]) > first[contract_id] * AMENDMENT_SHARE
        for contract_id, amount in latest.items()
    )


def short_award_period(inputs: Inputs) -> bool:
    period = _tender(inputs.compiled).get("awardPeriod")
    period = period if isinstance(period, dict) else {}
    start, end = when(period.get("startDate")), when(period.get("endDate"))
    if start is None or end is None:
        return False
    return (end - start) < datetime.timedelta(days=inputs.min_award_days)


def supplier_registered_late(inputs: Inputs) -> bool:
    """A supplier founded after the tender opened, where the data (BODS foundingDate) says when."""
    opened = when((_tender(inputs.compiled).get("tenderPeriod") or {}).get("startDate"))
    if opened is None:
        return False
    supplier_ids = {
        s.get("id") for award in _list(inputs.compiled.get("awards")) for s in _list(award.get("suppliers"))
    }
    for party in _list(inputs.compiled.get("parties")):
        if party.get("id") in supplier_ids or "supplier" in (party.get("roles") or []):
            founded = inputs.founding_dates.get(org_id(party.get("identifier")))
            if founded is not None and founded > opened.date():
                return True
    return False


INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in [
        Indicator(
            "single_tenderer",
            _("Single tenderer"),
            _("Only one company bid in the tender, so there was no competition on price or quality."),
            _("The tender's numberOfTenderers, or its list of tenderers."),
            single_tenderer,
        ),
        Indicator(
            "contract_amended",
            _("Contract amended by more than 20%"),
            _("A contract's value changed by more than 20% after it was first published."),
            _(
                "contracts[].value.amount in the first release that has the contract and in the compiled release."
            ),
            contract_amended,
        ),
        Indicator(
            "short_award_period",
            _("Award period shorter than the legal minimum"),
            _("The time between the award period's start and end is shorter than the law's minimum."),
            _("tender.awardPeriod start and end dates, against the minimum set for this site."),
            short_award_period,
        ),
        Indicator(
            "supplier_registered_late",
            _("Supplier registered after the tender opened"),
            _("A supplier was founded after the tender had opened."),
            _(
                "tender.tenderPeriod.startDate, against the foundingDate of the supplier's BODS entity "
                "statement (matched by identifier scheme and id), where it is published."
            ),
            supplier_registered_late,
        ),
    ]
}


def process_indicators(
    compiled: dict,
    *,
    releases: Sequence[dict] = (),
    min_award_days: int,
    founding_dates: Mapping[tuple[str, str], datetime.date] | None = None,
) -> list[Indicator]:
    inputs = Inputs(compiled or {}, releases, min_award_days, founding_dates or {})
    return [indicator for indicator in INDICATORS.values() if indicator.test(inputs)]
