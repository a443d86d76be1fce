"""Reminders survive failures of the real services: two sweeps racing on PostgreSQL,
a worker killed while sending, and Redis down while the web app records a deadline.

These run against the real PostgreSQL and Redis (CI: REQUIRE_SERVICES=1 makes a
missing service a failure, never a skip)."""

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import kombu.pools
import pytest
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from governance.models import Action, ReminderDelivery
from governance.reminders import ledger
from governance.roles import MANAGEMENT
from hecht.celery import app as celery_app
from tests.celery_worker import ROOT, celery_worker, database_url_for_workers, redis_url_or_skip
from tests.factories import ActionFactory, UserFactory

Status = ReminderDelivery.Status
pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def person(name: str):
    return UserFactory(username=name, email=f"{name}@hecht.example", roles=[MANAGEMENT])


def due_today(owner) -> Action:
    return ActionFactory(
        actor=Action.Actor.PERSON, owner=owner, due_date=timezone.localdate(), description="Memo"
    )


def test_two_workers_sweeping_at_once_send_each_reminder_once(postgresql):
    people = [person(f"p{n}") for n in range(12)]
    for owner in people:
        for _ in range(3):
            due_today(owner)
    now = timezone.now()
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweeper():
        try:
            start.wait(timeout=10)
            result = ledger.sweep(now)
            for user_id in result.recipients:
                ledger.deliver(result.token, user_id, now)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    rows = list(ReminderDelivery.objects.all())
    assert len(rows) == 36 and {row.status for row in rows} == {Status.SENT}
    assert {row.attempts for row in rows} == {1}
    # One mail per person, never two.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


class SilentSmtpServer:
    """Accepts connections and never answers: the client waits for the greeting."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.clients: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)

    def close(self):
        for client in self.clients:
            client.close()
        self.sock.close()


def test_a_worker_killed_while_sending_is_reclaimed_and_delivered_once(postgresql, settings):
    owner = person("killed")
    due_today(owner)
    server = SilentSmtpServer()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hecht.settings",
        "DATABASE_URL": database_url_for_workers(),
        "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
    }
    env.pop("CELERY_BROKER_URL", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        sending = wait_for(
            lambda: (
                ReminderDelivery.objects.filter(status=Status.SENDING).exists()
                and bool(server.clients)
            )
        )
        assert sending, "the sender never reached the mail server"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        server.close()
    (row,) = ReminderDelivery.objects.all()
    assert row.status == Status.SENDING  # the dead worker's claim is still there
    now = timezone.now()
    assert ledger.sweep(now).reclaimed == 0  # a live claim is never taken away
    later = now + dt.timedelta(seconds=settings.HECHT_REMINDER_RECLAIM_SECONDS + 1)
    result = ledger.sweep(later)
    assert result.reclaimed == 1 and result.recipients == [owner.pk]
    ledger.deliver(result.token, owner.pk, later)
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 2
    assert [m.to for m in mail.outbox] == [[owner.email]]


def _reset_broker_pools():
    """Forget every broker connection and producer. The app's pools live in kombu's
    process-wide registries: closing only the app's connection pool would leave a
    producer pool there bound to it, and the next eager task (which still takes a
    producer) in this test process would fail with "Acquire on closed pool"."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Point the web app's Celery client at ``url`` with eager execution off."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    _reset_broker_pools()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield conf
    finally:
        _reset_broker_pools()
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved


@pytest.mark.services
def test_redis_down_the_page_works_and_the_reminder_follows_when_it_returns(
    postgresql, client, caplog, tmp_path
):
    redis_url = redis_url_or_skip()
    owner = person("redis")
    client.force_login(owner)
    form = {
        "description": "Zienswijze opstellen",
        "actor": Action.Actor.PERSON,
        "owner": owner.pk,
        "due_date": timezone.localdate().isoformat(),
    }
    # Redis is down (nothing listens on this port): the action is still recorded.
    with broker("redis://127.0.0.1:9/0"), caplog.at_level(logging.ERROR, "hecht.tasks"):
        started = time.monotonic()
        response = client.post(reverse("governance:action-create"), form)
        elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Action.objects.filter(description="Zienswijze opstellen").exists()
    assert "broker is unreachable" in caplog.text
    assert elapsed < 15  # the request gave up on the broker quickly
    assert not ReminderDelivery.objects.exists()  # nothing sent, nothing lost: not planned yet
    # Redis is back: the scheduled sweep (beat would send it) reaches a real worker,
    # which plans, claims and delivers the reminder.
    with (
        celery_worker(redis_url, tmp_path, EMAIL_URL="locmem://") as worker,
        broker(redis_url) as conf,
    ):
        conf.task_default_queue = worker.queue
        from governance.tasks import sweep_reminders

        sweep_reminders.apply_async(queue=worker.queue)
        delivered = wait_for(
            lambda: ReminderDelivery.objects.filter(recipient=owner, status=Status.SENT).exists()
        )
        assert delivered, worker.output()[-3000:]
    (row,) = ReminderDelivery.objects.all()
    assert row.stage == "due" and row.attempts == 1
