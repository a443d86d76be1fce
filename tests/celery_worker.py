"""A real Celery worker process for the broker tests: solo pool, a queue of its own
(so no other worker on the machine takes its tasks, and the tasks it queues itself
stay with it), against the test database and a real Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def redis_url_or_skip() -> str:
    """The test Redis (``HECHT_TEST_REDIS_URL``); skipped when unreachable, a failure
    under ``REQUIRE_SERVICES=1``."""
    url = os.environ.get("HECHT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis at {url} is required (REQUIRE_SERVICES=1) but unreachable: {exc}")
        pytest.skip(f"Redis not reachable at {url}")
    return url


def database_url_for_workers() -> str:
    """The database of the running test, as a ``DATABASE_URL`` for another process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return "sqlite:///:memory:"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


@dataclass
class Worker:
    queue: str
    log: Path
    process: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text()


@contextmanager
def celery_worker(redis_url: str, tmp_path: Path, **env: str) -> Iterator[Worker]:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / f"worker-{queue}.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hecht.settings",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": database_url_for_workers(),
        **env,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
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
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Worker(queue, log_path, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
