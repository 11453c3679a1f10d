"""The results store: screening runs, documents, review cases, decisions and the audit log.

Open it with ``open_store(url)`` (default: ``default_database_url()``, an SQLite file in the
user's data folder or ``$EXPORTSCREEN_HOME``; ``$EXPORTSCREEN_DATABASE_URL`` for PostgreSQL).
"""

from reports.store.audit import VerifyResult
from reports.store.engine import default_database_url
from reports.store.records import (
    CaseDetail,
    CaseEventRecord,
    CaseSummary,
    StoredDocument,
    StoredFinding,
    SuppressionRule,
)
from reports.store.review import FINAL, STATUSES
from reports.store.store import Store, open_store

__all__ = [
    "FINAL",
    "STATUSES",
    "CaseDetail",
    "CaseEventRecord",
    "CaseSummary",
    "Store",
    "StoredDocument",
    "StoredFinding",
    "SuppressionRule",
    "VerifyResult",
    "default_database_url",
    "open_store",
]
