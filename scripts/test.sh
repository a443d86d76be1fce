#!/usr/bin/env bash
# The whole check suite: lint, format, types, migrations, deploy checks, unit/integration/browser
# tests.
#
# Uses PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) when reachable, starting them
# on Debian when they are installed but down (as root). Without them it falls back to SQLite
# and eager Celery and says so. With REQUIRE_SERVICES=1 a missing service, browser or
# system library is a failure, never a skip.
# Extra arguments go to pytest, e.g. scripts/test.sh tests/governance -k calendar; with
# PostgreSQL, the tests marked sqlite_too then run a second time on SQLite.
set -euo pipefail
REQUIRE_SERVICES=${REQUIRE_SERVICES:-0}
export REQUIRE_SERVICES

fail() { echo "ERROR: $*" >&2; exit 1; }
need() {  # need <what> — fail under REQUIRE_SERVICES=1, otherwise warn loudly
    if [ "$REQUIRE_SERVICES" = 1 ]; then fail "$1 is required (REQUIRE_SERVICES=1)"; fi
    echo "!!! WARNING: $1 is missing; tests that need it will fall back or be limited." >&2
}

# --- system packages (Debian): browser, PDF text shaping, gettext, pdfinfo -----------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)  # tagged-PDF checks
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> apt-get install ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        need "system packages ${missing[*]}"
    fi
fi

# --- Python environment --------------------------------------------------------------------
source "$(dirname "$0")/_env.sh"

# --- services ------------------------------------------------------------------------------
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { python - <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection(("127.0.0.1", 6379), timeout=1)
s.sendall(b"PING\r\n"); sys.exit(0 if s.recv(7).startswith(b"+PONG") else 1)
PY
}
if ! pg_up && [ "$(id -u)" = 0 ] && [ -d /etc/postgresql ]; then
    echo "==> Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 20); do pg_up && break; sleep 0.5; done
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
    echo "==> Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /tmp >/dev/null || true
    for _ in $(seq 20); do redis_up && break; sleep 0.5; done
fi

if pg_up; then
    export DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hecht}
    echo "==> Database: PostgreSQL ($DATABASE_URL)"
else
    need "PostgreSQL on 127.0.0.1:5432"
    unset DATABASE_URL
    echo "!!! Database: SQLITE FALLBACK — PostgreSQL-specific behaviour is NOT tested." >&2
fi
if redis_up; then
    export HECHT_TEST_REDIS_URL=${HECHT_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
    echo "==> Redis: $HECHT_TEST_REDIS_URL"
else
    need "Redis on 127.0.0.1:6379"
    echo "!!! Redis: EAGER FALLBACK — the broker round-trip tests will not run." >&2
fi
unset CELERY_BROKER_URL  # the app under test runs tasks eagerly; broker tests set their own

# --- static checks -------------------------------------------------------------------------
echo "==> ruff"
ruff check .
ruff format --check .
echo "==> mypy"
mypy
echo "==> migrations in sync"
# Compares the models with the migration files, which does not depend on a database. Django
# also checks the named database's applied history against the files (and warns when that
# database does not exist, as on a fresh machine where only pytest's test_* database is
# made); an empty in-memory SQLite database keeps that side check quiet and creates no file.
DATABASE_URL=sqlite://:memory: python manage.py makemigrations --check --dry-run --no-input
echo "==> check --deploy under production settings"
DEBUG=0 ALLOWED_HOSTS=hecht.example \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py check --deploy --fail-level WARNING

# --- tests ---------------------------------------------------------------------------------
echo "==> pytest"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
pytest -n "${PYTEST_WORKERS:-2}" "$@"  # a failure ends the script here (set -e)

# Second pass: tests marked sqlite_too once more on SQLite, the embedded default, where
# hostile input fails differently (64-bit overflow there, NUL on PostgreSQL).
if [ -n "${DATABASE_URL:-}" ]; then
    echo "==> pytest on SQLite (tests marked sqlite_too)"
    status=0
    env -u DATABASE_URL pytest -n "${PYTEST_WORKERS:-2}" -m sqlite_too "$@" || status=$?
    # 5: the arguments selected no marked test (e.g. scripts/test.sh tests/governance -k x).
    if [ "$status" != 0 ] && [ "$status" != 5 ]; then exit "$status"; fi
fi
