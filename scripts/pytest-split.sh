#!/usr/bin/env bash
# Run the whole test suite in two pytest invocations, so that every test runs exactly once:
#
#   scripts/pytest-split.sh PYTEST...      e.g. scripts/pytest-split.sh .venv/bin/python -m pytest -q
#
#   1. every test but the browser tests, in parallel with pytest-xdist: PYTEST_WORKERS processes
#      (default 2: the CI machine has two cores), each with its own test database (pytest-django
#      names them test_tracker_gw0, test_tracker_gw1, ...). --dist loadfile keeps each file's tests
#      on one worker, so a module-scoped fixture (imported_once in tests/conftest.py) still runs
#      once per module. PYTEST_WORKERS=0 runs them in this process, serially.
#   2. the browser tests (marker "browser", tests/browser/), serially: Chromium, the live server
#      and the report worker already keep both cores busy; and the tests marked "serial", which
#      commit to the database (a transactional test's flush would empty it under a neighbour).
#
# pytest exits 5 when a run selects no test (PYTEST_ARGS naming only browser tests, say): that
# run counts as passed. Both runs always run; the exit status is 1 if either failed.
set -uo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 PYTEST [ARGS...]" >&2
    exit 2
fi

workers=${PYTEST_WORKERS:-2}
failed=0
run() {
    local label=$1 status
    shift
    echo "-- $label"
    "$@"
    status=$?
    if ((status == 5)); then
        echo "(no tests selected)"
    elif ((status != 0)); then
        failed=1
    fi
}

run "all but the browser and serial tests, $workers xdist workers" "$@" -n "$workers" --dist loadfile -m "not browser and not serial"
run "browser and serial tests, serially" "$@" -m "browser or serial"
exit "$failed"
