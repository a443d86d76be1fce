#!/usr/bin/env bash
# Run Hecht Bestuur on the embedded default: SQLite, Celery tasks eager, demo data loaded.
# Usage: scripts/run.sh [addr:port]   (default 127.0.0.1:8000)
set -euo pipefail
UV_SYNC_ARGS=--no-dev source "$(dirname "$0")/_env.sh"
ADDR=${1:-127.0.0.1:8000}
unset DATABASE_URL CELERY_BROKER_URL
export DEBUG=1

python manage.py migrate --no-input
python manage.py load_demo
echo "==> Hecht Bestuur on http://$ADDR/ — log in as 'secretariaat' with password 'hecht-demo-2026'"
exec python manage.py runserver "$ADDR"
