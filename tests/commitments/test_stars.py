"""The IRM's star as OGP gives it: per report (published, not published, computed), per
commitment (its latest scored report's, as OGP's "Max star"), the same everywhere it is shown."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.http import QueryDict

from commitments import irm
from commitments.explorer import facets as explorer
from commitments.explorer.filters import CommitmentFilterSet
from commitments.models import CommitmentFacts, CommitmentPage, IRMAssessment
from commitments.ogp.importer import import_ogp_commitments
from commitments.rollups import rollup_from_rows
from commitments.selectors import (
    commitment_rows,
    commitment_star,
    commitments_for_rollups,
    starred_commitments,
)
from tests.conftest import enable_totp

pytestmark = pytest.mark.django_db

FIRST = "Starred (Current Formula) Progress Report"
SECOND = "Starred (Current Formula) End of Term"
PUBLISHED = {"1": True, "0": False}


def sample(sample_csv: Path) -> tuple[list[str], list[dict[str, str]]]:
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def assessments_of(ogp_id: str) -> dict[str, IRMAssessment]:
    return {a.report_type: a for a in IRMAssessment.objects.filter(commitment__ogp_id=ogp_id)}


def explorer_starred(query: str = "starred=yes") -> set[str]:
    return {page.ogp_id for page in CommitmentFilterSet(QueryDict(query)).qs}


# -- the real sample ----------------------------------------------------------------------------


def test_every_commitments_star_is_ogps_max_star_and_every_reports_its_published_star(
    imported_once, sample_csv
):
    _header, rows = sample(sample_csv)
    explorer_rows = {row.page.ogp_id: row for row in commitment_rows(commitments_for_rollups())}
    facts = dict(CommitmentFacts.objects.values_list("commitment__ogp_id", "starred"))
    reports = 0
    for row in rows:
        ogp_id = row["Commitment Unique Identifier"]
        own = assessments_of(ogp_id)
        max_star = PUBLISHED.get(row["Max star"])
        assert commitment_star(list(own.values())) is max_star, ogp_id
        assert explorer_rows[ogp_id].starred is max_star, ogp_id
        assert facts[ogp_id] is max_star, ogp_id
        for report_type, assessment in own.items():
            column = FIRST if report_type in ("progress", "action_plan_review") else SECOND
            published = PUBLISHED.get(row[column])
            assert assessment.starred is published, (ogp_id, report_type)
            expected_source = irm.StarSource.NOT_PUBLISHED if published is None else irm.StarSource.PUBLISHED
            assert assessment.star_source == expected_source, (ogp_id, report_type)
            reports += 1
    assert reports > 60
    starred = {row["Commitment Unique Identifier"] for row in rows if row["Max star"] == "1"}
    assert len(starred) == 7
    # The one definition, wherever the star is counted or listed.
    assert {page.ogp_id for page in starred_commitments(limit=100)} == starred
    assert explorer_starred() == starred
    # Not starred (0) and no star published (ND, NR, NA) stay apart, as in OGP's "Max star".
    not_starred = {row["Commitment Unique Identifier"] for row in rows if row["Max star"] == "0"}
    unpublished = {row["Commitment Unique Identifier"] for row in rows if row["Max star"] not in ("0", "1")}
    assert len(not_starred) == 25 and len(unpublished) == 28
    assert explorer_starred("starred=no") == not_starred
    assert explorer_starred("starred=none") == unpublished
    facet = explorer.compute_facets(CommitmentFilterSet(QueryDict("")))["starred"]
    assert {v.value: v.count for v in facet.values} == {"yes": 7, "no": 25, "none": 28}
    assert explorer.compute_rollup(CommitmentFilterSet(QueryDict(""))).starred.count == 7
    assert rollup_from_rows(list(explorer_rows.values())).starred.count == 7


def test_bue0009_keeps_ogps_no_star_where_the_indicators_would_compute_one(imported_once):
    """OGP published ND for its end of term: no star shown, none computed, though the
    indicators (verifiable, relevant, transformative, substantial) would earn one."""
    end_of_term = assessments_of("BUE0009")["end_of_term"]
    assert end_of_term.star_source == irm.StarSource.NOT_PUBLISHED
    assert end_of_term.starred_computed is True
    assert end_of_term.starred is None
    assert commitment_star(list(assessments_of("BUE0009").values())) is False  # the mid-term's 0


# -- files built for each case ------------------------------------------------------------------


@pytest.fixture
def built(tmp_path, sample_csv):
    """The sample with four commitments of our own, copied from UK0062 (both reports starred)."""
    header, rows = sample(sample_csv)
    template = next(r for r in rows if r["Commitment Unique Identifier"] == "UK0062")
    cases = {
        # Starred at mid-term, not at the end of term: not starred.
        "ZZ0001": {FIRST: "1", SECOND: "0", "Completion (End Of Term)": "Limited"},
        # Not starred at mid-term, starred at the end of term: starred.
        "ZZ0002": {FIRST: "0", SECOND: "1", "Completion (Progress Report)": "Limited"},
        # OGP published ND for both: no star, none computed, though the indicators earn one.
        "ZZ0003": {FIRST: "ND", SECOND: "ND"},
        # Starred at mid-term, ND at the end: the mid-term's star (the latest scored report).
        "ZZ0004": {FIRST: "1", SECOND: "ND"},
    }
    for n, (ogp_id, change) in enumerate(cases.items(), start=1):
        rows.append(
            {**template, "Commitment Unique Identifier": ogp_id, "Commitment Number": str(90 + n), **change}
        )
    report = import_ogp_commitments(write(tmp_path / "stars.csv", header, rows))
    assert report.summary.startswith("imported: members=28 action_plans=41 commitments=64")
    return report


def test_per_report_and_per_commitment_stars_from_a_built_file(built, client):
    first, second = "progress", "end_of_term"
    stars = {ogp_id: assessments_of(ogp_id) for ogp_id in ("ZZ0001", "ZZ0002", "ZZ0003", "ZZ0004")}
    assert (stars["ZZ0001"][first].starred, stars["ZZ0001"][second].starred) == (True, False)
    assert (stars["ZZ0002"][first].starred, stars["ZZ0002"][second].starred) == (False, True)
    assert (stars["ZZ0003"][first].starred, stars["ZZ0003"][second].starred) == (None, None)
    assert stars["ZZ0003"][second].starred_computed is True  # computable, yet not computed
    assert {a.star_source for a in stars["ZZ0003"].values()} == {irm.StarSource.NOT_PUBLISHED}
    assert (stars["ZZ0004"][first].starred, stars["ZZ0004"][second].starred) == (True, None)

    expected = {"ZZ0001": False, "ZZ0002": True, "ZZ0003": None, "ZZ0004": True}
    rows = {
        r.page.ogp_id: r for r in commitment_rows(commitments_for_rollups().filter(ogp_id__startswith="ZZ"))
    }
    for ogp_id, star in expected.items():
        assert commitment_star(list(stars[ogp_id].values())) is star, ogp_id
        assert rows[ogp_id].starred is star, ogp_id
        assert CommitmentFacts.objects.get(commitment__ogp_id=ogp_id).starred is star, ogp_id
    starred = {"ZZ0002", "ZZ0004"}
    assert {p.ogp_id for p in starred_commitments(limit=100)} >= starred
    assert not {p.ogp_id for p in starred_commitments(limit=100)} & {"ZZ0001", "ZZ0003"}
    assert explorer_starred() & set(expected) == starred
    assert rollup_from_rows(list(rows.values())).starred.count == 2

    # Both exports carry the same star in "Tracker: Starred" (1, 0, empty).
    response = client.get("/en/commitments/export.csv")
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = {
        r["Commitment Unique Identifier"]: r["Tracker: Starred"] for r in csv.DictReader(data.splitlines())
    }
    assert {k: exported[k] for k in expected} == {"ZZ0001": "0", "ZZ0002": "1", "ZZ0003": "", "ZZ0004": "1"}
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get("/en/commitments/export.xlsx").getvalue()))["Commitments"]
    values = list(sheet.iter_rows(values_only=True))
    column, id_column = values[0].index("Tracker: Starred"), values[0].index("Commitment Unique Identifier")
    xlsx = {r[id_column]: r[column] for r in values[1:]}
    assert {k: xlsx[k] for k in expected} == {"ZZ0001": 0, "ZZ0002": 1, "ZZ0003": None, "ZZ0004": 1}


def test_the_pdf_report_of_a_commitment_shows_its_latest_scored_star(built):
    from reports.build import report_context
    from reports.models import Report

    for ogp_id, star in (("ZZ0001", False), ("ZZ0002", True)):
        page = CommitmentPage.objects.get(ogp_id=ogp_id)
        report = Report(page=page, kind=Report.Kind.COMMITMENT, language="en")
        context = report_context(report)
        [section] = context["parts"][0].sections
        assert section.row.starred is star
        assert context["summary"].starred.count == int(star)


def test_a_file_without_the_star_columns_gets_computed_stars_by_each_eras_formula(tmp_path, sample_csv):
    header, rows = sample(sample_csv)
    header = [c for c in header if c not in (FIRST, SECOND)]
    import_ogp_commitments(write(tmp_path / "no-stars.csv", header, rows))
    # UA0001: 2014 progress report, high, relevant, moderate, complete: the 2015 formula stars it.
    ua0001 = assessments_of("UA0001")["progress"]
    assert ua0001.star_source == irm.StarSource.COMPUTED
    assert ua0001.formula is irm.Formula.Y2015
    assert ua0001.starred is True
    # UA0068: a 2017 report with moderate impact: the current formula does not.
    ua0068 = assessments_of("UA0068")["progress"]
    assert (ua0068.formula, ua0068.starred) == (irm.Formula.CURRENT, False)
    # The 2021 method gives no star.
    assert assessments_of("UA0087")["action_plan_review"].starred is None


# -- entered by hand ----------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-enough-1")
    enable_totp(user)
    client.force_login(user)
    return client


def assessment_form(commitment: CommitmentPage, **values) -> dict[str, str]:
    return {
        "commitment": str(commitment.pk),
        "report_type": "end_of_term",
        "publication_year": "2019",
        "specificity": "high",
        "verifiable": "",
        "relevant": "true",
        "access_to_information": "true",
        "civic_participation": "",
        "public_accountability": "",
        "technology": "",
        "potential_impact": "transformative",
        "potential_for_results": "",
        "completion": "complete",
        "open_government": "",
        "early_results": "",
        "carried_forward": "",
        **values,
    }


def test_an_assessment_entered_in_the_admin_gets_a_computed_star_labelled_computed(
    editor_client, imported_once, client
):
    commitment = CommitmentPage.objects.get(ogp_id="SK0021")  # a progress report only
    # A star cannot be typed in: the star's source and OGP's star are not in the form.
    form = assessment_form(commitment, star_source="published", starred_reported="false")
    response = editor_client.post("/admin/snippets/commitments/irmassessment/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = IRMAssessment.objects.get(commitment=commitment, report_type="end_of_term")
    assert assessment.star_source == irm.StarSource.COMPUTED
    assert assessment.starred_reported is None
    assert assessment.starred is True
    assert commitment_star([*commitment.irm_assessments.all()]) is True  # the latest scored report
    assert CommitmentFacts.objects.get(commitment=commitment).starred is True

    html = client.get(commitment.url).content.decode()
    assert "Computed by the tracker from the IRM's indicators: OGP has not published" in html
    assert "Published by OGP." in html  # its progress report's star, as OGP published it
    spanish = client.get(commitment.url.replace("/en/", "/es/", 1)).content.decode()
    assert "Calculada por el seguimiento a partir de los indicadores del IRM" in spanish
    assert "Publicada por OGP." in spanish


def test_low_specificity_and_no_potential_impact_is_no_star_not_not_assessed(editor_client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="SK0021")
    form = assessment_form(commitment, specificity="low", potential_impact="", completion="")
    assert editor_client.post("/admin/snippets/commitments/irmassessment/add/", form).status_code == 302
    assessment = IRMAssessment.objects.get(commitment=commitment, report_type="end_of_term")
    assert assessment.starred is False
    html = editor_client.get(commitment.url).content.decode()
    assert "Not starred" in html


def test_editing_an_imported_assessment_keeps_ogps_star(editor_client, imported_once):
    assessment = assessments_of("UA0018")["progress"]  # OGP starred it
    assert (assessment.star_source, assessment.starred) == (irm.StarSource.PUBLISHED, True)
    form = assessment_form(
        assessment.commitment, report_type="progress", publication_year="2014", completion="limited"
    )
    form["star_source"] = "computed"
    url = f"/admin/snippets/commitments/irmassessment/edit/{assessment.pk}/"
    assert editor_client.post(url, form).status_code == 302
    assessment.refresh_from_db()
    assert assessment.completion == "limited"
    assert (assessment.star_source, assessment.starred) == (irm.StarSource.PUBLISHED, True)


@pytest.mark.parametrize("who", ["visitor", "signed_in"])
def test_who_is_not_staff_cannot_add_an_assessment(client, imported_once, who):
    commitment = CommitmentPage.objects.get(ogp_id="SK0021")
    if who == "signed_in":
        client.force_login(
            get_user_model().objects.create_user("someone", "s@example.org", "pw-long-enough-1")
        )
    response = client.post("/admin/snippets/commitments/irmassessment/add/", assessment_form(commitment))
    assert response.status_code in (302, 403)
    assert not IRMAssessment.objects.filter(commitment=commitment, report_type="end_of_term").exists()


# -- pages --------------------------------------------------------------------------------------


def test_the_commitment_page_says_where_each_star_comes_from(client, imported_once):
    page = CommitmentPage.objects.get(ogp_id="BUE0009")  # mid-term published 0, end of term ND
    html = client.get(page.url).content.decode()
    assert "Published by OGP." in html
    assert "OGP published no star for this report." in html
    assert "Computed by the tracker" not in html
    spanish = client.get(page.url.replace("/en/", "/es/", 1)).content.decode()
    assert "Publicada por OGP." in spanish
    assert "OGP no publicó estrella para este informe." in spanish


def test_the_migration_fills_the_source_of_imported_stars(imported_once):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("commitments.migrations.0006_irm_star_source")
    IRMAssessment.objects.update(star_source=irm.StarSource.COMPUTED)
    hand = assessments_of("UA0018")["progress"]
    IRMAssessment.objects.filter(pk=hand.pk).update(source_values={})
    migration.star_sources_from_imports(apps, None)
    assert IRMAssessment.objects.get(pk=hand.pk).star_source == irm.StarSource.COMPUTED
    assert assessments_of("UA0001")["progress"].star_source == irm.StarSource.PUBLISHED
    assert assessments_of("BUE0009")["end_of_term"].star_source == irm.StarSource.NOT_PUBLISHED
