"""`make load`: the real stack under load and faults, measured with locust (see the README).

    python load/run.py [--quick] [--no-faults]

Runs inside scripts/with-postgres.sh (the Makefile does it), starts scripts/serve.sh on a free
port of 127.0.0.1 with the demo, then, with locust headless for LOAD_SECONDS (default 15; 5 with
--quick) per run:

1. anonymous reads of every public page at concurrency 1, 8 and 32 (--quick: 8);
2. signed-in reads (no page cache: each page made for the person) at 8;
3. the mixed scenario: 90% anonymous readers, 10% signed-in writers; every confirmed write is
   checked against the database;
4. faults: a report worker SIGKILLed mid-render, PostgreSQL restarted, the mail server away;
5. a peer site (LOAD_PEER_URL, LOAD_PEER_PAGES) at the same concurrencies, with ratios.

The report is printed and written to .load/<time>/report.md (and .load/latest.md).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load import faults, results
from load.stack import PY, ROOT, Redis, Stack, django_side, free_port, get_status, postgres_version

TARGET_PAGES = ("home", "explorer", "member", "plan", "commitment")
SIGNED_IN_PAGES = TARGET_PAGES
WRITERS = ("poc-ukraine", "forum-ukraine", "follower")


class Run:
    def __init__(self, args):
        self.quick = args.quick
        self.seconds = int(os.environ.get("LOAD_SECONDS", "5" if args.quick else "15"))
        users = os.environ.get("LOAD_USERS", "")
        self.concurrencies = [int(n) for n in users.split(",") if n.strip()] or (
            [8] if args.quick else [1, 8, 32]
        )
        self.only = {name.strip() for name in os.environ.get("LOAD_ONLY", "").split(",") if name.strip()}
        self.out = ROOT / ".load" / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.out.mkdir(parents=True, exist_ok=True)
        self.sections: list[str] = []
        self.runs = 0

    # -- locust ------------------------------------------------------------------------------------

    def locust(self, host: str, users: int, classes: list[str], env: dict, *, seconds: int | None = None):
        """One headless locust run; returns (stats by name, tally)."""
        self.runs += 1
        prefix = self.out / f"run{self.runs:03d}"
        tally = prefix.with_suffix(".tally.json")
        command = [
            PY,
            "-m",
            "locust",
            "-f",
            "load/locustfile.py",
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users, 1)),
            "--run-time",
            f"{seconds or self.seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
            *classes,
        ]
        child_env = {**os.environ, **env, "LOAD_TALLY": str(tally)}
        subprocess.run(command, cwd=ROOT, env=child_env, capture_output=True, check=False)
        stats = results.parse_stats_csv(Path(f"{prefix}_stats.csv").read_text())
        return stats, json.loads(tally.read_text())

    def start_locust(self, host: str, users: int, classes: list[str], env: dict, seconds: int):
        """The same, in the background (for the faults): returns (process, csv prefix, tally path)."""
        self.runs += 1
        prefix = self.out / f"run{self.runs:03d}"
        tally = prefix.with_suffix(".tally.json")
        command = [
            PY,
            "-m",
            "locust",
            "-f",
            "load/locustfile.py",
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
            *classes,
        ]
        child_env = {**os.environ, **env, "LOAD_TALLY": str(tally)}
        process = subprocess.Popen(
            command, cwd=ROOT, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return process, prefix, tally

    # -- scenarios ---------------------------------------------------------------------------------

    def read_pages(
        self, host: str, pages: dict[str, str], concurrencies: list[int], *, env=None, classes=None
    ):
        """req/s, p50, p95, failures and 5xx for every page × concurrency."""
        rows = {}
        for name, path in pages.items():
            get_status(host + path, timeout=60)  # one warm-up request (fills the page cache)
            for users in concurrencies:
                stats, tally = self.locust(
                    host,
                    users,
                    classes or ["PageReader"],
                    {"LOAD_PATH": path, "LOAD_NAME": name, **(env or {})},
                )
                stat = stats.get(name) or stats["Aggregated"]
                statuses = tally["statuses"].get(name, {})
                hits = tally["cache"].get(name, {})
                served = sum(hits.values())
                rows[(name, users)] = {
                    "rps": stat.rps,
                    "p50": stat.p50,
                    "p95": stat.p95,
                    "requests": stat.requests,
                    "failures": stat.failures,
                    "5xx": results.count_5xx(statuses),
                    "hits": f"{100 * hits.get('hit', 0) / served:.0f}%" if served else "-",
                }
                print(f"  {name} @{users}: {stat.rps:.1f} req/s, p95 {stat.p95:.0f} ms", flush=True)
        return rows

    def table(self, title: str, rows: dict, note: str = "") -> None:
        header = ["page", "users", "req/s", "p50 ms", "p95 ms", "requests", "failures", "5xx", "cache hits"]
        body = [
            [
                name,
                users,
                row["rps"],
                row["p50"],
                row["p95"],
                row["requests"],
                row["failures"],
                row["5xx"],
                row["hits"],
            ]
            for (name, users), row in rows.items()
        ]
        self.add(f"## {title}\n\n{note}{results.markdown_table(header, body)}")

    def add(self, text: str) -> None:
        print("\n" + text + "\n", flush=True)
        self.sections.append(text)

    def targets_section(self, anonymous: dict, signed_in: dict) -> None:
        lines = ["## Against issue 17's targets", ""]
        top = 32 if 32 in self.concurrencies else max(self.concurrencies)
        for name in TARGET_PAGES:
            row = anonymous.get((name, top))
            if row:
                ok = row["rps"] >= 300 and row["p95"] <= 200
                lines.append(
                    f"- anonymous {name} at {top}: {row['rps']:.0f} req/s, p95 {row['p95']:.0f} ms "
                    f"(target ≥300 req/s at 32, p95 ≤200 ms){'' if top == 32 else ' — not measured at 32'}: "
                    f"{'met' if ok else 'NOT met'}"
                )
        for name in SIGNED_IN_PAGES:
            row = signed_in.get((name, 8))
            if row:
                lines.append(
                    f"- signed-in {name} at 8: {row['rps']:.0f} req/s (target ≥40): "
                    f"{'met' if row['rps'] >= 40 else 'NOT met'}"
                )
        self.add("\n".join(lines))

    def peer(self, ours: dict, signed_in: dict) -> None:
        url = os.environ.get("LOAD_PEER_URL", "").rstrip("/")
        spec = os.environ.get("LOAD_PEER_PAGES", "")
        if not url or not spec:
            self.add("## Peer site\n\nNot measured (set LOAD_PEER_URL and LOAD_PEER_PAGES).")
            return
        pages = results.parse_pages(spec)
        print(f"== peer {url}", flush=True)
        rows = self.read_pages(url, pages, self.concurrencies)
        self.table(f"Peer site {url}, anonymous", rows)
        header = ["our page ÷ peer page", *[f"req/s at {users}" for users in self.concurrencies]]
        body = [
            [f"{name} ÷ {peer_name}"]
            + [
                results.ratio(ours[(name, users)]["rps"], rows[(peer_name, users)]["rps"])
                if (name, users) in ours
                else "n/a"
                for users in self.concurrencies
            ]
            for name in TARGET_PAGES
            if any((name, users) in ours for users in self.concurrencies)
            for peer_name in pages
        ]
        # Rendered against rendered: our signed-in (uncached) reads against the peer's pages.
        rendered = [
            [
                f"{name}, signed in ÷ {peer_name}",
                results.ratio(signed_in[(name, 8)]["rps"], rows[(peer_name, 8)]["rps"]),
            ]
            for name in SIGNED_IN_PAGES
            if (name, 8) in signed_in and any((peer_name, 8) in rows for peer_name in pages)
            for peer_name in pages
            if (peer_name, 8) in rows
        ]
        self.add(
            "## Ours ÷ peer (req/s)\n\nAnonymous, as each site serves anonymous visitors (ours from its page "
            "cache):\n\n"
            + results.markdown_table(header, body)
            + "\n\nOur signed-in reads (no page cache: each page made for the person, member, plan and "
            "commitment pages around record parts shared in the cache) against the peer's rendered "
            "pages, at 8 users:\n\n"
            + results.markdown_table(["our page ÷ peer page", "req/s at 8"], rendered)
        )

    def write_report(self, stack_text: str) -> Path:
        text = "# make load\n\n" + stack_text + "\n\n" + "\n\n".join(self.sections) + "\n"
        path = self.out / "report.md"
        path.write_text(text)
        (ROOT / ".load" / "latest.md").write_text(text)
        return path


def stack_env(port: int, smtp_port: int, redis: Redis | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SERVE_PORT=str(port),
        # Shared with the children that use production settings (the import).
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PY=PY,
        # The anonymous API limit is per address, and every locust user is 127.0.0.1.
        API_ANON_RATE=os.environ.get("LOAD_API_RATE", "1000000/hour"),
        # The mailer points at a closed port until fault (c) opens a sink there.
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp_port),
        DJANGO_EMAIL_TIMEOUT="5",
        GUNICORN_ACCESS_LOG=os.environ.get("GUNICORN_ACCESS_LOG", "/dev/null"),
        PAGE_CACHE_ENABLED=os.environ.get("PAGE_CACHE_ENABLED", "true"),
    )
    if redis is not None:
        env["REDIS_URL"] = redis.url
    return env


def grow(env: dict, run: Run, stack: Stack) -> str:
    """Import LOAD_COMMITMENTS more commitments (a synthetic OGP export) beside the demo's 60, as
    an operator would, through the stack's own settings (so its caches learn of the change)."""
    extra = int(os.environ.get("LOAD_COMMITMENTS", "0" if run.quick else "500"))
    if extra <= 0:
        return "the demo (seed_demo: OGP's 60-commitment sample)"
    path = run.out / "export.csv"
    django_side(env, "export", str(extra), str(path))
    started = time.monotonic()
    subprocess.run(
        [PY, "manage.py", "import_ogp_commitments", str(path), "--skip-invalid"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "WAGTAILADMIN_BASE_URL": stack.base,
        },
        check=True,
        stdout=(run.out / "import.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    return (
        f"the demo (OGP's 60-commitment sample) and a synthetic OGP export of {extra} more commitments "
        f"(devdata.synthetic_export), imported in {time.monotonic() - started:.0f} s"
    )


def describe(stack: Stack, redis: Redis | None, run: Run, ready_seconds: float, data: str) -> str:
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    cache = f"Redis {redis.version()} (REDIS_URL)" if redis else "the database cache (no redis-server)"
    workers = stack.gunicorn_workers()
    worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
    threads = os.environ.get("GUNICORN_THREADS", "1")
    load1, load5, _ = os.getloadavg()
    return "\n".join(
        [
            f"- commit {commit}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- stack: scripts/serve.sh (production settings) on 127.0.0.1:{stack.port}; gunicorn "
            f"{workers} {worker_class} workers × {threads} thread(s); report workers: "
            f"{os.environ.get('REPORT_WORKERS', '1')}; page cache "
            f"{'on' if os.environ.get('PAGE_CACHE_ENABLED', 'true') == 'true' else 'OFF'}",
            f"- cache: {cache}; database: {postgres_version()}, CONN_MAX_AGE "
            f"{os.environ.get('DATABASE_CONN_MAX_AGE', '60')} s with health checks",
            f"- data: {data}; the stack was ready in {ready_seconds:.0f} s",
            f"- locust (FastHttpUser, closed loop, cookie-less anonymous visitors) on the same machine: "
            f"{run.seconds} s per run; {os.cpu_count()} cores; load average {load1:.1f} / {load5:.1f} at start",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 s runs, concurrency 8 only")
    parser.add_argument("--no-faults", action="store_true", help="skip the fault scenarios")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        # A throwaway PostgreSQL for the stack and for us (the write count, the restart).
        os.execvp("bash", ["bash", str(ROOT / "scripts/with-postgres.sh"), PY, *sys.argv])

    run = Run(args)
    use_redis = os.environ.get("LOAD_CACHE", "redis") == "redis" and Redis.available()
    redis = Redis(run.out / "redis.log") if use_redis else None
    smtp_port = free_port()
    env = stack_env(free_port(), smtp_port, redis)
    stack = Stack(env, run.out / "serve.log")
    stack_text = ""
    try:
        print(f"== starting the stack (log: {stack.log})", flush=True)
        ready = stack.start()
        grown = grow(env, run, stack)
        stack_text = describe(stack, redis, run, ready, grown)
        print(stack_text, flush=True)
        targets = django_side(env, "discover")
        pages = targets["pages"]
        targets_file = run.out / "targets.json"
        targets_file.write_text(json.dumps(targets))
        sessions_file = run.out / "sessions.json"
        sessions_file.write_text(json.dumps(faults.sign_in(stack.base, env, WRITERS)))
        common = {"LOAD_TARGETS": str(targets_file), "LOAD_SESSIONS": str(sessions_file)}

        print("== anonymous reads", flush=True)
        measured = {name: path for name, path in pages.items() if not run.only or name in run.only}
        anonymous = run.read_pages(stack.base, measured, run.concurrencies)
        run.table("Anonymous reads", anonymous)
        print("== signed-in reads", flush=True)
        signed_pages = {name: pages[name] for name in SIGNED_IN_PAGES if not run.only or name in run.only}
        signed_in = run.read_pages(
            stack.base,
            signed_pages,
            [8],
            env={**common, "LOAD_USERNAME": "follower"},
            classes=["SignedInReader"],
        )
        run.table(
            "Signed-in reads (follower; no page cache: each page made for the person, member, plan and "
            "commitment pages around record parts shared in the cache)",
            signed_in,
        )
        run.targets_section(anonymous, signed_in)
        print("== mixed", flush=True)
        faults.mixed(run, stack, env, pages, common)
        if not args.no_faults:
            print("== faults", flush=True)
            faults.worker_killed(run, stack, env, pages, targets, common)
            faults.postgres_restarted(run, stack, env, pages, common)
            faults.mail_away(run, stack, env, smtp_port)
        run.peer(anonymous, signed_in)
    finally:
        stack.stop()
        if redis:
            redis.stop()
    path = run.write_report(stack_text)
    print(f"== report: {path.relative_to(ROOT)} (and .load/latest.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
