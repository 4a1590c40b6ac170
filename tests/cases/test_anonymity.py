"""The public never learns who filed a case: not on its page, the list, the commitment's page,
the CSV export or the PDF report. Staff (and the filer) do; POCs and the forum do not."""

from __future__ import annotations

import pytest

from django.test import Client

from commitments.cases import services
from commitments.cases.models import ShownAs
from reports.build import report_html
from reports.render import render
from tests.reports.conftest import make_report, pdf_text
from tracker.models import Membership, Organisation

from .fixtures import answer, file_case

SECRETS = ("rosa-q", "Quispe")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def cases(world):
    filer = world.user("filer")
    filer.first_name, filer.last_name = "Rosa", "Quispe"
    filer.save()
    anonymous = answer(world, file_case(world, description="Portal offline."))
    services.case_rate(case=anonymous, actor=filer, rating=2, accept=False, text="Still offline.")
    union = Organisation.objects.create(name="Builders Union", sector="business")
    Membership.objects.create(user=filer, organisation=union)
    signed = file_case(
        world, shown_as=ShownAs.ORGANISATION, filer_organisation=union, description="Cost doubled."
    )
    return anonymous, signed


def public_texts(world, number: int, viewer=None) -> dict[str, str]:
    client = client_for(viewer)
    return {
        "case page": client.get(f"/en/cases/{number}/").content.decode(),
        "list": client.get("/en/cases/").content.decode(),
        "commitment page": client.get(world.commitment.url).content.decode(),
        "export": client.get("/en/cases/export.csv").content.decode(),
        "spanish page": client.get(f"/es/cases/{number}/").content.decode(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["visitor", "person", "poc", "reviewer", "civil_society"])
def test_nobody_but_staff_and_the_filer_sees_who_filed(world, cases, viewer):
    anonymous, _signed = cases
    for where, text in public_texts(world, anonymous.number, world.user(viewer)).items():
        for secret in SECRETS:
            assert secret not in text, (viewer, where, secret)
    texts = public_texts(world, anonymous.number)
    assert "A verified person" in texts["case page"] and "A verified person" in texts["export"]
    assert "Una persona verificada" in texts["spanish page"]
    assert "Builders Union" in texts["list"] and "Builders Union" in texts["export"]


@pytest.mark.django_db
def test_staff_and_the_filer_see_the_account_that_filed(world, cases):
    anonymous, _signed = cases
    for role in ("staff", "filer"):
        page = client_for(world.user(role)).get(f"/en/cases/{anonymous.number}/").content.decode()
        assert "rosa-q" in page and "only staff and the filer see this" in page


@pytest.mark.django_db
def test_the_pdf_report_shows_the_cases_without_the_filer(world, cases):
    anonymous, signed = cases
    html = report_html(make_report(world.commitment, "en"))
    assert f"#{anonymous.number}" in html and f"#{signed.number}" in html
    assert "Still offline." in html and "Builders Union" in html
    text = pdf_text(render(html).pdf)
    assert "Feedback cases" in text and "A verified person" in text
    for secret in SECRETS:
        assert secret not in html and secret not in text


@pytest.mark.django_db
def test_the_open_api_never_names_the_filer(world, cases):
    client = Client()
    for url in ("/api/v1/commitments/", "/api/v1/organisations/", "/api/v1/milestones/", "/api/v1/"):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, url
        for secret in SECRETS:
            assert secret not in response.content.decode(), (url, secret)
