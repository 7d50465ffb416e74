"""Hostile URLs against local servers on 127.0.0.1: what tests/ingest/test_ingest_url.py leaves out.

Covered there: loopback refused without --allow-private, redirect loops and limits,
a plain slow endpoint, a streamed body over the cap, a redirect to an internal host
through a mock transport. Here, through real sockets: a redirect from an allowed
server to the cloud metadata address and to private addresses in every spelling
(refused before any connection: a guard on socket.create_connection proves no
packet is sent anywhere but 127.0.0.1), compression bombs, servers that trickle the
body or stall between redirect hops, and the CLI flag.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from syraq.errors import InputError
from syraq.ingest import fetch as fetch_module
from syraq.ingest import iter_documents
from syraq.model import Document

REPORT = (
    b"Syrian government forces shelled the town of Kafr Nabl in southern Idlib on Tuesday, killing two "
    b"civilians, according to a local monitor. Rebel factions said they repelled an attempted advance."
)
BOMB = b"Shelling was reported again near the front line. " * 200_000  # ~10 MB, compresses to ~20 KB

INTERNAL_TARGETS = [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",  # cloud metadata
    "http://10.0.0.1/admin",
    "http://[::ffff:169.254.169.254]/",  # IPv4-mapped IPv6
    "http://[fe80::1]/",
    "http://[fd00::1]/",  # unique local
    "http://0.0.0.0/",
    "http://2852039166/",  # 169.254.169.254 as one decimal number
    "http://0xa9fea9fe/",  # ... in hex
    "http://0251.0376.0251.0376/",  # ... in octal
    "http://10.1/",  # 10.0.0.1, short form
    "http://192.168.0.1:8080/",
    "http://100.64.0.1/",  # carrier-grade NAT
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/plain", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        try:
            if path == "/report":
                self.send(200, REPORT)
            elif path.startswith("/to?"):
                self.send(302, b"", headers={"Location": path.split("?", 1)[1]})
            elif path.startswith("/hop/"):  # each hop answers after 0.4 s
                n = int(path.rsplit("/", 1)[1])
                time.sleep(0.4)
                if n < 6:
                    self.send(302, b"", headers={"Location": f"/hop/{n + 1}"})
                else:
                    self.send(200, REPORT)
            elif path == "/gzip-bomb":
                self.send(200, gzip.compress(BOMB, 9), headers={"Content-Encoding": "gzip"})
            elif path == "/deflate-bomb":
                self.send(200, zlib.compress(BOMB, 9), headers={"Content-Encoding": "deflate"})
            elif path == "/trickle-body":  # 1 byte every 0.1 s: every read is quick, the whole is not
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(REPORT)))
                self.end_headers()
                for byte in REPORT:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/trickle-headers":  # a header line every 0.2 s, for up to 20 s
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for i in range(100):
                    self.wfile.write(f"X-Pad-{i}: {'a' * 10}\r\n".encode())
                    self.wfile.flush()
                    time.sleep(0.2)
            elif path == "/stall":  # accepts, then says nothing
                time.sleep(5)
            else:
                self.send(404, b"not found")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection attempt; any address but 127.0.0.1 fails the test before a packet is sent."""
    attempts: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kw: object) -> socket.socket:
        attempts.append((str(address[0]), int(address[1])))
        if address[0] != "127.0.0.1":
            raise AssertionError(f"the fetcher tried to connect to {address}")
        return real(address, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the test server's 127.0.0.1 as a public news site; every other address keeps its real class."""
    real = fetch_module.is_public
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1" or real(address))


def only(items: list[Document | InputError]) -> Document | InputError:
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("target", INTERNAL_TARGETS)
def test_redirect_to_internal_address_refused_before_connecting(
    server: str, target: str, connections: list[tuple[str, int]], loopback_is_public: None
) -> None:
    err = only(list(iter_documents([f"{server}/to?{target}"], timeout=3)))
    assert isinstance(err, InputError), err
    if err.code == "E110":  # an address httpx itself will not parse (e.g. octal) is refused as invalid
        assert "Invalid" in err.message
    else:
        assert err.code == "E115", err.message
        assert not fetch_module.is_public(err.details["address"])
    port = int(server.rsplit(":", 1)[1])
    assert connections == [("127.0.0.1", port)]  # the first hop only


def test_redirect_to_a_name_that_resolves_internally(
    server: str, connections: list[tuple[str, int]], loopback_is_public: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fetch_module.resolve
    dns = {"metadata.google.internal": ["169.254.169.254"], "cdn.example": ["93.184.216.34", "10.0.0.1"]}
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: dns.get(host) or real(host, port))
    for name, address in (("metadata.google.internal", "169.254.169.254"), ("cdn.example", "10.0.0.1")):
        err = only(list(iter_documents([f"{server}/to?http://{name}/x"], timeout=3)))
        assert isinstance(err, InputError) and err.code == "E115" and err.details["address"] == address
    assert {host for host, _ in connections} == {"127.0.0.1"}


def test_allowed_redirect_still_works(server: str, connections: list[tuple[str, int]], loopback_is_public: None) -> None:
    doc = only(list(iter_documents([f"{server}/to?/report"])))
    assert isinstance(doc, Document), doc
    assert "Kafr Nabl" in doc.text and doc.meta["redirects"] == [f"{server}/report"]


def test_private_addresses_need_the_flag(server: str, connections: list[tuple[str, int]]) -> None:
    refused = only(list(iter_documents([f"{server}/report"])))
    assert isinstance(refused, InputError) and refused.code == "E115"
    assert connections == []  # refused before connecting
    allowed = only(list(iter_documents([f"{server}/report"], allow_private=True)))
    assert isinstance(allowed, Document)


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb"])
def test_compression_bomb_is_capped_on_the_decoded_size(server: str, path: str) -> None:
    err = only(list(iter_documents([f"{server}{path}"], allow_private=True, max_bytes=200_000)))
    assert isinstance(err, InputError) and err.code == "E101", err


def test_trickled_body_times_out_on_the_whole_fetch(server: str) -> None:
    started = time.monotonic()
    err = only(list(iter_documents([f"{server}/trickle-body"], allow_private=True, timeout=1.0)))
    assert isinstance(err, InputError) and err.code == "E111", err
    assert time.monotonic() - started < 2.5


def test_trickled_headers_time_out_on_the_whole_fetch(server: str) -> None:
    """Each header line comes within the read timeout; the fetch as a whole must still stop."""
    started = time.monotonic()
    err = only(list(iter_documents([f"{server}/trickle-headers"], allow_private=True, timeout=1.0)))
    assert isinstance(err, InputError) and err.code == "E111", err
    assert time.monotonic() - started < 2.5


def test_slow_redirect_chain_is_bounded_by_one_timeout(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six hops of 0.4 s each: the deadline covers the chain, not each hop."""
    monkeypatch.setenv("SYRAQ_MAX_REDIRECTS", "10")
    started = time.monotonic()
    err = only(list(iter_documents([f"{server}/hop/0"], allow_private=True, timeout=1.0)))
    assert isinstance(err, InputError) and err.code == "E111", err
    assert time.monotonic() - started < 2.0


def test_silent_server_times_out(server: str) -> None:
    started = time.monotonic()
    err = only(list(iter_documents([f"{server}/stall"], allow_private=True, timeout=0.5)))
    assert isinstance(err, InputError) and err.code == "E111", err
    assert time.monotonic() - started < 1.5
