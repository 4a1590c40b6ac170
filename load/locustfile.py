"""The visitors of `make load` (run by load/run.py; see the README's "Load test").

Which users run is chosen on locust's command line (class names); what they read and write comes
from the environment, set by the orchestrator:

    LOAD_PATH       PageReader: the one path every user reads, as fast as it is answered
    LOAD_PAGES      MixedReader: a JSON list of paths, read in turn
    LOAD_TARGETS    writers: JSON from `load/django_side.py discover` (milestones, pages to follow)
    LOAD_SESSIONS   JSON {username: {cookie: value}}: signed-in sessions made by the orchestrator
    LOAD_USERNAME   SignedInReader: whose session it reads with
    LOAD_TALLY      where to write, at the end, the status codes seen (per name and per second)
                    and every write that the site confirmed

Anonymous readers send no cookies (the cookie jar is emptied after each request): a crowd of
first visits, which is what the anonymous page cache serves. Every request is closed-loop (no
think time): concurrency is the number of users.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import re
import threading
import time
from collections import Counter, defaultdict

from locust import FastHttpUser, constant, events, task

_lock = threading.Lock()
_statuses: dict[str, Counter] = defaultdict(Counter)
_timeline: dict[int, Counter] = defaultdict(Counter)
_cache: dict[str, Counter] = defaultdict(Counter)
_writes: list[dict] = []
_started = time.time()


def _env_json(name: str, default):
    value = os.environ.get(name)
    if not value:
        return default
    with open(value, encoding="utf-8") as handle:
        return json.load(handle)


TARGETS = _env_json("LOAD_TARGETS", {})
SESSIONS = _env_json("LOAD_SESSIONS", {})


@events.request.add_listener
def _tally(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    if exception is not None and not status:
        status = 0  # no answer at all: refused, reset, timed out
    hit = ""
    if response is not None and getattr(response, "headers", None) is not None:
        hit = response.headers.get("X-Page-Cache") or ""
    second = int(time.time() - _started)
    with _lock:
        _statuses[name][str(status)] += 1
        _timeline[second][str(status)] += 1
        if hit:
            _cache[name][hit] += 1


def record_write(kind: str, key: str) -> None:
    """A write the site confirmed (its redirect after success), in order."""
    with _lock:
        _writes.append({"kind": kind, "key": key, "at": round(time.time() - _started, 3)})


@events.quitting.add_listener
def _dump(environment, **kwargs):
    path = os.environ.get("LOAD_TALLY")
    if not path:
        return
    with _lock:
        data = {
            "started": _started,
            "statuses": {name: dict(counts) for name, counts in _statuses.items()},
            "timeline": {str(second): dict(counts) for second, counts in sorted(_timeline.items())},
            "cache": {name: dict(counts) for name, counts in _cache.items()},
            "writes": list(_writes),
        }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


def _cookie_header(username: str) -> str:
    cookies = SESSIONS.get(username, {})
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class Anonymous(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def read(self, path: str, name: str | None = None) -> None:
        self.client.get(path, name=name or path)
        self.client.cookiejar.clear()


class PageReader(Anonymous):
    """Reads LOAD_PATH, anonymously, again and again."""

    @task
    def read_page(self):
        self.read(os.environ["LOAD_PATH"], os.environ.get("LOAD_NAME"))


class MixedReader(Anonymous):
    """Reads every page of LOAD_PAGES in turn, anonymously (the 90% of the mixed scenario)."""

    weight = 9

    def on_start(self):
        pages = json.loads(os.environ.get("LOAD_PAGES", "[]")) or ["/en/"]
        self.pages = itertools.cycle(pages)

    @task
    def read_next(self):
        self.read(next(self.pages), "mixed: anonymous read")


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    username = ""

    def on_start(self):
        self.headers = {"Cookie": _cookie_header(self.username)}
        self.csrf = SESSIONS.get(self.username, {}).get("csrftoken", "")

    def get(self, path: str, name: str):
        return self.client.get(path, name=name, headers=self.headers, allow_redirects=False)

    def post(self, path: str, data: dict, name: str):
        headers = {**self.headers, "X-CSRFToken": self.csrf, "Referer": self.host + path}
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf, **data},
            name=name,
            headers=headers,
            allow_redirects=False,
        )


class SignedInReader(SignedIn):
    """Reads LOAD_PATH signed in as LOAD_USERNAME: no page cache, each page made for them (record
    pages around the record parts shared in the cache)."""

    def on_start(self):
        self.username = os.environ.get("LOAD_USERNAME", "follower")
        super().on_start()

    @task
    def read_page(self):
        self.get(os.environ["LOAD_PATH"], os.environ.get("LOAD_NAME") or os.environ["LOAD_PATH"])


UPDATE_DETAIL = re.compile(r"/progress/update/(\d+)/$")
REVIEW_LINK = re.compile(r"/progress/update/(\d+)/")


class PocWriter(SignedIn):
    """The point of contact drafts and submits an update on one of Ukraine's milestones."""

    fixed_count = 1
    username = "poc-ukraine"
    wait_time = constant(0.2)

    def on_start(self):
        super().on_start()
        self.milestones = itertools.cycle(TARGETS.get("milestones") or [0])
        self.serial = itertools.count(1)

    @task
    def post_update(self):
        milestone = next(self.milestones)
        data = {
            "status": "scheduled",
            "percent_complete": "40",
            "narrative": f"Load test update {next(self.serial)}: work goes on as planned.",
            "as_of": datetime.date.today().isoformat(),
            "evidence_url": "https://example.org/evidence",
            "submit": "1",
        }
        with self.client.post(
            f"/en/progress/milestone/{milestone}/new/",
            data={"csrfmiddlewaretoken": self.csrf, **data},
            headers={**self.headers, "X-CSRFToken": self.csrf},
            name="write: POC submits an update",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            match = UPDATE_DETAIL.search(response.headers.get("Location") or "")
            if response.status_code == 302 and match:
                record_write("update", match.group(1))
                response.success()
            else:
                response.failure(f"no update made ({response.status_code})")


class ForumApprover(SignedIn):
    """The forum reviewer approves the first update waiting in the review queue."""

    fixed_count = 1
    username = "forum-ukraine"
    wait_time = constant(0.3)

    @task
    def approve_one(self):
        queue = self.get("/en/progress/review/", "write: forum reads the queue")
        ids = REVIEW_LINK.findall(queue.text or "")
        if not ids:
            return
        update_id = ids[0]
        with self.client.post(
            f"/en/progress/update/{update_id}/review/",
            data={"csrfmiddlewaretoken": self.csrf, "decision": "approve"},
            headers={**self.headers, "X-CSRFToken": self.csrf},
            name="write: forum approves",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/progress/review/" in (
                response.headers.get("Location") or ""
            ):
                record_write("approve", update_id)
                response.success()
            elif response.status_code == 403:
                # Approved by someone else in between (or not waiting): refused, not lost.
                response.success()
            else:
                response.failure(f"not approved ({response.status_code})")


class Follower(SignedIn):
    """A person follows and unfollows commitments, in turn."""

    fixed_count = 1
    wait_time = constant(0.2)
    username = "follower"

    def on_start(self):
        super().on_start()
        self.pages = itertools.cycle(TARGETS.get("follow_pages") or [])
        self.following: set[int] = set()

    @task
    def toggle(self):
        page = next(self.pages, None)
        if page is None:
            return
        action = "unfollow" if page in self.following else "follow"
        data = {"unfollow": "1"} if action == "unfollow" else {"frequency": "immediate"}
        with self.client.post(
            f"/en/follow/{page}/",
            data={"csrfmiddlewaretoken": self.csrf, **data},
            headers={**self.headers, "X-CSRFToken": self.csrf},
            name=f"write: {action}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                record_write(action, f"{self.username}:{page}")
                self.following.symmetric_difference_update({page})
                response.success()
            else:
                response.failure(f"{action} refused ({response.status_code})")
