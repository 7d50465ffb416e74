"""The store: documents, annotations, events, claims and reviews in SQLite or PostgreSQL.

>>> from syraq.store import Store
>>> store = Store("sqlite:///events.db")
>>> store.save_document(doc)
SaveResult(document_id='...', created=True, events=3, claims=1)
"""

from .repository import SaveResult, Store

__all__ = ["SaveResult", "Store"]
