"""What the load test asks the database directly, run as a child with the stack's settings:

    python load/django_side.py discover     the pages to read and the targets of the writes (JSON)
    python load/django_side.py counts       rows that writes add, by kind (JSON)
    python load/django_side.py report ID    a PDF report's status (JSON)
    python load/django_side.py watch-report ID   its status, a line at each change, until done
    python load/django_side.py mail         queued, deferred and sent mail (JSON)
    python load/django_side.py accounts U…  the demo accounts' published passwords and TOTP secret
    python load/django_side.py export N FILE   a synthetic OGP export of N commitments (to import)

It reads the record only; it never writes. The orchestrator (load/run.py) runs it with the same
environment as the stack (production settings, DATABASE_URL).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _url(page) -> str:
    return page.specific.get_url(None) or page.url


def discover() -> dict:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from commitments.models import ActionPlanPage, CommitmentPage, MemberPage, Milestone
    from tracker.models import Organisation

    translation.activate("en")
    member = MemberPage.objects.live().filter(code="UKR").first() or MemberPage.objects.live().first()
    plan = (
        ActionPlanPage.objects.live()
        .descendant_of(member)
        .annotate(n=Count("id"))
        .order_by("-first_published_at", "pk")
        .first()
    )
    commitment = (
        CommitmentPage.objects.live().filter(ogp_id="UA0087").first()
        or CommitmentPage.objects.live().descendant_of(member).order_by("pk").first()
    )
    pages = {
        "home": "/en/",
        "explorer": reverse("commitments:explorer"),
        "explorer filtered": reverse("commitments:explorer") + f"?region={member.region}&sort=late",
        "member": _url(member),
        "plan": _url(plan),
        "commitment": _url(commitment),
        "open data": reverse("commitments:open_data"),
        "cases": reverse("commitments:case_list"),
        "api list": "/api/v1/commitments/",
        "csv export": reverse("commitments:export_csv"),
    }
    organisation = Organisation.objects.filter(memberships__isnull=False).order_by("pk").first()
    if organisation is not None:
        pages["organisation"] = reverse("commitments:organisation_scorecard", args=[organisation.pk])
    try:
        from peers.models import NetworkPage, PracticePage

        network = NetworkPage.objects.live().order_by("pk").first()
        practice = PracticePage.objects.live().order_by("pk").first()
        if network is not None:
            pages["peer network"] = _url(network)
        if practice is not None:
            pages["peer practice"] = _url(practice)
    except ImportError:  # pragma: no cover - peers is part of the project
        pass
    ukraine_milestones = list(
        Milestone.objects.filter(commitment__in=CommitmentPage.objects.descendant_of(member))
        .order_by("pk")
        .values_list("pk", flat=True)[:40]
    )
    # Ukraine's commitments: approvals of the POC's updates mail their followers.
    follow_pages = list(
        CommitmentPage.objects.live()
        .descendant_of(member)
        .exclude(pk=commitment.pk)
        .order_by("pk")
        .values_list("pk", flat=True)[:40]
    )
    return {
        "pages": pages,
        "report_page": member.pk,
        "milestones": ukraine_milestones,
        "follow_pages": follow_pages,
    }


def counts() -> dict:
    from commitments.models import Follow, ProgressUpdate, UpdateEvent

    return {
        "updates": ProgressUpdate.objects.count(),
        "submitted events": UpdateEvent.objects.filter(action=UpdateEvent.Action.SUBMITTED).count(),
        "approved events": UpdateEvent.objects.filter(action=UpdateEvent.Action.APPROVED).count(),
        "follows": sorted(
            f"{username}:{page_id}"
            for username, page_id in Follow.objects.values_list("user__username", "page_id")
        ),
    }


def report(report_id: str) -> dict:
    from django_tasks_db.models import DBTaskResult

    from reports.models import Report

    row = Report.objects.filter(pk=report_id).values("status", "started_at", "finished_at").first()
    tasks = list(
        DBTaskResult.objects.filter(args_kwargs__args__0=report_id).values_list("status", "worker_ids")
    )
    return {
        "status": row["status"] if row else "missing",
        "tasks": [{"status": status, "workers": workers} for status, workers in tasks],
    }


def watch_report(report_id: str, timeout: str = "300") -> None:
    """Print the report's state (JSON, one line) whenever it changes, until it is made or failed."""
    import time

    from django.db import connection

    last = None
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline:
        try:
            state = report(report_id)
        except Exception as exc:  # the database restarting: say so and keep watching
            state = {"status": "unknown", "error": type(exc).__name__}
            connection.close()
        if state != last:
            print(json.dumps(state, default=str), flush=True)
            last = state
        if state["status"] in ("ready", "failed"):
            return
        time.sleep(0.05)


def mail() -> dict:
    from mailer.models import Message, MessageLog

    return {
        "queued": Message.objects.non_deferred().count(),
        "deferred": Message.objects.deferred().count(),
        "sent": MessageLog.objects.filter(result="1").count(),
        "failed attempts": MessageLog.objects.exclude(result="1").count(),
    }


def accounts(*usernames: str) -> dict:
    """The demo accounts' published passwords (README) and two-factor secret (devdata.demo)."""
    from devdata.demo import DEMO_TOTP_SECRET, DEMO_USERS

    return {
        "totp_secret": DEMO_TOTP_SECRET,
        "passwords": {user.username: user.password for user in DEMO_USERS if user.username in usernames},
    }


def export(commitments: str, path: str) -> dict:
    """Write a synthetic OGP export (devdata.synthetic_export) of that many commitments."""
    from devdata.synthetic_export import write_export

    write_export(Path(path), commitments=int(commitments))
    return {"path": path}


def main(argv: list[str]) -> None:
    _setup()
    command, *args = argv
    if command == "watch-report":
        watch_report(*args)
        return
    commands = {
        "discover": discover,
        "counts": counts,
        "report": report,
        "mail": mail,
        "accounts": accounts,
        "export": export,
    }
    result = commands[command](*args)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
