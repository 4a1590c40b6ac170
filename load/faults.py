"""`make load`'s scenarios with writes and faults: signing the demo accounts in, the mixed
scenario with its write count, and the three faults (each with what visitors saw and how long
recovery took)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time

import requests

from load import results
from load.stack import PY, ROOT, django_side, get_status, restart_postgres

MIXED_CLASSES = ["MixedReader", "PocWriter", "ForumApprover", "Follower"]


def sign_in(base: str, env: dict, usernames) -> dict:
    """Sign each account in once, through allauth's forms (and two-factor), and keep its cookies.

    Once per account: allauth refuses a two-factor code used twice, and a session is all a
    visitor's browser keeps anyway."""
    accounts = django_side(env, "accounts", *usernames)
    sessions = {}
    for username in usernames:
        session = requests.Session()
        login = f"{base}/en/accounts/login/"
        session.get(login, timeout=30)
        response = session.post(
            login,
            data={
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                "login": username,
                "password": accounts["passwords"][username],
            },
            headers={"Referer": login},
            timeout=30,
        )
        if "/2fa/authenticate" in response.url:
            code = results.totp(accounts["totp_secret"], at=time.time())
            response = session.post(
                response.url,
                data={"csrfmiddlewaretoken": session.cookies.get("csrftoken", ""), "code": code},
                headers={"Referer": response.url},
                timeout=30,
            )
        if "sessionid" not in session.cookies:
            raise RuntimeError(
                f"could not sign {username} in (ended at {response.url}, {response.status_code})"
            )
        sessions[username] = {name: session.cookies.get(name) for name in ("sessionid", "csrftoken")}
    return sessions


def mixed(run, stack, env: dict, pages: dict[str, str], common: dict) -> None:
    """90% anonymous readers, 10% signed-in writers; every confirmed write must be in the database."""
    readers = json.dumps([path for name, path in pages.items() if name != "csv export"])
    rows, checks = [], []
    for users in [10] if run.quick else [10, 30]:
        before = django_side(env, "counts")
        stats, tally = run.locust(stack.base, users, MIXED_CLASSES, {**common, "LOAD_PAGES": readers})
        time.sleep(1)
        after = django_side(env, "counts")
        check = results.compare_writes(tally["writes"], before, after)
        statuses = results.merge_statuses(tally["statuses"])
        for name, stat in sorted(stats.items()):
            if name == "Aggregated":
                continue
            rows.append(
                [
                    users,
                    name,
                    stat.rps,
                    stat.p50,
                    stat.p95,
                    stat.requests,
                    stat.failures,
                    results.count_5xx(tally["statuses"].get(name, {})),
                ]
            )
        checks.append(
            f"- {users} users (9 readers in 10; one POC, one forum reviewer, one follower writing): "
            f"{results.statuses_text(statuses)}; **lost writes: {check.lost}**, "
            f"**5xx: {results.count_5xx(statuses)}**\n\n"
            + results.markdown_table(
                ["write", "confirmed by the site", "found in the database", "lost"],
                [list(row) for row in check.rows],
            )
        )
    run.add(
        "## Mixed: anonymous reads and signed-in writes\n\n"
        + results.markdown_table(
            ["users", "request", "req/s", "p50 ms", "p95 ms", "requests", "failures", "5xx"], rows
        )
        + "\n\n"
        + "\n\n".join(checks)
    )


def _fault_load(run, stack, pages: dict[str, str], common: dict, seconds: int):
    readers = json.dumps([path for name, path in pages.items() if name != "csv export"])
    env = {
        **common,
        "LOAD_PAGES": readers,
        "LOAD_PATH": pages["commitment"],
        "LOAD_NAME": "signed-in read",
        "LOAD_USERNAME": "follower",
    }
    return run.start_locust(stack.base, 9, ["MixedReader", "SignedInReader"], env, seconds)


def _seen(process, tally_path, fault_epoch: float, window: float) -> results.Recovery:
    process.wait()
    tally = json.loads(tally_path.read_text())
    return results.recovery(tally["timeline"], fault_at=fault_epoch - tally["started"], window=window)


def _seen_text(seen: results.Recovery) -> str:
    recovered = (
        "no errors"
        if seen.last_error is None
        else f"errors from {seen.first_error:.0f} s to {seen.last_error:.0f} s after the fault"
    )
    return (
        f"before: {results.statuses_text(seen.before)}; during: {results.statuses_text(seen.during)}; "
        f"after: {results.statuses_text(seen.after)}; {recovered}"
    )


def worker_killed(run, stack, env: dict, pages: dict, targets: dict, common: dict) -> None:
    """(a) The report worker is SIGKILLed while it renders a report: the report must still be made."""
    seconds = max(30, 2 * run.seconds)
    process, _prefix, tally = _fault_load(run, stack, pages, common, seconds)
    time.sleep(3)
    response = requests.post(
        f"{stack.base}/en/reports/", data={"page": targets["report_page"]}, allow_redirects=False, timeout=30
    )
    match = re.search(r"/reports/([0-9a-f-]{36})/", response.headers.get("Location", ""))
    lines = ["## Fault (a): a report worker SIGKILLed mid-render", ""]
    if not match:
        lines.append(f"Could not ask for a report ({response.status_code}): not measured.")
        process.wait()
        run.add("\n".join(lines))
        return
    report_id = match.group(1)
    status_url = f"{stack.base}/en/reports/{report_id}/"
    watcher = subprocess.Popen(
        [PY, "-u", "load/django_side.py", "watch-report", report_id],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings.dev"},
        stdout=subprocess.PIPE,
        text=True,
    )
    killed_at = None
    ready_at = None
    visitor: dict[str, int] = {}
    pages_polled = threading.Event()

    def poll_status_page():
        while not pages_polled.is_set():
            code = str(get_status(status_url, timeout=10))
            visitor[code] = visitor.get(code, 0) + 1
            time.sleep(0.5)

    poller = threading.Thread(target=poll_status_page, daemon=True)
    poller.start()
    for line in watcher.stdout:
        state = json.loads(line)
        if state["status"] == "running" and killed_at is None:
            pid = stack.task_worker_pid()
            if pid is None:
                continue
            os.kill(pid, signal.SIGKILL)
            killed_at = time.time()
            lines.append(f"- killed the worker (pid {pid}) while it rendered report {report_id}")
        if state["status"] in ("ready", "failed"):
            ready_at = time.time()
            final = state
            break
    watcher.terminate()
    pages_polled.set()
    seen = _seen(process, tally, killed_at or time.time(), 10)
    if killed_at is None:
        lines.append("- the report was made before the worker could be killed: not measured")
    else:
        lines.append(
            f"- the report ended **{final['status']}** {ready_at - killed_at:.1f} s after the kill; its task was "
            f"claimed by {len(final['tasks'][0]['workers']) if final['tasks'] else '?'} worker run(s): "
            f"{final['tasks']}"
        )
    lines.append(f"- the visitor polling the report's page saw: {results.statuses_text(visitor)}")
    lines.append(f"- other visitors: {_seen_text(seen)}")
    run.add("\n".join(lines))


def postgres_restarted(run, stack, env: dict, pages: dict, common: dict) -> None:
    """(b) PostgreSQL restarted (pg_ctl restart -m fast) under load: errors only while it is down."""
    lines = ["## Fault (b): PostgreSQL restarted mid-load (`pg_ctl restart -m fast`)", ""]
    if not os.environ.get("TRACKER_PG_DATA"):
        run.add("\n".join([*lines, "Not measured: DATABASE_URL is not the throwaway server."]))
        return
    seconds = max(30, 2 * run.seconds)
    process, _prefix, tally = _fault_load(run, stack, pages, common, seconds)
    time.sleep(seconds / 3)
    fault_epoch = time.time()
    took = restart_postgres()
    ready = None
    while time.time() - fault_epoch < 60:
        if get_status(f"{stack.base}/readyz", timeout=5) == 200:
            ready = time.time() - fault_epoch
            break
        time.sleep(0.2)
    seen = _seen(process, tally, fault_epoch, took + 1)
    lines += [
        f"- the restart took {took:.1f} s; /readyz answered 200 again {ready:.1f} s after it began"
        if ready is not None
        else f"- the restart took {took:.1f} s; /readyz did NOT answer 200 within 60 s",
        f"- visitors (anonymous readers and a signed-in one): {_seen_text(seen)}",
    ]
    run.add("\n".join(lines))


def mail_away(run, stack, env: dict, smtp_port: int) -> None:
    """(c) The mail server unreachable since the start (the mailer points at a closed port): no
    request failed for it, the mail waited in the queue, and is sent once a server listens."""
    from load.smtp_sink import Sink

    lines = ["## Fault (c): the mail server unreachable", ""]
    queued = django_side(env, "mail")
    lines.append(
        f"- until now the mailer pointed at 127.0.0.1:{smtp_port}, where nothing listens: the mixed "
        f"scenario's requests (above) include every approval that mailed followers; queue now: {queued}"
    )
    waiting = queued["queued"] + queued["deferred"]
    sink = Sink(smtp_port)
    started = time.time()
    sink.start()
    drained = None
    while time.time() - started < 180:
        state = django_side(env, "mail")
        if state["queued"] + state["deferred"] == 0:
            drained = time.time() - started
            break
        time.sleep(2)
    sink.stop()
    if waiting == 0:
        lines.append("- nothing was waiting (no approval mailed anyone): not measured")
    elif drained is None:
        lines.append(f"- a server listened from then on, but the queue was not empty after 180 s: {state}")
    else:
        lines.append(
            f"- a local SMTP sink (aiosmtpd) came up: the {waiting} waiting message(s) were sent within "
            f"{drained:.0f} s (the sink received {sink.received}); deferred mail is retried every minute"
        )
    run.add("\n".join(lines))
