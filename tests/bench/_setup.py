"""Shared set-up for the benchmark scripts: a migrated database of their own."""

from __future__ import annotations

import os


def ensure_database() -> None:
    """Create the PostgreSQL database named in ``DATABASE_URL`` when it does not exist yet.

    Benchmarks run against a database of their own (never the test or demo database), so
    a fresh machine needs nothing but the URL. SQLite creates its file by itself.
    """
    from urllib.parse import urlsplit

    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = url.path.lstrip("/")
    server = {"host": url.hostname, "port": url.port or 5432, "user": url.username}
    if url.password:
        server["password"] = url.password
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def staff_client(username: str):
    """A Django test client logged in as the demo account ``username``, its session marked
    as having passed the second factor with the account's authenticator app (as a real
    login would; the secretariat's pages ask for it). Call after ``django.setup()``."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from governance.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (
        TOTPDevice.objects.filter(user=user, confirmed=True).get().persistent_id
    )
    session.save()
    return client


def measure_pages(client, pages: dict[str, str], *, repeat: int) -> None:
    """Render each page ``repeat`` times and print its status, median milliseconds, query
    count, the peak memory of one more render and its size (pages for a name ending in
    "PDF")."""
    import io
    import statistics
    import time
    import tracemalloc

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    for name, url in pages.items():
        times = []
        for _ in range(repeat):
            # The request resets the query log (request_started): start from an empty
            # one, or the capture's slice comes out empty.
            reset_queries()
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - began) * 1000)
        tracemalloc.start()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if name.endswith("PDF"):
            extra = f" | {len(body) / 1024:.0f} KiB, {len(PdfReader(io.BytesIO(body)).pages)} pages"
        else:
            extra = f" | {len(body) / 1024:.0f} KiB HTML"
        print(
            f"{name:<20} | {response.status_code} | median {statistics.median(times):7.1f} ms | "
            f"{len(queries.captured_queries)} queries | peak {peak / 2**20:.1f} MiB{extra}"
        )
