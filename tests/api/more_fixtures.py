"""A record for the scores, cases, practices and events endpoints: one public item of each kind
with its parts, and every kind of private item, each carrying a marker (``MORE_SECRETS``) that
no response may contain."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

from commitments import services as record
from commitments.cases import services as cases
from commitments.cases.models import Case, Category, ShownAs
from commitments.fieldwork import services as fieldwork
from commitments.fieldwork.models import Consultation, SiteVisit
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues
from commitments.scores import services as scores
from commitments.scores.models import Score, ScoringRound
from commitments.scores.services import VerdictInput
from peers.models import PracticePage
from peers.talk import services as talk
from peers.talk.models import EventMaterial, EventPage
from tests.cases.fixtures import jpeg_with_gps
from tests.commitments.scores_fixtures import COMPLETE, ScoresWorld, build_scores_world
from tests.peers.conftest import build_peers_tree, make_practice
from tests.peers.talk_fixtures import make_event
from tracker.models import Membership, Sector

# The endpoints this record serves (tests/api/test_more_*.py).
MORE_ENDPOINTS = ["rounds", "scores", "cases", "visits", "consultations", "practices", "events"]
MORE_SECRETS = {
    "a score's revision draft": "SECRET-REVISION-DRAFT",
    "an unpublished score": "SECRET-UNPUBLISHED-SCORE",
    "a hidden score's text": "SECRET-HIDDEN-SCORE",
    "a hidden reply's text": "SECRET-HIDDEN-REPLY",
    "a score of a members-only commitment": "SECRET-PRIVATE-COMMITMENT-SCORE",
    "an anonymous filer's username": "secret-filer",
    "a hidden case's text": "SECRET-HIDDEN-CASE",
    "a hidden case's evidence": "secret-hidden-evidence.example",
    "a case of a members-only commitment": "SECRET-PRIVATE-CASE",
    "a hidden visit's text": "SECRET-HIDDEN-VISIT",
    "a visit to a members-only commitment": "SECRET-PRIVATE-VISIT",
    "a consultation on a members-only commitment": "SECRET-PRIVATE-CONSULTATION",
    "a draft practice": "SECRET-DRAFT-PRACTICE",
    "a members-only practice": "SECRET-RESTRICTED-PRACTICE",
    "a draft event": "SECRET-DRAFT-EVENT",
    "an online event's link to join": "secret-join.example",
    "a registrant's username": "secret-registrant",
    "a members-only question": "SECRET-MEMBERS-ONLY-QUESTION",
    "an email address": "@example.org",
    "the members-only commitment": "TS0903",
}


@dataclass
class MoreRecord:
    sw: ScoresWorld
    score: Score
    hidden_score: Score
    draft_score: Score
    private_score: Score
    anonymous_case: Case
    organisation_case: Case
    hidden_case: Case
    overdue_case: Case
    private_case: Case
    visit: SiteVisit
    hidden_visit: SiteVisit
    consultation: Consultation
    plan_consultation: Consultation
    practice: PracticePage
    translation: PracticePage
    event: EventPage
    network: object
    hidden_ids: dict = field(default_factory=dict)

    @property
    def world(self):
        return self.sw.world


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def organisation_with_admin(name: str, username: str, sector=Sector.CIVIL_SOCIETY):
    organisation, _ = record.organisation_get_or_create(name=name, sector=sector)
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    return organisation, user


def publish_score(sw: ScoresWorld, organisation, author, commitment=None, verdicts=None, **values) -> Score:
    score = scores.score_draft_save(
        actor=author,
        values={**COMPLETE, **values},
        round=sw.round,
        commitment=commitment or sw.commitment,
        organisation=organisation,
        verdicts=verdicts,
    )
    scores.score_sign_off(actor=author, score=score)
    return Score.objects.get(pk=score.pk)


def _restricted(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS).groups.set(
        [Group.objects.first()]
    )


def build_more_record() -> MoreRecord:
    sw = build_scores_world()
    world = sw.world
    poc, staff = world.user("poc"), world.user("staff")
    plan = world.commitment.get_parent().specific
    private, _ = record.commitment_page_upsert(plan=plan, ogp_id="TS0903", values={"title": "Restricted"})

    # Scores: Watchdog's, published twice (contesting a milestone), replied to, then a revision
    # drafted; Lone Analyst's, hidden by moderators (its reply hidden too); a draft never
    # published; a published score of a commitment that is then restricted to members.
    author, admin = sw.user("civil_society"), sw.user("org_admin")
    watchdog = sw.organisations["watchdog"]
    contest = [
        VerdictInput(
            milestone=sw.milestone,
            verdict="contest",
            reason="The datasets are empty.",
            evidence_url="https://example.net/empty",
        )
    ]
    score = scores.score_draft_save(
        actor=author,
        values={**COMPLETE, "completion": "not_started"},
        round=sw.round,
        commitment=sw.commitment,
        organisation=watchdog,
        verdicts=contest,
    )
    scores.score_sign_off(actor=admin, score=score)
    score = scores.score_revise(actor=author, score=Score.objects.get(pk=score.pk))
    scores.score_draft_save(actor=author, score=score, values={"completion": "limited"}, verdicts=contest)
    scores.score_sign_off(actor=admin, score=Score.objects.get(pk=score.pk))
    scores.reply_post(actor=poc, score=Score.objects.get(pk=score.pk), text="We published them on Monday.")
    score = scores.score_revise(actor=author, score=Score.objects.get(pk=score.pk))
    scores.score_draft_save(
        actor=author,
        score=score,
        values={"completion_justification": MORE_SECRETS["a score's revision draft"]},
    )

    solo = sw.user("solo")
    hidden = publish_score(
        sw,
        sw.organisations["solo"],
        solo,
        completion="not_started",
        completion_justification=MORE_SECRETS["a hidden score's text"],
    )
    reply = scores.reply_post(actor=poc, score=hidden, text=MORE_SECRETS["a hidden reply's text"])
    scores.score_hide(actor=staff, score=hidden, reason="It named a civil servant.")
    scores.reply_hide(actor=staff, reply=reply, reason="It answered a hidden score.")

    second, second_admin = organisation_with_admin("Second Watch", "second-admin")
    draft = scores.score_draft_save(
        actor=second_admin,
        values={**COMPLETE, "completion_justification": MORE_SECRETS["an unpublished score"]},
        round=sw.round,
        commitment=sw.commitment,
        organisation=second,
    )
    private_score = publish_score(
        sw,
        second,
        second_admin,
        commitment=private,
        completion_justification=MORE_SECRETS["a score of a members-only commitment"],
    )

    # Cases: one filed as "a verified person", one as an organisation (acknowledged and answered),
    # one hidden by moderators, one overdue, one on the members-only commitment.
    filer = verified(
        get_user_model().objects.create_user(username="secret-filer", email="secret-filer@example.org")
    )
    verified(author)
    anonymous = cases.case_file(
        filer=filer,
        commitment=sw.commitment,
        milestone=sw.milestone,
        category=Category.DELAY,
        description="The portal has been offline for a month.",
        shown_as=ShownAs.VERIFIED_PERSON,
        evidence_url="https://example.net/screenshot",
    )
    cases.case_acknowledge(case=anonymous, actor=poc, text="We are looking into it.")
    cases.case_answer(
        case=Case.objects.get(pk=anonymous.pk),
        actor=poc,
        text="Back online since Monday.",
        evidence_url="https://example.net/log",
    )
    cases.case_rate(
        case=Case.objects.get(pk=anonymous.pk), actor=filer, rating=2, accept=False, text="Still slow."
    )
    by_organisation = cases.case_file(
        filer=author,
        commitment=sw.commitment,
        category=Category.ACCESS_TO_INFORMATION,
        description="The contracts are not published.",
        shown_as=ShownAs.ORGANISATION,
        filer_organisation=watchdog,
    )
    hidden_case = cases.case_file(
        filer=filer,
        commitment=sw.commitment,
        category=Category.OTHER,
        description=MORE_SECRETS["a hidden case's text"],
        evidence_url="https://secret-hidden-evidence.example/file",
    )
    cases.case_hide(case=hidden_case, actor=staff, reason="Personal data removed.")
    overdue = cases.case_file(
        filer=filer,
        commitment=sw.commitment,
        category=Category.COST,
        description="The cost tripled.",
        now=timezone.now() - datetime.timedelta(days=40),
    )
    private_case = cases.case_file(
        filer=filer,
        commitment=private,
        category=Category.DELAY,
        description=MORE_SECRETS["a case of a members-only commitment"],
    )

    # Site visits: one with a photo carrying GPS and camera EXIF, one hidden, one to the
    # members-only commitment; consultations on the commitment, on the plan, and on the
    # members-only commitment.
    visit = fieldwork.site_visit_record(
        milestone=sw.milestone,
        author=filer,
        visited_on=timezone.localdate(),
        observations="The site is closed.",
        observed_status="notMet",
        photos=[photo_clean(jpeg_with_gps())],
    )
    hidden_visit = fieldwork.site_visit_record(
        milestone=sw.milestone,
        author=filer,
        visited_on=timezone.localdate(),
        observations=MORE_SECRETS["a hidden visit's text"],
        observed_status="met",
        photos=[photo_clean(jpeg_with_gps())],
    )
    fieldwork.site_visit_hide(visit=hidden_visit, actor=staff, reason="It showed a face.")
    fieldwork.site_visit_record(
        milestone=record.milestone_create(commitment=private, title="Private step"),
        author=filer,
        visited_on=timezone.localdate(),
        observations=MORE_SECRETS["a visit to a members-only commitment"],
        observed_status="met",
    )
    said = [
        InputValues(
            said="Publish the contracts.", sector="civil_society", answer="adopted", reason="Done in May."
        )
    ]
    consultation = fieldwork.consultation_save(
        actor=poc,
        subject=sw.commitment,
        held_on=timezone.localdate(),
        format="online",
        summary="The portal's design.",
        participants={"government": 3, "civil_society": 5},
        inputs=said,
    )
    plan_consultation = fieldwork.consultation_save(
        actor=poc,
        subject=plan,
        held_on=timezone.localdate(),
        format="in_person",
        summary="The whole plan.",
        participants={"business": 2},
        inputs=[InputValues(said="Fewer forms.")],
    )
    fieldwork.consultation_save(
        actor=poc,
        subject=private,
        held_on=timezone.localdate(),
        format="written",
        summary=MORE_SECRETS["a consultation on a members-only commitment"],
        participants={},
        inputs=[],
    )
    _restricted(private)

    # Peers: a published practice (and its Spanish translation) linked to the public commitment
    # and the members-only one; a draft practice; a members-only practice; an event with a
    # material and a registration; a draft event; a members-only question.
    tree = build_peers_tree()
    network = tree.network
    area = record.policy_areas_ensure(["Open Contracting"])[0]["Open Contracting"]
    practice = make_practice(
        network,
        "Open contracting portal",
        links=[sw.commitment, private],
        areas=[area],
        stages=["tender"],
        countries="AR,MX",
        summary="One portal for every contract.",
        results="Twice as many bidders.",
        contact="The procurement office.",
    )
    translation = make_practice(
        network,
        "Portal de contrataciones abiertas",
        language="es",
        translation_of=practice,
        slug="portal-es",
    )
    make_practice(network, MORE_SECRETS["a draft practice"], live=False, slug="draft-practice")
    _restricted(make_practice(network, MORE_SECRETS["a members-only practice"], slug="restricted-practice"))
    event = make_event(
        network,
        capacity=20,
        summary="How to publish OCDS.",
        online_url="https://secret-join.example/room",
        recording_url="https://example.net/recording",
    )
    EventMaterial.objects.create(event=event, label="Slides", url="https://example.net/slides")
    registrant = verified(
        get_user_model().objects.create_user(
            username="secret-registrant", email="secret-registrant@example.org"
        )
    )
    talk.registration_create(event=event, user=registrant)
    draft_event = make_event(network, slug="draft-event", title=MORE_SECRETS["a draft event"])
    draft_event.unpublish()
    from peers.talk.models import Question

    Question.objects.create(
        network=network, author=registrant, title=MORE_SECRETS["a members-only question"], members_only=True
    )
    assert ScoringRound.objects.count() == 1
    return MoreRecord(
        sw=sw,
        score=Score.objects.get(pk=score.pk),
        hidden_score=hidden,
        draft_score=draft,
        private_score=private_score,
        anonymous_case=Case.objects.get(pk=anonymous.pk),
        organisation_case=by_organisation,
        hidden_case=hidden_case,
        overdue_case=overdue,
        private_case=private_case,
        visit=visit,
        hidden_visit=hidden_visit,
        consultation=consultation,
        plan_consultation=plan_consultation,
        practice=practice,
        translation=translation,
        event=EventPage.objects.get(pk=event.pk),
        network=network,
        hidden_ids={"draft event": draft_event.pk, "organisation": watchdog.pk},
    )
