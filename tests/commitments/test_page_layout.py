"""The commitment page's hierarchy: the short title is the heading, the full title follows, the
state comes at a glance near the top, and every action sits in one group (not in Red flags)."""

from __future__ import annotations

import datetime
import re

import pytest

from commitments import services
from commitments.models import CommitmentPage

pytestmark = pytest.mark.django_db


def _section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id`` (sections here do not nest)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S)
    assert match, heading_id
    return match[0]


def _words(html: str) -> str:
    """The visible words (a <progress> bar's fallback text is not shown where bars are)."""
    html = re.sub(r"<progress[^>]*>.*?</progress>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def commitment(imported_once):
    page = CommitmentPage.objects.get(ogp_id="FR0026")
    services.milestone_create(commitment=page, title="Decree published", status="met")
    services.milestone_create(
        commitment=page, title="Training delivered", end_date=datetime.date(2017, 6, 30)
    )
    return page


@pytest.mark.parametrize(
    ("language", "glance", "flag", "actions"),
    [
        ("en", "Progress 50% 1 of 2 met; 1 late.", "Milestone overdue", "Download PDF"),
        ("es", "Avance 50% 1 de 2 cumplidos; 1 con retraso.", "Hito vencido", "Descargar PDF"),
    ],
)
def test_the_short_title_heads_the_page_and_the_state_and_actions_come_first(
    client, commitment, language, glance, flag, actions
):
    html = client.get(re.sub(r"^/(en|es)/", f"/{language}/", commitment.url)).content.decode()

    assert re.search(r"<h1>\s*Protect Against Conflicts of Interest\s*</h1>", html)
    full_title = re.search(r'<p class="page-head__full">(.*?)</p>', html, flags=re.S)[1]
    assert full_title.startswith("Instill a Greater Sense of Responsibility")

    at_a_glance = _words(_section(html, "glance-heading"))
    assert glance in at_a_glance
    assert 'value="50"' in _section(html, "glance-heading")  # the progress bar
    assert "★" in at_a_glance  # the IRM starred it
    assert f'<a class="flag-chip" href="#flags-heading">{flag}</a>' in _section(html, "glance-heading")

    group = _section(html, "actions-heading")
    assert actions in _words(group)
    assert actions not in _words(_section(html, "flags-heading"))
    # Glance, then actions, then the sections that explain them.
    assert html.index("glance-heading") < html.index("actions-heading") < html.index('id="flags-heading"')
    assert (
        html.index('id="flags-heading"')
        < html.index('id="irm-heading"')
        < html.index('id="milestones-heading"')
    )
