"""``manage.py bench_reports`` (run by ``make bench``): PDF report timings on synthetic records.

Sets up a throwaway test database (like the test suite), writes three synthetic members with
the builder in devdata/synthetic.py, and times:

- a 15-commitment action plan with 75 milestones (target ≤ 3 s, HTML and PDF together);
- a member report of 100 commitments and one of 500 (target ≥ 5 pages a second);
- asking again for an unchanged report: the POST that finds it and the download (≤ 50 ms);
- the request that asks for a new report: it must render nothing (it only queues).

Render times are the worker's: building the HTML in this process plus the render in its
forked, limited child. Exits 1 when a target is missed (``--no-fail`` to report only).
"""

from __future__ import annotations

import dataclasses
import statistics
import time

from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from devdata import synthetic, synthetic_plan
from devdata.bench_command import ThrowawayDatabaseBench


def _specs():
    slugs: set[str] = set()
    plan_member = synthetic_plan.member_spec(0, 60, synthetic.DEFAULT_SEED, slugs)
    biggest = max(plan_member.plans, key=lambda plan: len(plan.commitments))
    commitments = (biggest.commitments * 15)[:15] if biggest.commitments else []
    for n, commitment in enumerate(commitments):
        base = commitment.milestones or []
        milestones = (base * 5)[:5] if base else []
        commitments[n] = dataclasses.replace(
            commitment, ogp_id=f"{commitment.ogp_id[:6]}P{n:02d}", milestones=milestones
        )
    plan_member.plans = [dataclasses.replace(biggest, commitments=commitments)]
    return [
        plan_member,
        synthetic_plan.member_spec(1, 100, synthetic.DEFAULT_SEED, slugs),
        synthetic_plan.member_spec(2, 500, synthetic.DEFAULT_SEED, slugs),
    ]


class Command(ThrowawayDatabaseBench):
    help = "Time PDF reports: a 15-commitment plan, 100- and 500-commitment members, served again."

    rows = "PDF"

    def _bench(self):
        from commitments.models import ActionPlanPage, CommitmentPage, MemberPage, Milestone
        from reports import tasks
        from reports.models import Report
        from reports.render import warm_up

        synthetic.write_record(_specs(), seed=synthetic.DEFAULT_SEED, log=lambda m: None)
        members = list(MemberPage.objects.order_by("path"))
        plan = ActionPlanPage.objects.child_of(members[0]).get()
        plan_commitments = CommitmentPage.objects.child_of(plan).count()
        plan_milestones = Milestone.objects.filter(commitment__path__startswith=plan.path).count()
        warm_up()
        client = Client()
        lines = ["", "PDF reports (worker: HTML + render in a limited child; one core)", ""]
        lines.append(f"{'report':<44}{'pages':>7}{'seconds':>9}{'pages/s':>9}  target")
        missed = []

        def run(name, page, target_seconds=None, target_rate=None):
            translation.activate("en")
            response = client.post("/en/reports/", {"page": page.pk})
            report = Report.objects.get(page=page, language="en")
            started = time.perf_counter()
            tasks.make_report(str(report.pk))
            seconds = time.perf_counter() - started
            report.refresh_from_db()
            if report.status != Report.Status.READY:
                raise CommandError(f"{name}: {report.status} {report.error}")
            rate = report.pages / seconds
            ok = (target_seconds is None or seconds <= target_seconds) and (
                target_rate is None or rate >= target_rate
            )
            target = f"≤ {target_seconds} s" if target_seconds else f"≥ {target_rate} pages/s"
            lines.append(
                f"{name:<44}{report.pages:>7}{seconds:>9.2f}{rate:>9.1f}  {target} {'✓' if ok else '✗'}"
            )
            if not ok:
                missed.append(name)
            assert response.status_code == 302
            return report

        plan_report = run(
            f"action plan: {plan_commitments} commitments, {plan_milestones} milestones",
            plan,
            target_seconds=3,
        )
        for member in members[1:]:
            size = CommitmentPage.objects.descendant_of(member).count()
            run(f"member: {size} commitments", member, target_rate=5)

        # An unchanged report asked for again: found by its digest, then downloaded.
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            response = client.post("/en/reports/", {"page": plan.pk})
            download = client.get(response.headers["Location"])
            body = b"".join(download.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.headers["Location"].endswith("/download/") and body.startswith(b"%PDF")
        median = statistics.median(timings[3:])
        ok = median <= 50
        lines.append("")
        lines.append(
            f"unchanged plan report served again (ask + download): median {median:.1f} ms  ≤ 50 ms {'✓' if ok else '✗'}"
        )
        if not ok:
            missed.append("served again")

        # The request that asks for a new report renders nothing.
        rendered = []
        real = tasks.render
        tasks.render = lambda html: rendered.append(html)
        try:
            Report.objects.filter(pk=plan_report.pk).delete()
            started = time.perf_counter()
            response = client.post("/es/reports/", {"page": plan.pk})
            ask_ms = (time.perf_counter() - started) * 1000
        finally:
            tasks.render = real
        ok = not rendered and response.status_code == 302 and "/download/" not in response.headers["Location"]
        lines.append(
            f"asking for a new report: {ask_ms:.1f} ms, renders in the request: {len(rendered)}  (0) {'✓' if ok else '✗'}"
        )
        if not ok:
            missed.append("request renders")
        return lines, missed
