"""Cloud-share scans: read exports, find content, decide grants, store; and the nightly flow.

``scan_exports`` is the plain function the CLI calls; ``scan_share_exports`` is the Prefect
flow a deployment runs every night: it picks up export files from a folder that no earlier
scan processed (by sha256, remembered in the results store) and scans only those.
``make_deployment`` builds that deployment (no work pool needed: ``prefect.serve`` runs it).

Content of a shared object comes from (1) a file matched under ``content_dir``, reusing the
store's result for the same sha256 or screening it now (and storing that result), else
(2) a document screened earlier whose stored path matches the object by path or name, else
the grant is ``content_not_screened``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.grants import decide_grants
from classifiers.grants_content import (
    RESULT_SCHEMA,
    content_frame,
    empty_content,
    file_candidates,
    match_objects,
    results_frame,
    shared_objects,
)
from extractors.documents.hashing import sha256_file
from extractors.shares import read_exports_result
from extractors.shares.people import read_register
from extractors.shares.types import Ignored, Quarantine
from itemlists.countries import load_country_groups
from reports.store.grants import ScanStored, processed_files, save_scan, screened_contents

log = logging.getLogger(__name__)
FLOW_NAME = "scan_share_exports"
DEPLOYMENT_NAME = "nightly-share-scan"
DEFAULT_CRON = "0 2 * * *"


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """Everything one scan produced.

    Attributes:
        grants: Decided grant rows (``classifiers.grants.DECISION_SCHEMA`` columns added).
        revocations: The revocation rows of the exports.
        quarantined: Files and rows not read (exports and the people register).
        ignored: Counted rows deliberately not grants.
        stored: What the store gained, or None when not stored.
        countries_version: The country-group data version used.
        scan_key: The scan's id.
        countries_review_due: True when the sanctions table's periodic review is overdue.
        notices: People-register notices (rows of one person merged; never citizenships).
    """

    grants: pl.DataFrame
    revocations: pl.DataFrame
    quarantined: list[Quarantine]
    ignored: list[Ignored] = field(default_factory=list)
    stored: ScanStored | None = None
    countries_version: str = ""
    scan_key: str = ""
    countries_review_due: bool = False
    notices: list[str] = field(default_factory=list)


def scan_exports(
    exports: Sequence[str | Path], people: str | Path, content_dir: str | Path | None = None,
    database_url: str | None = None, store: bool = True, scan_key: str | None = None,
) -> ScanOutcome:
    """Scan share exports: read, find content, decide every grant, store observations and cases.

    Args:
        exports: Export files in any supported format.
        people: The people register (CSV or JSON).
        content_dir: A local mirror of the shared folders, or None.
        database_url: Results store URL (None: the configured default).
        store: False to decide without reading or writing the store.
        scan_key: The scan's id (default: a new one).

    Returns:
        The decided grants, revocations, quarantine records and what was stored.
    """
    from flows.settings import database_url as configured_url
    from reports.store import open_store

    scan_key = scan_key or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
    read = read_exports_result(exports)
    people_read = read_register(people)
    register, bad_people = people_read.people, people_read.quarantined
    groups = load_country_groups()
    if groups.review_due():
        log.warning("country groups %s were last reviewed on %s: the sanctions table is due for its periodic "
                    "review (itemlists/data/countries)", groups.version, groups.reviewed_on)
    handle = open_store(configured_url(database_url)) if store else None
    try:
        content = resolve_content(read.grants, content_dir, handle, scan_key)
        decided = decide_grants(read.grants, register, content, groups.frame())
        revocations = read.grants.filter(pl.col("action") == "revoke")
        stored = None
        if handle is not None:
            files = [(str(p), sha256_file(Path(p))) for p in exports if Path(p).is_file()]
            info = {"exports": [f for f, _ in files], "countries": groups.version, "grants": decided.height}
            observations = pl.concat([decided, revocations], how="diagonal_relaxed")
            stored = save_scan(handle.engine, scan_key, info, observations, files)
    finally:
        if handle is not None:
            handle.close()
    log.info("share scan %s: %d grants, %d quarantined", scan_key, decided.height, len(read.quarantined))
    return ScanOutcome(decided, revocations, read.quarantined + bad_people, read.ignored, stored, groups.version,
                       scan_key, groups.review_due(), people_read.notices)


def resolve_content(grants: pl.DataFrame, content_dir: str | Path | None, store: Any, scan_key: str) -> pl.DataFrame:
    """The content frame of every shared object that has a screening result (see module doc)."""
    objects = shared_objects(grants)
    stored = screened_contents(store.engine) if store is not None else []
    matches, results = [], []
    if content_dir is not None and objects.height:
        m, r = _from_folder(objects, Path(content_dir), stored, store, scan_key)
        matches.append(m)
        results.append(r)
        objects = objects.join(m.select("object_key").unique(), on="object_key", how="anti")
    if stored and objects.height:
        candidates = pl.DataFrame({"target": [s["path"] for s in stored],
                                   "ref": [f"store:{s['sha256']}" for s in stored]})
        matches.append(match_objects(objects, candidates))
        results.append(_stored_results([(f"store:{s['sha256']}", s) for s in stored], "results store"))
    if not matches:
        return empty_content()
    return content_frame(pl.concat(matches), pl.concat(results).unique("ref", keep="first"))


def _stored_results(pairs: list[tuple[str, dict[str, Any]]], origin: str) -> pl.DataFrame:
    rows = [{"ref": ref, "status": "screened", "decision": s["decision"], "sha256": s["sha256"],
             "origin": origin, "versions": s["versions"], "findings": s["findings"]} for ref, s in pairs]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def _from_folder(
    objects: pl.DataFrame, root: Path, stored: list[dict[str, Any]], store: Any, scan_key: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Match objects to files under ``root``; reuse stored results by sha256, screen the rest."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    rel = {p.relative_to(root).as_posix(): p for p in files}
    matches = match_objects(objects, file_candidates(rel))
    needed = sorted(set(matches["ref"].to_list()))
    by_sha = {s["sha256"]: s for s in stored}
    sha = {ref: sha256_file(rel[ref]) for ref in needed}
    known = [(ref, by_sha[h]) for ref, h in sha.items() if h in by_sha]
    fresh = [ref for ref, h in sha.items() if h not in by_sha]
    frames = [_stored_results(known, "results store (same sha256)")]
    if fresh:
        frames.append(results_frame(zip(fresh, _screen([rel[r] for r in fresh], store, scan_key),
                                        ["content folder"] * len(fresh), strict=True)))
    results = pl.concat(frames) if frames else pl.DataFrame(schema=RESULT_SCHEMA)
    return matches, results


def _screen(paths: list[Path], store: Any, scan_key: str) -> list[Any]:
    """Screen content files with the plain pipeline; store the results so later scans reuse them."""
    from flows.pipeline import make_context, screen_and_store

    context = make_context()
    run = {"run_id": f"{scan_key}-content", "command": "shares scan", "settings": context.settings.model_dump(),
           "store": store is not None}
    url = store.engine.url.render_as_string(hide_password=False) if store is not None else None
    return screen_and_store(paths, context, run, url)


def new_exports(folder: str | Path, database_url: str | None = None) -> list[Path]:
    """Export files in ``folder`` (not in sub-folders) that no earlier scan processed."""
    from flows.settings import database_url as configured_url
    from reports.store import open_store

    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))
    with open_store(configured_url(database_url)) as store:
        done = processed_files(store.engine)
    return [p for p in files if sha256_file(p) not in done]


def __getattr__(name: str) -> Any:
    """The nightly flow and its deployment live in flows.prefect_flows (imports Prefect)."""
    if name in ("scan_share_exports", "scan_task", "make_deployment"):
        from flows import prefect_flows

        return getattr(prefect_flows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
