"""Institution cells read as organisations (issue 11): lists split into bodies, fragments
refused, sectors from the name in English and Spanish, "unknown" where the name does not say,
and unknown counting in no corner of the Golden Triangle."""

from __future__ import annotations

import csv
import io

import pytest

from commitments import flags
from commitments.models import CommitmentFacts, CommitmentPage
from commitments.ogp.importer import import_ogp_commitments
from commitments.ogp.institutions import NO_INSTITUTION, refusal, sector_from_name, split_institutions
from commitments.rollups import rollup_from_rows
from commitments.selectors import commitment_rows, commitment_sections, commitments_for_rollups
from devdata.demo import SAMPLE
from tracker.models import GOLDEN_TRIANGLE, Organisation, Sector

from .export_files import row, write_export

G, CS, B, A, M, U = (
    Sector.GOVERNMENT,
    Sector.CIVIL_SOCIETY,
    Sector.BUSINESS,
    Sector.ACADEMIA,
    Sector.MULTILATERAL,
    Sector.UNKNOWN,
)


def names(text: str) -> list[str]:
    return [name for name, _sector in split_institutions(text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Five ministries in one cell are five organisations, whatever separates them.
        (
            "Ministry of Justice, Ministry of Finance, Ministry of Culture, Ministry of Defence, Ministry of Health",
            [
                "Ministry of Justice",
                "Ministry of Finance",
                "Ministry of Culture",
                "Ministry of Defence",
                "Ministry of Health",
            ],
        ),
        ("Ministry of Justice; Judicial Academy", ["Ministry of Justice", "Judicial Academy"]),
        (
            "Ministry of Justice\nState Fiscal Service\r\nNational Bank",
            ["Ministry of Justice", "State Fiscal Service", "National Bank"],
        ),
        ("• Ministry of Justice • Open Data Institute", ["Ministry of Justice", "Open Data Institute"]),
        (
            "1. Ministry of Justice\n2. Ministry of Finance\n3) Accounting Chamber",
            ["Ministry of Justice", "Ministry of Finance", "Accounting Chamber"],
        ),
        (
            "(a) Secretary General of the Government\n(b) Ministry of Finance",
            ["Secretary General of the Government", "Ministry of Finance"],
        ),
        # A comma inside one ministry's name does not split it.
        (
            "Ministry of Education, Science, Culture and Sport",
            ["Ministry of Education, Science, Culture and Sport"],
        ),
        (
            "Ministerio del Interior, Obras Públicas y Vivienda",
            ["Ministerio del Interior, Obras Públicas y Vivienda"],
        ),
        # "and" / "y" split only between two bodies.
        ("Ministry of Justice and Human Rights", ["Ministry of Justice and Human Rights"]),
        # A leading "and" before a body goes; before anything else the piece is refused.
        ("Scottish Colleges, and Scottish Parliament", ["Scottish Colleges", "Scottish Parliament"]),
        (
            "Department of the Interior and Local Government (DILG) and Department of Budget and Management (DBM)",
            [
                "Department of the Interior and Local Government (DILG)",
                "Department of Budget and Management (DBM)",
            ],
        ),
        (
            "Ministerio de Justicia y Ministerio de Hacienda",
            ["Ministerio de Justicia", "Ministerio de Hacienda"],
        ),
        (
            "Cámara de Diputados de la Nación - Senado de la Nación",
            ["Cámara de Diputados de la Nación", "Senado de la Nación"],
        ),
        # Names run together with notes between them (UA0087's lead cell).
        (
            "Ministry of Finance Ministry of Economy State Treasury State Enterprise ProZorro (by agreement)",
            ["Ministry of Finance", "Ministry of Economy", "State Treasury", "State Enterprise ProZorro"],
        ),
        # A name broken across lines is put back together.
        (
            "- Presidency of the Cabinet of the Go-\n vernment of the City\n- Office of the Public Defender",
            ["Presidency of the Cabinet of the Government of the City", "Office of the Public Defender"],
        ),
        # Headings give the sector of what follows; they are not organisations.
        ("• Government\n- Presidency of the Cabinet", ["Presidency of the Cabinet"]),
        # A body named, then prose about it: the body.
        (
            "Ministry of Digital Transformation, which will coordinate the work of every other body taking "
            "part in the commitment and report on it to the multistakeholder forum every quarter",
            ["Ministry of Digital Transformation"],
        ),
        ("NA", []),
    ],
)
def test_lists_of_bodies_become_separate_organisations(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("and Development", "starts with a conjunction"),
        ("y Desarrollo", "starts with a conjunction"),
        ("12345", "only digits or punctuation"),
        ("?!", "only digits or punctuation"),
        ("+380 44 123 45 67", "only digits or punctuation"),
        ("Tel. 011-40-30-319", "a phone number"),
        ("info@example.org", "an address"),
        ("Go", "too short"),
        ("central government bodies", "no capital letter"),
        ("youth centers", "no capital letter"),
        ("Civil society entities interested in the initiative", "a description rather than a name"),
    ],
)
def test_fragments_are_refused_with_a_reason(text, reason):
    assert refusal(text) == reason
    found, refused = split_institutions(f"Ministry of Justice; {text}")
    assert [name for name, _sector in found] == ["Ministry of Justice"]
    assert [why for _text, why in refused] == [reason]


@pytest.mark.parametrize("text", ["EU", "CAF", "ONE", "iLab", "UNDP"])
def test_acronyms_and_short_names_are_names(text):
    assert refusal(text) is None
    assert names(f"Ministry of Justice, {text}") == ["Ministry of Justice", text]


def test_an_enumerator_is_stripped_and_what_is_left_checked():
    assert names("(a) Secretary General") == ["Secretary General"]
    assert split_institutions("(a) and Development")[0] == []


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("Ministry of Finance", G),
        ("Ministerio de Hacienda", G),
        ("State Agency for E-Governance", G),
        ("Agencia de Gobierno Electrónico", G),
        ("National Anti-Corruption Council", G),
        ("Consejo para la Transparencia", G),
        ("Municipality of Kyiv", G),
        ("Municipalidad de Lima", G),
        ("Alcaldía de Bogotá", G),
        ("Cabinet Secretariat", G),
        ("Secretaría de la Función Pública", G),
        ("Department for Education", G),
        ("Prime Minister's Office", G),
        ("Supreme Court of Justice", G),
        ("Parliament of Montenegro", G),
        ("Congreso de la República", G),
        ("Cámara de Diputados de la Nación", G),
        ("NGO Transparency Watch", CS),
        ("ONG Acción Ciudadana", CS),
        ("Open Knowledge Foundation", CS),
        ("Fundación Directorio Legislativo", CS),
        ("Ghana Tuna Association", CS),
        ("Asociación Civil por la Igualdad y la Justicia", CS),
        ("Natural Resource Governance Institute", CS),
        ("Instituto de Estudios Peruanos", CS),
        ("Centre for Policy Studies", CS),
        ("Centro de Implementación de Políticas Públicas", CS),
        ("Publish What You Pay Coalition", CS),
        ("Coalición por la Transparencia", CS),
        ("Human Rights Defenders Network", CS),
        ("Red Ciudadana", CS),
        ("Chamber of Commerce of Lima", B),
        ("Cámara de Comercio de Bogotá", B),
        ("Sierra Leone Chamber of Mines", B),
        ("Empresa Nacional de Datos", B),
        ("Software Company", B),
        ("Datos Abiertos S.A.", B),
        ("OpenData Ltd", B),
        ("Civic Tech LLC", B),
        ("Civic Tech Inc.", B),
        ("University of Oxford", A),
        ("Universidad Nacional de Salta", A),
        ("United Nations Development Programme (UNDP)", M),
        ("European Union", M),
        ("Banco Mundial", M),
        # The name does not say: unknown, never government.
        ("Global Witness", U),
        ("Poder Ciudadano", U),
        ("Hen Mpoano", U),
        ("The National Archives", U),
    ],
)
def test_the_sector_comes_from_the_name_in_english_and_spanish(name, sector):
    assert sector_from_name(name) == sector


def test_a_label_gives_the_sector_of_the_names_after_it():
    assert split_institutions("CSOs: Global Witness, Involve")[0] == [("Global Witness", CS), ("Involve", CS)]
    assert split_institutions("Sector privado: Datos Abiertos")[0] == [("Datos Abiertos", B)]


def test_every_lead_cell_of_the_sample_that_names_bodies_yields_a_lead():
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [
        r["Lead Institution"] for r in rows if r["Lead Institution"].strip().lower() not in NO_INSTITUTION
    ]
    assert len(cells) > 40
    for cell in cells:
        found, refused = split_institutions(cell)
        assert found, cell
        assert refused == [], cell
    ukraine = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    assert split_institutions(ukraine["Lead Institution"])[0] == [
        ("Ministry of Finance", G),
        ("Ministry of Economy", G),
        ("State Treasury", G),
        ("State Institution “Open Public Finance”", G),
        ("State Enterprise ProZorro", G),
    ]


# -- the import, and "unknown" in the Golden Triangle -----------------------------------------


@pytest.fixture
def with_unknown(db, tmp_path):
    """UA0101: led by a ministry, supported by an organisation whose name says no sector."""
    report = import_ogp_commitments(
        write_export(
            tmp_path / "export.csv",
            [
                row(
                    "UA0101",
                    Lead_Institution="Ministry of Justice",
                    **{"Supporting Institution(s)": "Global Witness; and Development; 044 123 4567"},
                )
            ],
        )
    )
    return report, CommitmentPage.objects.get(ogp_id="UA0101")


def test_the_import_files_an_unknown_sector_and_reports_the_fragments(with_unknown):
    report, commitment = with_unknown
    assert Organisation.objects.get(name="Global Witness").sector == U
    assert Organisation.objects.get(name="Ministry of Justice").sector == G
    assert not Organisation.objects.filter(name__icontains="Development").exists()
    assert [str(w) for w in report.warnings if w.kind == "institution"] == [
        "row 2 (UA0101): Supporting Institution(s): 'and Development' is not an organisation's name "
        "(starts with a conjunction); kept as text only",
        "row 2 (UA0101): Supporting Institution(s): '044 123 4567' is not an organisation's name "
        "(only digits or punctuation); kept as text only",
    ]
    assert "and Development" in commitment.supporting_institutions_text
    # The import says how many organisations got each sector, unknown included.
    assert report.by_sector == (
        "organisations by sector: government=1 civil_society=0 business=0 academia=0 multilateral=0 unknown=1"
    )


def test_unknown_counts_in_no_corner_of_the_golden_triangle(with_unknown, client):
    _report, commitment = with_unknown
    assert Sector.UNKNOWN not in GOLDEN_TRIANGLE
    facts = CommitmentFacts.objects.get(commitment=commitment)
    assert (facts.has_government, facts.has_civil_society, facts.has_business, facts.has_unknown) == (
        True,
        False,
        False,
        True,
    )
    # Its civil-society corner is empty: the red flag says so.
    assert flags.triangle_corner_empty(facts, None)
    groups = {g.sector: g for g in commitment_sections(commitment).golden_triangle}
    assert [r.organisation.name for r in groups[U].roles] == ["Global Witness"]
    assert not groups[U].is_golden_triangle_corner
    assert groups[CS].roles == []
    # Roll-ups (pages, PDFs): a share of its own, never a corner's.
    rollup = rollup_from_rows(commitment_rows(commitments_for_rollups().filter(pk=commitment.pk)))
    shares = {s.key: s.count for s in rollup.sectors}
    assert shares == {"government": 1, "civil_society": 0, "business": 0, "unknown": 1}
    # The explorer's sector filter and the export keep it apart too.
    assert "UA0101" not in client.get("/en/commitments/", {"sector": "civil_society"}).content.decode()
    assert "UA0101" in client.get("/en/commitments/", {"sector": "unknown"}).content.decode()
    response = client.get("/en/commitments/export.csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    [exported] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert exported["Tracker: Civil society stakeholders"] == ""
    assert exported["Tracker: Stakeholders of unknown sector"] == "Global Witness"


def test_an_unknown_sector_is_learnt_later_but_a_known_one_never_changes(with_unknown, tmp_path):
    import_ogp_commitments(
        write_export(
            tmp_path / "again.csv",
            [row("UA0101", Lead_Institution="Civil society: Global Witness; Ministry of Justice")],
        )
    )
    assert Organisation.objects.get(name="Global Witness").sector == CS
    import_ogp_commitments(
        write_export(tmp_path / "third.csv", [row("UA0101", Lead_Institution="Business: Global Witness")])
    )
    assert Organisation.objects.get(name="Global Witness").sector == CS


# -- who may set a sector in the admin --------------------------------------------------------


def test_staff_set_an_organisations_sector_in_the_admin_and_pocs_may_not(world, client):
    organisation = Organisation.objects.create(name="Global Witness", sector=U, country="UA")
    url = f"/admin/snippets/tracker/organisation/edit/{organisation.pk}/"
    form = {
        "name": "Global Witness",
        "sector": "civil_society",
        "country": "UA",
        "scheme": "",
        "identifier": "",
        "website": "",
    }

    client.force_login(world.user("poc"))
    assert client.get(url).status_code in (302, 403)
    client.post(url, form)
    organisation.refresh_from_db()
    assert organisation.sector == U

    client.force_login(world.user("staff"))
    page = client.get(url).content.decode()
    assert '<option value="unknown" selected>Unknown</option>' in page
    response = client.post(url, form)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.sector == CS
