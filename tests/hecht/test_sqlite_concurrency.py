"""The embedded default (SQLite) under a real web server takes parallel writes without
"database is locked" (issue 11, part 2).

Before ``hecht.env.SQLITE_OPTIONS`` (WAL, a busy timeout, IMMEDIATE transactions), 15 of 20
parallel written responses and 7 of 10 parallel decision posts were 500s. Here a gunicorn
with several workers and threads serves a migrated SQLite file; twenty board members log in
through the login page at once and respond to the same written procedure at once, and ten
secretaries log in (password, then the code of their authenticator app) and record the
decisions of ten items of one meeting at once. Every write must land, none may fail.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 20
SECRETARIES = 10
PASSWORD = "parallel-schrijven-2026"
# The key of every secretary's authenticator app (hex, as django-otp stores it).
APP_KEY = "3132333435363738393031323334353637383930"

SEED = f"""
import datetime as dt
from django.utils import timezone
from governance.models import Body, Meeting, Membership
from django_otp.plugins.otp_totp.models import TOTPDevice
from governance.roles import BOARD_MEMBER, SECRETARIAT
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory
from tests.factories import MunicipalityFactory, UserFactory

ab = BodyFactory(code="AB", name="Algemeen Bestuur", kind=Body.Kind.GENERAL_BOARD)
now = timezone.now()
written = MeetingFactory(
    body=ab, kind=Meeting.Kind.WRITTEN, starts_at=now - dt.timedelta(days=1),
    response_deadline=now + dt.timedelta(days=7),
)
item = AgendaItemFactory(meeting=written, title="Zienswijze begrotingswijziging")
for number in range({MEMBERS}):
    place = MunicipalityFactory(cbs_code=f"GM{{9000 + number}}", name=f"Gemeente {{number}}")
    user = UserFactory(username=f"lid-{{number}}", roles=[BOARD_MEMBER], municipality=place)
    user.set_password("{PASSWORD}")
    user.save()
    MembershipFactory(user=user, body=ab, municipality=place)
print("ITEM", item.pk)

held = MeetingFactory(body=ab, starts_at=now - dt.timedelta(days=1))
for number in range({SECRETARIES}):
    user = UserFactory(username=f"secretaris-{{number}}", roles=[SECRETARIAT], is_staff=True)
    user.set_password("{PASSWORD}")
    user.save()
    TOTPDevice.objects.create(user=user, name="app", key="{APP_KEY}", confirmed=True)
    decided = AgendaItemFactory(meeting=held, order=number + 1, title=f"Besluitpunt {{number}}")
    print("DECIDE", decided.pk)
"""

COUNT = "from governance.models import WrittenResponse; print(WrittenResponse.objects.count())"
DECISIONS = "from governance.models import Decision; print(Decision.objects.count())"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-server")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "1",
        "MEDIA_ROOT": str(folder / "media"),
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "locmem://",
        "PYTHONPATH": str(ROOT),
    }
    _manage(env, "migrate", "--no-input")
    seeded = _manage(env, "shell", "--no-imports", "-c", SEED)
    item = int(re.search(r"ITEM (\d+)", seeded).group(1))
    decide = [int(pk) for pk in re.findall(r"DECIDE (\d+)", seeded)]
    port = _free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "hecht.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "4", "--threads", "4"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 (localhost)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield base, item, decide, env
    finally:
        process.terminate()
        process.wait(timeout=20)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _session():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    return opener, jar


def _post(opener, jar, url: str, data: dict[str, str]) -> int:
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:  # a 302 (not followed) or a failure
        return error.code


def _login_and_respond(base: str, item: int, number: int) -> tuple[int, int]:
    opener, jar = _session()
    login = f"{base}/account/inloggen/"
    opener.open(login, timeout=60).read()
    logged_in = _post(opener, jar, login, {"username": f"lid-{number}", "password": PASSWORD})
    opener.open(f"{base}/agendapunten/{item}/reactie/", timeout=60).read()  # fresh CSRF
    responded = _post(
        opener, jar, f"{base}/agendapunten/{item}/reactie/", {"answer": "agree", "remarks": ""}
    )
    return logged_in, responded


def _login_with_app_and_decide(base: str, item: int, number: int) -> tuple[int, int, int]:
    from django_otp.oath import TOTP

    opener, jar = _session()
    login = f"{base}/account/inloggen/"
    opener.open(login, timeout=60).read()
    logged_in = _post(
        opener, jar, login, {"username": f"secretaris-{number}", "password": PASSWORD}
    )
    code_step = f"{base}/account/tweestapsverificatie/code/"
    opener.open(code_step, timeout=60).read()
    code = f"{TOTP(bytes.fromhex(APP_KEY)).token():06d}"
    verified = _post(opener, jar, code_step, {"code": code})
    url = f"{base}/agendapunten/{item}/besluit/"
    opener.open(url, timeout=60).read()
    decided = _post(opener, jar, url, {"outcome": "adopted", "text": f"Besluit {number}."})
    return logged_in, verified, decided


def test_twenty_parallel_logins_and_written_responses_all_land_on_sqlite(server):
    base, item, _decide, env = server
    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        results = list(pool.map(lambda n: _login_and_respond(base, item, n), range(MEMBERS)))
    assert results == [(302, 302)] * MEMBERS
    assert _manage(env, "shell", "--no-imports", "-c", COUNT).strip() == str(MEMBERS)


def test_ten_parallel_decisions_by_secretaries_with_their_app_all_land_on_sqlite(server):
    base, _item, decide, env = server
    assert len(decide) == SECRETARIES
    with ThreadPoolExecutor(max_workers=SECRETARIES) as pool:
        results = list(
            pool.map(lambda n: _login_with_app_and_decide(base, decide[n], n), range(SECRETARIES))
        )
    assert results == [(302, 302, 302)] * SECRETARIES
    assert _manage(env, "shell", "--no-imports", "-c", DECISIONS).strip() == str(SECRETARIES)


def test_the_server_database_runs_in_wal_mode(server):
    _base, _item, _decide, env = server
    mode = _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
    )
    assert mode.strip() == "wal"
