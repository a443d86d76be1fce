from celery import shared_task
from django.db import connection


@shared_task(name="hecht.ping")
def ping(token: str) -> dict[str, str]:
    """Round-trip probe: proves a worker took the task from the broker, reached the
    database and sent its result back. Read-only, so safe to retry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": connection.vendor, "select": str(one)}
