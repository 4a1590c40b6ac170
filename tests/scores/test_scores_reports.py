"""Civil-society scores in the PDF reports, and the shadow report through the report pipeline."""

from __future__ import annotations

import html
import re
from unittest import mock

from django.core.management import call_command
from django.test import Client
from django.utils import translation

from reports.build import kind_of, report_html
from reports.models import Report
from reports.versions import data_version
from tests.reports.conftest import pdf_text

from .score_fixtures import approved_update, organisation, published_score, reply, scoring_round


def html_of(page, language: str = "en") -> str:
    version, changed = data_version(page)
    report = Report(
        kind=kind_of(page), page=page, language=language, version=version, data_changed_at=changed
    )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", report_html(report))))


def scored(world):
    approved_update(world, status="met", percent_complete=100)
    round = scoring_round(world)
    watchdog = organisation("Watchdog")
    score = published_score(
        world,
        round,
        watchdog,
        completion="limited",
        potential_for_results="modest",
        verdicts={world.milestone: ("contest", "The datasets are not online.")},
    )
    return round, watchdog, score


def test_the_commitment_and_plan_reports_carry_civil_society(world):
    scored(world)
    text = html_of(world.commitment)
    assert "Who says what" in text and "Watchdog" in text
    assert "Divergence: Watchdog rates completion 2 steps below the government's report." in text
    plan_text = html_of(world.commitment.get_parent().specific)
    assert "Civil-society scorecard" in plan_text and "Mid-term 2026" in plan_text
    assert "1 score on 1 commitments; median completion: Limited." in plan_text


def test_a_new_score_or_reply_makes_a_new_report_version(world):
    *_rest, score = scored(world)
    before = data_version(world.commitment)[0]
    reply(world, score)
    assert data_version(world.commitment)[0] != before


def work():
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def test_the_shadow_report_downloads_in_the_reports_language(world, django_capture_on_commit_callbacks):
    round, watchdog, _score = scored(world)
    client = Client()
    plan_page = client.get(world.commitment.get_parent().url).content.decode()
    assert "Shadow report by Watchdog (PDF)" in plan_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/reports/", {"round": round.pk, "organisation": watchdog.pk})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.page_id, report.scoring_round, report.organisation) == (
        "shadow",
        world.commitment.get_parent().pk,
        round,
        watchdog,
    )
    work()
    report.refresh_from_db()
    assert report.status == "ready", report.error
    download = client.get(f"/es/reports/{report.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "watchdog" in download["Content-Disposition"]
    text = pdf_text(b"".join(download.streaming_content))
    assert "Watchdog: informe en la sombra" in text
    assert "TS0001" in text and "Limitado" in text
    assert "The datasets are not online." in text  # its own words stay as written
    # Same data: the stored file at once.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/es/reports/", {"round": round.pk, "organisation": watchdog.pk})
    assert again.headers["Location"] == f"/es/reports/{report.pk}/download/"


def test_no_shadow_report_without_a_published_score(world):
    round, watchdog, _score = scored(world)
    client = Client()
    other = organisation("Silent")
    response = client.post("/en/reports/", {"round": round.pk, "organisation": other.pk})
    assert response.status_code == 404
    assert "That organisation has published no score in that round." in response.content.decode()
    assert client.post("/en/reports/", {"round": "x", "organisation": watchdog.pk}).status_code == 400
    assert Report.objects.count() == 0


def test_the_shadow_report_in_english(world):
    round, watchdog, _score = scored(world)
    plan = world.commitment.get_parent().specific
    report = Report(
        kind="shadow", page=plan, language="en", version="x", scoring_round=round, organisation=watchdog
    )
    with translation.override("en"):
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", report_html(report))))
    assert "Watchdog: shadow report on" in text and "Mid-term 2026" in text
    assert "Watchdog rates completion 2 steps below the government's report." in text
    assert "Commitments scored 1 / 1" in text


def test_pruning_keeps_each_organisations_newest_shadow_report(world):
    import datetime

    from django.utils import timezone

    from reports.maintenance import reports_prune

    round, watchdog, _score = scored(world)
    academy = organisation("Academy", "academia")
    published_score(world, round, academy, completion="complete")
    plan = world.commitment.get_parent()
    old = timezone.now() - datetime.timedelta(days=30)
    made = {}
    for org, version in ((watchdog, "a"), (academy, "b"), (watchdog, "c")):
        made[version] = Report.objects.create(
            kind="shadow",
            page=plan,
            language="en",
            version=version,
            status="ready",
            scoring_round=round,
            organisation=org,
        )
        Report.objects.filter(pk=made[version].pk).update(
            created_at=old + datetime.timedelta(minutes=len(made))
        )
    assert reports_prune(older_than=datetime.timedelta(days=1)) == 1
    assert set(Report.objects.values_list("version", flat=True)) == {"b", "c"}
