"""Profile anonymous cached hits through the real WSGI handler and middleware, by counting.

    python load/profile_hit.py [PATH ...] [--hits N]

Run it with the stack's settings and environment (production settings, DATABASE_URL, REDIS_URL
or the database cache), e.g. inside `scripts/with-postgres.sh` after `make serve`'s setup. For
each path it warms the page cache, then serves N cookie-less hits under cProfile and prints, per
hit: Python function calls, cache round trips (Redis commands sent; SQL queries on the database
cache), SQL queries, and the functions that made the most calls. The machine is busy: it counts, it
does not time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["/en/"])
    parser.add_argument("--hits", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()
    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def hit(path: str) -> tuple[int, dict]:
        headers = {}

        def start_response(status, response_headers, exc_info=None):
            headers.update(response_headers)
            headers["status"] = status

        body = handler(factory.get(path, secure=True).environ, start_response)
        b"".join(body)
        body.close()
        return int(headers["status"].split()[0]), headers

    for path in args.paths:
        hit(path)
        status, headers = hit(path)
        print(f"== {path}: {status}, X-Page-Cache {headers.get('X-Page-Cache', '(none)')}")
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            for _ in range(args.hits):
                hit(path)
            profiler.disable()
        stats = pstats.Stats(profiler)
        total_calls = sum(entry[1] for entry in stats.stats.values())
        # Round trips on the wire: Redis commands sent, and SQL queries (the database cache's too).
        redis_commands = sum(
            entry[1]
            for (filename, _line, name), entry in stats.stats.items()
            if filename.endswith("redis/connection.py") and name == "send_packed_command"
        )
        cache_queries = sum(1 for query in queries.captured_queries if "tracker_cache" in query["sql"])
        print(
            f"   per hit: {total_calls / args.hits:.0f} function calls, {redis_commands / args.hits:.1f} Redis "
            f"commands, {len(queries) / args.hits:.1f} SQL queries ({cache_queries / args.hits:.1f} on the "
            "database cache)"
        )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("ncalls").print_stats(12)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


if __name__ == "__main__":
    main()
