#!/usr/bin/env bash
# Make sure the system packages the test suite needs are installed.
#
#   scripts/ensure-system-deps.sh [ENV_FILE]
#
# Installs what is missing through apt-get (as root, or through passwordless
# sudo); does nothing (and runs no apt-get at all) when everything is present.
#
# When a part cannot be installed (not root, no apt, apt fails):
#   - under CI=true: prints what is missing and exits 1;
#   - otherwise: prints what to install, exits 0 and writes KEY=1 lines to
#     ENV_FILE (if given) naming the runs to skip:
#       SKIP_BROWSER=1   Chromium (or its fonts) unavailable: browser tests skip
#       SKIP_POSTGRES=1  PostgreSQL server unavailable: PostgreSQL run skipped
#       SKIP_PDF=1       WeasyPrint's Pango/HarfBuzz libraries unavailable
#       SKIP_GETTEXT=1   msgfmt unavailable: committed .mo files are used
#       SKIP_REDIS=1     redis-server unavailable: the Redis cache test skips
# ENV_FILE is sourceable shell (KEY=VALUE lines); it also gets
# CHROMIUM_PATH=... when Chromium is available.
set -euo pipefail

env_file=${1:-}
if [[ -n $env_file ]]; then : >"$env_file"; fi
is_ci() { [[ ${CI:-} == true || ${CI:-} == 1 ]]; }
say() { echo "ensure-system-deps: $*"; }
record() { if [[ -n $env_file ]]; then echo "$1" >>"$env_file"; fi; }

# ---- checks -----------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

have_chromium() { [[ -x /usr/bin/chromium ]] || command -v chromium >/dev/null 2>&1; }
have_fonts() { [[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; }
have_msgfmt() { command -v msgfmt >/dev/null 2>&1; }
have_redis() { command -v redis-server >/dev/null 2>&1; }
ldconfig_cache=
have_lib() {
    # No `ldconfig -p | grep -q`: with pipefail, grep's early exit can fail the pipe.
    if [[ -z $ldconfig_cache ]]; then
        ldconfig_cache=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null || true)
    fi
    [[ $ldconfig_cache == *"$1"* ]]
}
have_postgres() {
    local bin
    bin=$(pg_bindir)
    [[ -n $bin && -x $bin/initdb && -x $bin/pg_ctl && -x $bin/postgres && -x $bin/psql ]] || return 1
    # PostgreSQL refuses to run as root: with-postgres.sh needs the postgres user.
    [[ $EUID -ne 0 ]] || id -u postgres >/dev/null 2>&1
}

# part | apt packages | check function(s) | skip flag
parts=(
    "Chromium (browser tests)|chromium|have_chromium|SKIP_BROWSER"
    "DejaVu fonts (browser tests, PDFs)|fonts-dejavu-core|have_fonts|SKIP_BROWSER"
    "PostgreSQL server|postgresql|have_postgres|SKIP_POSTGRES"
    "Pango (WeasyPrint PDFs)|libpango-1.0-0|have_lib libpango-1.0.so|SKIP_PDF"
    "PangoFT2 (WeasyPrint PDFs)|libpangoft2-1.0-0|have_lib libpangoft2-1.0.so|SKIP_PDF"
    "HarfBuzz subset (WeasyPrint PDFs)|libharfbuzz-subset0|have_lib libharfbuzz-subset.so|SKIP_PDF"
    "gettext msgfmt (compilemessages)|gettext|have_msgfmt|SKIP_GETTEXT"
    "Redis server (the production cache's test; make load)|redis-server|have_redis|SKIP_REDIS"
)

missing=()
for part in "${parts[@]}"; do
    IFS='|' read -r _ _ check _ <<<"$part"
    $check || missing+=("$part")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    have_chromium && record "CHROMIUM_PATH=$(command -v chromium || echo /usr/bin/chromium)"
    exit 0
fi

# ---- install ----------------------------------------------------------------
sudo_cmd=()
can_install=true
if ! command -v apt-get >/dev/null 2>&1; then
    can_install=false
    why="apt-get not found"
elif [[ $EUID -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo_cmd=(sudo -n)
    else
        can_install=false
        why="not root (and no passwordless sudo)"
    fi
fi

wait_for_apt() {
    command -v fuser >/dev/null 2>&1 || return 0
    local said=false
    while "${sudo_cmd[@]}" fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock \
        /var/lib/apt/lists/lock >/dev/null 2>&1; do
        $said || { say "waiting for another apt/dpkg process to finish..."; said=true; }
        sleep 2
    done
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
apt() {
    wait_for_apt
    # The lock timeout covers machines without fuser (psmisc).
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=900 -q -y "$@" >>"$log" 2>&1
}

if $can_install; then
    say "running apt-get update"
    if ! apt update; then
        can_install=false
        why="apt-get update failed"
        tail -n 15 "$log" | sed 's/^/    /'
    fi
fi

if $can_install; then
    for part in "${missing[@]}"; do
        IFS='|' read -r label pkgs check _ <<<"$part"
        ldconfig_cache=
        # An earlier install may have pulled this one in as a dependency.
        if $check; then continue; fi
        say "installing $pkgs ($label)"
        : >"$log"
        # shellcheck disable=SC2086
        if ! apt install --no-install-recommends $pkgs; then
            why="apt-get install failed"
            say "apt-get install $pkgs failed:"
            tail -n 15 "$log" | sed 's/^/    /'
        fi
    done
fi

# ---- report what is still missing ---------------------------------------------
ldconfig_cache=
still=()
for part in "${missing[@]}"; do
    IFS='|' read -r _ _ check _ <<<"$part"
    $check || still+=("$part")
done

have_chromium && record "CHROMIUM_PATH=$(command -v chromium || echo /usr/bin/chromium)"
[[ ${#still[@]} -eq 0 ]] && exit 0

pkgs_needed=()
for part in "${still[@]}"; do
    IFS='|' read -r label pkgs _ flag <<<"$part"
    pkgs_needed+=("$pkgs")
done
say "cannot install system packages (${why:-apt-get install failed}). Missing:"
for part in "${still[@]}"; do
    IFS='|' read -r label pkgs _ flag <<<"$part"
    echo "    - $label: Debian/Ubuntu package '$pkgs'"
done
echo "  Install them with: sudo apt-get update && sudo apt-get install -y ${pkgs_needed[*]}"

if is_ci; then
    say "CI=${CI}: missing system packages are an error"
    exit 1
fi

declare -A flagged=()
for part in "${still[@]}"; do
    IFS='|' read -r _ _ _ flag <<<"$part"
    [[ -n ${flagged[$flag]:-} ]] && continue
    flagged[$flag]=1
    record "$flag=1"
    case $flag in
        SKIP_BROWSER) say "browser tests will be skipped (SKIP_BROWSER=1)" ;;
        SKIP_POSTGRES) say "the PostgreSQL test run will be skipped" ;;
        SKIP_PDF) say "PDF generation (WeasyPrint) will not work (SKIP_PDF=1)" ;;
        SKIP_GETTEXT) say "compilemessages skipped; the committed .mo files are used" ;;
        SKIP_REDIS) say "the Redis cache test will be skipped (no redis-server)" ;;
    esac
done
exit 0
