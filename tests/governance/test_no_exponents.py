"""Numbers in Dutch notation on every page of the demo: no rendered page shows a number
in exponent notation (a ``Decimal`` such as ``Decimal("8.363E+5")`` put into text with
``%s`` or ``str()`` reads "8.363E+5"). Every internal and public address of the resolver
is requested, with every object id of the demo's story and of one of its routine meetings per
body and kind (``demo_sample``), as the secretariat and as anonymous."""

from __future__ import annotations

import io
import re

import time_machine
from django.urls import reverse
from pypdf import PdfReader

from governance import tally
from governance.forms.decisions import DecisionForm
from governance.models import AgendaItem, Decision, Meeting, User
from governance.queries.decisions import roster
from tests.governance.conftest import DEMO_TODAY, demo_sample
from tests.governance.test_internal_leaks import internal_urls

# A number in exponent notation as Python prints a Decimal or float: "8.363E+5", "1E+1",
# "2.5E-7". A capital E between digits and a word boundary on both sides, so hex hashes
# and ids (lower case, or letters on either side) do not match.
EXPONENT = re.compile(r"(?<![\w/+=.,])\d(?:[.,]\d+)?E[+-]?\d+\b")
# What may legitimately hold such a run of characters: base64 (data URIs, CSP nonces,
# subresource integrity hashes). They are removed before the scan, nothing else is.
BASE64_ATTRIBUTES = re.compile(
    r"""data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+|\b(?:nonce|integrity)="[^"]*\"""",
)


def _text(response) -> str | None:
    """The text a reader sees: the body of an HTML, text, JSON, CSV or calendar
    response; the extracted text and metadata of a PDF; nothing of other binaries."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        return text + "\n".join(str(value) for value in (reader.metadata or {}).values())
    if kind.startswith(("text/", "application/json", "application/xml", "application/xhtml")):
        return BASE64_ATTRIBUTES.sub("", content.decode("utf-8", errors="replace"))
    return None


def test_the_pattern_finds_exponents_and_nothing_else():
    assert EXPONENT.search("0 voor, 8.363E+5 tegen")
    assert EXPONENT.search("gewicht 1E+1.")
    assert EXPONENT.search("(2,5E-7)")
    assert EXPONENT.search("saldo -4.2E+6")
    for fine in ("836.300 voor", "a3E+5", "sha256-ab1E+5", "/9E+3/", "12-3E5x", "id=1E5f"):
        assert not EXPONENT.search(fine), fine
    for base64 in ('<img src="data:image/png;base64,a+/9E+3/">', '<script nonce="1E+5">'):
        assert EXPONENT.search(base64.replace("/", " ").replace('"', " "))
        assert not EXPONENT.search(BASE64_ATTRIBUTES.sub("", base64))


def _refused_decision(client) -> tuple[str, str]:
    """The decision form of an item of a past AB meeting (weights by population) posted
    with every seat against and the outcome "adopted": the page refuses it and names the
    weights ("0 voor, 836.300 tegen")."""
    item = (
        AgendaItem.objects.filter(
            meeting__body__code="AB",
            meeting__kind=Meeting.Kind.REGULAR,
            meeting__starts_at__lt=DEMO_TODAY,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .order_by("meeting__starts_at", "order")
        .first()
    )
    assert item is not None
    data = {"outcome": Decision.Outcome.ADOPTED, "text": "Conform besloten."}
    seats = roster(item.meeting).seats
    data |= {DecisionForm.vote_field(seat): tally.AGAINST for seat in seats}
    url = reverse("governance:decision-record", args=[item.pk])
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200, url
    page = response.content.decode()
    assert "Volgens de stemmen is het punt verworpen (0 voor, " in page
    return url, page


def test_no_page_of_the_demo_shows_a_number_in_exponent_notation(demo, client):
    secretariat = User.objects.get(username="secretariaat")
    found = []
    requested = ok = 0
    sample = demo_sample()
    with time_machine.travel(DEMO_TODAY, tick=False):
        for actor in (secretariat, None):
            client.logout()
            if actor is not None:
                client.force_login(actor)
            for url in internal_urls(actor, sample):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
                assert response.status_code < 500, url
                requested += 1
                ok += response.status_code == 200
                text = _text(response)
                if text is None:
                    continue
                found += [(url, m.group()) for m in EXPONENT.finditer(text)]
        client.force_login(secretariat)
        url, page = _refused_decision(client)
        found += [(url, m.group()) for m in EXPONENT.finditer(page)]
    assert requested > 500 and ok > 200, (requested, ok)
    assert not found, found[:20]
