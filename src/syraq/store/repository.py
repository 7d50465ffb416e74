"""The store: documents, their annotations, events, claims and reviews in one database.

One code path (SQLAlchemy Core) for SQLite and PostgreSQL. SQLite runs in WAL mode
with foreign keys on and a busy timeout; every write is one ``BEGIN IMMEDIATE``
transaction, retried with backoff while another process holds the write lock
(E204 if it never frees). Each document is stored in one transaction: a failure
rolls everything of it back (E203).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import ColumnElement

from ..errors import NotFoundError, StoreError
from ..export.review import apply_reviews, check_review
from ..model import Claim, Document, Event, PlaceMention, Review, Span, TimeExpression
from . import schema
from .migrate import current_revision, head_revision, upgrade

T = TypeVar("T")

#: SQLite's own wait for a lock before it reports "database is locked" (ms); the retry loop waits beyond it
_SQLITE_BUSY_MS = 2000


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What :meth:`Store.save_document` did: ``created`` is False when the document was already stored
    (then nothing was written and ``events``/``claims`` are 0)."""

    document_id: str
    created: bool
    events: int
    claims: int


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _is_locked(exc: BaseException) -> bool:
    message = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in message or "database is busy" in message or "database table is locked" in message


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _pipeline_version(doc: Document) -> str:
    explicit = doc.meta.get("pipeline_version") if isinstance(doc.meta, dict) else None
    if explicit:
        return str(explicit)
    from .. import __version__

    return f"syraq {__version__}"


class Store:
    """A database of documents, events, claims and reviews.

    ``url`` is an SQLAlchemy URL: ``sqlite:///path/events.db`` (``sqlite://`` for a
    private in-memory store) or ``postgresql://user@host/db``. Opening migrates the
    schema to the newest revision. ``busy_seconds`` is how long a write waits for
    another writer before giving up with E204.
    """

    def __init__(self, url: str, *, busy_seconds: float = 30.0) -> None:
        self.url = _redact(str(url))
        self.busy_seconds = float(busy_seconds)
        self._engine = self._create_engine(str(url))
        try:
            # a read first: a database already at head is opened without taking the write lock
            if self._read(current_revision, opening=True) != head_revision():
                self._write(lambda conn: upgrade(conn, self.url), opening=True)
        except StoreError:
            self._engine.dispose()
            raise

    # ------------------------------------------------------------------ engine

    def _create_engine(self, url: str) -> Engine:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError("E206", url=url) from None
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            return self._sqlite_engine(parsed)
        if backend == "postgresql":
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            try:
                return create_engine(parsed, pool_pre_ping=True)
            except (ImportError, ArgumentError) as exc:
                reason = f"{exc}; install the PostgreSQL driver with `pip install syraq[postgres]`"
                raise StoreError("E200", url=self.url, reason=reason) from exc
        raise StoreError("E206", url=self.url)

    def _sqlite_engine(self, parsed: Any) -> Engine:
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        if not in_memory:
            path = Path(database).expanduser()
            if path.is_dir():
                raise StoreError("E200", url=self.url, reason=f"{path} is a folder, not a database file")
            if not path.parent.is_dir():
                raise StoreError("E200", url=self.url, reason=f"the folder {path.parent} does not exist")
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if in_memory:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(parsed, **kwargs)
        busy_ms = max(1, min(_SQLITE_BUSY_MS, int(self.busy_seconds * 1000)))

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # take transactions into our own hands (pysqlite's implicit BEGIN cannot do IMMEDIATE)
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
                cursor.execute("PRAGMA foreign_keys = ON")
                if not in_memory:
                    cursor.execute("PRAGMA journal_mode = WAL")
                    cursor.execute("PRAGMA synchronous = NORMAL")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # writers take the write lock up front: a deferred transaction that upgrades
            # from read to write can fail at once with "database is locked" under WAL
            write = conn.get_execution_options().get("syraq_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Close every pooled connection. The store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # ------------------------------------------------------------ transactions

    def _write(self, work: Callable[[Connection], T], *, opening: bool = False) -> T:
        """Run ``work`` in one write transaction, retrying while the database is locked."""
        return self._run(work, write=True, opening=opening)

    def _read(self, work: Callable[[Connection], T], *, opening: bool = False) -> T:
        """Run ``work`` in one read transaction (retried while the database is locked)."""
        return self._run(work, write=False, opening=opening)

    def _run(self, work: Callable[[Connection], T], *, write: bool, opening: bool) -> T:
        deadline = time.monotonic() + self.busy_seconds
        delay = 0.01
        while True:
            try:
                with self._engine.connect() as conn:
                    if write:
                        conn.execution_options(syraq_write=True)
                    with conn.begin():
                        return work(conn)
            except OperationalError as exc:
                if _is_locked(exc):
                    if time.monotonic() >= deadline:
                        raise StoreError("E204", seconds=self.busy_seconds) from exc
                    time.sleep(delay * random.uniform(0.5, 1.5))
                    delay = min(delay * 2, 0.5)
                    continue
                if opening:
                    raise StoreError("E200", url=self.url, reason=str(exc.orig)) from exc
                raise
            except SQLAlchemyError as exc:
                if opening:
                    raise StoreError("E200", url=self.url, reason=str(getattr(exc, "orig", exc))) from exc
                raise

    # ---------------------------------------------------------------- documents

    def save_document(self, doc: Document) -> SaveResult:
        """Store ``doc`` with its spans, events and claims in one transaction.

        A document whose id is already stored is left as it is (``created=False``).
        Any failure rolls the whole document back and raises E203.
        """
        try:
            rows = _document_rows(doc)
        except (TypeError, ValueError, AttributeError) as exc:
            raise StoreError("E203", document_id=doc.id, reason=f"cannot serialise it: {exc}") from exc

        def work(conn: Connection) -> SaveResult:
            if conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == doc.id)).first():
                return SaveResult(doc.id, False, 0, 0)
            conn.execute(insert(schema.documents), [rows["document"]])
            self._insert_spans(conn, rows["spans"])
            self._insert_events(conn, rows["events"])
            self._insert_claims(conn, rows["claims"])
            return SaveResult(doc.id, True, len(rows["events"]), len(rows["claims"]))

        try:
            return self._write(work)
        except StoreError:
            raise
        except IntegrityError as exc:
            # another writer may have stored the same document between our check and insert
            if self.has_document(doc.id):
                return SaveResult(doc.id, False, 0, 0)
            raise StoreError("E203", document_id=doc.id, reason=str(exc.orig)) from exc
        except Exception as exc:
            raise StoreError("E203", document_id=doc.id, reason=f"{type(exc).__name__}: {exc}") from exc

    def _insert_spans(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(insert(schema.spans), rows)

    def _insert_events(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(insert(schema.events), rows)

    def _insert_claims(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(insert(schema.claims), rows)

    def has_document(self, document_id: str) -> bool:
        """Whether a document with this id is stored."""
        t = schema.documents
        return self._read(lambda conn: conn.execute(select(t.c.id).where(t.c.id == document_id)).first() is not None)

    def get_document(self, document_id: str) -> Document:
        """The stored document with every annotation restored (E205 if unknown)."""

        def work(conn: Connection) -> Document:
            t = schema.documents
            row = conn.execute(select(t).where(t.c.id == document_id)).mappings().first()
            if row is None:
                raise NotFoundError("E205", document_id=document_id)
            doc = _document_from_row(row)
            s = schema.spans
            for span_row in conn.execute(
                select(s).where(s.c.document_id == document_id).order_by(s.c.kind, s.c.seq)
            ).mappings():
                _restore_span(doc, span_row)
            e = schema.events
            doc.events = [
                _event_from_row(r)
                for r in conn.execute(select(e).where(e.c.document_id == document_id).order_by(e.c.seq)).mappings()
            ]
            c = schema.claims
            doc.claims = [
                Claim.from_dict(json.loads(r["data"]))
                for r in conn.execute(select(c).where(c.c.document_id == document_id).order_by(c.c.seq)).mappings()
            ]
            return doc

        return self._read(work)

    def documents(self, limit: int | None = 100, offset: int = 0, *, full: bool = False) -> list[Document]:
        """Stored documents, oldest ingested first. Without ``full`` only the document fields
        (text, url, source, title, published, language, meta) are filled, not the annotations."""
        t = schema.documents
        query = select(t).order_by(t.c.ingested_at, t.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        docs = self._read(lambda conn: [_document_from_row(r) for r in conn.execute(query).mappings()])
        if full:
            return [self.get_document(d.id) for d in docs]
        return docs

    # ------------------------------------------------------------------ events

    def _event_filters(
        self,
        *,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        since: date | None = None,
        until: date | None = None,
        document_id: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        min_confidence: float | None = None,
        q: str | None = None,
        review_status: str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        place_id: str | None = None,
        include_merged: bool = False,
        include_split: bool = False,
    ) -> list[ColumnElement[bool]]:
        e = schema.events
        where: list[ColumnElement[bool]] = []
        # merged duplicates and split events are left out unless asked for (or filtered by status)
        hidden = [s for s, shown in (("merged", include_merged), ("split", include_split)) if not shown]
        if hidden and not review_status:
            # coalesce() keeps the planner off ix_events_review_status: almost every row passes
            where.append(func.coalesce(e.c.review_status, "").not_in(hidden))
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
            where.append(e.c.lat.between(min_lat, max_lat))
            if min_lon <= max_lon:
                where.append(e.c.lon.between(min_lon, max_lon))
            else:  # a box across the antimeridian
                where.append(or_(e.c.lon >= min_lon, e.c.lon <= max_lon))
        if min_confidence is not None:
            where.append(e.c.confidence >= float(min_confidence))
        if q:
            where.append(func.lower(e.c.sentence).contains(q.lower(), autoescape=True))
        if review_status:
            where.append(e.c.review_status == review_status)
        if country:
            if len(country) == 2:
                where.append(e.c.country_code == country.upper())
            else:
                where.append(func.lower(e.c.country) == country.lower())
        if admin1:
            where.append(func.lower(e.c.admin1) == admin1.lower())
        if place_id:
            where.append(e.c.place_id == place_id)
        if event_type:
            where.append(e.c.event_type == event_type)
        if sub_event_type:
            where.append(e.c.sub_event_type == sub_event_type)
        if document_id:
            where.append(e.c.document_id == document_id)
        if actor:
            needle = actor.lower()
            where.append(
                or_(
                    *(
                        func.lower(col).contains(needle, autoescape=True)
                        for col in (e.c.actor1, e.c.actor2, e.c.assoc_actor_1, e.c.assoc_actor_2)
                    )
                )
            )
        if place:
            needle = place.lower()
            where.append(
                or_(
                    *(
                        func.lower(col).contains(needle, autoescape=True)
                        for col in (e.c.place_name, e.c.admin1, e.c.admin2)
                    )
                )
            )
        # a ranged event ("late September") matches when its range overlaps [since, until]
        if since is not None:
            where.append(func.coalesce(e.c.date_end, e.c.date_start) >= since)
        if until is not None:
            where.append(e.c.date_start <= until)
        return where

    def events(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> list[Event]:
        """Stored events (the machine coding, with the current review status), filtered and
        ordered by date_start (undated last), then id. ``filters`` are the keyword arguments of
        :meth:`_event_filters` (one list for every query; an unknown name is a TypeError):
        ``event_type``, ``sub_event_type``, ``actor``, ``place``, ``since``, ``until``,
        ``document_id`` and the API's filters below.

        ``actor`` and ``place`` are case-insensitive substrings (of actor1/actor2/associated
        actors; of place name/admin1/admin2). ``since``/``until`` keep events whose date
        range overlaps them. ``filters`` takes the API's filters too: ``bbox`` (min lon, min lat,
        max lon, max lat), ``min_confidence``, ``q`` (substring of the evidence sentence),
        ``review_status``, ``country`` (ISO alpha-2 code or name), ``admin1``, ``place_id``.

        Every filter matches the reviewed value of a field a reviewer edited (the indexed
        columns hold the reviewed values; see :meth:`add_reviews`). Merged duplicates and
        events split into parts are left out unless ``include_merged``/``include_split`` is
        given or ``review_status`` asks for them; the parts of a split are listed.
        """
        e = schema.events
        where = self._event_filters(**filters)
        query = (
            select(e.c.data, e.c.review_status)
            .where(*where)
            .order_by(case((e.c.date_start.is_(None), 1), else_=0), e.c.date_start, e.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        return self._read(lambda conn: [_event_from_row(r) for r in conn.execute(query).mappings()])

    def count_events(self, **filters: Any) -> int:
        """How many events :meth:`events` would return with the same filters and no limit."""
        where = self._event_filters(**filters)
        query = select(func.count()).select_from(schema.events).where(*where)
        return int(self._read(lambda conn: conn.execute(query).scalar_one()))

    def get_event(self, event_id: str) -> Event:
        """One event by id (E202 if unknown)."""
        e = schema.events

        def work(conn: Connection) -> Event:
            row = conn.execute(select(e.c.data, e.c.review_status).where(e.c.id == event_id)).mappings().first()
            if row is None:
                raise NotFoundError("E202", event_id=event_id)
            return _event_from_row(row)

        return self._read(work)

    def claims(
        self,
        *,
        document_id: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Stored claims (forecasts, threats, hypotheses, assessments), by document then order in it."""
        c = schema.claims
        query = select(c.c.data).order_by(c.c.document_id, c.c.seq, c.c.id).offset(offset)
        if document_id:
            query = query.where(c.c.document_id == document_id)
        if kind:
            query = query.where(c.c.kind == kind)
        if limit is not None:
            query = query.limit(limit)
        return self._read(lambda conn: [Claim.from_dict(json.loads(d)) for d in conn.execute(query).scalars()])

    # ----------------------------------------------------------------- reviews

    def add_review(self, review: Review) -> bool:
        """Store a review as its own row and update the event's reviewed values.

        The event's machine coding is not touched. Returns False when a review with
        this id is already stored (nothing changes). E202 for an unknown event,
        E207/E208 for an unknown action or a non-editable field. See :meth:`add_reviews`.
        """
        return self.add_reviews([review]) == 1

    def reviews(self, event_id: str | None = None) -> list[Review]:
        """Reviews, oldest first (all of them, or one event's)."""
        r = schema.reviews
        query = select(r).order_by(r.c.at, r.c.id)
        if event_id is not None:
            query = query.where(r.c.event_id == event_id)
        return self._read(lambda conn: [_review_from_row(row) for row in conn.execute(query).mappings()])

    def event_page(
        self, *, limit: int = 100, cursor: tuple[date | None, str] | None = None, **filters: Any
    ) -> tuple[list[tuple[Event, str]], tuple[date | None, str] | None]:
        """One page of events with their evidence sentence, in :meth:`events`' order, by keyset.

        ``cursor`` is the ``(date_start, id)`` of the last event of the previous page (as
        returned); ``date_start`` None means the page is in the undated tail. Returns the
        events and the cursor of the next page (None at the end). Pages stay stable when
        events are added elsewhere in the order. ``filters`` are those of :meth:`events`.
        """
        e = schema.events
        where = self._event_filters(**filters)
        limit = max(1, int(limit))
        cols = (e.c.id, e.c.data, e.c.review_status, e.c.sentence, e.c.date_start)

        def work(conn: Connection) -> list[Any]:
            rows: list[Any] = []
            if cursor is None or cursor[0] is not None:
                # dated events first: (date_start, id) follows the ix_events_page index
                dated = [*where, e.c.date_start.is_not(None)]
                if cursor is not None:
                    day, last = cursor
                    dated.append(or_(e.c.date_start > day, and_(e.c.date_start == day, e.c.id > last)))
                rows = list(
                    conn.execute(
                        select(*cols).where(*dated).order_by(e.c.date_start, e.c.id).limit(limit + 1)
                    ).mappings()
                )
            if len(rows) <= limit:
                undated = [*where, e.c.date_start.is_(None)]
                if cursor is not None and cursor[0] is None:
                    undated.append(e.c.id > cursor[1])
                rows += list(
                    conn.execute(select(*cols).where(*undated).order_by(e.c.id).limit(limit + 1 - len(rows))).mappings()
                )
            return rows

        rows = self._read(work)
        more = len(rows) > limit
        rows = rows[:limit]
        page = [(_event_from_row(r), str(r["sentence"] or "")) for r in rows]
        next_cursor = (_as_date(rows[-1]["date_start"]), str(rows[-1]["id"])) if more and rows else None
        return page, next_cursor

    def event_counts(self, **filters: Any) -> dict[str, Any]:
        """Counts of the events matching ``filters`` (those of :meth:`events`): the total, by
        event type and sub-event type, by review status, and by day of ``date_start``
        (ISO date -> count; undated events under ``""``), for histograms."""
        e = schema.events
        where = self._event_filters(**filters)

        def work(conn: Connection) -> dict[str, Any]:
            by_sub = conn.execute(
                select(e.c.event_type, e.c.sub_event_type, func.count())
                .where(*where)
                .group_by(e.c.event_type, e.c.sub_event_type)
            ).all()
            by_status = conn.execute(
                select(e.c.review_status, func.count()).where(*where).group_by(e.c.review_status)
            ).all()
            by_day = conn.execute(select(e.c.date_start, func.count()).where(*where).group_by(e.c.date_start)).all()
            by_type: dict[str, int] = {}
            by_sub_type: dict[str, int] = {}
            for etype, sub, n in by_sub:
                by_type[str(etype)] = by_type.get(str(etype), 0) + int(n)
                by_sub_type[str(sub)] = by_sub_type.get(str(sub), 0) + int(n)
            days: dict[str, int] = {}
            for day, n in by_day:
                key = _as_date(day).isoformat() if day is not None else ""  # type: ignore[union-attr]
                days[key] = days.get(key, 0) + int(n)
            return {
                "total": sum(by_type.values()),
                "by_event_type": dict(sorted(by_type.items())),
                "by_sub_event_type": dict(sorted(by_sub_type.items())),
                "by_review_status": {str(k): int(v) for k, v in sorted(by_status)},
                "by_day": days,
            }

        return self._read(work)

    def place_summaries(self, **filters: Any) -> list[dict[str, Any]]:
        """Places with events matching ``filters`` (those of :meth:`events`), most events first:
        place id, name, coordinates, country, admin1/admin2, the event count and the first and
        last event dates."""
        e = schema.events
        where = [*self._event_filters(**filters), e.c.place_id.is_not(None)]
        n = func.count().label("events")
        query = (
            select(
                e.c.place_id,
                func.max(e.c.place_name).label("name"),
                func.max(e.c.lat).label("lat"),
                func.max(e.c.lon).label("lon"),
                func.max(e.c.country_code).label("country_code"),
                func.max(e.c.country).label("country"),
                func.max(e.c.admin1).label("admin1"),
                func.max(e.c.admin2).label("admin2"),
                n,
                func.min(e.c.date_start).label("first"),
                func.max(func.coalesce(e.c.date_end, e.c.date_start)).label("last"),
            )
            .where(*where)
            .group_by(e.c.place_id)
            .order_by(n.desc(), e.c.place_id)
        )

        def work(conn: Connection) -> list[dict[str, Any]]:
            out = []
            for row in conn.execute(query).mappings():
                item = dict(row)
                item["events"] = int(item["events"])
                item["first"] = _as_date(item["first"])
                item["last"] = _as_date(item["last"])
                out.append(item)
            return out

        return self._read(work)

    def document_summaries(
        self, limit: int | None = 100, offset: int = 0, *, document_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored documents without their text, newest published first, with event and claim counts
        (all of them, or the one with ``document_id``)."""
        d, e, c = schema.documents, schema.events, schema.claims
        n_events = select(func.count()).where(e.c.document_id == d.c.id).scalar_subquery().label("events")
        n_claims = select(func.count()).where(c.c.document_id == d.c.id).scalar_subquery().label("claims")
        query = (
            select(
                d.c.id, d.c.url, d.c.source, d.c.title, d.c.published, d.c.language, d.c.ingested_at, n_events, n_claims
            )
            .order_by(case((d.c.published.is_(None), 1), else_=0), d.c.published.desc(), d.c.id)
            .offset(max(0, int(offset)))
        )
        if limit is not None:
            query = query.limit(limit)
        if document_id is not None:
            query = query.where(d.c.id == document_id)

        def work(conn: Connection) -> list[dict[str, Any]]:
            out = []
            for row in conn.execute(query).mappings():
                item = dict(row)
                item["published"] = _as_date(item["published"])
                if isinstance(item["ingested_at"], datetime):
                    item["ingested_at"] = _utc(item["ingested_at"])
                out.append(item)
            return out

        return self._read(work)

    def count_documents(self) -> int:
        """How many documents are stored."""
        query = select(func.count()).select_from(schema.documents)
        return int(self._read(lambda conn: conn.execute(query).scalar_one()))

    def documents_by_id(self, document_ids: list[str] | set[str]) -> dict[str, Document]:
        """The documents with these ids (document fields and text only, no annotations), by id."""
        t = schema.documents
        ids = sorted(set(document_ids))

        def work(conn: Connection) -> dict[str, Document]:
            out: dict[str, Document] = {}
            for chunk in _chunks(ids):
                for row in conn.execute(select(t).where(t.c.id.in_(chunk))).mappings():
                    out[row["id"]] = _document_from_row(row)
            return out

        return self._read(work)

    def reviews_for(self, event_ids: list[str] | set[str]) -> list[Review]:
        """The reviews of these events, oldest first."""
        r = schema.reviews
        ids = sorted(set(event_ids))

        def work(conn: Connection) -> list[Review]:
            out: list[Review] = []
            for chunk in _chunks(ids):
                out += [
                    _review_from_row(row) for row in conn.execute(select(r).where(r.c.event_id.in_(chunk))).mappings()
                ]
            return sorted(out, key=lambda rv: (rv.at, rv.id))

        return self._read(work)

    def add_reviews(self, reviews: list[Review]) -> int:
        """Store several reviews in one transaction (a merge or split touches several events):
        all of them or none. Returns how many were new.

        The machine coding (the ``data`` JSON) is never changed. What changes with each
        review is the row's indexed columns (type, actors, place, coordinates, dates,
        fatalities, review status, ...): they hold the event's *reviewed* values, so that
        filters, pages, place counts and stats match what a reviewer decided at the cost of
        one indexed query. A ``split`` entry with ``after.split_from`` creates the derived
        event's row (a copy of the parent's machine coding and evidence under the new id)
        before its reviews are stored. E202 for an unknown event, E207/E208/E209 for a
        review that cannot be stored or applied, E810 when an event already split is split again.
        """
        for review in reviews:
            check_review(review)
        r, e = schema.reviews, schema.events

        def work(conn: Connection) -> int:
            added = 0
            touched: dict[str, None] = {}
            for review in reviews:
                if conn.execute(select(e.c.id).where(e.c.id == review.event_id)).first() is None:
                    parent = review.after.get("split_from") if review.action == "split" else None
                    if not parent:
                        raise NotFoundError("E202", event_id=review.event_id)
                    self._insert_derived(conn, str(parent), review.event_id)
                if conn.execute(select(r.c.id).where(r.c.id == review.id)).first() is not None:
                    continue
                if review.action == "split" and review.after.get("parts"):
                    status = conn.execute(select(e.c.review_status).where(e.c.id == review.event_id)).scalar()
                    if status == "split":
                        raise StoreError("E810", event_id=review.event_id)
                conn.execute(insert(r), [_review_row(review)])
                added += 1
                touched[review.event_id] = None
            for event_id in touched:
                self._refresh_reviewed(conn, event_id)
            return added

        return self._write(work)

    def _insert_derived(self, conn: Connection, parent_id: str, event_id: str) -> None:
        """A row for an event split from ``parent_id``: the parent's machine coding, evidence and
        provenance under ``event_id`` (its own values come from its reviews)."""
        e = schema.events
        row = conn.execute(select(e).where(e.c.id == parent_id)).mappings().first()
        if row is None:
            raise NotFoundError("E202", event_id=parent_id)
        data = json.loads(row["data"])
        data["id"] = event_id
        data["review_status"] = "unreviewed"
        machine = _event_from_row({"data": _dumps(data), "review_status": "unreviewed"})
        derived = {**dict(row), **_reviewed_columns(machine), "id": event_id, "data": _dumps(data)}
        conn.execute(insert(e), [derived])

    def _refresh_reviewed(self, conn: Connection, event_id: str) -> None:
        """Set an event's indexed columns to its machine coding with its reviews applied."""
        r, e = schema.reviews, schema.events
        row = conn.execute(select(e.c.data).where(e.c.id == event_id)).first()
        if row is None:
            return
        machine = Event.from_dict(json.loads(row[0]))
        mine = [_review_from_row(x) for x in conn.execute(select(r).where(r.c.event_id == event_id)).mappings()]
        reviewed = apply_reviews(machine, mine)
        conn.execute(update(e).where(e.c.id == event_id).values(**_reviewed_columns(reviewed)))

    def refresh_reviewed_values(self) -> int:
        """Recompute the indexed reviewed values of every reviewed event (for a database whose
        reviews were stored by a syraq that kept machine values in those columns). Returns
        how many events were refreshed."""
        r = schema.reviews

        def work(conn: Connection) -> int:
            ids = [str(x) for x in conn.execute(select(r.c.event_id).distinct()).scalars()]
            for event_id in ids:
                self._refresh_reviewed(conn, event_id)
            return len(ids)

        return self._write(work)

    # ------------------------------------------------------------------ tokens

    def create_token(self, name: str) -> str:
        """A new reviewer token for ``name``; returned once, stored only as a salted SHA-256 digest."""
        from .tokens import new_token

        if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200 or not name.isprintable():
            raise StoreError("E808", name=name)
        token_id, raw, salt, digest = new_token()
        row = {
            "id": token_id,
            "name": name.strip(),
            "salt": salt,
            "digest": digest,
            "created_at": datetime.now(UTC),
            "revoked_at": None,
        }
        self._write(lambda conn: conn.execute(insert(schema.api_tokens), [row]))
        return raw

    def verify_token(self, raw: str) -> str | None:
        """The reviewer name of a valid, unrevoked token, else None (compared in constant time)."""
        from .tokens import check_token, split_token

        parts = split_token(raw)
        if parts is None:
            return None
        token_id, _ = parts
        t = schema.api_tokens
        row = self._read(
            lambda conn: (
                conn.execute(select(t.c.name, t.c.salt, t.c.digest).where(t.c.id == token_id, t.c.revoked_at.is_(None)))
                .mappings()
                .first()
            )
        )
        if row is None or not check_token(raw, row["salt"], row["digest"]):
            return None
        return str(row["name"])

    def tokens(self) -> list[dict[str, Any]]:
        """Every token's id, reviewer name, creation and revocation time (never the digest)."""
        t = schema.api_tokens
        query = select(t.c.id, t.c.name, t.c.created_at, t.c.revoked_at).order_by(t.c.created_at, t.c.id)
        return self._read(lambda conn: [dict(r) for r in conn.execute(query).mappings()])

    def revoke_token(self, token_id: str) -> bool:
        """Revoke a token by its id (the part after ``syraq_``); False if no such live token."""
        t = schema.api_tokens

        def work(conn: Connection) -> bool:
            result = conn.execute(
                update(t).where(t.c.id == token_id, t.c.revoked_at.is_(None)).values(revoked_at=datetime.now(UTC))
            )
            return bool(result.rowcount)

        return self._write(work)

    # --------------------------------------------------------------- incidents

    def assign_incidents(self, document_id: str | None = None, *, rules: Any = None) -> list[str]:
        """Group the events of ``document_id`` that are in no incident yet into incidents (new ones,
        or existing ones they match); return the ids of the incidents those events are now in.

        Candidates are the incidents near the new events in time (the widest window of the rules)
        and space (the widest distance), found by indexed query. One transaction; running it again
        changes nothing. ``document_id=None`` assigns every event of the store that has no
        incident (the repair after a crash between saving a document and grouping it).
        """
        return self.assign_incidents_report(document_id, rules=rules).incident_ids

    def assign_incidents_report(self, document_id: str | None = None, *, rules: Any = None) -> IncidentAssignment:
        """:meth:`assign_incidents`, with how many incidents were created and how many existing ones grew."""
        from ..analysis.incidents import group_incidents, load_rules

        rules = rules or load_rules()
        e, m = schema.events, schema.incident_members

        def work(conn: Connection) -> IncidentAssignment:
            if conn.dialect.name == "postgresql":  # one grouping at a time: two writers must not both found one
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INCIDENT_LOCK_KEY})
            query = (
                select(e.c.data, e.c.review_status)
                .select_from(e.outerjoin(m, m.c.event_id == e.c.id))
                .where(m.c.event_id.is_(None))
                .order_by(e.c.document_id, e.c.seq)
            )
            if document_id is not None:
                query = query.where(e.c.document_id == document_id)
            new = [_event_from_row(r) for r in conn.execute(query).mappings()]
            if not new:
                return IncidentAssignment([], 0, 0)
            candidates = list(_load_incidents(conn, _candidate_ids(conn, new, rules)).values())
            before = {inc.id: len(inc.members) for inc in candidates}
            grouped = group_incidents(new, existing=candidates, rules=rules)
            now = datetime.now(UTC)
            ids: list[str] = []
            created = joined = 0
            for inc in grouped:
                start = before.get(inc.id, 0)
                added = inc.members[start:]
                if not added:
                    continue
                if inc.id in before:
                    joined += 1
                    _save_incident_row(conn, inc, now, exists=True)
                else:
                    while conn.execute(select(schema.incidents.c.id).where(schema.incidents.c.id == inc.id)).first():
                        inc.id = _next_id(inc.id)  # only after a review reused the founder's id
                    created += 1
                    _save_incident_row(conn, inc, now, exists=False)
                conn.execute(
                    insert(m),
                    [
                        {
                            "event_id": mb.event_id,
                            "incident_id": inc.id,
                            "document_id": mb.document_id,
                            "seq": start + k,
                            "why": _dumps(mb.to_dict()),
                            "added_at": now,
                            "added_by": "machine",
                        }
                        for k, mb in enumerate(added)
                    ],
                )
                _set_incident_id(conn, [mb.event_id for mb in added], inc.id)
                ids.append(inc.id)
            return IncidentAssignment(ids, created, joined)

        return self._write(work)

    def unassigned_events(self) -> int:
        """How many stored events are in no incident (left by a crash, or stored without grouping)."""
        e, m = schema.events, schema.incident_members
        query = select(func.count()).select_from(e.outerjoin(m, m.c.event_id == e.c.id)).where(m.c.event_id.is_(None))
        return int(self._read(lambda conn: conn.execute(query).scalar_one()))

    def _incident_where(self, min_sources: int | None = None, **filters: Any) -> list[ColumnElement[bool]]:
        i, m, e = schema.incidents, schema.incident_members, schema.events
        where: list[ColumnElement[bool]] = []
        event_where = self._event_filters(**filters)
        if event_where:  # an incident matches when any of its events does
            where.append(
                i.c.id.in_(select(m.c.incident_id).select_from(m.join(e, e.c.id == m.c.event_id)).where(*event_where))
            )
        if min_sources:
            where.append(i.c.sources >= int(min_sources))
        return where

    def incident_page(
        self, *, limit: int = 100, cursor: tuple[date | None, str] | None = None, **filters: Any
    ) -> tuple[list[Incident], tuple[date | None, str] | None]:
        """One page of incidents ordered by start date (undated last), then id, by keyset.

        ``filters`` are those of :meth:`events` (an incident matches when one of its events
        does) plus ``min_sources``. Returns the incidents and the next page's cursor (or None).
        """
        i = schema.incidents
        where = self._incident_where(**filters)
        day = func.coalesce(i.c.date_start, _UNDATED)
        if cursor is not None:
            last_day, last_id = cursor
            key = last_day or _UNDATED
            where.append(or_(day > key, and_(day == key, i.c.id > last_id)))
        limit = max(1, int(limit))
        query = select(i.c.id, i.c.date_start).where(*where).order_by(day, i.c.id).limit(limit + 1)

        def work(conn: Connection) -> tuple[list[Incident], Any]:
            rows = list(conn.execute(query).mappings())
            more = len(rows) > limit
            rows = rows[:limit]
            loaded = _load_incidents(conn, [r["id"] for r in rows])
            page = [loaded[r["id"]] for r in rows if r["id"] in loaded]
            nxt = (_as_date(rows[-1]["date_start"]), str(rows[-1]["id"])) if more and rows else None
            return page, nxt

        return self._read(work)

    def incidents(
        self, *, limit: int | None = 100, cursor: tuple[date | None, str] | None = None, **filters: Any
    ) -> list[Incident]:
        """Incidents matching ``filters`` (see :meth:`incident_page`), in date order; ``limit=None``: all."""
        if limit is not None:
            return self.incident_page(limit=limit, cursor=cursor, **filters)[0]
        out: list[Incident] = []
        while True:
            page, cursor = self.incident_page(limit=1000, cursor=cursor, **filters)
            out += page
            if cursor is None:
                return out

    def count_incidents(self, **filters: Any) -> int:
        """How many incidents :meth:`incidents` would return with the same filters and no limit."""
        query = select(func.count()).select_from(schema.incidents).where(*self._incident_where(**filters))
        return int(self._read(lambda conn: conn.execute(query).scalar_one()))

    def get_incident(self, incident_id: str) -> Incident:
        """One incident with its events and the why of each membership (E210 if unknown)."""

        def work(conn: Connection) -> Incident:
            found = _load_incidents(conn, [incident_id])
            if incident_id not in found:
                raise NotFoundError("E210", incident_id=incident_id)
            return found[incident_id]

        return self._read(work)

    def incident_members(self, incident_id: str) -> list[dict[str, Any]]:
        """The memberships of an incident in joining order: event and document ids, the evidence
        sentence, the document's title/url/source/published, ``why`` (as stored), ``added_at``
        and ``added_by`` ("machine" or the reviewer). E210 if the incident is unknown."""
        i, m, e, d = schema.incidents, schema.incident_members, schema.events, schema.documents
        query = (
            select(
                m.c.event_id,
                m.c.document_id,
                m.c.seq,
                m.c.why,
                m.c.added_at,
                m.c.added_by,
                e.c.sentence,
                d.c.title,
                d.c.url,
                d.c.source,
                d.c.published,
            )
            .select_from(m.join(e, e.c.id == m.c.event_id).join(d, d.c.id == m.c.document_id))
            .where(m.c.incident_id == incident_id)
            .order_by(m.c.seq, m.c.event_id)
        )

        def work(conn: Connection) -> list[dict[str, Any]]:
            if conn.execute(select(i.c.id).where(i.c.id == incident_id)).first() is None:
                raise NotFoundError("E210", incident_id=incident_id)
            out = []
            for row in conn.execute(query).mappings():
                item = dict(row)
                item["why"] = json.loads(item["why"] or "{}")
                item["published"] = _as_date(item["published"])
                item["added_at"] = (
                    _utc(item["added_at"]) if isinstance(item["added_at"], datetime) else item["added_at"]
                )
                out.append(item)
            return out

        return self._read(work)

    def incident_counts(self, **filters: Any) -> dict[str, Any]:
        """As :meth:`event_counts`, but counting incidents: events of one incident count once (an
        event not yet grouped counts as its own). By day uses the incident's start date."""
        e, m, i = schema.events, schema.incident_members, schema.incidents
        where = self._event_filters(**filters)
        key = func.coalesce(m.c.incident_id, e.c.id)
        day = case((m.c.incident_id.is_(None), e.c.date_start), else_=i.c.date_start)
        joined = e.outerjoin(m, m.c.event_id == e.c.id).outerjoin(i, i.c.id == m.c.incident_id)
        n = func.count(func.distinct(key))

        def grouped(conn: Connection, *cols: Any) -> list[Any]:
            return list(conn.execute(select(*cols, n).select_from(joined).where(*where).group_by(*cols)).all())

        def work(conn: Connection) -> dict[str, Any]:
            total = int(conn.execute(select(n).select_from(joined).where(*where)).scalar_one())
            by_type = {str(k): int(v) for k, v in grouped(conn, e.c.event_type)}
            by_sub = {str(k): int(v) for k, v in grouped(conn, e.c.sub_event_type)}
            by_status = {str(k): int(v) for k, v in grouped(conn, e.c.review_status)}
            days: dict[str, int] = {}
            for d_, v in grouped(conn, day):
                k = _as_date(d_).isoformat() if d_ is not None else ""  # type: ignore[union-attr]
                days[k] = days.get(k, 0) + int(v)
            return {
                "total": total,
                "by_event_type": dict(sorted(by_type.items())),
                "by_sub_event_type": dict(sorted(by_sub.items())),
                "by_review_status": dict(sorted(by_status.items())),
                "by_day": days,
            }

        return self._read(work)

    def review_incident(
        self,
        incident_id: str,
        action: str,
        *,
        reviewer: str,
        event_ids: list[str] | None = None,
        other: str | None = None,
        comment: str = "",
    ) -> tuple[list[str], list[Review]]:
        """A reviewer splits an incident (moves ``event_ids`` to a new one) or merges ``other`` into it.

        The memberships are rewritten with ``added_by=reviewer``; one Review row (action "split"
        or "merge", on the first moved event) keeps the before and after incident ids, so the
        review log shows it. One transaction. Returns the incident ids involved (this one first)
        and the reviews written. E210 for an unknown incident, E209 when the action cannot apply.
        """
        m = schema.incident_members
        rid = (
            "rv-"
            + hashlib.sha256(
                f"{incident_id}:{action}:{sorted(event_ids or [])}:{other}:{reviewer}:{time.time_ns()}".encode()
            ).hexdigest()[:20]
        )

        def refuse(reason: str) -> StoreError:
            return StoreError("E209", review_id=rid, reason=reason)

        if action not in ("split", "merge"):
            raise refuse(f"the incident actions are split and merge, not {action!r}")

        def work(conn: Connection) -> tuple[list[str], list[Review]]:
            found = _load_incidents(conn, [incident_id] + ([other] if other else []))
            if incident_id not in found:
                raise NotFoundError("E210", incident_id=incident_id)
            inc = found[incident_id]
            members = [mb.event_id for mb in inc.members]
            now = datetime.now(UTC)
            if action == "split":
                moved = list(dict.fromkeys(event_ids or []))
                if not moved:
                    raise refuse("a split needs the event ids to move to a new incident")
                strangers = [x for x in moved if x not in members]
                if strangers:
                    raise refuse(f"events {', '.join(strangers)} are not in incident {incident_id}")
                if len(moved) == len(members):
                    raise refuse("a split must leave at least one event in the incident")
                moved = [x for x in members if x in moved]  # joining order
                target = "inc-" + hashlib.sha256(f"split:{incident_id}:{','.join(moved)}".encode()).hexdigest()[:16]
                while conn.execute(select(schema.incidents.c.id).where(schema.incidents.c.id == target)).first():
                    target = _next_id(target)
                source_ids, before_ids = [incident_id], {incident_id: members}
                conn.execute(
                    insert(schema.incidents),
                    [_incident_values(_incident_of(inc, moved, target), now) | {"created_at": now}],
                )
                first_seq = 0
            else:
                if not other or other == incident_id:
                    raise refuse("a merge needs the id of another incident (other)")
                if other not in found:
                    raise NotFoundError("E210", incident_id=other)
                moved = [mb.event_id for mb in found[other].members]
                target, source_ids = incident_id, [other]
                before_ids = {incident_id: members, other: moved}
                first_seq = len(members)
            rows = list(conn.execute(select(m).where(m.c.event_id.in_(moved))).mappings())
            by_event = {r["event_id"]: r for r in rows}
            conn.execute(delete(m).where(m.c.event_id.in_(moved)))
            conn.execute(
                insert(m),
                [
                    {
                        "event_id": x,
                        "incident_id": target,
                        "document_id": by_event[x]["document_id"],
                        "seq": first_seq + k,
                        "why": _dumps(
                            {
                                "event_id": x,
                                "document_id": by_event[x]["document_id"],
                                "why": f"{action} by {reviewer}: moved from incident {by_event[x]['incident_id']}",
                                "match": None,
                                "review_id": rid,
                                "from_incident": by_event[x]["incident_id"],
                                "earlier": json.loads(by_event[x]["why"] or "{}"),
                            }
                        ),
                        "added_at": now,
                        "added_by": reviewer,
                    }
                    for k, x in enumerate(moved)
                ],
            )
            _set_incident_id(conn, moved, target)
            if action == "merge":
                conn.execute(delete(schema.incidents).where(schema.incidents.c.id == other))
            for changed in {incident_id, target}:
                again = _load_incidents(conn, [changed]).get(changed)
                if again is not None:
                    _save_incident_row(conn, again, now, exists=True)
            review = Review(
                id=rid,
                event_id=moved[0] if action == "split" else members[0],
                action=action,
                reviewer=reviewer,
                at=now,
                before={"incident_id": incident_id, "incidents": before_ids},
                after={"incident_id": target, "moved": moved, "from": source_ids},
                comment=comment,
            )
            check_review(review)
            conn.execute(insert(schema.reviews), [_review_row(review)])
            return [incident_id] + ([target] if target != incident_id else []), [review]

        return self._write(work)

    # ------------------------------------------------------------------- stats

    def stats(self) -> dict[str, Any]:
        """Counts: documents, events, claims, reviews, events by type and by review status."""

        def work(conn: Connection) -> dict[str, Any]:
            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            e = schema.events
            by_type = conn.execute(
                select(e.c.event_type, func.count()).group_by(e.c.event_type).order_by(e.c.event_type)
            ).all()
            by_status = conn.execute(
                select(e.c.review_status, func.count()).group_by(e.c.review_status).order_by(e.c.review_status)
            ).all()
            return {
                "documents": count(schema.documents),
                "events": count(schema.events),
                "claims": count(schema.claims),
                "reviews": count(schema.reviews),
                "by_event_type": {str(k): int(v) for k, v in by_type},
                "by_review_status": {str(k): int(v) for k, v in by_status},
            }

        return self._read(work)


# ---------------------------------------------------------------- row mapping


def _document_rows(doc: Document) -> dict[str, Any]:
    """Every row one document becomes, built before the transaction opens."""
    document = {
        "id": doc.id,
        "url": doc.url or "",
        "source": doc.source or "",
        "title": doc.title or "",
        "published": doc.published,
        "language": doc.language or "",
        "text": doc.text,
        "meta": _dumps(doc.meta or {}),
        "ingested_at": datetime.now(UTC),
        "pipeline_version": _pipeline_version(doc),
    }
    spans: list[dict[str, Any]] = []
    for kind, items in (("sentence", doc.sentences), ("entity", doc.entities)):
        for seq, span in enumerate(items):
            spans.append(_span_row(doc.id, kind, seq, span, None, None))
    for seq, mention in enumerate(doc.places):
        place_id = mention.place.id if mention.place else None
        spans.append(_span_row(doc.id, "place", seq, mention.span, place_id, mention.to_dict()))
    for seq, expr in enumerate(doc.times):
        spans.append(_span_row(doc.id, "time", seq, expr.span, None, expr.to_dict()))
    events = [_event_row(doc, seq, ev) for seq, ev in enumerate(doc.events)]
    claims = [
        {
            "id": claim.id,
            "document_id": doc.id,
            "seq": seq,
            "kind": claim.kind,
            "cue": claim.cue,
            "speaker": claim.speaker,
            "date_start": claim.date_start,
            "date_end": claim.date_end,
            "sentence": doc.span_text(claim.evidence),
            "data": _dumps(claim.to_dict()),
        }
        for seq, claim in enumerate(doc.claims)
    ]
    return {"document": document, "spans": spans, "events": events, "claims": claims}


def _span_row(
    document_id: str, kind: str, seq: int, span: Span, place_id: str | None, data: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "kind": kind,
        "seq": seq,
        "start_char": span.start,
        "end_char": span.end,
        "label": span.label,
        "place_id": place_id,
        "data": _dumps(data) if data is not None else None,
    }


def _event_row(doc: Document, seq: int, ev: Event) -> dict[str, Any]:
    """A new event row: the indexed columns (as a review would set them), provenance and the full JSON."""
    return {
        "id": ev.id,
        "document_id": doc.id,
        "seq": seq,
        **_reviewed_columns(ev),
        "confidence": float(ev.confidence),
        "rule": ev.rule,
        "sentence": doc.span_text(ev.sentence),
        "data": _dumps(ev.to_dict()),
    }


def _reviewed_columns(ev: Event) -> dict[str, Any]:
    """The indexed columns of an event row that a review can change (from its reviewed copy)."""
    place = ev.place.place if ev.place else None
    return {
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1,
        "assoc_actor_1": ev.assoc_actor_1,
        "inter1": int(ev.inter1),
        "actor2": ev.actor2,
        "assoc_actor_2": ev.assoc_actor_2,
        "inter2": int(ev.inter2),
        "place_id": place.id if place else None,
        "place_name": place.name if place else "",
        "country_code": place.country_code if place else "",
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": ev.place.geo_precision if ev.place and place else None,
        "date_start": ev.date_start,
        "date_end": ev.date_end,
        "date_precision": ev.date_precision,
        "time_precision": ev.time_precision,
        "date_from_publication": bool(ev.date_from_publication),
        "fatalities": int(ev.fatalities),
        "civilian_targeting": bool(ev.civilian_targeting),
        "review_status": ev.review_status,
        "incident_id": ev.incident_id,
    }


def _review_row(review: Review) -> dict[str, Any]:
    return {
        "id": review.id,
        "event_id": review.event_id,
        "action": review.action,
        "reviewer": review.reviewer,
        "at": _utc(review.at),
        "before": _dumps(review.before),
        "after": _dumps(review.after),
        "comment": review.comment,
    }


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """Split an IN list so it stays under every backend's bound-parameter limit."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _utc(value: datetime) -> datetime:
    """Aware UTC (a naive time is taken as UTC), so that times sort the same on every backend."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _document_from_row(row: Any) -> Document:
    return Document(
        text=row["text"],
        id=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        published=_as_date(row["published"]),
        language=row["language"],
        meta=json.loads(row["meta"] or "{}"),
    )


def _restore_span(doc: Document, row: Any) -> None:
    kind = row["kind"]
    if kind == "sentence":
        doc.sentences.append(Span(row["start_char"], row["end_char"], row["label"]))
    elif kind == "entity":
        doc.entities.append(Span(row["start_char"], row["end_char"], row["label"]))
    elif kind == "place":
        doc.places.append(PlaceMention.from_dict(json.loads(row["data"])))
    elif kind == "time":
        doc.times.append(TimeExpression.from_dict(json.loads(row["data"])))


def _event_from_row(row: Any) -> Event:
    ev = Event.from_dict(json.loads(row["data"]))
    ev.review_status = row["review_status"]
    return ev


def _review_from_row(row: Any) -> Review:
    at = row["at"]
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:  # SQLite keeps no zone; we always write UTC-aware times, so read them back as UTC
        at = at.replace(tzinfo=UTC)
    return Review(
        id=row["id"],
        event_id=row["event_id"],
        action=row["action"],
        reviewer=row["reviewer"],
        at=at,
        before=json.loads(row["before"] or "{}"),
        after=json.loads(row["after"] or "{}"),
        comment=row["comment"],
    )


# ---------------------------------------------------------------- incidents

import hashlib  # noqa: E402
import typing as _typing  # noqa: E402

from sqlalchemy import delete, text  # noqa: E402

if _typing.TYPE_CHECKING:
    from ..analysis.incidents import Incident, IncidentRules

#: the PostgreSQL advisory lock held while grouping (an arbitrary constant)
_INCIDENT_LOCK_KEY = 727_269_003
#: undated incidents sort after every dated one
_UNDATED = date(9999, 12, 31)
#: an event's candidate search covers at most this many events per query
_CANDIDATE_CHUNK = 200


@dataclass(frozen=True, slots=True)
class IncidentAssignment:
    """What :meth:`Store.assign_incidents_report` did: the incidents the new events are in,
    how many of them it created and how many existed already (a report joined them)."""

    incident_ids: list[str]
    created: int
    joined: int


def _next_id(incident_id: str) -> str:
    base, _, n = incident_id.partition("~")
    return f"{base}~{int(n or 1) + 1}"


def _candidate_ids(conn: Connection, new: list[Event], rules: IncidentRules) -> list[str]:
    """Incidents that could take one of ``new``: dated within the widest window of it and placed
    within a box of the widest distance around it (indexed on date and lon/lat)."""
    import math

    i = schema.incidents
    reach = max(rules.window_days.values())
    km = max(max(rules.distance_km.values()), rules.same_place_km)
    boxes: list[ColumnElement[bool]] = []
    for ev in new:
        place = ev.place.place if ev.place else None
        if place is None or ev.date_start is None or not (math.isfinite(place.lat) and math.isfinite(place.lon)):
            continue  # it cannot match anything: it founds its own incident
        end = max(ev.date_end or ev.date_start, ev.date_start)
        dlat = km / 110.574 + 1e-6
        dlon = km / (111.320 * max(0.01, math.cos(math.radians(place.lat)))) + 1e-6
        boxes.append(
            and_(
                i.c.date_start <= date.fromordinal(end.toordinal() + reach),
                func.coalesce(i.c.date_end, i.c.date_start) >= date.fromordinal(ev.date_start.toordinal() - reach),
                i.c.lat.between(place.lat - dlat, place.lat + dlat),
                i.c.lon.between(place.lon - dlon, place.lon + dlon),
            )
        )
    found: set[str] = set()
    for k in range(0, len(boxes), _CANDIDATE_CHUNK):
        found.update(conn.execute(select(i.c.id).where(or_(*boxes[k : k + _CANDIDATE_CHUNK]))).scalars())
    return sorted(found)


def _load_incidents(conn: Connection, ids: list[str]) -> dict[str, Incident]:
    """The incidents with these ids, their events and memberships in joining order."""
    from ..analysis.incidents import Incident, Match, Membership

    m, e = schema.incident_members, schema.events
    out: dict[str, Incident] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = (
            select(m.c.incident_id, m.c.event_id, m.c.document_id, m.c.why, e.c.data, e.c.review_status)
            .select_from(m.join(e, e.c.id == m.c.event_id))
            .where(m.c.incident_id.in_(chunk))
            .order_by(m.c.incident_id, m.c.seq, m.c.event_id)
        )
        for row in conn.execute(query).mappings():
            inc = out.setdefault(row["incident_id"], Incident(row["incident_id"]))
            event = _event_from_row(row)
            event.incident_id = inc.id
            why = json.loads(row["why"] or "{}")
            match = why.get("match")
            try:
                found = Match(**match) if isinstance(match, dict) else None
            except TypeError:
                found = None
            inc.events.append(event)
            inc.members.append(Membership(row["event_id"], row["document_id"], found))
    return out


def _incident_of(inc: Incident, event_ids: list[str], new_id: str) -> Incident:
    from ..analysis.incidents import Incident, Membership

    keep = set(event_ids)
    events = [ev for ev in inc.events if ev.id in keep]
    return Incident(new_id, events, [Membership(ev.id, ev.document_id) for ev in events])


def _incident_values(inc: Incident, now: datetime) -> dict[str, Any]:
    """The summary columns of an incident row, from its events."""
    mention = inc.place
    place = mention.place if mention else None
    founder = inc.founder
    return {
        "id": inc.id,
        "updated_at": now,
        "event_type": founder.event_type,
        "sub_event_type": founder.sub_event_type,
        "place_id": place.id if place else None,
        "place_name": place.name if place else "",
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": mention.geo_precision if mention and place else None,
        "date_start": inc.date_start,
        "date_end": inc.date_end,
        "fatalities": int(inc.fatalities),
        "sources": len(inc.sources),
        "events": len(inc.events),
    }


def _save_incident_row(conn: Connection, inc: Incident, now: datetime, *, exists: bool) -> None:
    i = schema.incidents
    values = _incident_values(inc, now)
    if exists:
        conn.execute(update(i).where(i.c.id == inc.id).values(**values))
    else:
        conn.execute(insert(i), [values | {"created_at": now}])


def _set_incident_id(conn: Connection, event_ids: list[str], incident_id: str) -> None:
    """Write the incident id into the events' column and stored coding, so every reader (exports,
    analysis) sees it."""
    e = schema.events
    for chunk in _chunks(list(event_ids)):
        for row in conn.execute(select(e.c.id, e.c.data).where(e.c.id.in_(chunk))).mappings():
            data = json.loads(row["data"])
            data["incident_id"] = incident_id
            conn.execute(update(e).where(e.c.id == row["id"]).values(incident_id=incident_id, data=_dumps(data)))
