"""A real Celery task travels through Redis to a real worker process and back.

The worker is started by this test (solo pool, a queue of its own so no other
worker on the machine can take the task) against the test database. Without
Redis the test is skipped — unless REQUIRE_SERVICES=1, where that is a failure.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

from hecht.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_url():
    url = os.environ.get("HECHT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis at {url} is required (REQUIRE_SERVICES=1) but unreachable: {exc}")
        pytest.skip(f"Redis not reachable at {url}")
    return url


def _worker_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return "sqlite:///:memory:"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_to_a_real_worker(redis_url, tmp_path):
    queue = f"roundtrip-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hecht.settings",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": _worker_database_url(),
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hecht",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery("roundtrip-client", broker=redis_url, backend=redis_url)
    try:
        token = uuid.uuid4().hex
        result = client.send_task("hecht.ping", args=[token], queue=queue)
        value = result.get(timeout=60)
        assert value == {"token": token, "database": connection.vendor, "select": "1"}
        assert result.status == "SUCCESS"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        client.close()
    assert "hecht.ping" in (tmp_path / "worker.log").read_text()


def test_without_a_broker_tasks_run_eagerly(db, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    result = ping.delay("eager")
    assert result.get(timeout=5)["token"] == "eager"
