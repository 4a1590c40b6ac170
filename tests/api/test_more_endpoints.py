"""The endpoints of civil-society scores, scoring rounds, feedback cases, practices and events:
what they show (as the public pages do), their filters, read-only-ness and conditional answers."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from PIL import Image

from django.utils import timezone

from commitments.api.scores import ReplySerializer
from commitments.cases import services as cases
from commitments.scores import services as scores
from commitments.scores.models import Score

from .more_fixtures import MORE_ENDPOINTS
from .test_api import every


def test_root_lists_the_new_endpoints(client, db):
    body = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    for endpoint in MORE_ENDPOINTS:
        assert body[endpoint] == f"http://testserver/api/v1/{endpoint}/"


def test_scores_and_rounds_as_the_scores_page_shows_them(client, more):
    rounds = every(client, "/api/v1/rounds/")
    assert [(r["name"], r["action_plan"], r["is_open"]) for r in rounds] == [("Mid-term", "AP_TST01", True)]
    assert every(client, "/api/v1/rounds/", action_plan="ap_oth01") == []

    listed = every(client, "/api/v1/scores/")
    assert [s["organisation_name"] for s in listed] == ["Watchdog", "Lone Analyst"]
    score = client.get(f"/api/v1/scores/{more.score.pk}/").json()
    assert score == listed[0]
    assert (score["round_name"], score["commitment"], score["organisation_sector"]) == (
        "Mid-term",
        "TS0001",
        "civil_society",
    )
    # The latest published version, not the revision being drafted.
    current = score["current"]
    assert (current["version"], current["completion"]) == (2, "limited")
    assert current["completion_justification"] == "Only two of ten datasets are online."
    assert current["potential_for_results"] == "modest" and current["early_results"] == "no_notable"
    assert current["evidence_url"] == "https://example.org/watchdog-report"
    assert current["self_signed"] is False
    assert [(v["milestone_title"], v["verdict"], v["reason"]) for v in current["verdicts"]] == [
        ("Data published", "contest", "The datasets are empty.")
    ]
    assert current["verdicts"][0]["update"] == more.sw.update.pk
    assert [(v["version"], v["completion"]) for v in score["earlier_versions"]] == [(1, "not_started")]
    assert score["reply"]["text"] == "We published them on Monday." and score["reply"]["hidden"] is False
    assert score["url"] == f"http://testserver/en/commitments/TS0001/scores/#score-{more.score.pk}"


def test_a_hidden_score_is_a_stub_with_the_public_reason(client, more):
    stub = client.get(f"/api/v1/scores/{more.hidden_score.pk}/").json()
    assert stub["hidden"] is True
    assert stub["hidden_reason"] == "It named a civil servant."
    assert stub["organisation_name"] == "Lone Analyst"
    assert stub["current"] is None and stub["earlier_versions"] == []
    assert stub["reply"]["hidden"] is True
    assert stub["reply"]["hidden_reason"] == "It answered a hidden score."
    assert stub["reply"]["text"] is None


def test_unpublished_and_private_scores_are_not_found(client, more):
    for score in (more.draft_score, more.private_score):
        assert client.get(f"/api/v1/scores/{score.pk}/").status_code == 404
    assert client.get("/api/v1/scores/nope/").status_code == 404


def test_scores_filter_by_commitment_round_and_organisation(client, more):
    watchdog = more.sw.organisations["watchdog"].pk
    assert [s["id"] for s in every(client, "/api/v1/scores/", organisation=watchdog)] == [more.score.pk]
    assert len(every(client, "/api/v1/scores/", commitment="ts0001", round=more.sw.round.pk)) == 2
    assert every(client, "/api/v1/scores/", commitment="OT0001") == []
    assert client.get("/api/v1/scores/", {"round": "x"}).status_code == 400


def test_cases_as_the_case_page_shows_them(client, more):
    number = more.anonymous_case.number
    case = client.get(f"/api/v1/cases/{number}/").json()
    assert (case["category"], case["state"], case["rating"]) == ("delay", "escalated", 2)
    assert case["filed_by"] == "A verified person" and case["filed_by_organisation"] is None
    assert (case["addressed_to_name"], case["milestone_title"]) == ("Open Data Lab", "Data published")
    assert case["description"] == "The portal has been offline for a month."
    assert case["url"] == f"http://testserver/en/cases/{number}/"
    assert [(e["action"], e["actor"], e["text"]) for e in case["events"]] == [
        ("filed", "A verified person", "The portal has been offline for a month."),
        ("acknowledged", "Point of contact, Testland", "We are looking into it."),
        ("answered", "Point of contact, Testland", "Back online since Monday."),
        ("rated", "A verified person", "2"),
        ("escalated", "A verified person", "Still slow."),
    ]
    by_organisation = client.get(f"/api/v1/cases/{more.organisation_case.number}/").json()
    assert by_organisation["filed_by"] == "Watchdog"
    assert by_organisation["filed_by_organisation"] == more.sw.organisations["watchdog"].pk
    assert client.get("/api/v1/cases/999/").status_code == 404
    assert client.get("/api/v1/cases/abc/").status_code == 404


def test_a_hidden_case_keeps_its_steps_without_its_text(client, more):
    case = client.get(f"/api/v1/cases/{more.hidden_case.number}/").json()
    assert case["hidden"] is True and case["hidden_reason"] == "Personal data removed."
    assert case["description"] is None
    filed, hidden = case["events"]
    assert (filed["action"], filed["text"], filed["evidence_url"]) == ("filed", None, "")
    assert (hidden["action"], hidden["actor"], hidden["text"]) == (
        "hidden",
        "Site staff",
        "Personal data removed.",
    )


def test_cases_filter_as_the_case_list_does(client, more):
    def numbers(**params):
        return [c["number"] for c in every(client, "/api/v1/cases/", **params)]

    anonymous, organisation = more.anonymous_case.number, more.organisation_case.number
    hidden, overdue = more.hidden_case.number, more.overdue_case.number
    assert numbers() == [anonymous, organisation, hidden, overdue]  # never the private commitment's
    assert numbers(state="escalated") == [anonymous]
    assert numbers(state=["escalated", "filed"]) == [anonymous, organisation, hidden, overdue]
    assert numbers(category="cost") == [overdue]
    assert numbers(overdue="yes") == [overdue]
    assert numbers(member="TST") == [anonymous, organisation, hidden, overdue]
    assert numbers(organisation=more.anonymous_case.addressed_to_id, category="delay") == [anonymous]
    assert numbers(commitment="ot0001") == []
    response = client.get("/api/v1/cases/", {"state": "lost"})
    assert response.status_code == 400 and "state" in response.json()


def test_practices_as_the_library_shows_them(client, more):
    practices = every(client, "/api/v1/practices/")
    assert [p["title"] for p in practices] == ["Open contracting portal", "Portal de contrataciones abiertas"]
    practice = client.get(f"/api/v1/practices/{more.practice.pk}/").json()
    assert practice == practices[0]
    assert practice["network"] == "contracting-5"
    assert practice["policy_areas"] == ["open-contracting"] and practice["ocds_stages"] == ["tender"]
    assert practice["countries"] == ["AR", "MX"]
    assert practice["commitments"] == [{"commitment": "TS0001", "note": ""}]  # not the members-only one
    assert practice["translations"] == [more.translation.pk]
    assert practices[1]["translations"] == [more.practice.pk]
    assert practice["results"] == "Twice as many bidders."
    assert practice["url"].endswith("/en/peers/contracting-5/open-contracting-portal/")


def test_practices_filter_as_the_library_does(client, more):
    def titles(**params):
        return [p["title"] for p in every(client, "/api/v1/practices/", **params)]

    assert titles(language="es") == ["Portal de contrataciones abiertas"]
    assert titles(policy_area="open-contracting", stage="tender", country="MX", network="contracting-5") == [
        "Open contracting portal"
    ]
    assert titles(country="FR") == []
    assert client.get("/api/v1/practices/", {"language": "xx"}).status_code == 400


def test_events_as_their_pages_show_them(client, more):
    events = every(client, "/api/v1/events/")
    assert [e["title"] for e in events] == ["OCDS training"]
    event = client.get(f"/api/v1/events/{more.event.pk}/").json()
    assert event == events[0]
    assert (event["kind"], event["format"], event["time_zone"]) == (
        "training",
        "online",
        "America/Argentina/Buenos_Aires",
    )
    assert (event["capacity"], event["places_taken"], event["waiting"]) == (20, 1, 0)
    assert event["starts_at"] == more.event.starts_at.isoformat().replace("+00:00", "Z")
    assert event["materials"] == [{"label": "Slides", "url": "https://example.net/slides"}]
    assert event["calendar"] == "http://testserver/peers/contracting-5/events.ics"
    assert client.get(event["calendar"]).status_code == 200
    assert "online_url" not in event
    assert every(client, "/api/v1/events/", kind="event") == []
    assert len(every(client, "/api/v1/events/", network="contracting-5", kind="training")) == 1
    assert client.get(f"/api/v1/events/{more.hidden_ids['draft event']}/").status_code == 404


@pytest.mark.parametrize("endpoint", MORE_ENDPOINTS)
def test_read_only(client, more, endpoint):
    item = client.get(f"/api/v1/{endpoint}/").json()["results"][0]
    urls = [f"/api/v1/{endpoint}/", item["api_url"]]
    for url in urls:
        assert client.post(url, {}, content_type="application/json").status_code == 405
        assert client.put(url, {}, content_type="application/json").status_code == 405
        assert client.patch(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405


def test_conditional_answers_follow_scores_and_cases(client, more):
    def etag(url):
        response = client.get(url)
        assert response.status_code == 200
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        return response["ETag"]

    scores_url, cases_url = "/api/v1/scores/", "/api/v1/cases/"
    before = etag(scores_url), etag(cases_url), etag("/api/v1/rounds/"), etag("/api/v1/events/")
    score = Score.objects.get(pk=more.score.pk)
    scores.score_hide(actor=more.world.user("staff"), score=score, reason="Abuse")
    assert etag(scores_url) != before[0]
    assert client.get(scores_url).json()["results"][0]["current"] is None
    middle = etag(cases_url)
    cases.case_hide(case=more.organisation_case, actor=more.world.user("staff"), reason="Abuse")
    assert etag(cases_url) != middle
    round_before = etag("/api/v1/rounds/")
    scores.round_close(actor=more.world.user("staff"), round=more.sw.round)
    assert etag("/api/v1/rounds/") != round_before
    assert client.get("/api/v1/rounds/").json()["results"][0]["is_open"] is False
    events_before = etag("/api/v1/events/")
    from peers.talk.models import Registration

    Registration.objects.filter(event=more.event).update(status=Registration.Status.CANCELLED)
    Registration.objects.get(event=more.event).save()
    assert etag("/api/v1/events/") != events_before
    assert client.get("/api/v1/events/").json()["results"][0]["places_taken"] == 0


def test_site_visits_as_the_visits_page_shows_them(client, more):
    visits = every(client, "/api/v1/visits/")
    assert [v["id"] for v in visits] == [more.visit.pk, more.hidden_visit.pk]  # not the private one
    visit = client.get(f"/api/v1/visits/{more.visit.pk}/").json()
    assert visit == visits[0]
    assert (visit["commitment"], visit["milestone_title"]) == ("TS0001", "Data published")
    assert (visit["observations"], visit["observed_status"]) == ("The site is closed.", "notMet")
    assert visit["contradicts"] is True  # the approved status says otherwise
    assert (visit["latitude"], visit["longitude"], visit["location_source"]) == (
        pytest.approx(50.45, abs=0.001),
        pytest.approx(30.516667, abs=0.001),
        "photo",
    )
    [photo] = visit["photos"]
    for address in (photo["image"], photo["thumbnail"]):
        response = client.get(address)
        assert response.status_code == 200
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert dict(image.getexif()) == {}  # no camera, no GPS: the stripped copy
    hidden = visits[1]
    assert (hidden["hidden"], hidden["hidden_reason"]) == (True, "It showed a face.")
    assert hidden["observations"] is None and hidden["observed_status"] is None
    assert (hidden["latitude"], hidden["photos"], hidden["contradicts"]) == (None, [], False)
    assert every(client, "/api/v1/visits/", commitment="ot0001") == []


def test_consultations_say_you_said_we_did(client, more):
    consultations = every(client, "/api/v1/consultations/")
    assert [c["id"] for c in consultations] == [more.consultation.pk, more.plan_consultation.pk]
    consultation = client.get(f"/api/v1/consultations/{more.consultation.pk}/").json()
    assert (consultation["commitment"], consultation["action_plan"], consultation["format"]) == (
        "TS0001",
        "",
        "online",
    )
    assert sorted((p["sector"], p["count"]) for p in consultation["participants"]) == [
        ("civil_society", 5),
        ("government", 3),
    ]
    assert consultation["inputs"] == [
        {
            "said": "Publish the contracts.",
            "sector": "civil_society",
            "answer": "adopted",
            "reason": "Done in May.",
        }
    ]
    assert [c["id"] for c in every(client, "/api/v1/consultations/", action_plan="ap_tst01")] == [
        more.plan_consultation.pk
    ]
    assert [c["id"] for c in every(client, "/api/v1/consultations/", commitment="TS0001")] == [
        more.consultation.pk
    ]
    assert "recorded_by" not in consultation


def test_a_reply_offers_its_file_only_while_neither_it_nor_its_score_is_hidden():
    """The file view serves a reply's evidence only then; the API offers the address only then."""
    reply = SimpleNamespace(
        pk=7,
        hidden=False,
        hidden_reason="",
        text="See the file.",
        created_at=timezone.now(),
        evidence_file=SimpleNamespace(name="evidence/scores/reply.pdf"),
        evidence_url="",
    )
    shown = ReplySerializer(reply, context={"score_hidden": False}).data
    assert shown["evidence_file"].endswith("/en/scoring/evidence/reply/7/")
    assert ReplySerializer(reply, context={"score_hidden": True}).data["evidence_file"] == ""
    reply.hidden = True
    assert ReplySerializer(reply, context={"score_hidden": False}).data["evidence_file"] == ""
