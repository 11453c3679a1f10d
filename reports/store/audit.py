"""The audit log: an append-only hash chain over every write of the results store.

Each record carries ``hash = sha256(prev_hash + canonical JSON of the record)``, where the
record is its id, time, action, entity, entity id, actor and payload, and ``prev_hash`` is the
previous record's hash (64 zeros for the first). Ids are consecutive from 1, so a deleted,
inserted, reordered or edited record breaks the chain at a nameable place. Appends happen only
inside the store's write transaction, which holds the write lock, so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.store.models import AuditRecord

GENESIS = "0" * 64


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds (the store's time format)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and non-ASCII kept: one text per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest(value: Any) -> str:
    """sha256 hex digest of ``canonical_json(value)``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def record_hash(prev_hash: str, record: AuditRecord) -> str:
    """The hash a record must carry, recomputed from its stored fields."""
    body = {
        "id": record.id,
        "at": record.at,
        "action": record.action,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "actor": record.actor,
        "payload": record.payload,
    }
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


class AuditAppender:
    """Appends chained records within one write transaction (which holds the write lock).

    Args:
        session: The session of the write transaction; the chain head is read once from it.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        head = session.execute(
            select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
        ).first()
        self._last_id, self._last_hash = (head[0], head[1]) if head else (0, GENESIS)

    def append(
        self, action: str, entity: str, entity_id: int | None, actor: str, payload: dict[str, Any]
    ) -> AuditRecord:
        """Add one record after the current head and return it (flushed with the session)."""
        record = AuditRecord(
            id=self._last_id + 1,
            at=utc_now(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            actor=actor,
            payload=canonical_json(payload),
            prev_hash=self._last_hash,
        )
        record.hash = record_hash(self._last_hash, record)
        self._session.add(record)
        self._last_id, self._last_hash = record.id, record.hash
        return record


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Outcome of ``verify``.

    Attributes:
        ok: True when every check passed.
        records: Number of audit records read.
        head_hash: Hash of the last intact record (64 zeros for an empty log).
        broken_id: Id of the first broken record (or of the first row that disagrees with
            the log), else None.
        problem: What differs, in one sentence, else "".
    """

    ok: bool
    records: int
    head_hash: str
    broken_id: int | None = None
    problem: str = ""

    def describe(self) -> str:
        """One line for the CLI."""
        if self.ok:
            return f"audit log intact: {self.records} records, head {self.head_hash[:16]}"
        if self.broken_id is None:
            return f"audit check failed: {self.problem}"
        return f"audit log broken at record {self.broken_id}: {self.problem}"


def verify_chain(records: Iterable[AuditRecord]) -> VerifyResult:
    """Recompute the chain over records in id order and stop at the first break."""
    prev_hash, count = GENESIS, 0
    for record in records:
        count += 1
        problem = _link_problem(record, count, prev_hash)
        if problem:
            return VerifyResult(False, count, prev_hash, record.id, problem)
        prev_hash = record.hash
    return VerifyResult(True, count, prev_hash)


def _link_problem(record: AuditRecord, expected_id: int, prev_hash: str) -> str:
    if record.id != expected_id:
        return (
            f"id is {record.id} where {expected_id} was expected "
            f"(records {expected_id}..{record.id - 1} deleted or renumbered)"
        )
    if record.prev_hash != prev_hash:
        return (
            f"prev_hash {record.prev_hash[:16]}... does not match the hash of record "
            f"{expected_id - 1} ({prev_hash[:16]}...): a record before it was altered or removed"
        )
    computed = record_hash(prev_hash, record)
    if computed != record.hash:
        return (
            f"content does not match its hash (stored {record.hash[:16]}..., recomputed "
            f"{computed[:16]}...): action {record.action!r} on {record.entity} "
            f"{record.entity_id} was altered after it was written"
        )
    if _decoded(record.payload) is None:
        return f"payload is not a JSON object (action {record.action!r} on {record.entity} {record.entity_id})"
    return ""


def _decoded(text: str) -> dict[str, Any] | None:
    """The payload as a dict, or None when it is not a JSON object (a damaged record)."""
    try:
        value = json.loads(text)
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def payload(record: AuditRecord) -> dict[str, Any]:
    """The record's payload as a dict ({} for a damaged payload, which ``verify_chain`` reports)."""
    return _decoded(record.payload) or {}
