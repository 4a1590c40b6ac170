"""The stack under test, started as `make serve` starts it (scripts/serve.sh), and its faults.

The orchestrator runs inside scripts/with-postgres.sh (or with DATABASE_URL set), so it shares
the database with the stack and can restart it (TRACKER_PG_* from with-postgres.sh).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = os.environ.get("PY", sys.executable)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(url: str, timeout: float = 5.0) -> int:
    """The HTTP status of a GET (0 when nothing answered)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own 127.0.0.1
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return 0


class Redis:
    """A throwaway redis-server on 127.0.0.1 (Debian's package), nothing saved to disk."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def version(self) -> str:
        out = subprocess.run(
            ["redis-server", "--version"], capture_output=True, text=True, check=False
        ).stdout
        return next((part.split("=", 1)[1] for part in out.split() if part.startswith("v=")), "?")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class Stack:
    """scripts/serve.sh in its own process group; ``env``: the stack's whole environment."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.port = int(env["SERVE_PORT"])
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 900) -> float:
        """Start and wait until /readyz answers 200; returns the seconds it took."""
        started = time.monotonic()
        self.process = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve.sh ended ({self.process.returncode}): see {self.log}")
            if get_status(f"{self.base}/readyz", timeout=2) == 200:
                return time.monotonic() - started
            time.sleep(1)
        raise RuntimeError(f"/readyz never answered 200 within {timeout:.0f} s: see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # serve.sh's trap stops gunicorn, the workers, the scheduler and the mailer.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    # -- processes of the stack ----------------------------------------------------------------

    def _descendants(self) -> list[tuple[int, int, str]]:
        """(pid, parent pid, command line) of every process under serve.sh."""
        table = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            table[int(entry.name)] = (parent, cmdline)
        found, frontier = [], [self.process.pid]
        while frontier:
            pid = frontier.pop()
            for child, (parent, cmdline) in table.items():
                if parent == pid:
                    found.append((child, parent, cmdline))
                    frontier.append(child)
        return found

    def task_worker_pid(self) -> int | None:
        """The report worker's main process (not its render child, a fork with the same command)."""
        processes = self._descendants()
        workers = {
            pid for pid, _parent, cmdline in processes if "task_worker" in cmdline and "python" in cmdline
        }
        mains = [pid for pid, parent, _ in processes if pid in workers and parent not in workers]
        return mains[0] if mains else None

    def gunicorn_workers(self) -> int:
        processes = self._descendants()
        gunicorn = {pid for pid, _parent, cmdline in processes if "gunicorn" in cmdline}
        return sum(1 for pid, parent, _ in processes if pid in gunicorn and parent in gunicorn)


def restart_postgres() -> float:
    """``pg_ctl restart -m fast`` on the throwaway server; returns the seconds it took."""
    bindir, data = os.environ["TRACKER_PG_BIN"], os.environ["TRACKER_PG_DATA"]
    command = [
        f"{bindir}/pg_ctl",
        "-D",
        data,
        "-l",
        os.environ["TRACKER_PG_LOG"],
        "-w",
        "-m",
        "fast",
        "restart",
    ]
    if os.geteuid() == 0 and os.environ.get("TRACKER_PG_USER", "root") != "root":  # as with-postgres.sh does
        command = ["runuser", "-u", os.environ["TRACKER_PG_USER"], "--", *command]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def postgres_version() -> str:
    bindir = os.environ.get("TRACKER_PG_BIN")
    if not bindir:
        return "PostgreSQL (DATABASE_URL)"
    out = subprocess.run([f"{bindir}/postgres", "-V"], capture_output=True, text=True, check=False).stdout
    return out.strip().replace("postgres (PostgreSQL) ", "PostgreSQL ")


def django_side(env: dict[str, str], *args: str) -> dict:
    """Run load/django_side.py with the dev settings against the stack's database."""
    child_env = {**env, "DJANGO_SETTINGS_MODULE": "tracker.settings.dev"}
    out = subprocess.run(
        [PY, "load/django_side.py", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])
