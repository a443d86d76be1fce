"""A real Celery task travels through Redis to a real worker process and back.

The worker is started by this test (``tests/celery_worker.py``: solo pool, a queue of
its own) against the test database. Without Redis the test is skipped — unless
REQUIRE_SERVICES=1, where that is a failure.
"""

import uuid

import pytest
from celery import Celery
from django.db import connection

from hecht.tasks import ping
from tests.celery_worker import celery_worker, redis_url_or_skip


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_to_a_real_worker(tmp_path):
    redis_url = redis_url_or_skip()
    with celery_worker(redis_url, tmp_path, CELERY_RESULT_BACKEND=redis_url) as worker:
        client = Celery("roundtrip-client", broker=redis_url, backend=redis_url)
        try:
            token = uuid.uuid4().hex
            result = client.send_task("hecht.ping", args=[token], queue=worker.queue)
            value = result.get(timeout=60)
            assert value == {"token": token, "database": connection.vendor, "select": "1"}
            assert result.status == "SUCCESS"
        finally:
            client.close()
    assert "hecht.ping" in worker.output()


def test_without_a_broker_tasks_run_eagerly(db, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    result = ping.delay("eager")
    assert result.get(timeout=5)["token"] == "eager"
