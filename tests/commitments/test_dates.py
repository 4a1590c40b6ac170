import datetime

import pytest

from commitments.ogp.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    Cell,
    DateOrders,
    DateReading,
    PlanOrder,
    numeric_order,
    parse_ogp_date,
    read_ogp_date,
)

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


# -- Excel's serials and typed years, and the plan's order of day and month ----------------------


@pytest.mark.parametrize(
    ("text", "end", "date", "note"),
    [
        ("43525", False, D(2019, 3, 1), "an Excel serial number, read as 2019-03-01"),
        ("44561.0", True, D(2021, 12, 31), "an Excel serial number, read as 2021-12-31"),
        # A typed 2014 arrives as day 2014 of Excel's calendar: 1905-07-06, in any form.
        ("1905-07-06", False, D(2014, 1, 1), "a year typed into Excel (1905-07-06), read as 2014"),
        ("1905-07-15 00:00:00", True, D(2023, 12, 31), "a year typed into Excel (1905-07-15), read as 2023"),
        ("7/15/1905", False, D(2023, 1, 1), "a year typed into Excel (1905-07-15), read as 2023"),
    ],
)
def test_excel_serials_and_years_typed_into_excel(text, end, date, note):
    assert read_ogp_date(text, end=end) == DateReading(date, True, note)


@pytest.mark.parametrize("text", ["12345", "99999", "1905-01-01"])
def test_numbers_outside_a_plausible_year_are_not_taken_for_dates(text):
    reading = read_ogp_date(text)
    assert reading.note == ""
    assert reading.date is None or reading.date.year == 1905  # kept as it is, never "2014"


def test_a_typed_year_shows_as_the_year_on_the_page():
    from commitments.templatetags.commitments_tags import ogp_date

    date = read_ogp_date("1905-07-06").date
    assert ogp_date(date, "1905-07-06") == "2014"


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("13/7/2014", DAY_FIRST),
        ("7/13/2014", MONTH_FIRST),
        ("1/7/2014", "ambiguous"),
        ("7/7/2014", None),  # the same either way
        ("July 2014", None),
    ],
)
def test_numeric_order(text, order):
    assert numeric_order(text) == order


def test_ambiguous_cells_follow_their_plan():
    day_first = PlanOrder(DAY_FIRST, DAY_FIRST)
    month_first = PlanOrder(MONTH_FIRST, MONTH_FIRST)
    reading = read_ogp_date("1/7/2014", plan=day_first)
    assert reading.date == D(2014, 7, 1)
    assert reading.note == "read day first, as 1 July 2014, as its plan writes dates"
    # Month first is how OGP writes dates: a plan that shows it needs no word.
    assert read_ogp_date("1/7/2014", plan=month_first) == DateReading(D(2014, 1, 7), True, "")
    # A plan that shows nothing: month first, said as a guess.
    unknown = read_ogp_date("1/7/2014")
    assert unknown.date == D(2014, 1, 7)
    assert (
        unknown.note
        == "read month first, as 7 January 2014, as OGP writes dates (nothing in its plan shows the order)"
    )
    # A cell that shows its own order is read that way whatever its plan says.
    assert read_ogp_date("7/13/2014", plan=day_first) == DateReading(D(2014, 7, 13), True, "")


def test_date_orders_decide_per_plan_and_report_disagreements():
    orders = DateOrders()
    cells = [
        ("AP_A", Cell(2, "A1", "Start Date", "13/2/2015")),
        ("AP_A", Cell(3, "A2", "End Date", "31/12/2016")),
        ("AP_A", Cell(4, "A3", "End Date", "1/7/2016")),  # ambiguous: no evidence
        ("AP_B", Cell(5, "B1", "Start Date", "2/13/2015")),
        ("AP_C", Cell(6, "C1", "Start Date", "25/1/2015")),
        ("AP_C", Cell(7, "C2", "End Date", "6/30/2016")),
        ("AP_C", Cell(8, "C3", "End Date", "7/31/2016")),
    ]
    for plan, cell in cells:
        orders.add(plan, cell)
    assert orders.order("AP_A") == PlanOrder(DAY_FIRST, DAY_FIRST)
    assert orders.order("AP_B") == PlanOrder(MONTH_FIRST, MONTH_FIRST)
    assert orders.order("AP_C") == PlanOrder(MONTH_FIRST, "disagree")
    assert orders.order("AP_NONE") == PlanOrder()
    [(plan, cell, message)] = list(orders.disagreements())
    assert (plan, cell.row, cell.ogp_id) == ("AP_C", 6, "C1")
    assert message == (
        "the dates of plan AP_C disagree: 1 (row 6 Start Date '25/1/2015') written day first, "
        "2 (row 7 End Date '6/30/2016', row 8 End Date '7/31/2016') month first; "
        "its dates that can be read both ways are read month first"
    )
