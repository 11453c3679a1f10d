"""A cloud-share scan as one library call: read the exports, find the content, decide, store.

``scan_shares`` reads the exports and the people register (``extractors.shares``), loads the
country groups (``itemlists.countries``), finds what each shared object holds and decides every
grant (``classifiers.grants``), and stores the observations and cases (``reports.store.grants``).
``new_exports`` lists the export files of a folder that no earlier scan processed. The caller
(``flows.shares``) passes the store URL and the function that screens content files; nothing
here reads settings or the environment.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.grants import DECISION_SCHEMA, GrantFacts, resolve_content
from classifiers.types import DocumentResult
from extractors.documents.hashing import sha256_file
from extractors.shares import GRANT_SCHEMA, read_exports_lazy
from extractors.shares.io import visible_files
from extractors.shares.people import PeopleRead, read_register
from extractors.shares.spool import Parts, Spool, chunked
from extractors.shares.types import Ignored, LazyRead, Quarantine
from itemlists.countries import CountryGroups, load_country_groups
from reports.store import Store, open_store
from reports.store.grants import ScanStored, processed_files, save_scan, screened_contents
from reports.units import UnitMap

log = logging.getLogger(__name__)
#: Screens content files and stores them in the store at the URL given (None: not stored).
ScreenInto = Callable[[list[Path], str | None], list[DocumentResult]]


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """Everything one scan produced.

    The decided grants and the revocations stay on disk (``extractors.shares.spool``: Parquet
    parts in a temporary folder that lives as long as the outcome, or until ``close``), so a
    scan of 10,000,000 rows is read back a chunk at a time; ``grants`` and ``revocations``
    collect them into memory for small scans and tests.

    Attributes:
        decided: Decided grant rows (``classifiers.grants.DECISION_SCHEMA`` columns added), as parts.
        revoked: The revocation rows of the exports, lazily.
        quarantined: Files and rows not read (exports and the people register).
        ignored: Counted rows deliberately not grants.
        stored: What the store gained, or None when not stored.
        countries_version: The country-group data version used.
        scan_key: The scan's id.
        countries_review_due: True when the sanctions table's periodic review is overdue.
        notices: People-register notices (rows of one person merged; never citizenships).
        spool: The folder holding ``decided`` and ``revoked`` (None when they are in memory).
    """

    decided: Parts
    revoked: pl.LazyFrame
    quarantined: list[Quarantine]
    ignored: list[Ignored] = field(default_factory=list)
    stored: ScanStored | None = None
    countries_version: str = ""
    scan_key: str = ""
    countries_review_due: bool = False
    notices: list[str] = field(default_factory=list)
    spool: Spool | None = None

    @property
    def grants(self) -> pl.DataFrame:
        """The decided grants in memory (small scans; the CLI reads ``decided`` a chunk at a time)."""
        return self.decided.collect()

    @property
    def revocations(self) -> pl.DataFrame:
        """The revocation rows in memory."""
        return self.revoked.collect()

    def tally(self) -> dict[str, Any]:
        """Grants, grants by decision (sorted), grants needing review and revocations, counted streaming."""
        per = (
            self.decided.lazy()
            .group_by("decision")
            .agg(n=pl.len(), review=pl.col("needs_review").sum())
            .sort("decision")
            .collect(engine="streaming")
        )
        return {
            "grants": int(per["n"].sum()),
            "by_decision": {str(d): int(n) for d, n in per.select("decision", "n").rows()},
            "needs_review": int(per["review"].sum()),
            "revocations": int(self.revoked.select(pl.len()).collect().item()),
        }

    def counts(self) -> dict[str, Any]:
        """The scan's id and counts: grants, by decision, quarantined, new observations, cases opened."""
        stored = self.stored
        tally = self.tally()
        return {
            "scan_key": self.scan_key,
            "grants": tally["grants"],
            "by_decision": tally["by_decision"],
            "quarantined": len(self.quarantined),
            "new_observations": stored.new_observations if stored else 0,
            "cases_opened": stored.cases_opened if stored else 0,
        }

    def close(self) -> None:
        """Remove the spool folder (the lazy frames cannot be read afterwards)."""
        if self.spool is not None:
            self.spool.close()


def new_scan_key() -> str:
    """A fresh scan id: UTC time and a random suffix, ``20240305T100000Z-1a2b3c4d``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def scan_shares(
    exports: Sequence[str | Path],
    people: str | Path,
    content_dir: str | Path | None,
    database_url: str | None,
    screen: ScreenInto,
    scan_key: str,
    units: UnitMap | None = None,
) -> ScanOutcome:
    """Scan share exports: read, find content, decide every grant, store observations and cases.

    Args:
        exports: Export files in any supported format.
        people: The people register (CSV or JSON).
        content_dir: A local mirror of the shared folders, or None.
        database_url: The results store's URL, or None to decide without reading or writing it.
        screen: Screens the mirrored files no stored result covers (and stores them).
        scan_key: The scan's id.
        units: Unit rules (``--unit``/``--unit-map``); each stored observation gets its unit.

    Returns:
        The decided grants, revocations, quarantine records and what was stored.
    """
    spool = Spool(prefix="exportscreen-scan-")
    read = read_exports_lazy(exports, spool)
    people_read = read_register(people)
    groups = _country_groups()
    handle = open_store(database_url) if database_url is not None else None
    with handle or nullcontext():
        content = _content(read.grants.lazy(), content_dir, handle, screen)
        facts = GrantFacts.of(read.grants.lazy(), people_read.people, content, groups.frame())
        decided = spool.parts(chunked(read.grants, facts.decide), DECIDED_SCHEMA, "decided")
        outcome = _outcome(read, people_read, groups, decided, scan_key, spool)
        if handle is not None:
            outcome = dataclasses.replace(outcome, stored=_store(handle, outcome, exports, units or UnitMap()))
    log.info("share scan %s: %d records, %d quarantined", scan_key, read.records, len(read.quarantined))
    return outcome


#: The columns of a decided grant frame (``decide_grants``' result).
DECIDED_SCHEMA: dict[str, pl.DataType] = {**GRANT_SCHEMA, **DECISION_SCHEMA}


def _outcome(
    read: LazyRead, people_read: PeopleRead, groups: CountryGroups, decided: Parts, scan_key: str,
    spool: Spool,
) -> ScanOutcome:
    """The outcome of a scan before storing: decided grants, revocations, what was not read, versions."""
    return ScanOutcome(
        decided=decided,
        revoked=read.grants.lazy().filter(pl.col("action") == "revoke"),
        quarantined=read.quarantined + people_read.quarantined,
        ignored=read.ignored,
        countries_version=groups.version,
        scan_key=scan_key,
        countries_review_due=groups.review_due(),
        notices=people_read.notices,
        spool=spool,
    )


def _country_groups() -> CountryGroups:
    """The newest country groups; a warning when the sanctions table's periodic review is overdue."""
    groups = load_country_groups()
    if groups.review_due():
        log.warning(
            "country groups %s were last reviewed on %s: the sanctions table is due for its periodic "
            "review (itemlists/data/countries)",
            groups.version,
            groups.reviewed_on,
        )
    return groups


def _content(
    grants: pl.LazyFrame, content_dir: str | Path | None, handle: Store | None, screen: ScreenInto
) -> pl.DataFrame:
    """The content frame: the mirror's files (screened into the store when new), else stored results."""
    if handle is None:
        return resolve_content(grants, content_dir, [], lambda paths: screen(paths, None))
    url = handle.engine.url.render_as_string(hide_password=False)
    return resolve_content(grants, content_dir, screened_contents(handle.engine), lambda paths: screen(paths, url))


def _store(handle: Store, outcome: ScanOutcome, exports: Sequence[str | Path], units: UnitMap) -> ScanStored:
    """Store the decided grants and the revocations as observations, with the export files' sha256.

    The observations go to ``save_scan`` as one lazy frame per spooled part (the decided grants,
    then the revocations), so the store write never holds the whole scan.
    """
    files = [(str(p), sha256_file(Path(p))) for p in exports if Path(p).is_file()]
    grants = int(outcome.decided.lazy().select(pl.len()).collect().item())
    info: dict[str, Any] = {"exports": [f for f, _ in files], "countries": outcome.countries_version,
                            "grants": grants}
    if units:
        info["units"] = units.to_record()
    unit = units.grant_expr()
    parts = [pl.scan_parquet(path).with_columns(unit) for path in outcome.decided.paths]
    parts.append(outcome.revoked.with_columns(unit))
    return save_scan(handle.engine, outcome.scan_key, info, parts, files)


def new_exports(folder: str | Path, database_url: str) -> list[Path]:
    """Export files in ``folder`` (not in sub-folders) that no scan in the store at ``database_url`` processed."""
    files = visible_files(Path(folder))
    with open_store(database_url) as store:
        done = processed_files(store.engine)
    return [p for p in files if sha256_file(p) not in done]
