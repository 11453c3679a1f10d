"""Cloud-share export readers: detect each file's format and normalise it to access grants.

One explicit registry (``READERS``); adding a format touches its module and this list. Use
``read_exports`` for a batch of files, ``get_reader(name).read(path)`` for one known format.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from extractors.shares import io
from extractors.shares.box import BOX_COLLABORATIONS
from extractors.shares.common import normalise_email
from extractors.shares.dropbox import DROPBOX_TEAMLOG
from extractors.shares.errors import UnknownReaderError
from extractors.shares.google_drive import GOOGLE_DRIVE_PERMISSIONS
from extractors.shares.google_reports import GOOGLE_REPORTS
from extractors.shares.graph import GRAPH_PERMISSIONS
from extractors.shares.nextcloud import NEXTCLOUD_SHARES
from extractors.shares.purview import PURVIEW_CSV, PURVIEW_JSON
from extractors.shares.spo_report import SPO_SITE_REPORT
from extractors.shares.spool import Parts, Spool
from extractors.shares.types import GRANT_SCHEMA, FormatInfo, Ignored, LazyRead, Quarantine, Reader, ReadResult

log = logging.getLogger(__name__)
_NONE = Parts((), GRANT_SCHEMA)

READERS: list[Reader] = [
    PURVIEW_CSV,
    PURVIEW_JSON,
    SPO_SITE_REPORT,
    GRAPH_PERMISSIONS,
    GOOGLE_REPORTS,
    GOOGLE_DRIVE_PERMISSIONS,
    BOX_COLLABORATIONS,
    DROPBOX_TEAMLOG,
    NEXTCLOUD_SHARES,
]
"""Every supported export format, in sniffing order (the first whose ``sniff`` is True wins)."""

__all__ = [
    "GRANT_SCHEMA", "READERS", "FormatInfo", "Ignored", "LazyRead", "Quarantine", "ReadResult", "Reader", "Spool",
    "detect", "formats", "get_reader", "normalise_email", "read_export", "read_exports", "read_exports_lazy",
    "read_exports_result", "scan_export",
]


def get_reader(name: str) -> Reader:
    """Return the reader called ``name``.

    Raises:
        UnknownReaderError: No reader has that name.
    """
    for reader in READERS:
        if reader.name == name:
            return reader
    raise UnknownReaderError(name, [r.name for r in READERS])


def detect(path: Path) -> tuple[Reader | None, str]:
    """Find the reader for a file by its content; else None and why, with what to do."""
    head = io.read_head(path)
    if head == "\x00utf16":
        return None, "the file is UTF-16 (Excel 'Unicode text'); save it as 'CSV UTF-8' and scan again"
    if not head.strip():
        return None, "the file is empty; export it again"
    for reader in READERS:
        if reader.sniff(path, head):
            return reader, ""
    return None, ("not a supported share export (no known header columns or JSON keys); "
                  "run 'exportscreen shares formats' to see what is read and how to export it")


def read_export(path: str | Path) -> ReadResult:
    """Detect one file's format and read it; an unreadable file becomes a quarantine record."""
    spool = Spool()
    try:
        return scan_export(path, spool).collect()
    finally:
        spool.close()


def scan_export(path: str | Path, spool: Spool) -> LazyRead:
    """Detect one file's format and read it with its grant rows in ``spool`` (see ``read_export``).

    A format with a streaming reader (``Reader.scan``: the large CSV exports) never holds the
    file's rows in memory; the others are read whole and their rows written to the spool.
    """
    file = Path(path)
    if not file.is_file():
        return LazyRead(_NONE, [Quarantine(str(path), None, "no such file; check the path")])
    reader, why = detect(file)
    if reader is None:
        return LazyRead(_NONE, [Quarantine(str(path), None, why)])
    try:
        if reader.scan is not None:
            result = reader.scan(file, spool)
        else:
            whole = reader.load(file)
            grants = spool.parts([whole.grants], GRANT_SCHEMA, "grants")
            result = LazyRead(grants, whole.quarantined, whole.ignored, whole.records)
    except (pl.exceptions.PolarsError, UnicodeError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = f"read as {reader.name} but failed: {first[:300]}; export the file again, unedited"
        return LazyRead(_NONE, [Quarantine(str(path), None, reason)])
    log.info("%s: %s, %d records, %d quarantined", path, reader.name, result.records, len(result.quarantined))
    return result


def read_exports_result(paths: Iterable[str | Path]) -> ReadResult:
    """Read many export files, each in its detected format, into one ``ReadResult``."""
    spool = Spool()
    try:
        return read_exports_lazy(paths, spool).collect()
    finally:
        spool.close()


def read_exports_lazy(paths: Iterable[str | Path], spool: Spool) -> LazyRead:
    """Read many export files into one ``LazyRead`` whose grant rows are Parquet parts in ``spool``."""
    results = [scan_export(p, spool) for p in paths]
    return LazyRead(
        sum((r.grants for r in results), _NONE),
        [q for r in results for q in r.quarantined],
        [i for r in results for i in r.ignored],
        sum(r.records for r in results),
    )


def read_exports(paths: Iterable[str | Path]) -> tuple[pl.DataFrame, list[Quarantine]]:
    """Read many export files into one grant frame plus the quarantine records.

    Args:
        paths: Export files in any supported format (detected from content).

    Returns:
        Rows of ``GRANT_SCHEMA`` from every file, and the quarantined files and rows.
    """
    result = read_exports_result(paths)
    return result.grants, result.quarantined


def formats() -> list[FormatInfo]:
    """Describe every supported format: name, platform, kind, how to export, required fields."""
    return [
        FormatInfo(name=r.name, platform=r.platform, kind=r.kind, how_to_export=r.how_to_export,
                   required_fields=list(r.required_fields))
        for r in READERS
    ]
