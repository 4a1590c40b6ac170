"""``manage.py bench_peers_talk`` (run by ``make bench``): a network's questions at two sizes.

Sets up a throwaway test database with a network and its people, then 200 questions with 5,000
answers and later 2,000 questions with 50,000 answers (bulk-written; a fifth of the questions
public), plus one question with 500 answers. At each size it times, over 15 requests after
3 warm-ups, as a member of the network:

- the question list (most recently active first);
- the list searched for one word;
- the question with 500 answers (and counts its queries).

Targets: list and search median ≤ 60 ms at 2,000 questions and ≤ 2× the median at 200; the
question page's query count the same at both sizes. Exits 1 when a target is missed
(``--no-fail`` to report only).
"""

from __future__ import annotations

import random
import statistics
import time

from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from devdata.bench_command import ThrowawayDatabaseBench

SIZES = ((200, 5_000), (2_000, 50_000))
TARGET_MS = 60
RATIO = 2
WORDS = ["procurement", "budget", "amendments", "beneficial", "ownership", "portal", "audit", "training"]


def insert_questions(network, authors, start: int, count: int, answers: int, rng: random.Random) -> None:
    from peers.talk.models import Answer, Question

    questions = Question.objects.bulk_create(
        Question(
            network=network,
            author=rng.choice(authors),
            title=f"Question {n}: how do you handle {' '.join(rng.sample(WORDS, 2))}?",
            body=f"We tried {' and '.join(rng.sample(WORDS, 3))}. **What worked** for you?",
            members_only=n % 5 != 0,
        )
        for n in range(start, start + count)
    )
    batch = []
    for n in range(answers):
        batch.append(
            Answer(
                question=questions[n % len(questions)],
                author=rng.choice(authors),
                body=f"Answer {n}: try {rng.choice(WORDS)}.",
            )
        )
        if len(batch) == 5_000:
            Answer.objects.bulk_create(batch)
            batch = []
    Answer.objects.bulk_create(batch)


class Command(ThrowawayDatabaseBench):
    help = "Time a network's questions (list, search, a 500-answer thread) at 2,000 questions and 50,000 answers."

    rows = "peers talk"

    def _bench(self):
        from django.contrib.auth import get_user_model

        from peers.models import NetworkPage, NetworkPerson, PeersIndexPage
        from peers.talk.models import Answer, Question
        from tracker.models import HomePage, Organisation, Sector

        home = HomePage.objects.get()
        index = home.add_child(instance=PeersIndexPage(title="Peers", slug="peers"))
        network = index.add_child(instance=NetworkPage(title="Contracting 5", slug="contracting-5"))
        organisation = Organisation.objects.create(name="Procurement office", sector=Sector.GOVERNMENT)
        User = get_user_model()
        authors = [User.objects.create_user(username=f"peer{n}") for n in range(40)]
        NetworkPerson.objects.bulk_create(
            NetworkPerson(network=network, user=user, organisation=organisation) for user in authors
        )
        thread = Question.objects.create(network=network, author=authors[0], title="The long thread")
        Answer.objects.bulk_create(
            Answer(question=thread, author=authors[n % 40], body=f"Reply **{n}**") for n in range(500)
        )
        rng = random.Random(14)
        client = Client()
        client.force_login(authors[1])
        translation.activate("en")
        requests = {
            "question list": "/en/peers/contracting-5/questions/",
            "list searched: one word": "/en/peers/contracting-5/questions/?q=amendments",
            "a question with 500 answers": f"/en/peers/contracting-5/questions/{thread.pk}/",
        }
        medians: dict[tuple[str, int], float] = {}
        query_counts: dict[int, int] = {}
        written = (0, 0)
        for questions, answers in SIZES:
            insert_questions(network, authors, written[0], questions - written[0], answers - written[1], rng)
            written = (questions, answers)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            for name, url in requests.items():
                timings = []
                for attempt in range(18):
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{name}: {response.status_code}")
                    if attempt >= 3:
                        timings.append(elapsed)
                medians[(name, questions)] = statistics.median(timings)
            with CaptureQueriesContext(connection) as captured:
                client.get(requests["a question with 500 answers"])
            query_counts[questions] = len(captured)
        sizes = [q for q, _a in SIZES]
        lines = ["", "Peers' questions (median of 15 requests, ms)", ""]
        lines.append(f"{'request':<34}" + "".join(f"{q:>8} q" for q in sizes) + f"{'ratio':>8}  target")
        missed = []
        for name in requests:
            small, large = (medians[(name, q)] for q in sizes)
            ratio = large / small if small else 0
            if name.startswith("a question"):
                ok = query_counts[sizes[0]] == query_counts[sizes[1]]
                target = f"queries {query_counts[sizes[0]]} → {query_counts[sizes[1]]}, the same"
            else:
                ok = large <= TARGET_MS and ratio <= RATIO
                target = f"≤ {TARGET_MS} ms, ≤ {RATIO}×"
            lines.append(
                f"{name:<34}{small:>10.1f}{large:>10.1f}{ratio:>8.2f}  {target} {'✓' if ok else '✗'}"
            )
            if not ok:
                missed.append(name)
        return lines, missed
