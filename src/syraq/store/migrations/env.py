"""Alembic environment for syraq's store.

syraq runs migrations in code (:func:`syraq.store.migrate.upgrade`), passing an open
connection in ``config.attributes["connection"]``; no alembic.ini is needed. Run by
hand, ``alembic -x url=sqlite:///events.db upgrade head`` with ``script_location``
pointing here works too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from syraq.store.schema import metadata

config = context.config
target_metadata = metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = create_engine(str(url))
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
