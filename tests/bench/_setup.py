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
