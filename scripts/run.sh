#!/usr/bin/env bash
# Run Hecht Bestuur on the embedded default: SQLite, Celery tasks eager, demo data loaded.
# Usage: scripts/run.sh [addr:port]   (default 127.0.0.1:${PORT:-8000}; `make run PORT=8001`)
set -euo pipefail
ADDR=${1:-127.0.0.1:${PORT:-8000}}
port=${ADDR##*:}
if ! [[ $port =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    echo "ERROR: '$ADDR' does not end in a port number 1-65535 (e.g. make run PORT=8001)" >&2
    exit 2
fi
source "$(dirname "$0")/_env.sh"
unset DATABASE_URL CELERY_BROKER_URL
export DEBUG=1
# Links in e-mails (printed to the console) point at this server unless set otherwise.
export HECHT_SITE_URL=${HECHT_SITE_URL:-http://$ADDR}

python manage.py migrate --no-input
python manage.py load_demo
echo "==> Hecht Bestuur on http://$ADDR/ — log in as 'secretariaat' with password 'hecht-demo-2026'"
exec python manage.py runserver "$ADDR"
