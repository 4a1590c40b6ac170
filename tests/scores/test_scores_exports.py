"""The explorer's exports carry one civil-society column per round: the median with its count."""

from __future__ import annotations

import csv
import io

from django.test import Client

from .score_fixtures import organisation, published_score, score_version_add, scoring_round


def exported(**params) -> list[dict[str, str]]:
    response = Client().get("/en/commitments/export.csv", params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_one_column_per_round_median_with_count(world):
    old = scoring_round(world, name="Mid-term 2025", days_ago=300)
    new = scoring_round(world, name="End of term 2026", days_ago=5)
    published_score(world, old, organisation("Watchdog"), completion="not_started")
    watchdog = published_score(world, new, organisation("Watchdog"), completion="limited")
    published_score(world, new, organisation("Academy", "academia"), completion="complete")
    published_score(world, new, organisation("Hidden"), completion="complete", hidden=True)
    score_version_add(watchdog, completion="substantial")  # the latest version counts
    rows = {row["Commitment Unique Identifier"]: row for row in exported()}
    headers = list(next(iter(rows.values())))
    # Rounds in the order they opened, after the tracker's other columns.
    assert headers[-2:] == [
        "Tracker: Civil society: Mid-term 2025",
        "Tracker: Civil society: End of term 2026",
    ]
    assert rows["TS0001"]["Tracker: Civil society: Mid-term 2025"] == "not_started (1)"
    # substantial and complete: the lower middle of two, with the count.
    assert rows["TS0001"]["Tracker: Civil society: End of term 2026"] == "substantial (2)"
    assert rows["OT0001"]["Tracker: Civil society: End of term 2026"] == ""


def test_no_scores_no_column(world):
    assert not any(header.startswith("Tracker: Civil society: ") for header in exported()[0])
