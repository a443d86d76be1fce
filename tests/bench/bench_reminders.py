"""Benchmark: the reminder sweep with up to 100,000 open deadlines.

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench_reminders \
        .venv/bin/python tests/bench/bench_reminders.py [--sizes 10000,50000,100000] [--repeat 5]

It creates/migrates the database named in DATABASE_URL (its own: it truncates the actions
and the reminder ledger), creates ``--users`` people of whom ``--managers`` are in the
management group (the escalation recipients), a few with their own reminder preferences,
and then, for each size in ``--sizes``, tops the database up to that many open actions
(``Action.objects.bulk_create``) owned by those people, due on days spread uniformly from
60 days before to 365 days after ``NOW`` (a fixed Wednesday, 09:00 in Amsterdam). Per size
it measures ``ledger.sweep``:

1. the first sweep on an empty ledger (plans and claims everything due at ``NOW``); the
   ledger is truncated before each repeat;
2. a second sweep five minutes later: nothing new to plan or claim, the steady state of
   the periodic task;
3. a sweep the next working day at 09:00, after the claim of (1) was delivered (the rows
   marked sent): new stages are reached and yesterday's digest rows fall due; the ledger
   is restored to its state after (2) before each repeat.

Reported: median wall time of ``--repeat`` runs and of the plan / claim parts, the number
of SQL statements (``CaptureQueriesContext``, one extra run), the ledger rows the sweep
inserted, the rows it claimed and the number of recipients. Then ``owed.tasks_for`` (what
"Mijn taken", the header count and the e-mail run) for one person and for one manager.
``settings.DEBUG`` is switched off after set-up so that timed runs do not pay for Django's
query log (as in production); ``--profile`` prints a cProfile of sweep (1) at the largest
size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")
os.environ.setdefault("DEBUG", "1")

SEED = 20261125
DAYS_BEFORE, DAYS_AFTER = 60, 365
SNAPSHOT = "bench_reminder_ledger_snapshot"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--managers", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    from _setup import ensure_database

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from governance.deadlines import AMSTERDAM, next_working_day
    from governance.models import Action, ReminderDelivery
    from governance.reminders import ledger, owed

    call_command("migrate", verbosity=0)
    settings.DEBUG = False
    now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=AMSTERDAM)  # a Wednesday
    later = now + dt.timedelta(minutes=5)
    next_day = dt.datetime.combine(
        next_working_day(now.date() + dt.timedelta(days=1)), now.timetz()
    )
    table = ReminderDelivery._meta.db_table

    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def save_ledger() -> None:
        execute(f"DROP TABLE IF EXISTS {SNAPSHOT}")
        execute(f"CREATE TABLE {SNAPSHOT} AS SELECT * FROM {table}")  # noqa: S608

    def restore_ledger() -> None:
        execute(f"TRUNCATE {table}")
        execute(f"INSERT INTO {table} SELECT * FROM {SNAPSHOT}")  # noqa: S608
        execute(f"ANALYZE {table}")

    def empty_ledger() -> None:
        execute(f"TRUNCATE {table}")
        execute(f"ANALYZE {table}")

    # Timing wrappers around the parts of ``ledger.sweep`` (module globals, so sweep()
    # itself is what runs and is timed).
    parts: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*a, **kw):
            started = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                parts[name] = time.perf_counter() - started

        return wrapper

    ledger.plan = timed("plan", ledger.plan)
    ledger.claim = timed("claim", ledger.claim)

    def measure(at: dt.datetime, reset) -> dict:
        """Median of ``--repeat`` timed sweeps at ``at`` (``reset`` before each), then one
        more with the queries captured, which gives the row counts."""
        walls, plans, claims = [], [], []
        for _ in range(args.repeat):
            reset()
            started = time.perf_counter()
            ledger.sweep(at)
            walls.append(time.perf_counter() - started)
            plans.append(parts["plan"])
            claims.append(parts["claim"])
        reset()
        before = ReminderDelivery.objects.count()
        with CaptureQueriesContext(connection) as queries:
            result = ledger.sweep(at)
        return {
            "wall": statistics.median(walls),
            "best": min(walls),
            "plan": statistics.median(plans),
            "claim": statistics.median(claims),
            "queries": len(queries.captured_queries),
            "inserted": ReminderDelivery.objects.count() - before,
            "offered": result.planned,
            "claimed": ReminderDelivery.objects.filter(claim_token=result.token).count(),
            "recipients": len(result.recipients),
            "sql": [query["sql"] for query in queries.captured_queries],
        }

    load_at_start = os.getloadavg()[0]
    users, managers = make_people(args.users, args.managers)
    execute(f"TRUNCATE {Action._meta.db_table} RESTART IDENTITY CASCADE")
    rng = random.Random(SEED)
    results: list[tuple[int, str, dict]] = []
    count = 0
    for size in sizes:
        started = time.perf_counter()
        add_actions(size - count, users, now.date(), rng)
        count = size
        execute(f"ANALYZE {Action._meta.db_table}")
        print(f"{size} open actions created in {time.perf_counter() - started:.1f} s", flush=True)
        if size == sizes[0]:
            ledger.sweep(now)  # warm-up: imports, URL resolver, holiday tables

        results.append((size, "1 first sweep, empty ledger", measure(now, empty_ledger)))
        # State after (1): the captured run of measure() left it in place.
        results.append((size, "2 again 5 min later", measure(later, lambda: None)))
        ReminderDelivery.objects.filter(status=ReminderDelivery.Status.SENDING).update(
            status=ReminderDelivery.Status.SENT, sent_at=later
        )
        save_ledger()
        results.append((size, "3 next working day", measure(next_day, restore_ledger)))
        for _, label, row in results[-3:]:
            print(f"  {label}: { {k: v for k, v in row.items() if k != 'sql'} }", flush=True)

    print()
    print(
        f"database: {connection.vendor}; users: {len(users)} ({len(managers)} managers);"
        f" now: {now:%a %Y-%m-%d %H:%M %Z}; next working day: {next_day:%a %Y-%m-%d};"
        f" median of {args.repeat}; load average {os.getloadavg()[0]:.1f}"
        f" (at the start {load_at_start:.1f})"
    )
    header = (
        f"{'deadlines':>9} | {'sweep':<27} | {'wall':>8} | {'best':>8} | {'plan':>8} |"
        f" {'claim':>8} |"
        f" {'queries':>7} | {'inserted':>8} | {'claimed':>7} | {'recipients':>10}"
    )
    print(header)
    print("-" * len(header))
    for size, label, row in results:
        print(
            f"{size:>9} | {label:<27} | {row['wall'] * 1000:5.0f} ms | {row['best'] * 1000:5.0f} ms"
            f" | {row['plan'] * 1000:5.0f} ms"
            f" | {row['claim'] * 1000:5.0f} ms | {row['queries']:>7} | {row['inserted']:>8}"
            f" | {row['claimed']:>7} | {row['recipients']:>10}"
        )

    print()
    print(f"statements of sweep 1 with {sizes[-1]} deadlines:")
    for sql in results[-3][2]["sql"]:
        print(f"  {' '.join(sql.split())[:150]}")

    print()
    person = users[len(users) // 2]
    for who, user in (("person", person), ("manager", managers[0])):
        owned = Action.objects.open().filter(owner=user).count()
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            tasks = owed.tasks_for(user, now=now)
            timings.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            tasks = owed.tasks_for(user, now=now)
        print(
            f"tasks_for({who}, {owned} open actions): own {len(tasks.own)},"
            f" escalated {len(tasks.escalated)} | median {statistics.median(timings) * 1000:.0f}"
            f" ms | {len(queries.captured_queries)} queries"
        )

    if args.profile:
        import cProfile
        import pstats

        empty_ledger()
        profiler = cProfile.Profile()
        profiler.enable()
        ledger.sweep(now)
        profiler.disable()
        print()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    execute(f"DROP TABLE IF EXISTS {SNAPSHOT}")


def make_people(total: int, management: int):
    """``total`` people (the first ``management`` in the management group), every tenth
    with a later digest and urgent reminders in the digest, every 25th opted out of
    action reminders (escalations to the management still go out)."""
    from django.contrib.auth.models import Group

    from governance.models import ReminderPreference, User
    from governance.roles import MANAGEMENT

    group = Group.objects.get(name=MANAGEMENT.group_name)
    users = []
    for n in range(total):
        user, created = User.objects.get_or_create(
            username=f"bench-{n:03d}",
            defaults={
                "first_name": "Bench",
                "last_name": f"Person {n:03d}",
                "email": f"bench-{n:03d}@example.org",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if n < management:
            user.groups.add(group)
        if n % 10 == 5 or n % 25 == 7:
            ReminderPreference.objects.update_or_create(
                user=user,
                defaults={
                    "digest_time": dt.time(8, 30) if n % 10 == 5 else dt.time(7, 30),
                    "urgent_immediately": n % 10 != 5,
                    "muted_kinds": ["action"] if n % 25 == 7 else [],
                },
            )
        users.append(user)
    return users, users[:management]


def add_actions(count: int, users, today: dt.date, rng: random.Random) -> None:
    """``count`` more open actions, owner chosen at random, due on a day drawn uniformly
    from [today - 60, today + 365]."""
    from governance.models import Action

    batch = 10_000
    first = Action.objects.count()
    for start in range(first, first + count, batch):
        actions = []
        for n in range(start, min(start + batch, first + count)):
            owner = rng.choice(users)
            due = today + dt.timedelta(days=rng.randint(-DAYS_BEFORE, DAYS_AFTER))
            actions.append(
                Action(
                    description=f"Benchmark action {n}: follow up on the decision and report back",
                    actor=Action.Actor.PERSON,
                    owner=owner,
                    due_date=due,
                    status=Action.Status.OPEN,
                    created_by=users[0],
                )
            )
        Action.objects.bulk_create(actions, batch_size=2000)


if __name__ == "__main__":
    main()
