"""HTML pages and fragments to text and metadata.

Pages go through trafilatura (main content, without navigation, comments and
boilerplate; metadata: title, date, site name). The date is the one the page
declares in its metadata (``original_date``, no guessing from the body text: a
date mentioned in the article is not its publication date).

Fragments (the HTML inside a feed item) are small and already the article, so
they are flattened directly: block elements become line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_PROLOGUE = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*)*"
_HTML_SNIFF = re.compile(_PROLOGUE + rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_FEED_SNIFF = re.compile(_PROLOGUE + rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE | re.DOTALL)

#: fewer words of main content than this is a menu, an index or an error page, not a report
MIN_PAGE_WORDS = 15

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
        "tr", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dt", "dd",
    }
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag (first 4 KB), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _strip_bom(data: bytes) -> bytes:
    # a UTF-8 BOM; UTF-16 pages are sniffed after decoding
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(_strip_bom(data[:2048])))


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_SNIFF.match(_strip_bom(data[:2048])))


@dataclass
class Extracted:
    text: str
    title: str
    published: date | None
    site_name: str
    raw_date: str


def extract_page(html_text: str, source: str, url: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page; E105 when no readable text is found."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html_text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise InputError("E105", source=source, reason=f"the HTML could not be parsed: {type(exc).__name__}") from None
    if result is None or isinstance(result, dict) or not (result.text or "").strip():
        raise InputError("E105", source=source, reason="no main content in the page")
    words = len(str(result.text).split())
    if words < MIN_PAGE_WORDS:
        reason = f"only {words} words of main content: a menu, an index or an error page"
        raise InputError("E105", source=source, reason=reason)
    raw_date = str(result.date or "")
    published: date | None = None
    if raw_date:
        try:
            published = date.fromisoformat(raw_date[:10])
        except ValueError:
            published = None
    return Extracted(
        text=str(result.text),
        title=str(result.title or ""),
        published=published,
        site_name=str(result.sitename or ""),
        raw_date=raw_date,
    )


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block element; '' when there is none."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
