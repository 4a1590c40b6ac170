#!/usr/bin/env bash
# Run the whole test suite on SQLite, browser tests included, N times on a busy machine, and
# report each run's result and time: a suite that passes only on an idle machine flakes.
#
#   scripts/flake-check.sh [N]          N runs (default 5)
#
# Beside the suite, HOGS processes (default 2, one per core here) spin at 100% CPU for the
# whole check; they are killed when it ends, however it ends (short of kill -9). The suite runs
# as `make test` runs it: scripts/pytest-split.sh, xdist for all but the browser tests
# (PYTEST_WORKERS=2; 0 for none), then the browser tests serially. Each run's output goes to
# test-results/flake-check/run-I.log, the results to test-results/flake-check/summary.txt.
# Needs the venv and the system packages `make test` installs. Exits 1 if any run failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=${1:-5}
hogs=${HOGS:-2}
python=${PYTHON:-.venv/bin/python}
logs=test-results/flake-check
mkdir -p "$logs"
rm -f "$logs"/run-*.log

pids=()
stop_hogs() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_hogs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
for _ in $(seq 1 "$hogs"); do
    yes >/dev/null &
    pids+=($!)
done
echo "flake-check: $runs runs of the SQLite suite beside $hogs busy loops (logs in $logs/)" |
    tee "$logs/summary.txt"

failures=0
for i in $(seq 1 "$runs"); do
    started=$SECONDS
    if env -u DATABASE_URL DJANGO_SETTINGS_MODULE=tracker.settings.test \
        bash scripts/pytest-split.sh "$python" -m pytest -q -p no:cacheprovider >"$logs/run-$i.log" 2>&1; then
        result=passed
    else
        result=FAILED
        failures=$((failures + 1))
    fi
    # pytest's own summary lines ("672 passed in 120.3s"), one per invocation.
    summary=$(grep -E "^=*\s*[0-9]+ [a-z]+.* in [0-9.]+s" "$logs/run-$i.log" |
        sed -E 's/^=+ //; s/ =+$//' | paste -sd ';' - || true)
    echo "run $i: $result in $((SECONDS - started)) s ($summary)" | tee -a "$logs/summary.txt"
done

echo "flake-check: $((runs - failures)) of $runs runs passed" | tee -a "$logs/summary.txt"
if ((failures)); then
    grep -hE "^(FAILED|ERROR) " "$logs"/run-*.log | sort | uniq -c | sort -rn || true
    exit 1
fi
