"""iter_documents on http(s) URLs, against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from syraq.errors import InputError, NetworkError
from syraq.ingest import fetch as fetch_module
from syraq.ingest import iter_documents
from syraq.model import Document

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"

ARTICLE = (DATA / "article-qaryatayn.html").read_bytes()
TEASER_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local Wire</title><link>{base}/</link>
<item><title>Qaryatayn retaken, army says</title><link>{base}/article.html</link>
<pubDate>Sat, 21 Oct 2017 10:00:00 +0000</pubDate>
<description>The army said it recaptured the town…</description></item>
<item><title>Wire flash from Sukhna</title><link>/plain.txt</link>
<pubDate>Sun, 22 Oct 2017 06:00:00 +0000</pubDate><description>Clashes near Sukhna.</description></item>
<item><title>Gone</title><link>{base}/missing</link><description>Removed story…</description></item>
</channel></rss>"""
PLAIN = (
    b"Islamic State fighters attacked army positions near the town of Sukhna in the eastern Homs desert "
    b"on Sunday, and clashes continued for several hours, a monitor said."
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        if path == "/article.html":
            self.send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/article-gzip.html":
            self.send(200, gzip.compress(ARTICLE), "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        elif path == "/plain.txt":
            self.send(200, PLAIN, "text/plain")
        elif path == "/feed.xml":
            self.send(200, TEASER_FEED.format(base=base).encode(), "application/rss+xml")
        elif path == "/moved":
            self.redirect("/article.html")
        elif path == "/loop-a":
            self.redirect("/loop-b")
        elif path == "/loop-b":
            self.redirect("/loop-a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{n + 1}")
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, PLAIN, "text/plain")
        elif path == "/huge":  # no Content-Length: the cap must bite while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"Shelling was reported again. " * 1000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.close_connection = True
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif path == "/mislabelled":  # binary sent as text/plain
            self.send(200, b"%PDF-1.4\n" + bytes(range(256)), "text/plain")
        elif path == "/echo-host":
            said = f"The request for this report was sent with the host {self.headers.get('Host')} in its header."
            self.send(200, said.encode(), "text/plain")
        elif path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/file")
        else:
            self.send(404, b"not found", "text/plain")


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


def run(*sources: str, **kw: object) -> list[Document | InputError]:
    kw.setdefault("allow_private", True)
    return list(iter_documents(list(sources), **kw))  # type: ignore[arg-type]


def error_of(source: str, **kw: object) -> InputError:
    items = run(source, **kw)
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def test_article_url(server: str) -> None:
    url = f"{server}/article.html"
    (doc,) = run(url)
    assert isinstance(doc, Document)
    assert doc.url == url
    assert doc.source == "Levant Monitor"
    assert doc.title == "Government forces retake Qaryatayn from Islamic State"
    assert doc.published == date(2017, 10, 21)
    assert doc.meta["content_type"] == "text/html"
    assert doc.meta["extraction"] == "trafilatura"
    assert doc.meta["status"] == 200
    assert "recaptured the town of Qaryatayn" in doc.text


def test_gzip_body(server: str) -> None:
    (doc,) = run(f"{server}/article-gzip.html")
    assert isinstance(doc, Document)
    assert "recaptured the town of Qaryatayn" in doc.text


def test_plain_text_url_takes_the_host_as_outlet(server: str) -> None:
    (doc,) = run(f"{server}/plain.txt", published=date(2017, 10, 22))
    assert isinstance(doc, Document)
    assert doc.source == "127.0.0.1"
    assert doc.published == date(2017, 10, 22)
    assert doc.meta["published_from"] == "argument"


def test_redirect_is_followed_and_recorded(server: str) -> None:
    (doc,) = run(f"{server}/moved")
    assert isinstance(doc, Document)
    assert doc.url == f"{server}/moved"  # the url given
    assert doc.meta["final_url"] == f"{server}/article.html"
    assert doc.meta["redirects"] == [f"{server}/article.html"]


def test_feed_url_fetches_each_item_link(server: str) -> None:
    items = run(f"{server}/feed.xml")
    assert len(items) == 3
    article, flash, gone = items
    assert isinstance(article, Document)
    assert article.url == f"{server}/article.html"
    assert article.source == "Local Wire"  # the feed's title is the outlet
    assert article.title == "Qaryatayn retaken, army says"  # the item's title wins
    assert article.published == date(2017, 10, 21)
    assert article.meta["published_from"] == "feed"
    assert "recaptured the town of Qaryatayn" in article.text
    assert isinstance(flash, Document)
    assert flash.url == f"{server}/plain.txt"  # relative link resolved against the feed
    assert flash.published == date(2017, 10, 22)
    assert isinstance(gone, InputError) and gone.code == "E113"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/missing", "E113"),
        ("/image.png", "E114"),
        ("/loop-a", "E112"),
        ("/chain/0", "E112"),
        ("/huge", "E101"),
        ("/huge-declared", "E101"),
        ("/mislabelled", "E103"),
        ("/to-ftp", "E118"),
    ],
)
def test_fetch_failures(server: str, path: str, code: str) -> None:
    err = error_of(f"{server}{path}", max_bytes=100_000)
    assert err.code == code, err
    assert f"{server}{path}" in err.message


def test_redirect_limit_counts_hops(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRAQ_MAX_REDIRECTS", "2")
    err = error_of(f"{server}/chain/0")
    assert err.code == "E112" and err.details["limit"] == 2
    (doc,) = run(f"{server}/moved")  # one hop is within the limit
    assert isinstance(doc, Document)


def test_slow_endpoint_times_out(server: str) -> None:
    started = time.monotonic()
    err = error_of(f"{server}/slow", timeout=0.3)
    assert err.code == "E111"
    assert isinstance(err, NetworkError)
    assert time.monotonic() - started < 1.4


def test_connection_refused() -> None:
    import socket

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = error_of(f"http://127.0.0.1:{port}/x", timeout=2)
    assert err.code == "E110"


def test_loopback_refused_without_allow_private(server: str) -> None:
    err = error_of(f"{server}/article.html", allow_private=False)
    assert err.code == "E115"
    assert err.details["address"] == "127.0.0.1"


@pytest.mark.parametrize(
    "address",
    ["10.0.0.5", "192.168.1.10", "172.16.0.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0", "::ffff:127.0.0.1"],
)
def test_non_public_addresses(address: str) -> None:
    assert not fetch_module.is_public(address)


def test_public_address() -> None:
    assert fetch_module.is_public("93.184.216.34")
    assert fetch_module.is_public("2606:2800:220:1:248:1893:25c8:1946")


def test_every_redirect_hop_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public page that redirects to an internal host is refused at the second hop."""
    dns = {"news.example": ["93.184.216.34"], "intranet.example": ["93.184.216.35", "10.0.0.7"]}
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: dns[host])
    fetched: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(301, headers={"Location": "http://intranet.example/admin"})
        return httpx.Response(200, text="secret", headers={"Content-Type": "text/plain"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        items = list(iter_documents(["http://news.example/story"], client=client))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].code == "E115"
    assert items[0].details["address"] == "10.0.0.7"  # every address of the host is checked
    assert fetched == ["http://news.example/story"]  # the internal host was never contacted


def test_connection_goes_to_the_checked_address(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the host is resolved once per hop, and the connection goes to that address."""
    port = server.rsplit(":", 1)[1]
    calls: list[str] = []

    def rebinding_dns(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.1"]

    monkeypatch.setattr(fetch_module, "resolve", rebinding_dns)
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1")  # pretend it is public
    (doc,) = list(iter_documents([f"http://reports.test:{port}/echo-host"]))
    assert isinstance(doc, Document), doc
    assert f"host reports.test:{port} in its header" in doc.text  # the real host name was sent
    assert calls == ["reports.test"]


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    monkeypatch.setattr(fetch_module, "resolve", fail)
    (err,) = list(iter_documents(["https://no-such-host.invalid/x"]))
    assert isinstance(err, InputError) and err.code == "E110"


def test_mock_client_article() -> None:
    """A caller's own httpx client (here a mock transport) is used for fetches."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=ARTICLE, headers={"Content-Type": "text/html"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        (doc,) = list(iter_documents(["http://10.9.9.9/a"], client=client, allow_private=True))
    assert isinstance(doc, Document)
    assert doc.source == "Levant Monitor"
