"""Hostile input never gives a 500 (issue 11, part 2): a property-based fuzz over every URL.

Every URL pattern of the resolver is requested with its ids filled by real objects (the
objects of the authorization matrix, ``tests/authz``) and by ids no row can have (0,
2**63, 2**64, thirty nines), and with hostile values in every query parameter the view
reads: digits of other scripts, NUL and other control characters, huge and negative
numbers, impossible dates, long strings, and percent-encoded bytes that are not UTF-8
(a lone surrogate ``%ED%A0%80``, ``%FF``, an overlong NUL ``%C0%80``). Then every form
on those pages is posted with such values in each field, as the secretariat, a board
member and anonymously. Nothing may answer with a 5xx or raise.

Which parameters a view reads is not listed by hand: a first request records every name
looked up in a ``QueryDict``, so a new filter is fuzzed without touching this file.

Marked ``sqlite_too``: ``scripts/test.sh`` runs these tests a second time on SQLite, since
the failures differ per database (NUL on PostgreSQL, integer overflow on SQLite).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_authorization_matrix import MATRIX, OBJECTS
from tests.test_authorization_matrix import world as world  # noqa: F401, PLC0414 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]

# Bounded so the whole fuzz stays well under a minute per database; derandomized so a
# CI run is repeatable (a failure prints the example to reproduce).
FUZZ = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Django's admin is its own, well-fuzzed code; its pages are listed with hundreds of
# URLs. Logging out in the middle of a run would only log the actor out.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"logout"}

# Already percent-encoded: bytes that are not UTF-8 or code points no form should hold.
RAW_TOKENS = [
    "%00",
    "a%00b",
    "%ED%A0%80",  # a lone surrogate (U+D800) in UTF-8 form
    "%FF",
    "%C0%80",  # an overlong NUL
    "%F4%90%80%80",  # beyond U+10FFFF
    "%E2%80%AE",  # right-to-left override
    "%25",
    "%",
    "%%%",
]
HOSTILE_TEXT = [
    "²",
    "①",
    "٣",
    "١٢",
    "０",
    "߁",
    "-1",
    "0",
    "+1",
    " 1",
    "1 ",
    "1_000",
    "1e3",
    "1.5",
    "0x10",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 30,
    "9" * 5000,
    "",
    " ",
    "x" * 5000,
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "99999-01-01",
    "2026-1-1",
    "2026-12-01T25:61",
    "NaN",
    "Infinity",
    "true",
    "null",
    "[]",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "../../etc/passwd",
    "\U0001f600",
    "\x01\x1f\x7f",
    "\r\n",
    "ab\x00cd",
]
# Every one of these goes to every parameter and field at least once (the random examples
# below add variety, these make sure the known killers are always tried).
SWEEP = [
    "%C2%B2",  # ² (str.isdigit() is true, int() refuses it)
    "%E2%91%A0",  # ①
    "%D9%A3",  # Arabic-Indic three (int() accepts it)
    "%00",
    "%ED%A0%80",
    "%FF",
    str(2**64),
    "9" * 30,
    "-1",
    "2026-02-30",
]
HOSTILE_IDS = ["0", str(2**63), str(2**64), "9" * 30, "00000000000000000000001"]

raw_values = st.one_of(
    st.sampled_from(RAW_TOKENS),
    st.sampled_from(HOSTILE_TEXT).map(lambda value: quote(value, safe="")),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30).map(lambda value: quote(value, safe="")),
)


# --- the URLs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # e.g. "vergaderingen/<id:pk>/"


def _routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name not in SKIPPED_NAMES:
                routes.append(Route(f"{namespace}{entry.name}", prefix + str(entry.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return routes


ROUTES = _routes()
_SEGMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + _SEGMENT.sub(lambda match: values[match.group(2)], route)


def _paths(route: Route, world) -> list[str]:
    """The route with real ids (every object the matrix uses for it) and hostile ones."""
    kwargs = set(_SEGMENT.findall(route.route))
    if not kwargs:
        return [_fill(route.route, {})]
    names = {name for _converter, name in kwargs}
    today = dt.date.today()  # noqa: DTZ011 (only a calendar page to ask for)
    if names == {"pk"}:
        keys = sorted({obj for (name, _m, obj) in MATRIX if name == route.name})
        real = [str(world.object(key).pk) for key in keys]
        return [_fill(route.route, {"pk": value}) for value in real + HOSTILE_IDS]
    if names in ({"pk", "version"}, {"pk", "municipality"}):
        # Two ids (a round and one of its document versions; a P&C document and a
        # municipality): the matrix objects are the kwargs; each id made hostile in turn.
        keys = sorted({obj for (name, _m, obj) in MATRIX if name == route.name})
        real = [{k: str(v) for k, v in world.object(key).items()} for key in keys]
        hostile = [
            {**kwargs, name: value}
            for name in sorted(names)
            for kwargs in real
            for value in HOSTILE_IDS
        ]
        return [_fill(route.route, kwargs) for kwargs in real + hostile]
    if names == {"year", "month"}:
        pairs = [(str(today.year), str(today.month)), ("2026", "13"), ("0", "1"), ("9" * 30, "1")]
        return [_fill(route.route, {"year": y, "month": m}) for y, m in pairs]
    if names == {"year"}:
        years = (str(today.year), "0", "1899", "2201", "9" * 30)
        return [_fill(route.route, {"year": year}) for year in years]
    if names == {"code"}:
        return [_fill(route.route, {"code": code}) for code in ("AB", "ab", "ZZ", "x" * 32)]
    if names == {"token"}:
        token = world.token()
        return [_fill(route.route, {"token": value}) for value in (token, "x" * 128, "-")]
    raise AssertionError(f"{route.name}: add values for {sorted(names)} to the fuzz")


class _Recorder:
    """Records the names a request looks up in any ``QueryDict`` (GET, POST, filters)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    @contextlib.contextmanager
    def watching(self, monkeypatch):
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, method)

            def spy(query, key, *args, _original=original, **kwargs):
                if isinstance(key, str):
                    self.names.add(key)
                return _original(query, key, *args, **kwargs)

            monkeypatch.setattr(QueryDict, method, spy)
        try:
            yield self
        finally:
            monkeypatch.undo()


def _status(response) -> int:
    return response.status_code


def _get(client, path: str, query: str = ""):
    return client.get(f"{path}?{query}" if query else path)


# --- the world ---------------------------------------------------------------------------


class FuzzWorld:
    """The authorization matrix's world, its objects built once and kept."""

    def __init__(self, world) -> None:
        self.world = world
        self.actors = {
            "anonymous": None,
            "member": world.actors["member"],
            "contact_official": world.actors["contact_official"],
            "secretary": world.actors["secretary"],
        }
        self._objects: dict[str, object] = {}

    def object(self, key: str):
        if key not in self._objects:
            self._objects[key] = OBJECTS[key](self.world)
        return self._objects[key]

    def token(self) -> str:
        from governance import services

        user = self.actors["member"]
        if not user.calendar_token:
            services.calendar_token_reset(actor=user, user=user)
            user.refresh_from_db()
        return user.calendar_token


@pytest.fixture
def fuzz_world(world) -> FuzzWorld:
    return FuzzWorld(world)


def _login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def _query(names: list[str], values: list[str]) -> str:
    return "&".join(
        f"{quote(name, safe='')}={value}" for name, value in zip(names, values, strict=True)
    )


# --- GET: every URL, every query parameter -------------------------------------------------


GET_ROUTES = [route for route in ROUTES if not route.name.endswith(("-reset", "-send-now"))]


@pytest.mark.parametrize("route", GET_ROUTES, ids=lambda route: route.name)
def test_hostile_ids_and_query_parameters_never_give_a_500(client, fuzz_world, monkeypatch, route):
    paths = _paths(route, fuzz_world)
    recorder = _Recorder()
    for actor in fuzz_world.actors.values():
        _login(client, actor)
        for path in paths:
            with recorder.watching(monkeypatch):
                assert _status(_get(client, path)) < 500, path
    if recorder.names:
        for actor in ("anonymous", "secretary"):
            _login(client, fuzz_world.actors[actor])
            for token in SWEEP:
                query = _query(sorted(recorder.names), [token] * len(recorder.names))
                assert _status(_get(client, paths[0], query)) < 500, (actor, query)
    # Names a view may read even when the probe did not reach that branch.
    names = sorted(recorder.names | {"page", "q", "jaar"})

    @FUZZ
    @given(
        actor=st.sampled_from(sorted(fuzz_world.actors)),
        path=st.sampled_from(paths),
        values=st.lists(raw_values, min_size=len(names), max_size=len(names)),
    )
    def check(actor, path, values):
        _login(client, fuzz_world.actors[actor])
        response = _get(client, path, _query(names, values))
        assert _status(response) < 500, (actor, path, names, values)

    check()


# --- POST: every form on those pages -------------------------------------------------------


@dataclass
class Form:
    action: str
    multipart: bool
    fields: dict[str, str] = field(default_factory=dict)  # name -> a harmless value
    files: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            action = urljoin(self.page, attrs.get("action") or self.page)
            multipart = attrs.get("enctype", "") == "multipart/form-data"
            self._form = Form(urlsplit(action).path + _with_query(action), multipart)
            self.forms.append(self._form)
        if self._form is None or "name" not in attrs:
            if tag == "option" and self._form is not None and self._select:
                self._form.fields.setdefault(self._select, attrs.get("value", ""))
            return
        name = attrs["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input" and attrs.get("type") == "file":
            self._form.files.add(name)
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        else:
            self._form.fields.setdefault(name, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _with_query(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def _forms(client, paths: list[str]) -> list[Form]:
    forms: dict[tuple, Form] = {}
    for path in paths:
        response = _get(client, path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser(path)
        parser.feed(response.content.decode())
        for form in parser.forms:
            # The same form on another object adds nothing: one per view and field set.
            view = resolve(urlsplit(form.action).path).view_name
            forms.setdefault((view, tuple(sorted(form.fields))), form)
    return list(forms.values())


def _post(client, form: Form, hostile: dict[str, str]):
    """Posts the form with ``hostile`` (raw, percent-encoded values) over its defaults."""
    if form.multipart or form.files:
        data = {name: QueryDict(f"v={value}").get("v", "") for name, value in hostile.items()}
        data = {**form.fields, **data}
        for name in form.files:
            data[name] = SimpleUploadedFile(
                QueryDict(f"v={hostile.get(name, 'a.pdf')}").get("v", "") or "a.pdf",
                b"%PDF-1.4\n%\xff\n",
                content_type="application/pdf",
            )
        return client.post(form.action, data)
    body = "&".join(
        f"{quote(name, safe='')}={hostile.get(name, quote(value, safe=''))}"
        for name, value in form.fields.items()
    )
    return client.post(form.action, body, content_type="application/x-www-form-urlencoded")


FORM_AREAS = sorted({route.route.split("/")[0] for route in GET_ROUTES})
# Feeds, the JSON API, downloads, the favicon, the health check, the sitemap, the language
# switch, the admin's login redirect and POST-only verbs (route steps: their forms are on
# the proposal page) have no form of their own to post.
AREAS_WITHOUT_FORMS = {
    "agenda",
    "api",
    "beheer",
    "documentversies",
    "favicon.ico",
    "healthz",
    "routestappen",
    "sitemap-woo.xml",
    "taal",
}


@pytest.mark.parametrize("area", FORM_AREAS)
def test_hostile_form_posts_never_give_a_500(client, fuzz_world, area):
    paths = [
        path
        for route in GET_ROUTES
        if route.route.split("/")[0] == area
        for path in _paths(route, fuzz_world)[:3]
    ]
    forms: list[tuple[str, Form]] = []
    for actor in ("anonymous", "member", "secretary"):
        _login(client, fuzz_world.actors[actor])
        forms += [(actor, form) for form in _forms(client, paths)]
    # An area without forms is one we know of: not a sweep that silently found nothing.
    assert bool(forms) == (area not in AREAS_WITHOUT_FORMS), (area, len(forms))
    if not forms:
        return
    for actor, form in forms:
        _login(client, fuzz_world.actors[actor])
        names = {*form.fields, *form.files}
        for token in SWEEP:
            response = _post(client, form, dict.fromkeys(names, token))
            assert _status(response) < 500, (actor, form.action, token)
    poster = st.sampled_from(["anonymous", "member", "secretary"])

    @FUZZ
    @given(
        chosen=st.sampled_from(forms),
        poster=poster,
        data=st.data(),
    )
    def check(chosen, poster, data):
        _actor, form = chosen
        names = sorted({*form.fields, *form.files})
        picked = data.draw(st.lists(st.sampled_from(names), unique=True)) if names else []
        hostile = {name: data.draw(raw_values) for name in picked}
        _login(client, fuzz_world.actors[poster])
        response = _post(client, form, hostile)
        assert _status(response) < 500, (poster, form.action, hostile)

    check()


# --- the reported cases, one by one --------------------------------------------------------


def test_unicode_digits_in_a_year_or_page_are_refused_not_a_500(client):
    assert client.get("/vergaderingen/?jaar=%C2%B2").status_code == 404
    assert client.get("/openbaar/vergaderingen/?jaar=%E2%91%A0").status_code == 404
    assert client.get("/openbaar/zoeken/?q=x&page=%C2%B2").status_code == 200
    for url in (
        "/api/v1/vergaderingen/?page=%E2%91%A0",
        "/api/v1/vergaderingen/?page_size=%C2%B2",
        "/api/v1/vergaderingen/?jaar=%D9%A3",
        f"/api/v1/agendapunten/?vergadering={2**64}",
        "/api/v1/besluiten/?vergadering=%C2%B2",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "must be a whole number" in response.json()["detail"]


def test_a_nul_in_the_search_or_a_filter_is_ignored(client):
    assert client.get("/openbaar/zoeken/?q=%00").status_code == 200
    assert client.get("/openbaar/zoeken/?q=begroting%00%01").context["query"] == "begroting"
    assert client.get("/api/v1/vergaderingen/?orgaan=A%00B").status_code == 200
    assert client.get("/openbaar/vergaderingen/?orgaan=A%00B").status_code == 200


def test_ids_beyond_64_bits_are_a_404_in_the_path_and_ignored_in_a_filter(client, secretary):
    client.force_login(secretary)
    for pk in (0, 2**63, 2**64):
        assert client.get(f"/vergaderingen/{pk}/").status_code == 404
        assert client.get(f"/api/v1/vergaderingen/{pk}/").status_code == 404
    assert client.get(f"/vergaderingen/?body={2**64}").status_code == 200
    assert client.get(f"/acties/?owner={2**64}&track=%C2%B2").status_code == 200
    assert client.get(f"/voorstellen/?body={2**64}&q=%00").status_code == 200


def test_a_route_step_named_by_unicode_digits_is_a_404(client, secretary, public_ab_meeting):
    client.force_login(secretary)
    for step in ("%C2%B2", str(2**64), "0", "1"):
        response = client.post(f"/routestappen/{step}/verwijderen/")
        assert response.status_code == 404, step


def test_a_bare_word_as_next_after_a_feed_key_reset_goes_home(client, ab_member):
    client.force_login(ab_member)
    response = client.post("/agenda/persoonlijk/nieuwe-sleutel/", {"next": "²"})
    assert response.status_code == 302
    assert response["Location"] == "/#calendar-feeds"
