"""Demo talk in Contracting 5 (after ``demo_peers``): a members-only question from Argentina
answered from Colombia with a link to a practice and accepted, a peer exchange, and a training.
Built on the talk's services; a second run changes nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import PolicyArea
from peers.models import NetworkPage, PracticePage
from peers.talk import services
from peers.talk.models import EventPage, Exchange, Question

QUESTION = "How did you get buyers to publish contract amendments on time?"
EXCHANGE = "Starting to publish beneficial ownership of suppliers"
TRAINING_SLUG = "ocds-data-use-training"


def seed_demo_peers_talk(*, log=print) -> None:
    network = NetworkPage.objects.filter(slug="contracting-5").first()
    User = get_user_model()
    asker = User.objects.filter(username="peer").first()
    peer = User.objects.filter(username="peer-editor").first()
    if network is None or asker is None or peer is None:
        log("peers talk: no Contracting 5 or demo peers; skipped")
        return
    question = Question.objects.filter(network=network, title=QUESTION).first()
    if question is None:
        question = services.question_ask(
            network=network,
            author=asker,
            title=QUESTION,
            body=(
                "Our buyers publish awards, but **amendments** arrive months late or never.\n\n"
                "- Did you make publication a condition of payment?\n- Did you name late buyers?"
            ),
            members_only=True,
        )
        practice = PracticePage.objects.live().child_of(network).order_by("path").first()
        link = f"[{practice.title}]({practice.url})" if practice else "our practice"
        answer = services.answer_post(
            question=question,
            author=peer,
            body=(
                "We made the amendment record a condition of the next payment, in the e-procurement "
                f"system itself: no amendment, no payment. See {link}."
            ),
        )
        services.answer_accept(question=question, answer=answer, user=asker)
    if not Exchange.objects.filter(network=network, topic=EXCHANGE).exists():
        areas = PolicyArea.objects.filter(name__in=["Beneficial Ownership", "Open Contracting"])
        if areas:
            services.exchange_request(
                network=network,
                user=asker,
                topic=EXCHANGE,
                description="We would like a peer who has linked supplier records to beneficial owners to walk us through it.",
                policy_areas=areas,
            )
    if not EventPage.objects.filter(slug=TRAINING_SLUG).child_of(network).exists():
        start = (timezone.now() + datetime.timedelta(days=21)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        network.add_child(
            instance=EventPage(
                title="Using open contracting data: a training for buyers",
                slug=TRAINING_SLUG,
                kind=EventPage.Kind.TRAINING,
                summary="Two hours on finding red flags in your own procurement data, with the OCDS tools.",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                time_zone="America/Bogota",
                format=EventPage.Format.ONLINE,
                online_url="https://meet.example.org/contracting-5-training",
                language="es",
                capacity=30,
            )
        )
    log(
        f"peers talk: {Question.objects.filter(network=network).count()} questions, "
        f"{Exchange.objects.filter(network=network).count()} exchanges, "
        f"{EventPage.objects.child_of(network).count()} events"
    )
