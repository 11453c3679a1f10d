"""Records of the cloud-share readers: the normalised access-grant schema and quarantine records.

Every reader turns one export file into rows of ``GRANT_SCHEMA`` (one row per grantee x object x
observation). Vocabularies are closed: each column's allowed values are listed below, so the
rules stage can match on them without guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import polars as pl

from extractors.shares.spool import Parts

if TYPE_CHECKING:
    from extractors.shares.spool import Spool

UTC_TIME = pl.Datetime("us", "UTC")

ACTIONS = ("grant", "revoke", "snapshot")
"""``grant``/``revoke`` come from event logs; ``snapshot`` from a listing of current access."""
RECORD_KINDS = ("event", "snapshot")
TIME_QUALITIES = ("exact_utc", "local_unknown_tz", "absent")
GRANTOR_BASES = ("explicit", "inviter_field", "owner_fallback", "system_account", "unknown")
"""How the grantor was found. ``owner_fallback``: the source names no grantor, so the object's
owner is given (low confidence); ``unknown``: the grantor (the exporter) must be reviewed."""
GRANTEE_KINDS = ("user", "group", "domain", "anyone", "organisation", "unknown")
PERMISSIONS = ("read", "comment", "write", "upload", "owner", "unknown")
"""``unknown``: access of an unstated level (a grant gives at least read); ``upload`` is
upload-only (a file drop) and gives no read access."""
LINK_SCOPES = ("anyone", "organisation", "specific", "existing", "direct", "none")
"""``direct``: granted to the grantee without a link; ``specific``: a specific-people link;
``existing``: a link that only works for people who already have access; ``none``: the source
says nothing about how access was given."""

GRANT_SCHEMA: dict[str, pl.DataType] = {
    "grant_uid": pl.String(),  # hash(source_system, object_id, grantee, permission, link, action)
    "grant_key": pl.String(),  # hash(source_system, object_id, grantee, link): matches revocations
    "source_system": pl.String(),  # m365_audit, google_reports_drive, ... (SHARE_FORMATS.md §9)
    "source_format": pl.String(),  # the reader's name (purview_csv, ...)
    "source_file": pl.String(),
    "source_row": pl.Int64(),  # CSV: line the record starts on (header = 1); JSON lines: line; JSON: record no.
    "source_record_id": pl.String(),  # the native id when the source has one
    "record_kind": pl.String(),  # RECORD_KINDS
    "native_operation": pl.String(),  # the original event or operation name
    "action": pl.String(),  # ACTIONS
    "event_time": UTC_TIME,  # when the grant was made; null for most snapshots
    "time_quality": pl.String(),  # TIME_QUALITIES
    "object_id": pl.String(),
    "object_path": pl.String(),
    "object_name": pl.String(),
    "object_type": pl.String(),  # file, folder, site, document, ... as the source says (lower)
    "grantor": pl.String(),  # normalised like grantee; the exporter
    "grantor_basis": pl.String(),  # GRANTOR_BASES
    "grantee": pl.String(),  # normalised email (lower-case, guest forms resolved) or name
    "grantee_raw": pl.String(),  # as written in the source
    "grantee_kind": pl.String(),  # GRANTEE_KINDS
    "grantee_external": pl.Boolean(),  # the source's own external flag; null if it has none
    "permission": pl.String(),  # PERMISSIONS
    "permission_raw": pl.String(),
    "link_scope": pl.String(),  # LINK_SCOPES
    "link_id": pl.String(),
    "expires": UTC_TIME,
}


@dataclass(frozen=True, slots=True)
class Quarantine:
    """An input file or row that was not read, with the reason.

    Attributes:
        file: The file's path as given by the caller.
        row: The row (same numbering as ``source_row``: for CSV the physical line, 1-based, the
            header being line 1; for a JSON document the record's position), or None when the
            whole file is out.
        reason: What is wrong and what to do, in one line. Never contains personal data
            beyond what the row itself identifies (no citizenship values).
    """

    file: str
    row: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Ignored:
    """Input rows deliberately not turned into grants (not sharing events), counted.

    Attributes:
        file: The file's path as given by the caller.
        what: Which rows, e.g. ``operation 'FileAccessed' (not a sharing event)``.
        count: How many rows.
    """

    file: str
    what: str
    count: int


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Everything one read produced; every input record is in exactly one of the three parts.

    Attributes:
        grants: Rows of ``GRANT_SCHEMA``.
        quarantined: Files and rows not read, with reasons.
        ignored: Counted rows that are deliberately not grants.
        records: Number of input records seen (blank lines excluded).
    """

    grants: pl.DataFrame
    quarantined: list[Quarantine] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    records: int = 0


@dataclass(frozen=True, slots=True)
class LazyRead:
    """A read whose grant rows stay on disk (``extractors.shares.spool``): the same parts as ``ReadResult``.

    Attributes:
        grants: Rows of ``GRANT_SCHEMA`` as the spool's Parquet parts, in the order
            ``ReadResult.grants`` has them.
        quarantined: Files and rows not read, with reasons.
        ignored: Counted rows that are deliberately not grants.
        records: Number of input records seen (blank lines excluded).
    """

    grants: Parts
    quarantined: list[Quarantine] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    records: int = 0

    def collect(self) -> ReadResult:
        """The same read with its grant rows in memory."""
        return ReadResult(self.grants.collect(), self.quarantined, self.ignored, self.records)


class FormatInfo(TypedDict):
    """What ``exportscreen shares formats`` shows for one format."""

    name: str
    platform: str
    kind: str
    how_to_export: str
    required_fields: list[str]


@dataclass(frozen=True, slots=True)
class Reader:
    """One supported export format.

    Attributes:
        name: Short identifier (``purview_csv``), used by ``get_reader``.
        platform: The platform the export comes from.
        kind: ``event`` (a log of changes) or ``snapshot`` (current access).
        how_to_export: How a research office produces the file.
        required_fields: Fields that must be present (column names or JSON keys).
        sniff: ``sniff(path, head)`` is True when the file's content is this format; ``head``
            is the start of the file decoded as text (byte-order mark removed).
        load: ``load(path)`` reads the file into a ``ReadResult``.
        scan: ``scan(path, spool)`` reads the file into a ``LazyRead`` whose grant rows are
            Parquet parts in ``spool``, never all in memory (large CSV exports); None for
            formats read whole (``load``'s rows are then written to the spool).
    """

    name: str
    platform: str
    kind: str
    how_to_export: str
    required_fields: tuple[str, ...]
    sniff: Callable[[Path, str], bool]
    load: Callable[[Path], ReadResult]
    scan: Callable[[Path, Spool], LazyRead] | None = None

    def read(self, path: str | Path) -> tuple[pl.DataFrame, list[Quarantine]]:
        """Read one export file.

        Args:
            path: The export file.

        Returns:
            The grant rows (``GRANT_SCHEMA``) and the quarantined files and rows.
        """
        result = self.load(Path(path))
        return result.grants, result.quarantined
