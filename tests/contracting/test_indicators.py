"""The contracting indicators: pure functions on compiled releases, table-tested."""

from __future__ import annotations

import datetime

import pytest

from django.utils import translation

from commitments.contracting.indicators import INDICATORS, process_indicators


def release(*, tenderers=None, tenderer_list=None, award=None, opened=None, contracts=None, suppliers=()):
    tender = {}
    if tenderers is not None:
        tender["numberOfTenderers"] = tenderers
    if tenderer_list is not None:
        tender["tenderers"] = [{"id": str(i)} for i in range(tenderer_list)]
    if award:
        tender["awardPeriod"] = {"startDate": award[0], "endDate": award[1]}
    if opened:
        tender["tenderPeriod"] = {"startDate": opened}
    data = {"tender": tender}
    if contracts is not None:
        data["contracts"] = [
            {"id": cid, "value": {"amount": amount, "currency": "GBP"}} for cid, amount in contracts
        ]
    if suppliers:
        data["parties"] = [
            {"id": f"P{i}", "roles": ["supplier"], "identifier": {"scheme": "GB-COH", "id": ident}}
            for i, ident in enumerate(suppliers)
        ]
    return data


FOUNDED = {("GB-COH", "new"): datetime.date(2020, 5, 1), ("GB-COH", "old"): datetime.date(2001, 1, 1)}

CASES = [
    # (compiled, earlier releases, minimum award days, expected codes)
    (release(tenderers=1), [], 10, {"single_tenderer"}),
    (release(tenderers=2), [], 10, set()),
    (release(tenderer_list=1), [], 10, {"single_tenderer"}),
    (release(tenderer_list=3), [], 10, set()),
    (release(tenderers=2, tenderer_list=1), [], 10, set()),  # the count wins over a partial list
    (release(), [], 10, set()),
    (release(contracts=[("c1", 125)]), [release(contracts=[("c1", 100)])], 10, {"contract_amended"}),
    (
        release(contracts=[("c1", 120)]),
        [release(contracts=[("c1", 100)])],
        10,
        set(),
    ),  # 20% exactly: not more
    (release(contracts=[("c1", 70)]), [release(contracts=[("c1", 100)])], 10, {"contract_amended"}),
    (release(contracts=[("c1", 500)]), [release(contracts=[("c2", 100)])], 10, set()),  # another contract
    (release(contracts=[("c1", 500)]), [], 10, set()),
    (release(award=("2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z")), [], 10, {"short_award_period"}),
    (release(award=("2020-01-01T00:00:00Z", "2020-01-11T00:00:00Z")), [], 10, set()),
    (release(award=("2020-01-01T00:00:00Z", "2020-01-11T00:00:00Z")), [], 15, {"short_award_period"}),
    (release(award=("2020-01-01T00:00:00Z", None)), [], 10, set()),
    (release(opened="2020-03-01T00:00:00Z", suppliers=["new"]), [], 10, {"supplier_registered_late"}),
    (release(opened="2020-03-01T00:00:00Z", suppliers=["old"]), [], 10, set()),
    (release(opened="2020-03-01T00:00:00Z", suppliers=["unknown"]), [], 10, set()),  # the data does not say
    (release(suppliers=["new"]), [], 10, set()),
]


@pytest.mark.parametrize(("compiled", "releases", "minimum", "expected"), CASES)
def test_indicators(compiled, releases, minimum, expected):
    raised = process_indicators(
        compiled, releases=[*releases, compiled], min_award_days=minimum, founding_dates=FOUNDED
    )
    assert {indicator.code for indicator in raised} == expected


def test_every_indicator_explains_itself_in_both_languages():
    for indicator in INDICATORS.values():
        texts = {}
        for language in ("en", "es"):
            with translation.override(language):
                texts[language] = (str(indicator.label), str(indicator.explanation), str(indicator.basis))
        assert all(texts["en"]) and texts["en"] != texts["es"], indicator.code
