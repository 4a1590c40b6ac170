"""split_template: the labelled parts of OGP's commitment template in a commitment's Full Text."""

import csv
import time

import pytest

from commitments.ogp.template_text import KEYS, split_template
from devdata.demo import SAMPLE


def _sample_rows() -> dict[str, str]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return {row["Commitment Unique Identifier"]: row["Full Text"] for row in csv.DictReader(handle)}


SAMPLE_TEXTS = _sample_rows()


def _normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Status quo or problem addressed by the commitment: Data is closed;"
            " Main objective: Open the data; Brief description of commitment: A portal.;"
            " OGP challenge addressed by the commitment: Increasing public integrity;"
            " Relevance: Transparency.; Ambition: Open by default.",
            {"problem": "Data is closed", "solution": "Open the data", "ogp_relevance": "Transparency."},
            id="english-colon-labels",
        ),
        pytest.param(
            "What is the public problem that the commitment will address?\nCitizens cannot find laws.\n\n"
            "What are the causes of the problem?\nLaws are on paper.\n\n"
            "What is the commitment?\nPublish laws online.\n\n"
            "How will the commitment contribute to solve the public problem?\nCitizens will read them.\n\n"
            "Why is this commitment relevant to OGP values?\nTransparency.\n\n"
            "Additional information\nNone.",
            {
                "problem": "Citizens cannot find laws.",
                "causes": "Laws are on paper.",
                "solution": "Publish laws online.",
                "expected_results": "Citizens will read them.",
                "ogp_relevance": "Transparency.",
            },
            id="question-labels-text-on-next-line",
        ),
        pytest.param(
            "What is the public problem that the commitment will address? Few read laws. "
            "What is the commitment? Publish them. Expected results: More readers.",
            {"problem": "Few read laws.", "solution": "Publish them.", "expected_results": "More readers."},
            id="question-labels-text-on-same-line",
        ),
        pytest.param(
            "¿Cuál es el problema público que aborda el compromiso?\nFalta de datos.\n"
            "¿Cuáles son las causas del problema?\nNo hay normas.\n"
            "¿Cuál es el compromiso?\nPublicar datos.\n"
            "Resultados esperados: Más datos.\n"
            "¿Por qué es relevante a los valores de OGP?\nTransparencia.\n"
            "Información adicional\nNinguna.",
            {
                "problem": "Falta de datos.",
                "causes": "No hay normas.",
                "solution": "Publicar datos.",
                "expected_results": "Más datos.",
                "ogp_relevance": "Transparencia.",
            },
            id="spanish-question-labels",
        ),
        pytest.param(
            "Problemática: Falta de datos. Objetivo principal: Abrir datos. Descripción del compromiso:"
            " Un portal. Relevancia: Transparencia. Ambición: Datos abiertos por defecto.",
            {"problem": "Falta de datos.", "solution": "Abrir datos.", "ogp_relevance": "Transparencia."},
            id="spanish-colon-labels",
        ),
        pytest.param(
            "Status quo o problema que se quiere resolver: Falta de datos; Breve descripción del compromiso:"
            " Un portal; Desafío de OGP atendido por el compromiso: Integridad; Relevancia: Transparencia",
            {"problem": "Falta de datos", "solution": "Un portal", "ogp_relevance": "Transparencia"},
            id="spanish-2016-template",
        ),
        pytest.param(
            "STATUS QUO OR PROBLEM ADDRESSED BY THE COMMITMENT:\nNo data.\nMAIN OBJECTIVE:\nOpen data.\n"
            "EXPECTED RESULTS:\nA portal.\nMILESTONES:\n1. Launch.",
            {"problem": "No data.", "solution": "Open data.", "expected_results": "A portal."},
            id="labels-in-capitals",
        ),
        pytest.param(
            "WHAT IS THE COMMITMENT?\nOpen data.\n"
            "WHY IS THIS COMMITMENT RELEVANT TO OGP VALUES?\nTransparency.",
            {"solution": "Open data.", "ogp_relevance": "Transparency."},
            id="question-labels-in-capitals",
        ),
        pytest.param(
            "Problem definition\n1. What problem does the commitment aim to address? Closed data.\n"
            "2. What are the causes of the problem? Old laws.\nCommitment description\n"
            "1. What has been done so far to solve the problem? A study.\n"
            "2. What solution are you proposing? A new law.\n"
            "3. What results do we want to achieve by implementing this commitment? Open data.\n"
            "Commitment Milestones\nA law is passed.",
            {
                "problem": "Closed data.",
                "causes": "Old laws.",
                "solution": "A new law.",
                "expected_results": "Open data.",
            },
            id="numbered-questions-under-section-headings",
        ),
        pytest.param(
            " How does the measure contribute to resolving the\n public issue?\n"
            " Reporters are protected.\n"
            " Why is this measure relevant to the values of the\n Open Government Partnership?\n"
            " Transparency.",
            {"expected_results": "Reporters are protected.", "ogp_relevance": "Transparency."},
            id="label-broken-over-lines",
        ),
        pytest.param(
            "Status quo / Issue to be Addressed Laws are hard to find.\n\nGeneral objective Make laws easy"
            " to find.\n\nBrief description of the initiative A portal.",
            {"problem": "Laws are hard to find.", "solution": "Make laws easy to find."},
            id="headings-followed-by-text-on-the-same-line",
        ),
        pytest.param(
            "Brief description of commitment (140-character limit): A portal.",
            {"solution": "A portal."},
            id="heading-with-bracketed-note",
        ),
    ],
)
def test_labelled_parts(text, expected):
    assert split_template(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Main objective: Open the data.\nMilestones\n1. Draft the law.\nStart date: January 2020\n"
            "End date: June 2021",
            {"solution": "Open the data."},
            id="milestones-and-dates",
        ),
        pytest.param(
            "Expected outcome: Better laws.\nLead implementing agency: Ministry of Justice\n"
            "Contact information: someone@example.org\nOther actors involved: NGOs",
            {"expected_results": "Better laws."},
            id="agency-and-contact",
        ),
        pytest.param(
            "THEME: Open data; COMMITMENT 9: Draft a bylaw; Main objective: Keep the guidelines.",
            {"solution": "Keep the guidelines."},
            id="theme-and-commitment-number",
        ),
        pytest.param(
            "What is the commitment? Publish laws. Ambition: All laws online. OGP challenge: Integrity.",
            {"solution": "Publish laws."},
            id="ambition-and-ogp-challenge",
        ),
    ],
)
def test_unreturned_labels_end_the_previous_part(text, expected):
    assert split_template(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n ", id="blank"),
        pytest.param("Publish budgets in open formats.", id="one-sentence"),
        pytest.param(
            "Taking steps to adopt laws on: charity; peaceful assemblies; local referendums.\n"
            "The ministry will consult the public before submitting the draft.",
            id="prose",
        ),
        pytest.param(
            "We set out the main objective: to publish every budget,"
            " and the expected results: more scrutiny.",
            id="label-words-in-mid-sentence",
        ),
        pytest.param("Main objective:\nAmbition: High.", id="only-an-empty-part"),
    ],
)
def test_unlabelled_text_gives_nothing(text):
    assert split_template(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Budgets are closed. Main objective: Open them.", {"solution": "Open them."}, id="after-full-stop"
        ),
        pytest.param(
            "Budgets are closed; main objective: open them", {"solution": "open them"}, id="after-semicolon"
        ),
        pytest.param(
            "Budgets are closed\n  Main objective: Open them.", {"solution": "Open them."}, id="line-start"
        ),
        pytest.param("The plan has one main objective: open budgets.", {}, id="mid-sentence"),
        pytest.param("Closed budgets and the main objective: open budgets.", {}, id="after-lowercase-word"),
    ],
)
def test_labels_only_at_a_label_position(text, expected):
    assert split_template(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Main objective: First aim.\nBrief description of commitment: Second text.",
            {"solution": "First aim."},
            id="two-labels-for-one-key",
        ),
        pytest.param(
            "Relevance: Transparency.\nRelevance: Participation.",
            {"ogp_relevance": "Transparency."},
            id="same-label-twice",
        ),
        pytest.param(
            "Main objective:\nBrief description of commitment: The real text.",
            {"solution": "The real text."},
            id="empty-first-part-gives-way",
        ),
        pytest.param(
            "Description of commitment\nStatus quo or problem addressed by the commitment\nNo data.\n"
            "Main objective\nOpen data.",
            {"problem": "No data.", "solution": "Open data."},
            id="section-heading-then-its-parts",
        ),
    ],
)
def test_duplicate_labels_keep_the_first_non_empty_part(text, expected):
    assert split_template(text) == expected


def test_no_empty_values():
    text = (
        "Status quo or problem addressed by the commitment: ; Main objective:   \nRelevance:\nAmbition: Big."
    )
    assert split_template(text) == {}


def test_performance_on_long_texts():
    labelled = "\n\n".join(SAMPLE_TEXTS.values())  # about 230 kB, many labels
    pathological = [
        "a" * 30_000,
        "\n" + " " * 30_000 + "x",
        ". " * 15_000,
        "What is the problem " * 1_500,
        ("Main objective " * 2_000)[:30_000],
    ]
    started = time.perf_counter()
    for text in [labelled, *pathological]:
        split_template(text)
    assert time.perf_counter() - started < 2


# ----- the real sample -----


def test_sample_row_rs0022():
    parts = split_template(SAMPLE_TEXTS["RS0022"])
    assert parts["problem"].startswith("The eGovernment Directorate has been evaluating")
    assert parts["solution"].startswith("The aim is to keep the Guidelines")


@pytest.mark.parametrize("commitment_id", sorted(SAMPLE_TEXTS))
def test_sample_values_are_taken_from_the_full_text(commitment_id):
    full_text = SAMPLE_TEXTS[commitment_id]
    parts = split_template(full_text)
    assert set(parts) <= set(KEYS)
    for value in parts.values():
        assert value
        assert value == value.strip()
        assert _normalise(value) in _normalise(full_text)


# The keys found in each sample row; rows not listed have no labels split_template uses.
ALL = {"problem", "solution", "expected_results", "ogp_relevance"}
SAMPLE_KEYS = {
    "UA0068": {"expected_results"},  # "…(by consent). Expected results: …"
    "AR0045": {"problem", "solution", "ogp_relevance"},  # "Status quo o problema…: …; Objetivo principal: …"
    "AR0048": {"problem", "solution", "ogp_relevance"},
    "AR0055": {"problem", "solution", "ogp_relevance"},
    "AR0077": {"problem", "solution", "ogp_relevance"},
    "AR0094": ALL,  # "What is the public problem that the commitment will address?" …
    "AR0096": ALL,
    "CO0119": {"problem", "solution"},  # "¿Cuál es el problema que el compromiso busca abordar?"
    "FR0001": {"problem", "solution"},  # "STAKES", "ROADMAP"
    "FR0015": {"problem", "solution"},
    "FR0026": {"problem", "solution"},
    "UK0098": {"problem", "solution"},  # "Objective To improve…"; its "How will…?" follows a lowercase word
    "BUE0009": {"problem", "solution", "ogp_relevance"},  # "Status quo / Issue to be Addressed In general…"
    "MAD0005": {"problem", "solution"},  # "Issue to be addressed:", "Primary objective:"
    "SCO0001": {"problem", "solution"},
    "MW0006": {*ALL, "causes"},  # OGP's 2022 template, numbered questions
    "AM0051": {*ALL, "causes"},
    "PY0054": ALL,  # "¿Cuál es la problemática que el compromiso aborda?" …
    "PY0056": ALL,
    "MN0044": {"solution"},  # "Main objective:", "Ambition:", "Milestones:"
    "MN0049": ALL,  # "Statement of public problem 1/ …"
    "ME0071": ALL,  # "What public problem does the measure address?" …
    "MO0051": ALL,
    "MO0024": {"problem", "solution", "ogp_relevance"},
    "MK0141": {"problem", "solution"},  # headings on their own lines
    "KR0060": ALL,
    "KR0056": ALL,
    "RS0022": {"problem", "solution", "ogp_relevance"},
    "RS0033": ALL,  # labels broken over lines
    "ES0098": ALL,
    "PH0056": {"problem", "solution"},
    "HR0031": ALL,
    "HR0051": ALL,
    "JO0048": {"problem", "solution", "ogp_relevance"},
    "AL0072": ALL,
    "GH0050": ALL,
    "KG0022": ALL,
    "SL0033": ALL,
}


@pytest.mark.parametrize("commitment_id", sorted(SAMPLE_TEXTS))
def test_sample_keys(commitment_id):
    assert set(split_template(SAMPLE_TEXTS[commitment_id])) == SAMPLE_KEYS.get(commitment_id, set())
