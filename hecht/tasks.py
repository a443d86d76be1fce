import logging
from functools import partial

from celery import shared_task
from django.db import connection, transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


@shared_task(name="hecht.ping")
def ping(token: str) -> dict[str, str]:
    """Round-trip probe: proves a worker took the task from the broker, reached the
    database and sent its result back. Read-only, so safe to retry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": connection.vendor, "select": str(one)}


def _publish(task, args: tuple) -> None:
    if task.app.conf.task_always_eager:  # embedded mode: no broker, run it here
        task.apply_async(args)
        return
    try:
        task.apply_async(args)
    except (OperationalError, OSError) as exc:
        # The broker is not a database: what the task would do is recorded in the
        # database already, and the periodic sweep (or the next change) catches up.
        logger.error("Could not queue %s%r, the broker is unreachable: %s", task.name, args, exc)


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits, so a worker never
    sees uncommitted rows; a broker outage is logged, never raised into the request."""
    transaction.on_commit(partial(_publish, task, args))
