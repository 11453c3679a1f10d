"""The results store: screening runs, documents, review cases, decisions and the audit log.

Open it with ``open_store(url)``; ``flows.settings.database_url()`` gives the configured URL
(an SQLite file in the user's data folder or ``$EXPORTSCREEN_HOME``;
``$EXPORTSCREEN_DATABASE_URL`` for PostgreSQL).
"""

from reports.store.audit import VerifyResult
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
    "open_store",
]
