"""The exports read values, not model instances: the same bytes as before, in fewer queries.

``export_oracle`` is the export as it was written before (model instances, cell by cell): the
CSV the explorer serves must be byte for byte its output, on the demo and on commitments made
to be awkward (empty fields, commas, quotes and newlines, non-ASCII, formula-like text, every
lateness, every source of a star, columns OGP added later, a withdrawal), in both languages.
"""

from __future__ import annotations

import datetime
import io
from itertools import product

import pytest
from openpyxl import load_workbook

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import Site

from commitments import rules, services
from commitments.explorer import exports, facets
from commitments.explorer.rows import csv_text, csv_texts
from commitments.models import CommitmentPage, Milestone, PolicyArea
from commitments.ogp import export
from commitments.rules import Lateness, MilestoneStatus
from tests.commitments.export_oracle import old_csv_cell, oracle_csv, oracle_values
from tracker.models import Sector

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db

QUERIES = ["", "member=UKR", "sort=title", "member=ZZE&sort=newest", "q=procurement"]


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo (``seed_demo``) with the awkward commitments, once for the module; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            awkward_commitments()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def awkward_commitments() -> list[CommitmentPage]:
    home = Site.objects.get(is_default_site=True).root_page
    member, _ = services.member_page_upsert(
        home=home, code="ZZE", title='Ñandú, "Local" =1+1', level="local", region="América Latina"
    )
    plan, _ = services.action_plan_page_upsert(
        member=member, plan_id="AP_ZZE01", title="Plan ZZE", number=2, start_year=2023, end_year=None
    )
    areas = list(PolicyArea.objects.order_by("pk")[:3])
    ministry, _ = services.organisation_get_or_create(name="Ministerio de Economía", sector=Sector.GOVERNMENT)
    ngo, _ = services.organisation_get_or_create(
        name='ONG "Transparencia", Lima', sector=Sector.CIVIL_SOCIETY
    )
    formula, _ = services.organisation_get_or_create(name="-2+3 Consulting", sector=Sector.BUSINESS)
    unknown, _ = services.organisation_get_or_create(name="Somebody\nnew", sector=Sector.UNKNOWN)
    texts = [
        {"title": "Plain", "full_title": ""},
        {
            "title": 'Comma, "quotes" and\nnewline',
            "full_title": 'Comma, "quotes" and\r\nnewline',
            "short_title": '=HYPERLINK("http://evil.example")',
            "theme": "@SUM(1)",
            "full_text": "\tTabbed start — ünïcödé 日本語 ✓",
            "lead_institutions_text": "+Ministry; Otra institución",
            "supporting_institutions_text": "-1",
            "start_date_text": "",
            "end_date_text": "December 2025",
            "ogp_extra": {"Commitment Dummy": "1", "A column OGP added later": "=later", "Max star": "-1"},
        },
        {
            "title": "Sólo espacios",
            "full_title": "   ",
            "theme": " ",
            "ogp_extra": {"Updated? (Website)": "Sí"},
        },
    ]
    pages = []
    for n, values in enumerate(texts):
        page, _ = services.commitment_page_upsert(
            plan=plan,
            ogp_id=f"ZZE{n:04d}",
            values={"start_date": datetime.date(2023, 1, 1 + n), "end_date": None, **values},
            policy_areas=areas[: n + 1],
            stakeholders=[(ngo, "monitor"), (ministry, "lead_implementer"), (formula, "funder")][: n + 1],
        )
        pages.append(page)
    busy = pages[1]
    services.stakeholder_role_add(
        commitment=busy, organisation=ngo, role="data_publisher"
    )  # twice in a sector
    services.stakeholder_role_add(commitment=busy, organisation=unknown, role="service_provider")
    # Every lateness, on one commitment; another with none late.
    for status, due, met in [
        (MilestoneStatus.MET, TODAY - 5 * DAY, TODAY - DAY),  # met late
        (MilestoneStatus.MET, TODAY, TODAY),  # met on time
        (MilestoneStatus.MET, None, TODAY),  # met, no due date
        (MilestoneStatus.NOT_MET, TODAY + DAY, None),
        (MilestoneStatus.SCHEDULED, TODAY - DAY, None),  # overdue
        (MilestoneStatus.PARTIALLY_MET, TODAY, None),  # due soon (today)
        (MilestoneStatus.SCHEDULED, TODAY + 30 * DAY, None),  # due soon (the last day)
        (MilestoneStatus.SCHEDULED, TODAY + 31 * DAY, None),  # not due
        (MilestoneStatus.SCHEDULED, None, None),  # no due date
    ]:
        services.milestone_create(commitment=busy, title="Step", status=status, end_date=due, date_met=met)
    services.milestone_create(
        commitment=pages[2], title="Later", status="scheduled", end_date=TODAY + 90 * DAY
    )
    # Stars from each source, reports of both eras, published values with awkward text.
    services.irm_assessment_upsert(
        commitment=busy,
        report_type="progress",
        values={
            "publication_year": 2015,
            "specificity": "high",
            "relevant": True,
            "potential_impact": "moderate",
            "completion": "complete",
            "source_values": {"Specificity": "High", "Compound": '=2, "x"', "IRM-Based Score": "-1"},
        },
    )
    services.irm_assessment_upsert(
        commitment=busy,
        report_type="end_of_term",
        values={"publication_year": 2017, "star_source": "not_published", "source_values": {"Cluster": "Ñ"}},
    )
    services.irm_assessment_upsert(
        commitment=pages[2],
        report_type="end_of_term",
        values={"publication_year": 2024, "star_source": "published", "starred_reported": False},
    )
    services.irm_assessment_upsert(
        commitment=pages[2], report_type="results", values={"publication_year": 2024, "completion": "limited"}
    )
    CommitmentPage.objects.filter(pk=pages[2].pk).update(
        withdrawn_on=TODAY, withdrawal_reason='Merged into, "another"\n=commitment'
    )
    return pages


def view_csv(client, language: str, query: str) -> bytes:
    response = client.get(f"/{language}/commitments/export.csv" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def oracle_for(language: str, query: str) -> export.CommitmentExport:
    with translation.override(language):
        request = RequestFactory().get(f"/{language}/commitments/export.csv")
        return export.CommitmentExport(
            facets.filtered_commitments(QueryDict(query)), permalink=exports.permalink_builder(request)
        )


# -- the same bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_csv_is_byte_for_byte_the_old_export(client, demo_once, language, query):
    served = view_csv(client, language, query)
    with translation.override(language):
        expected = oracle_csv(oracle_for(language, query))
    assert served == expected
    if query in ("", "member=ZZE&sort=newest"):
        assert b"ZZE0001" in served  # the awkward ones are in it


def test_the_awkward_cells_are_written_as_before(client, demo_once):
    """Not only equal to the oracle: the oracle's own cells, spot-checked."""
    data = view_csv(client, "en", "member=ZZE")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert '"Comma, ""quotes"" and\r\nnewline"' in text  # quoted by the csv module, CRLF kept
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "'\tTabbed start" in text
    assert ",-1," in text  # a plain negative number stays a number
    assert "'=later" in text and "A column OGP added later" in text
    assert "ünïcödé 日本語 ✓" in text


def test_the_rows_values_are_the_old_ones_for_the_workbook(demo_once):
    fast = list(oracle_for("en", "member=ZZE").rows())
    assert fast == oracle_values(oracle_for("en", "member=ZZE"))
    assert len(fast) == 3


def test_the_workbook_holds_the_same_rows_as_the_csv(client, demo_once):
    response = client.get("/en/commitments/export.xlsx?member=ZZE")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    values = oracle_values(oracle_for("en", "member=ZZE"))
    assert len(rows) == len(values) + 1
    busy = next(r for r in rows if r[0] == "ZZE0001")
    header = list(rows[0])
    assert busy[header.index("Tracker: Lateness")] == "overdue"
    assert busy[header.index("Tracker: Milestones late")] == 3
    assert busy[header.index("Max star")] == -1  # published numbers as numbers
    assert busy[header.index("Short Title")] == '=HYPERLINK("http://evil.example")'  # text, not a formula


# -- the cell formatter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "plain",
        "=1+1",
        "'=1",
        " =1",
        "\t1",
        "\u00a0=1",
        "-1",
        "-1+2",
        "@",
        "+",
        0,
        -1,
        7,
        True,
        False,
        1.5,
        -2.5,
        datetime.date(2024, 2, 29),
        datetime.datetime(2024, 2, 29, 13, 5),
        Lateness.OVERDUE,
    ],
)
def test_the_fast_cell_formatter_writes_what_the_old_one_did(value):
    assert csv_text(value) == old_csv_cell(value)
    memo: dict[str, str] = {}
    assert csv_texts([value, value], memo) == [old_csv_cell(value)] * 2


# -- lateness, counted in the database --------------------------------------------------------------


def test_lateness_counted_in_the_database_agrees_with_the_rule(world):
    """``rules.milestone_lateness_q`` against ``rules.milestone_lateness``: every status, due
    dates around today and the end of "due soon", met before, on and after the due date."""
    commitment = world.commitment
    Milestone.objects.filter(commitment=commitment).delete()
    dues = [None, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 30 * DAY, TODAY + 31 * DAY]
    mets = [None, TODAY - 2 * DAY, TODAY, TODAY + 40 * DAY]
    expected: dict[str, int] = dict.fromkeys(Lateness.values, 0)
    for status, due, met in product(MilestoneStatus.values, dues, mets):
        Milestone.objects.create(commitment=commitment, title="m", status=status, end_date=due, date_met=met)
        expected[rules.milestone_lateness(status=status, due_date=due, date_met=met, today=TODAY)] += 1
    conditions = rules.milestone_lateness_q(TODAY)
    counted = Milestone.objects.filter(commitment=commitment).aggregate(
        **{str(value): Count("pk", filter=q) for value, q in conditions.items()}
    )
    assert counted == expected
    assert sum(counted.values()) == Milestone.objects.filter(commitment=commitment).count()


# -- queries --------------------------------------------------------------------------------------


def test_the_csv_reads_four_queries_per_chunk(client, demo_once, monkeypatch):
    def count(chunk_size: int) -> int:
        monkeypatch.setattr(export, "CHUNK_SIZE", chunk_size)
        with CaptureQueriesContext(connection) as queries:
            view_csv(client, "en", "")
        return len(queries)

    rows = CommitmentPage.objects.live().count()
    view_csv(client, "en", "")  # what is cached once per process
    whole = count(rows)  # one chunk
    assert count((rows + 1) // 2) == whole + 4  # two chunks
    assert count(rows) == whole
