"""Schema migrations, run in code: no alembic.ini is needed at run time.

:func:`upgrade` brings a database to the newest revision shipped in
``migrations/versions``. It runs inside one write transaction, so two processes
opening a new database at once migrate it once (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction-level advisory lock).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from ..errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR: Path = Path(__file__).resolve().parent / "migrations"

#: an arbitrary constant: the key of the PostgreSQL advisory lock held while migrating
_PG_LOCK_KEY = 727_269_001


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the shipped migrations (optionally bound to ``connection``)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision this syraq ships."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, url: str) -> str:
    """Migrate the database behind ``connection`` (already in a transaction) to head; return the revision.

    Raises E201 when the database was migrated by a newer syraq.
    """
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    cfg = alembic_config(connection)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head() or ""
    found = current_revision(connection)
    if found == head:
        return head
    if found is not None:
        try:
            script.get_revision(found)
        except CommandError:
            raise StoreError("E201", url=url, found=found, expected=head) from None
    command.upgrade(cfg, "head")
    return head
