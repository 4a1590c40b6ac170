"""What the importer reads from OGP's messier cells (issue 11): dates written day first or as
Excel serials, years Excel took for dates, and commitment numbers as plans publish them.
Each test imports a small export built for it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from commitments.models import ActionPlanPage, CommitmentPage
from commitments.ogp.importer import import_ogp_commitments

from .export_files import row, write_export

pytestmark = pytest.mark.django_db

D = datetime.date


def date_warnings(report) -> list[str]:
    return [str(w) for w in report.warnings if w.kind == "date"]


def test_a_plan_that_writes_days_first_is_read_day_first(tmp_path):
    report = import_ogp_commitments(
        write_export(
            tmp_path / "export.csv",
            [
                # One cell shows the order (31 cannot be a month); the others follow it.
                row("UA0101", Start_Date="1/7/2014", End_Date="31/12/2015"),
                row("UA0102", Start_Date="1/7/2014", End_Date="2/3/2015"),
                # Another plan says nothing: month first, as OGP writes dates.
                row("UA0103", plan="AP_UKR04", Start_Date="1/7/2016", End_Date="2017"),
            ],
        )
    )
    dates = {c.ogp_id: (c.start_date, c.end_date) for c in CommitmentPage.objects.all()}
    assert dates == {
        "UA0101": (D(2014, 7, 1), D(2015, 12, 31)),
        "UA0102": (D(2014, 7, 1), D(2015, 3, 2)),
        "UA0103": (D(2016, 1, 7), D(2017, 12, 31)),  # a year alone: its last day
    }
    # Every guess is reported, naming the row, the column, the cell and the reading.
    assert date_warnings(report) == [
        "row 2 (UA0101): Start Date '1/7/2014': read day first, as 1 July 2014, as its plan writes dates",
        "row 3 (UA0102): Start Date '1/7/2014': read day first, as 1 July 2014, as its plan writes dates",
        "row 3 (UA0102): End Date '2/3/2015': read day first, as 2 March 2015, as its plan writes dates",
        "row 4 (UA0103): Start Date '1/7/2016': read month first, as 7 January 2016, as OGP writes dates "
        "(nothing in its plan shows the order)",
    ]
    # The cells stay as published, so that the export writes them back unchanged.
    assert CommitmentPage.objects.get(ogp_id="UA0102").end_date_text == "2/3/2015"


def test_a_plan_whose_dates_disagree_is_reported_once_and_read_by_its_majority(tmp_path):
    report = import_ogp_commitments(
        write_export(
            tmp_path / "export.csv",
            [
                row("UA0101", Start_Date="13/1/2015", End_Date="31/12/2015"),
                row("UA0102", Start_Date="1/13/2015", End_Date="4/5/2015"),
                row("UA0103", Start_Date="25/1/2015", End_Date="NA"),
            ],
        )
    )
    assert CommitmentPage.objects.get(ogp_id="UA0102").end_date == D(2015, 5, 4)
    assert CommitmentPage.objects.get(ogp_id="UA0102").start_date == D(2015, 1, 13)
    assert date_warnings(report) == [
        "row 3 (UA0102): the dates of plan AP_UKR03 disagree: 3 (row 2 Start Date '13/1/2015', "
        "row 2 End Date '31/12/2015', row 4 Start Date '25/1/2015') written day first, "
        "1 (row 3 Start Date '1/13/2015') month first; its dates that can be read both ways are read day first",
        "row 3 (UA0102): End Date '4/5/2015': read day first, as 4 May 2015, as most of its plan's dates "
        "are written (they disagree)",
    ]


def test_excel_serials_and_typed_years_are_read_and_reported(tmp_path, client):
    report = import_ogp_commitments(
        write_export(
            tmp_path / "export.csv",
            [
                row("UA0101", Start_Date="43525", End_Date="1905-07-15"),
                row("UA0102", Start_Date="7/6/1905", End_Date="12/31/2016"),
            ],
        )
    )
    first = CommitmentPage.objects.get(ogp_id="UA0101")
    assert (first.start_date, first.end_date) == (D(2019, 3, 1), D(2023, 12, 31))
    second = CommitmentPage.objects.get(ogp_id="UA0102")
    assert second.start_date == D(2014, 1, 1)
    assert date_warnings(report) == [
        "row 2 (UA0101): Start Date '43525': an Excel serial number, read as 2019-03-01",
        "row 2 (UA0101): End Date '1905-07-15': a year typed into Excel (1905-07-15), read as 2023",
        "row 3 (UA0102): Start Date '7/6/1905': a year typed into Excel (1905-07-06), read as 2014",
    ]
    # The page says the year, never "July 15, 1905".
    page = client.get(first.url).content.decode()
    assert "1905" not in page
    assert '<time datetime="2023-12-31">2023</time>' in page
    assert '<time datetime="2019-03-01">March 1, 2019</time>' in page


def test_commitment_numbers_are_kept_as_published_and_sorted_naturally(tmp_path, client):
    numbers = {
        "UA0101": "10",
        "UA0102": "3.10",
        "UA0103": "2",
        "UA0104": "3.2.5",
        "UA0105": "B.1.A",
        "UA0106": "D4",
        "UA0107": "5.0999999999999996",  # a float Excel wrote: 5.1
        "UA0108": "NA",
    }
    import_ogp_commitments(
        write_export(
            tmp_path / "export.csv",
            [row(ogp_id, Commitment_Number=number) for ogp_id, number in numbers.items()],
        )
    )
    kept = dict(CommitmentPage.objects.values_list("ogp_id", "number"))
    assert kept == {**numbers, "UA0107": "5.1", "UA0108": ""}

    # The plan lists them in natural order, with the number, and the ones without last.
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR03")
    html = client.get(plan.url).content.decode()
    order = sorted(numbers, key=lambda ogp_id: html.index(f">{ogp_id}</td>"))
    assert order == ["UA0103", "UA0104", "UA0102", "UA0107", "UA0101", "UA0105", "UA0106", "UA0108"]
    assert ">3.2.5</td>" in html

    # The export writes each number back as published.
    response = client.get("/en/commitments/export.csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    exported = {
        r["Commitment Unique Identifier"]: r["Commitment Number"]
        for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    }
    assert exported == {**numbers, "UA0107": "5.1", "UA0108": ""}


def test_a_commitment_page_shows_its_number(tmp_path, client):
    import_ogp_commitments(write_export(tmp_path / "export.csv", [row("UA0101", Commitment_Number="B.1.A")]))
    page = client.get(CommitmentPage.objects.get(ogp_id="UA0101").url).content.decode()
    assert "<dt>Number in the plan</dt><dd>B.1.A</dd>" in page
