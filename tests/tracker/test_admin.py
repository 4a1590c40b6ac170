"""Editors manage the record in Wagtail: snippets with search and filters, page editors."""

import pytest

from django.contrib.auth import get_user_model

from commitments.models import CommitmentPage
from tests.conftest import enable_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-enough-1")
    enable_totp(user)  # staff act in the admin only with two-factor on
    client.force_login(user)
    return client


def rows(response) -> str:
    """The listing's table body (filters and menus left out)."""
    html = response.content.decode()
    if 'class="listing' not in html:
        return ""  # no rows: Wagtail shows a "no results" message instead of a table
    start = html.index("<tbody", html.index('class="listing'))
    return html[start : html.index("</tbody>", start)]


def test_organisations_snippet_searches_and_filters_by_sector(editor_client, imported_once):
    url = "/admin/snippets/tracker/organisation/"
    found = rows(editor_client.get(url, {"q": "Justice"}))
    assert "Ministry of Justice" in found
    assert "State Fiscal Service" not in found
    civil = rows(editor_client.get(url, {"sector": "civil_society", "q": "Democratic"}))
    assert "The Democratic Society" in civil
    government = rows(editor_client.get(url, {"sector": "government", "q": "Democratic"}))
    assert "The Democratic Society" not in government


def test_policy_areas_snippet_lists_spanish_names_and_filters_by_parent(editor_client, imported_once):
    from commitments.models import PolicyArea

    parent = PolicyArea.objects.get(name="Anti-Corruption and Integrity")
    listing = rows(editor_client.get("/admin/snippets/commitments/policyarea/", {"parent": parent.pk}))
    assert "Contrataciones abiertas" in listing
    assert "Open Contracting" in listing
    assert "Gender" not in listing


def test_irm_assessments_are_listed_for_editors(editor_client, imported_once):
    listing = rows(editor_client.get("/admin/snippets/commitments/irmassessment/", {"q": "UA0087"}))
    assert "UA0087" in listing


def test_commitment_editor_has_milestones_and_stakeholders(editor_client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    response = editor_client.get(f"/admin/pages/{commitment.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_milestones-TOTAL_FORMS"' in html
    assert 'id="id_stakeholder_roles-TOTAL_FORMS"' in html
    assert "UA0087" in html


def test_visitors_cannot_reach_the_admin_or_edit(client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    response = client.post(f"/admin/pages/{commitment.pk}/edit/", {"title": "Hacked"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]
    commitment.refresh_from_db()
    assert commitment.title != "Hacked"


def test_signed_in_non_staff_cannot_use_the_admin(client, imported_once):
    user = get_user_model().objects.create_user("visitor", "v@example.org", "pw-long-enough-1")
    client.force_login(user)
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    client.post(f"/admin/pages/{commitment.pk}/edit/", {"title": "Hacked"})
    commitment.refresh_from_db()
    assert commitment.title != "Hacked"
    assert client.get("/admin/snippets/tracker/organisation/").status_code in (302, 403)
