import datetime

import pytest

from commitments.rules import Lateness, milestone_lateness

TODAY = datetime.date(2026, 6, 15)
D = datetime.date


@pytest.mark.parametrize(
    ("status", "due", "met", "expected"),
    [
        ("met", D(2026, 1, 1), D(2025, 12, 20), Lateness.MET_ON_TIME),
        ("met", D(2026, 1, 1), D(2026, 1, 1), Lateness.MET_ON_TIME),
        ("met", D(2026, 1, 1), D(2026, 2, 1), Lateness.MET_LATE),
        ("met", D(2026, 1, 1), None, Lateness.MET_ON_TIME),
        ("met", None, D(2026, 2, 1), Lateness.MET_ON_TIME),
        ("notMet", D(2027, 1, 1), None, Lateness.NOT_MET),
        ("scheduled", D(2026, 6, 14), None, Lateness.OVERDUE),
        ("partiallyMet", D(2025, 1, 1), None, Lateness.OVERDUE),
        ("scheduled", D(2026, 6, 15), None, Lateness.DUE_SOON),
        ("scheduled", D(2026, 7, 15), None, Lateness.DUE_SOON),
        ("scheduled", D(2026, 7, 16), None, Lateness.NOT_DUE),
        ("scheduled", None, None, Lateness.NO_DUE_DATE),
    ],
)
def test_milestone_lateness(status, due, met, expected):
    assert milestone_lateness(status=status, due_date=due, date_met=met, today=TODAY) == expected
