"""The SSRF guard (``hecht/safe_fetch.py``): only https, only public addresses (the host
resolved by the guard itself, every address checked, the connection made to the checked
one), no redirects, a size limit. The resolver and the transport are injected: these
tests never touch the network."""

from __future__ import annotations

import time

import pytest

from hecht import safe_fetch
from hecht.safe_fetch import FetchError, Target, UnsafeAddress, fetch_https

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"

REFUSED = [
    "127.0.0.1",  # loopback
    "127.1.2.3",
    "10.0.0.1",  # private
    "10.255.255.255",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # link-local: the cloud metadata service
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "0.0.0.0",  # noqa: S104  (unspecified: refused, not bound)
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "::1",  # IPv6 loopback
    "::",  # unspecified
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fe80::1",  # link-local
    "fe80::1%eth0",
    "ff02::1",  # multicast
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:169.254.169.254",
    "2002:7f00:1::",  # 6to4 around 127.0.0.1
    "2001:db8::1",  # documentation
    "not an address",
]


class Recorder:
    """A transport that records where it was asked to connect."""

    def __init__(self, body: bytes = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") -> None:
        self.body = body
        self.calls: list[tuple[str, Target]] = []

    def __call__(self, address, target, *, deadline, max_bytes):
        self.calls.append((address, target))
        return self.body


def resolving_to(*addresses):
    def resolver(host, port):
        return list(addresses)

    return resolver


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_not_public(address):
    assert not safe_fetch.is_public_address(address)


@pytest.mark.parametrize("address", [PUBLIC_V4, PUBLIC_V6, "8.8.8.8", "2a00:1450:4001::200e"])
def test_public_addresses_are_public(address):
    assert safe_fetch.is_public_address(address)


@pytest.mark.parametrize("address", REFUSED[:-1])
def test_a_host_resolving_to_a_non_public_address_is_refused_before_connecting(address):
    transport = Recorder()
    with pytest.raises(UnsafeAddress):
        fetch_https(
            "https://raad.example.nl/kalender.ics",
            resolver=resolving_to(address),
            transport=transport,
        )
    assert transport.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/feed.ics",
        "https://10.1.2.3/feed.ics",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/feed.ics",
        "https://[fc00::1]:8443/feed.ics",
        "https://[::ffff:10.0.0.1]/feed.ics",
    ],
)
def test_an_ip_literal_is_checked_without_the_resolver(url):
    def resolver(host, port):
        raise AssertionError("an IP literal needs no resolving")

    transport = Recorder()
    with pytest.raises(UnsafeAddress):
        fetch_https(url, resolver=resolver, transport=transport)
    assert transport.calls == []


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    transport = Recorder()
    with pytest.raises(UnsafeAddress):
        fetch_https(
            "https://raad.example.nl/k.ics",
            resolver=resolving_to(PUBLIC_V4, "10.0.0.5"),
            transport=transport,
        )
    assert transport.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "http://raad.example.nl/k.ics",
        "file:///etc/passwd",
        "ftp://raad.example.nl/k.ics",
        "gopher://raad.example.nl/",
        "https://user:secret@raad.example.nl/k.ics",
        "https:///k.ics",
        "https://raad.example.nl:99999/k.ics",
        "https://raad.example.nl/k ics",
        "https://raad.example.nl/k\x00.ics",
        "//raad.example.nl/k.ics",
        "",
    ],
)
def test_anything_but_a_plain_https_address_is_refused(url):
    transport = Recorder()
    with pytest.raises(UnsafeAddress):
        fetch_https(url, resolver=resolving_to(PUBLIC_V4), transport=transport)
    assert transport.calls == []


def test_the_connection_goes_to_the_address_that_was_checked():
    transport = Recorder(b"feed")
    answers = iter([[PUBLIC_V4], ["127.0.0.1"]])  # a rebinding DNS server

    def resolver(host, port):
        return next(answers)

    body = fetch_https(
        "https://raad.example.nl:8443/kalender.ics?jaar=2026",
        resolver=resolver,
        transport=transport,
    )
    assert body == b"feed"
    assert transport.calls == [
        (PUBLIC_V4, Target(host="raad.example.nl", port=8443, path="/kalender.ics?jaar=2026"))
    ]


def test_a_host_without_addresses_is_an_error():
    with pytest.raises(FetchError):
        fetch_https("https://raad.example.nl/", resolver=resolving_to(), transport=Recorder())


class Response:
    def __init__(self, status=200, body=b"", length=None):
        self.status = status
        self._body = body
        self._length = length

    def getheader(self, name):
        return self._length if name == "Content-Length" else None

    def read(self, amt=None):
        chunk, self._body = self._body[:amt], self._body[amt:]
        return chunk


def far():
    return time.monotonic() + 60


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed(status):
    with pytest.raises(FetchError, match="redirect"):
        safe_fetch.read_limited(Response(status), deadline=far(), max_bytes=100)


@pytest.mark.parametrize("status", [201, 204, 404, 500])
def test_only_a_200_is_read(status):
    with pytest.raises(FetchError):
        safe_fetch.read_limited(Response(status, b"x"), deadline=far(), max_bytes=100)


def test_the_body_is_read_up_to_the_limit():
    body = b"x" * 100
    assert safe_fetch.read_limited(Response(body=body), deadline=far(), max_bytes=100) == body


def test_a_body_over_the_limit_is_refused_while_reading():
    with pytest.raises(FetchError, match="larger"):
        safe_fetch.read_limited(Response(body=b"x" * 101), deadline=far(), max_bytes=100)


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    response = Response(body=b"", length="101")
    with pytest.raises(FetchError, match="larger"):
        safe_fetch.read_limited(response, deadline=far(), max_bytes=100)


def test_a_slow_answer_is_given_up_at_the_deadline():
    with pytest.raises(FetchError, match="too long"):
        safe_fetch.read_limited(Response(body=b"x"), deadline=time.monotonic() - 1, max_bytes=100)


def test_a_resolver_failure_is_a_fetch_error(monkeypatch):
    def failing(*args, **kwargs):
        raise OSError("Name or service not known")

    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", failing)
    with pytest.raises(FetchError):
        safe_fetch.system_resolver("raad.example.nl", 443)


def test_the_system_resolver_gives_every_address(monkeypatch):
    infos = [(2, 1, 6, "", (PUBLIC_V4, 443)), (10, 1, 6, "", (PUBLIC_V6, 443, 0, 0))]
    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", lambda *args, **kwargs: infos)
    assert safe_fetch.system_resolver("raad.example.nl", 443) == [PUBLIC_V4, PUBLIC_V6]


def test_the_https_connection_goes_to_the_checked_address_and_verifies_the_host_name(
    monkeypatch,
):
    seen = {}

    def create_connection(address, timeout):
        seen["address"] = address
        return "socket"

    class Context:
        def wrap_socket(self, sock, server_hostname):
            seen["tls_host"] = server_hostname
            return sock

    monkeypatch.setattr(safe_fetch.socket, "create_connection", create_connection)
    connection = safe_fetch._PinnedHTTPSConnection(
        PUBLIC_V4, Target("raad.example.nl", 443, "/k.ics"), timeout=5
    )
    connection._context = Context()
    connection.connect()
    assert seen == {"address": (PUBLIC_V4, 443), "tls_host": "raad.example.nl"}
