"""Fetching a user-given https address from the server without server-side request
forgery (SSRF): the address could otherwise make the server read its own admin ports,
the cloud metadata service (169.254.169.254) or anything else on the internal network.

``fetch_https`` therefore

- accepts only ``https://`` addresses without user info;
- resolves the host itself and refuses when **any** of its addresses is not a public
  unicast address (private, loopback, link-local, reserved, multicast, unspecified,
  shared, or IPv4 inside IPv6 pointing at one of these);
- connects to the address it checked (TLS still verifies the certificate of the host
  name), so a second DNS answer cannot point elsewhere (no DNS rebinding);
- follows no redirects (a 3xx is an error naming the status);
- gives up after ``timeout`` seconds in total and at ``max_bytes`` bytes.

The resolver and the transport are parameters, so tests never touch the network.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 10.0  # seconds, for the whole request
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """The address could not be fetched (not reachable, an HTTP error, too large, too
    slow). ``str()`` is an English sentence for the log; callers word their own message."""


class UnsafeAddress(FetchError):
    """The address is refused before any connection: not https, or not a public host."""


@dataclass(frozen=True)
class Target:
    """A checked https address: the host name (for the Host header and TLS), the
    port and the request target (path and query)."""

    host: str
    port: int
    path: str


Resolver = Callable[[str, int], list[str]]


class Transport(Protocol):
    def __call__(
        self, address: str, target: Target, *, deadline: float, max_bytes: int
    ) -> bytes: ...


def parse_https_url(url: str) -> Target:
    """``url`` as a ``Target``; ``UnsafeAddress`` unless it is a plain https address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 443
    except ValueError:  # an impossible port, brackets that do not close
        raise UnsafeAddress("not a valid address") from None
    if parts.scheme.lower() != "https":
        raise UnsafeAddress("only https addresses are fetched")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("an address with user info is not fetched")
    host = parts.hostname
    if not host:
        raise UnsafeAddress("the address has no host")
    if any(ord(char) < 33 or ord(char) > 126 for char in url.strip()):
        raise UnsafeAddress("the address holds spaces, control or non-ASCII characters")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(host=host, port=port, path=path)


def is_public_address(raw: str) -> bool:
    """Whether ``raw`` is a public unicast IP address the server may connect to."""
    try:
        address: IPAddress = ipaddress.ip_address(raw.split("%", 1)[0])  # drop a zone id
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public_address(str(embedded))
        if address.teredo is not None:
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for ``host`` (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"the host {host!r} could not be resolved: {exc}") from None
    return [str(info[4][0]) for info in infos]


def resolve_public(target: Target, resolver: Resolver) -> str:
    """The address to connect to: the first of the host's addresses, when all of them
    are public. An IP address as host is checked the same way."""
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        addresses = resolver(target.host, target.port)
    else:
        addresses = [str(literal)]
    if not addresses:
        raise FetchError(f"the host {target.host!r} has no address")
    refused = [address for address in addresses if not is_public_address(address)]
    if refused:
        raise UnsafeAddress(f"the host {target.host!r} resolves to a non-public address")
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a fixed IP address, with SNI and certificate check for the
    host name (``http.client`` would resolve the name again)."""

    def __init__(self, address: str, target: Target, *, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), timeout=self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _Response(Protocol):
    status: int

    def getheader(self, name: str) -> str | None: ...

    def read(self, amt: int | None = None) -> bytes: ...


def read_limited(response: _Response, *, deadline: float, max_bytes: int) -> bytes:
    """The body of ``response``: a 200 only (no redirects), at most ``max_bytes``,
    before ``deadline`` (``time.monotonic()``)."""
    if 300 <= response.status < 400:
        raise FetchError(f"the address redirects (HTTP {response.status}); give the final one")
    if response.status != 200:
        raise FetchError(f"the server answered HTTP {response.status}")
    length = response.getheader("Content-Length")
    if length is not None and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"the response is larger than {max_bytes} bytes")
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise FetchError("the server took too long")
        chunk = response.read(_CHUNK)
        if not chunk:
            return bytes(body)
        body.extend(chunk)
        if len(body) > max_bytes:
            raise FetchError(f"the response is larger than {max_bytes} bytes")


def https_transport(address: str, target: Target, *, deadline: float, max_bytes: int) -> bytes:
    """GET ``target`` over a connection to ``address`` (the checked IP)."""
    remaining = max(deadline - time.monotonic(), 0.1)
    connection = _PinnedHTTPSConnection(address, target, timeout=remaining)
    try:
        connection.request(
            "GET",
            target.path,
            headers={"Accept": "text/calendar, */*;q=0.1", "User-Agent": "HechtBestuur/1"},
        )
        return read_limited(connection.getresponse(), deadline=deadline, max_bytes=max_bytes)
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"the address could not be fetched: {exc}") from None
    finally:
        connection.close()


def fetch_https(
    url: str,
    *,
    resolver: Resolver = system_resolver,
    transport: Transport = https_transport,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The body of the public https address ``url`` (see the module). Raises
    ``UnsafeAddress`` before connecting, ``FetchError`` for everything after."""
    target = parse_https_url(url)
    deadline = time.monotonic() + timeout
    address = resolve_public(target, resolver)
    return transport(address, target, deadline=deadline, max_bytes=max_bytes)
