"""A synthetic OCDS release package of any size, written as a stream (for the bench).

Five releases per process (planning, tender, award, contract, implementation), each valid
against OCDS 1.1; every fifth process has a single tenderer and every seventh an amended
contract. The file is written one release per line inside the package's array, so writing it
takes no more memory at 100,000 releases than at 10.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

PREFIX = "ocds-b3nch0"
STAGES = ("planning", "tender", "award", "contract", "implementation")


def _release(n: int, stage: int) -> dict:
    ocid = f"{PREFIX}-{n:07d}"
    day = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=n % 900 + stage * 20)
    supplier = {"id": f"GB-COH-{n:08d}", "name": f"Supplier {n} Ltd"}
    buyer = {"id": "GB-LAC-E09000003", "name": "Bench Borough Council"}
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{stage + 1:02d}-{STAGES[stage]}",
        "date": day.isoformat().replace("+00:00", "Z"),
        "tag": [STAGES[stage]],
        "initiationType": "tender",
        "buyer": buyer,
        "parties": [
            {**buyer, "roles": ["buyer"], "identifier": {"scheme": "GB-LAC", "id": "E09000003"}},
        ],
        "planning": {"budget": {"id": f"B{n}", "amount": {"amount": 100000 + n, "currency": "GBP"}}},
        "tender": {
            "id": f"{ocid}-tender",
            "title": f"Bench tender {n}",
            "status": "active" if stage < 2 else "complete",
            "procurementMethod": "open",
            "value": {"amount": 90000 + n, "currency": "GBP"},
            "numberOfTenderers": 1 if n % 5 == 0 else 3,
            "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-02-01T00:00:00Z"},
            "awardPeriod": {"startDate": "2020-02-02T00:00:00Z", "endDate": "2020-03-02T00:00:00Z"},
        },
    }
    if stage >= 2:
        release["parties"].append(
            {**supplier, "roles": ["supplier"], "identifier": {"scheme": "GB-COH", "id": f"{n:08d}"}}
        )
        release["awards"] = [
            {
                "id": f"{ocid}-award",
                "status": "active",
                "value": {"amount": 85000 + n, "currency": "GBP"},
                "suppliers": [supplier],
            }
        ]
    if stage >= 3:
        amount = 85000 + n
        if stage == 4 and n % 7 == 0:
            amount = int(amount * 1.3)
        contract = {
            "id": f"{ocid}-contract",
            "awardID": f"{ocid}-award",
            "status": "active",
            "value": {"amount": amount, "currency": "GBP"},
            "dateSigned": day.isoformat().replace("+00:00", "Z"),
        }
        if stage == 4:
            contract["implementation"] = {
                "transactions": [
                    {
                        "id": f"{ocid}-t1",
                        "date": "2021-01-01T00:00:00Z",
                        "value": {"amount": 1000, "currency": "GBP"},
                    }
                ]
            }
        release["contracts"] = [contract]
    return release


def write_release_package(path: Path, *, releases: int) -> int:
    """Write a release package of ``releases`` releases to ``path``; returns how many processes."""
    processes = (releases + len(STAGES) - 1) // len(STAGES)
    with path.open("w", encoding="utf-8") as f:
        f.write('{"uri": "https://example.com/bench.json", "version": "1.1", ')
        f.write('"publishedDate": "2021-01-01T00:00:00Z", "publisher": {"name": "Bench"}, "releases": [\n')
        written = 0
        for n in range(processes):
            for stage in range(len(STAGES)):
                if written == releases:
                    break
                f.write((",\n" if written else "") + json.dumps(_release(n, stage), separators=(",", ":")))
                written += 1
        f.write("\n]}\n")
    return processes
