"""Issue 19: a share scan's store write in key ranges, a range at a time, in one transaction.

Real fixture exports and Purview JSON-lines exports written here (grants, re-grants, revocations,
one grant twice), a people register, real SQLite stores. The same scans are stored once whole
(one part, one key range) and once in tiny parts and ranges; the stores must be equal. A write
that fails in a middle range must leave the store exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from extractors.shares import spool
from flows.shares import scan_exports
from reports.store import grants as store_grants
from reports.store import open_store
from reports.store.models import Base
from tests.flows.test_shares_scan import FIXTURES, export, people, record

#: Columns that hold the time of writing (differ between two runs of the same scans).
WRITE_TIMES = {"observed_at", "started_at", "opened_at", "closed_at", "processed_at", "at", "hash", "prev_hash"}
TABLES = ("share_scans", "share_export_files", "share_grants", "share_grant_counts", "share_cases", "audit_log")


def _exports(folder: Path) -> list[list[Path]]:
    """Two scans: fixtures and a written export, then re-grants, revocations and a repeated grant."""
    first = export(
        folder / "first.jsonl",
        record(1, "SharingSet", "reza@uni.no", "design.docx"),
        record(2, "SharingSet", "wei@uni.no", "design.docx"),
        record(3, "AnonymousLinkCreated", None, "notes.docx"),
        record(4, "SharingSet", "nobody@elsewhere.org", "plan.docx", time="2024-03-05T11:00:00"),
        record(5, "SharingSet", "kari@uni.no", "plan.docx"),
        record(6, "SharingSet", "reza@uni.no", "design.docx"),  # the same grant again: one observation
        record(7, "SharingRevoked", "wei@uni.no", "design.docx", time="2024-03-05T12:00:00"),
    )
    second = export(
        folder / "second.jsonl",
        record(8, "SharingRevoked", "reza@uni.no", "design.docx", time="2024-03-06T08:00:00"),
        record(9, "SharingSet", "wei@uni.no", "design.docx", time="2024-04-01T08:00:00"),
        record(10, "SharingSet", "ali.rezaei@ut.ac.ir", "plan.docx", time="2024-04-02T08:00:00"),
        record(11, "SharingRevoked", "nobody@elsewhere.org", "plan.docx", time="2024-04-03T08:00:00"),
        record(12, "SharingSet", "anna@uni.no", "notes.docx", time="2024-04-04T08:00:00"),
    )
    fixtures = [FIXTURES / "purview_audit.csv", FIXTURES / "google_reports_drive.json",
                FIXTURES / "box_collaborations_run_on_2024-03-08-09-00-00_Page_1.csv",
                FIXTURES / "dropbox_team_log.json"]
    return [[*fixtures, first], [second, FIXTURES / "nextcloud_oc_share.csv", first]]


def _dump(url: str, exact: bool, ids: bool = True) -> dict[str, Any]:
    """Every share table (and the audit log), rows in id order; ``share_cases`` as a set of rows.

    ``exact=False`` leaves out the times of writing; ``ids=False`` also every id (PostgreSQL's
    sequences move on in a transaction rolled back).
    """
    out: dict[str, Any] = {}
    with open_store(url) as store, store.engine.connect() as conn:
        for name in TABLES:
            table = Base.metadata.tables[name]
            drop = set() if exact else WRITE_TIMES | ({"id"} if name == "share_cases" else set())
            if not ids:
                drop |= {"id", "scan_id", "opened_scan_id", "closed_scan_id", "entity_id"}
            columns = [c for c in table.columns if c.name not in drop]
            rows = [tuple(json.dumps(_without_ids(v) if not ids and c.name == "payload" else v, sort_keys=True,
                                     default=str) for c, v in zip(columns, row, strict=True))
                    for row in conn.execute(select(*columns).order_by(table.c.id))]
            out[name] = rows if exact or name != "share_cases" else sorted(rows)
    return out


def _without_ids(payload: str) -> Any:
    """An audit payload without the scan's row id."""
    body = json.loads(payload)
    body.get("share_scan", {}).pop("id", None)
    return body


def _scan(tmp_path: Path, url: str, files: list[Path], key: str) -> dict[str, Any]:
    outcome = scan_exports(files, people(tmp_path), None, url, True, scan_key=key)
    assert outcome.stored is not None
    stored = outcome.stored
    grants = outcome.grants
    result = {"counts": outcome.counts(), "cases_closed": stored.cases_closed, "already": stored.already_stored,
              "new": stored.is_new(0, grants.height).to_list()}
    outcome.close()
    return result


def _small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of two rows, key ranges of about three observations, every key sampled."""
    monkeypatch.setattr(spool, "CHUNK_ROWS", 2)
    monkeypatch.setattr(store_grants, "BUCKET_ROWS", 3)
    monkeypatch.setattr(store_grants, "SAMPLE_EVERY", 1)
    monkeypatch.setattr(store_grants, "LOOKUP", 2)


def test_a_scan_stored_in_parts_equals_one_stored_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         db_url: str) -> None:
    """In parts into the store of each backend, whole into SQLite: the same rows."""
    scans = _exports(tmp_path)
    whole, parts = f"sqlite:///{tmp_path / 'whole.sqlite3'}", db_url
    monkeypatch.setattr(spool, "CHUNK_ROWS", 10**9)
    monkeypatch.setattr(store_grants, "BUCKET_ROWS", 10**9)
    at_once = [_scan(tmp_path, whole, files, f"scan-{n}") for n, files in enumerate(scans)]
    _small(monkeypatch)
    in_parts = [_scan(tmp_path, parts, files, f"scan-{n}") for n, files in enumerate(scans)]
    assert in_parts == at_once
    # The scans did what the test is about: several ranges, cases opened and closed, repeats.
    first, second = at_once
    assert first["counts"]["cases_opened"] > 3 and second["cases_closed"] >= 2 and second["already"] > 0
    assert any(first["new"]) and not all(second["new"])
    assert _dump(parts, exact=False) == _dump(whole, exact=False)
    with open_store(parts) as store:
        assert store.verify().ok


def test_a_rerun_in_parts_adds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small(monkeypatch)
    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    files = _exports(tmp_path)[0]
    first = _scan(tmp_path, database, files, "first")
    before = _dump(database, exact=True)
    again = _scan(tmp_path, database, files, "again")
    assert first["counts"]["new_observations"] > 0 and all(first["new"])
    assert again["counts"]["new_observations"] == 0 and not any(again["new"])
    assert again["already"] == first["counts"]["new_observations"] + first["already"]
    after = _dump(database, exact=True)
    # Only the rerun's scan row and its audit record are added.
    assert {t: after[t] for t in TABLES if t not in ("share_scans", "audit_log")} == {
        t: before[t] for t in TABLES if t not in ("share_scans", "audit_log")}
    assert len(after["share_scans"]) == 2 and len(after["audit_log"]) == len(before["audit_log"]) + 1


def test_an_interrupted_store_write_leaves_the_store_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               db_url: str) -> None:
    _small(monkeypatch)
    first, second = _exports(tmp_path)
    database, clean = db_url, f"sqlite:///{tmp_path / 'clean.sqlite3'}"
    for target in (database, clean):
        _scan(tmp_path, target, first, "first")
    before = _dump(database, exact=True)
    insert = store_grants._insert_grants
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 3:  # the first ranges are written, then the write fails
            raise RuntimeError("disk full")
        insert(*args, **kwargs)

    monkeypatch.setattr(store_grants, "_insert_grants", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        _scan(tmp_path, database, second, "second")
    assert len(calls) == 3
    assert _dump(database, exact=True) == before  # nothing half-written, nothing lost
    with open_store(database) as store:
        assert store.verify().ok
    monkeypatch.setattr(store_grants, "_insert_grants", insert)
    # The same scan again stores what a scan never interrupted stores.
    assert _scan(tmp_path, database, second, "second") == _scan(tmp_path, clean, second, "second")
    assert _dump(database, exact=False, ids=False) == _dump(clean, exact=False, ids=False)
