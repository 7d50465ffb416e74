"""Fetch a URL safely: scheme and address checks at every hop, timeouts, a size cap.

Redirects are followed by hand, never by httpx, so that every hop is checked:
its scheme must be http(s) (E118), its host must not resolve to a private,
loopback, link-local or otherwise non-public address unless ``allow_private``
(E115), and a URL seen twice or more than ``max_redirects`` hops end with E112.
Only text, HTML and feed content types are read (E114); the body is streamed and
abandoned as soon as it passes ``max_bytes`` once decompressed (E101); the whole fetch,
redirect hops, headers and body included, must finish within ``timeout`` seconds (E111):
each hop gets only the time left, and a watchdog shuts the socket down at the deadline, so
a server that trickles its headers or body a byte at a time cannot hold a fetch open.
Connections are not kept alive between fetches (the watchdog sees only new connections).

The connection goes to the address that was checked (the URL's host is sent in the
``Host`` header and, for https, as the TLS server name, so certificates are checked
against the real host): a DNS server that answers differently the second time (DNS
rebinding) cannot steer the fetch to an internal address. Known limit: with a
caller's own ``client`` (which may route through a proxy or a mock transport) the
address is checked but the connection is not pinned.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..errors import InputError, NetworkError

#: content types read as a page or a feed (anything else: E114)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "syraq-ingest/0.1 (+conflict report reader)"
#: only encodings this module can decode under the size cap
_REQUEST_HEADERS = {
    "Accept-Encoding": "gzip, deflate",
    "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, text/xml, text/plain;q=0.9",
}

if TYPE_CHECKING:
    import httpx

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to simulate DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


@dataclass
class Fetched:
    """A successful fetch."""

    url: str  # the final URL, after redirects
    requested: str  # the URL asked for
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes
    status: int
    fetched_at: str
    redirects: list[str] = field(default_factory=list)


@dataclass
class Fetcher:
    """Fetches URLs with the checks above. Pass ``client`` to reuse a connection pool."""

    max_bytes: int
    timeout: float
    max_redirects: int
    allow_private: bool = False
    client: httpx.Client | None = None
    resolver: Resolver | None = None  # default: this module's resolve(), looked up at each call
    _own_client: httpx.Client | None = field(default=None, init=False, repr=False)

    def _client(self) -> httpx.Client:
        import httpx

        if self.client is not None:
            return self.client
        if self._own_client is None:
            self._own_client = httpx.Client(
                follow_redirects=False,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT},
                trust_env=False,
                limits=httpx.Limits(max_keepalive_connections=0),  # every hop on a fresh, watched socket
            )
        return self._own_client

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
            self._own_client = None

    def check_address(self, url: httpx.URL, source: str) -> str | None:
        """E118 for a non-http(s) URL; E115 when its host is not a public address.

        Returns the address to connect to when the host is a name that was resolved
        and checked here (IPv4 first), else None.
        """
        if url.scheme not in ("http", "https") or not url.host:
            raise NetworkError("E118", source=source)
        if self.allow_private:
            return None
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        is_name = False
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            is_name = True
            try:
                addresses = (self.resolver or resolve)(host, port)
            except (OSError, UnicodeError) as exc:
                raise NetworkError("E110", source=source, reason=f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise NetworkError("E110", source=source, reason=f"cannot resolve {host}")
        for address in addresses:
            if not is_public(address):
                raise NetworkError("E115", source=source, host=host, address=address)
        if not is_name:
            return None
        return sorted(addresses, key=lambda a: (":" in a, a))[0]

    def fetch(self, source: str) -> Fetched:
        """Fetch ``source``; raise a catalogued :class:`NetworkError`/:class:`InputError` on failure."""
        import httpx

        try:
            url = httpx.URL(source)
        except (httpx.InvalidURL, TypeError, ValueError):
            raise NetworkError("E118", source=source) from None
        deadline = time.monotonic() + self.timeout
        seen: list[str] = []
        while True:
            pinned = self.check_address(url, source)
            target, headers = url, dict(_REQUEST_HEADERS)
            extensions: dict[str, Any] = {}
            if pinned is not None and self.client is None:
                # connect to the address just checked, so a second DNS answer cannot differ
                target = url.copy_with(host=pinned)
                headers["Host"] = url.netloc.decode("ascii")
                if url.scheme == "https":
                    extensions["sni_hostname"] = url.host  # TLS name and certificate check: the real host
            if str(url) in seen:
                raise NetworkError("E112", source=source, limit=self.max_redirects)
            seen.append(str(url))
            left = deadline - time.monotonic()
            if left <= 0:
                raise NetworkError("E111", source=source, seconds=self.timeout)
            watchdog = _Watchdog(left)
            extensions["trace"] = watchdog.trace
            try:
                with self._client().stream(
                    "GET",
                    target,
                    headers=headers,
                    follow_redirects=False,
                    timeout=left,
                    extensions=extensions,
                ) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        if len(seen) > self.max_redirects:
                            raise NetworkError("E112", source=source, limit=self.max_redirects)
                        try:
                            url = httpx.URL(urljoin(str(url), response.headers["location"]))
                        except (httpx.InvalidURL, ValueError):
                            reason = "the redirect address is invalid"
                            raise NetworkError("E110", source=source, reason=reason) from None
                        continue
                    if not 200 <= response.status_code < 300:
                        raise NetworkError("E113", source=source, status=response.status_code)
                    content_type, charset = _media_type(response.headers.get("content-type", ""))
                    if content_type and content_type not in ACCEPTED_TYPES and not content_type.endswith("+xml"):
                        raise NetworkError("E114", source=source, content_type=content_type)
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > self.max_bytes:
                        raise InputError("E101", source=source, size=int(declared), cap=self.max_bytes)
                    body = bytearray()
                    for chunk in response.iter_bytes():  # decoded (gzip, deflate) chunk by chunk
                        body += chunk
                        if len(body) > self.max_bytes:
                            size = f"more than {self.max_bytes}"
                            raise InputError("E101", source=source, size=size, cap=self.max_bytes)
                        if time.monotonic() > deadline:
                            raise NetworkError("E111", source=source, seconds=self.timeout)
                    return Fetched(
                        url=str(url),
                        requested=source,
                        content_type=content_type,
                        charset=charset,
                        body=bytes(body),
                        status=response.status_code,
                        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                        redirects=seen[1:],
                    )
            except httpx.TimeoutException:
                raise NetworkError("E111", source=source, seconds=self.timeout) from None
            except httpx.TooManyRedirects:
                raise NetworkError("E112", source=source, limit=self.max_redirects) from None
            except httpx.HTTPError as exc:
                if watchdog.fired:  # the watchdog cut the connection at the deadline
                    raise NetworkError("E111", source=source, seconds=self.timeout) from None
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                raise NetworkError("E110", source=source, reason=reason) from None
            finally:
                watchdog.cancel()


class _Watchdog:
    """Shuts down the sockets a request opens once ``seconds`` have passed.

    httpx timeouts bound each read, not the whole response: a server sending one header
    line or body byte just inside the read timeout would hold the fetch open for as
    long as it likes. The sockets come from httpcore's trace hook as they connect.
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict[str, object]) -> None:
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        get_extra = getattr(stream, "get_extra_info", None)
        sock = get_extra("socket") if callable(get_extra) else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                late = self.fired
            if late:
                self._shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked in the fetching thread

    def cancel(self) -> None:
        self._timer.cancel()


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset
