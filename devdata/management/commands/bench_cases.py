"""``manage.py bench_cases`` (part of ``make bench``): the feedback cases at 5,000 and 50,000.

Each size has its own SQLite database, ``.bench/bench-cases-<size>.sqlite3``: migrated, a small
record (10 members, 200 commitments, 40 lead implementers, 300 filers), then the cases in every
state with their filing events, written in bulk. Built once and reused (``--rebuild``). Each size
is measured in a child process (Django reads the database from the environment once), with the
test client and DEBUG off:

- the case list (``/en/cases/``), plain and filtered (state, overdue): median of warm requests,
  target at most 60 ms at the largest size;
- a member's scorecard computed afresh (two aggregate queries over its cases: what the stored
  scorecards run after a case changes), a member's and an organisation's stored scorecard as
  pages read them (one row), and the organisation scorecard page: target at most 2x their time
  at a tenth of the data.

``--clock cpu`` times the CPU of the measuring process rather than the wall clock (a busy machine
makes the wall clock wait for a core). Queries are counted with an execute wrapper.

Prints a table; exits 1 when a target is missed (``--no-fail`` to report only).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

BENCH_DIR = Path(settings.BASE_DIR) / ".bench"
LIST_TARGET_MS = 60.0
RATIO_TARGET = 2.0


def database(size: int) -> Path:
    return BENCH_DIR / f"bench-cases-{size}.sqlite3"


class Command(BaseCommand):
    help = "Time the case list and the responsiveness scorecards at 5,000 and 50,000 cases."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="5000,50000")
        parser.add_argument("--reps", type=int, default=30)
        parser.add_argument("--rebuild", action="store_true")
        parser.add_argument("--no-fail", action="store_true")
        parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
        parser.add_argument("--build", type=int, help=argparse_hidden())
        parser.add_argument("--measure", action="store_true", help=argparse_hidden())

    def handle(self, *args, **options):
        if options["build"]:
            return build(options["build"])
        if options["measure"]:
            self.stdout.write(json.dumps(measure(options["reps"], options["clock"])))
            return None
        sizes = [int(s) for s in options["sizes"].split(",")]
        BENCH_DIR.mkdir(exist_ok=True)
        results = {}
        for size in sizes:
            path = database(size)
            if options["rebuild"] or not path.exists():
                path.unlink(missing_ok=True)
                started = time.perf_counter()
                self._child(size, "--build", str(size))
                self.stdout.write(f"built {size:,} cases in {time.perf_counter() - started:.0f} s")
            results[size] = json.loads(
                self._child(size, "--measure", "--reps", str(options["reps"]), "--clock", options["clock"])
            )
        small, large = results[sizes[0]], results[sizes[-1]]
        ok = True
        self.stdout.write(
            f"{'row':34} {sizes[0]:>10,} {sizes[-1]:>10,}  ratio  queries  ({options['clock']})"
        )
        for name in large:
            ratio = large[name]["median_ms"] / small[name]["median_ms"] if small[name]["median_ms"] else 0
            queries = f"{small[name]['queries']}/{large[name]['queries']}"
            self.stdout.write(
                f"{name:34} {small[name]['median_ms']:>8.1f}ms {large[name]['median_ms']:>8.1f}ms"
                f"  {ratio:5.2f}  {queries}"
            )
            if name.startswith("case list") and large[name]["median_ms"] > LIST_TARGET_MS:
                ok = False
                self.stdout.write(f"  MISSED: {name} median above {LIST_TARGET_MS:.0f} ms")
            if name.startswith(("scorecard page", "scorecard stored")) and ratio > RATIO_TARGET:
                ok = False
                self.stdout.write(f"  MISSED: {name} above {RATIO_TARGET}x its time at {sizes[0]:,}")
            if small[name]["queries"] != large[name]["queries"]:
                ok = False
                self.stdout.write(f"  MISSED: {name} query count grows with the data")
        (BENCH_DIR / "cases-results.json").write_text(json.dumps(results, indent=2))
        if not ok and not options["no_fail"]:
            sys.exit(1)
        return None

    def _child(self, size: int, *arguments: str) -> str:
        env = {**os.environ, "PAGE_CACHE_ENABLED": "false", "DATABASE_URL": f"sqlite:///{database(size)}"}
        completed = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "bench_cases", *arguments],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        return completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def build(size: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from wagtail.models import Page

    from commitments import services as record
    from commitments.cases import deadlines
    from commitments.cases.models import Case, CaseEvent, CaseState, Category, Outcome
    from commitments.explorer.facts import commitment_facts_refresh, facts_deferred
    from commitments.models import StakeholderRole
    from tracker.models import Sector

    call_command("migrate", verbosity=0)
    rng = random.Random(size)
    User = get_user_model()
    with transaction.atomic(), facts_deferred():
        home = Page.objects.get(depth=2).specific
        organisations = [
            record.organisation_get_or_create(name=f"Ministry {n}", sector=Sector.GOVERNMENT)[0]
            for n in range(40)
        ]
        commitments = []
        for m in range(10):
            member, _ = record.member_page_upsert(
                home=home, code=f"M{m:02d}", title=f"Member {m}", level="national"
            )
            plan, _ = record.action_plan_page_upsert(
                member=member, plan_id=f"AP_M{m:02d}", title="Plan", number=1, start_year=2024, end_year=2026
            )
            for c in range(20):
                commitment, _ = record.commitment_page_upsert(
                    plan=plan, ogp_id=f"M{m:02d}{c:04d}", values={"title": f"Commitment {c}"}
                )
                record.stakeholder_role_add(
                    commitment=commitment,
                    organisation=organisations[(m * 4 + c) % 40],
                    role=StakeholderRole.Role.LEAD_IMPLEMENTER,
                )
                commitments.append((commitment, member, organisations[(m * 4 + c) % 40]))
        filers = User.objects.bulk_create(
            [User(username=f"filer{n}", email=f"filer{n}@example.org") for n in range(300)]
        )
        now = datetime.datetime.now(datetime.UTC)
        states = [
            CaseState.FILED,
            CaseState.ACKNOWLEDGED,
            CaseState.ANSWERED,
            CaseState.ESCALATED,
            CaseState.CLOSED,
        ]
        cases = []
        for number in range(1, size + 1):
            commitment, member, organisation = commitments[rng.randrange(len(commitments))]
            filed = now - datetime.timedelta(days=rng.randrange(0, 700), minutes=rng.randrange(1440))
            state = states[rng.randrange(len(states))]
            ack_due, answer_due = deadlines.deadline(filed, 5, "UTC"), deadlines.deadline(filed, 20, "UTC")
            answered = state in (CaseState.ANSWERED, CaseState.ESCALATED, CaseState.CLOSED)
            answered_at = filed + datetime.timedelta(days=rng.randrange(1, 40)) if answered else None
            cases.append(
                Case(
                    number=number,
                    commitment=commitment,
                    member=member,
                    category=Category.values[rng.randrange(len(Category.values))],
                    description="Synthetic case.",
                    filer=filers[rng.randrange(len(filers))],
                    shown_as="verified_person",
                    addressed_to=organisation,
                    state=state,
                    filed_at=filed,
                    acknowledge_due=ack_due,
                    answer_due=answer_due,
                    acknowledged_at=filed + datetime.timedelta(days=rng.randrange(1, 9))
                    if state != CaseState.FILED
                    else None,
                    answered_at=answered_at,
                    days_to_answer=deadlines.working_days_between(filed, answered_at, "UTC")
                    if answered
                    else None,
                    rating=rng.randrange(1, 6) if state in (CaseState.ESCALATED, CaseState.CLOSED) else None,
                    outcome=Outcome.values[rng.randrange(3)] if state == CaseState.CLOSED else "",
                )
            )
        created = Case.objects.bulk_create(cases, batch_size=2000)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=case, actor_id=case.filer_id, actor_role="filer", action="filed", at=case.filed_at
                )
                for case in created
            ],
            batch_size=2000,
        )
    commitment_facts_refresh()
    from commitments.cases.scorecards import scorecards_refresh_all

    scorecards_refresh_all()


def _clock(kind: str):
    return time.process_time if kind == "cpu" else time.perf_counter


class _Counter:
    """Counts the queries run (an execute wrapper: works with DEBUG off and whatever the
    connection's lifetime)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed(client, url: str, reps: int, clock) -> dict:
    from django.db import connection

    client.get(url)
    counter = _Counter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, url
    times = []
    for _ in range(reps):
        started = clock()
        client.get(url)
        times.append((clock() - started) * 1000)
    return {"median_ms": statistics.median(times), "queries": counter.count}


def _timed_call(call, reps: int, clock) -> dict:
    from django.db import connection

    call()
    counter = _Counter()
    with connection.execute_wrapper(counter):
        call()
    times = []
    for _ in range(max(5, reps)):
        started = clock()
        call()
        times.append((clock() - started) * 1000)
    return {"median_ms": statistics.median(times), "queries": counter.count}


def measure(reps: int, clock_kind: str = "wall") -> dict:
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from commitments.cases import scorecards
    from commitments.cases.models import Case
    from commitments.models import MemberPage
    from tracker.models import Organisation

    clock = _clock(clock_kind)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        busiest = Case.objects.values("member").annotate(n=Count("pk")).order_by("-n").first()["member"]
        member = MemberPage.objects.get(pk=busiest)
        organisation = Organisation.objects.filter(cases_addressed__isnull=False).order_by("pk").first()
        rows = {
            "case list": _timed(client, "/en/cases/", reps, clock),
            "case list (filed, overdue)": _timed(client, "/en/cases/?state=filed&overdue=yes", reps, clock),
            "case list (page 40)": _timed(client, "/en/cases/?page=40", reps, clock),
            "scorecard page (organisation)": _timed(
                client, f"/en/cases/organisations/{organisation.pk}/", reps, clock
            ),
            "scorecard stored (member)": _timed_call(
                lambda: scorecards.member_scorecards(member), reps, clock
            ),
            "scorecard stored (organisation)": _timed_call(
                lambda: scorecards.organisation_scorecard(organisation), reps, clock
            ),
            "scorecard afresh (member)": _timed_call(
                lambda: scorecards.scorecard_for(scorecards.member_cases(member)), reps // 3, clock
            ),
        }
    return rows
