import datetime

import pytest

from commitments.ogp.dates import parse_ogp_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("9/1/2018", False, (D(2018, 9, 1), True)),
        ("7/1/18", False, (D(2018, 7, 1), True)),
        ("6/30/20", True, (D(2020, 6, 30), True)),
        ("30/06/2019", False, (D(2019, 6, 30), True)),  # day first only when it must be
        ("2019-06-30", False, (D(2019, 6, 30), True)),
        ("July 2014", False, (D(2014, 7, 1), True)),
        ("December 2012", True, (D(2012, 12, 31), True)),
        ("February 2024", True, (D(2024, 2, 29), True)),
        ("Julio de 2014", False, (D(2014, 7, 1), True)),
        ("June 30, 2016", False, (D(2016, 6, 30), True)),
        ("2014", False, (D(2014, 1, 1), True)),
        ("2014", True, (D(2014, 12, 31), True)),
        ("NA", False, (None, True)),
        ("", False, (None, True)),
        ("  ", True, (None, True)),
        ("Ongoing", False, (None, False)),
        ("Q3 2014", False, (None, False)),
        ("2/30/2019", False, (None, False)),
        ("13/13/2019", False, (None, False)),
    ],
)
def test_parse_ogp_date(text, end, expected):
    assert parse_ogp_date(text, end=end) == expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [("July 2014", "month"), ("Julio de 2014", "month"), ("2014", "year"), ("9/1/2018", "day"), ("", "day")],
)
def test_date_precision(text, precision):
    from commitments.dates import date_precision

    assert date_precision(text) == precision
