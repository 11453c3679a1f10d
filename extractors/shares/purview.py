"""Microsoft Purview / unified audit log sharing events (SHARE_FORMATS.md §1.1).

Two readers: the Purview export CSV (a JSON ``AuditData`` column per row) and the same records
as JSON (JSON lines, or the JSON arrays the Office 365 Management Activity API returns). A
specific-people share is two events, ``SecureLinkCreated`` naming the link and
``AddedToSecureLink`` the person, joined into one grant row (:mod:`~extractors.shares.purview_links`).
The record fields and operation tables are in :mod:`~extractors.shares.purview_events`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial
from itertools import chain
from pathlib import Path

import polars as pl

from extractors.shares import common, csv_rows, io, json_records
from extractors.shares.purview_events import (
    AUDIT_DTYPE,
    DECODE,
    FIELDS,
    SOURCE,
    WANTED,
    grant_columns,
    mapped_reason,
)
from extractors.shares.purview_links import join_secure_links
from extractors.shares.spool import Parts, Spool
from extractors.shares.types import GRANT_SCHEMA, LazyRead, Quarantine, Reader, ReadResult


def sniff_csv(path: Path, head: str) -> bool:
    """True for a Purview audit export CSV: its header has an ``AuditData`` column."""
    return io.has_columns(head, ("AuditData",))


def sniff_json(path: Path, head: str) -> bool:
    """True for audit records as JSON: objects with ``CreationTime``, ``Operation``, ``RecordType``."""
    start = head.lstrip()[:1]
    return start in ("{", "[") and all(f'"{k}"' in head for k in ("CreationTime", "Operation", "RecordType"))


def load_csv(path: Path) -> ReadResult:
    """Read a Purview export CSV (``RecordId, CreationDate, ..., AuditData, ...``) into memory.

    The same read as ``scan_csv_export``, its grant rows collected.
    """
    spool = Spool()
    try:
        return scan_csv_export(path, spool).collect()
    finally:
        spool.close()


def scan_csv_export(path: Path, spool: Spool) -> LazyRead:
    """Read a Purview export CSV in blocks: grant rows go to ``spool`` a block at a time.

    Rows the CSV parser rejects (extra or missing fields, a stray quote) are quarantined with
    their line first (``csv_rows``); the rest is read block by block (``spool.chunk_rows``
    records each, every block scanned lazily by Polars), so a 10,000,000-row export never
    sits in memory whole.
    """
    head = io.read_head(path)
    if not io.has_columns(head, ("AuditData",)):
        reason = "missing required column 'AuditData'; export the audit search again from Purview"
        return LazyRead(Parts((), GRANT_SCHEMA), [Quarantine(str(path), None, reason)], [], 0)
    result, check = csv_rows.read_checked(
        path, io.csv_separator(head), lambda source: _read_csv(source, path, spool), block_rows=spool.chunk_rows
    )
    if result is None:
        return LazyRead(Parts((), GRANT_SCHEMA), check.quarantined, [], 0)
    bad = sorted(check.quarantined + result.quarantined, key=lambda q: q.row or 0)
    return LazyRead(result.grants, bad, result.ignored, result.records + len(check.quarantined))


def _read_csv(source: csv_rows.CsvSource, path: Path, spool: Spool) -> tuple[LazyRead, int]:
    fast = source.line_column is None

    def block(data: Path | bytes, before: int) -> pl.LazyFrame:
        lf = pl.scan_csv(
            data,
            separator=source.separator,
            infer_schema=False,
            encoding="utf8-lossy",
            row_index_name="source_row" if fast else None,
            row_index_offset=2 + before,
            with_column_names=lambda names: [n.strip().removeprefix("\ufeff") for n in names],
        )
        if not fast:
            lf = lf.rename({str(source.line_column): "source_row"})
        return lf.with_columns(pl.col("source_row").cast(pl.Int64))

    blocks = (block(data, before) for data, before in source.blocks(spool.chunk_rows))
    result = _scan(blocks, _audit_column, path, "purview_csv", "AuditData", spool)
    return result, result.records


def _audit_column(lf: pl.LazyFrame) -> str:
    return next(c for c in lf.collect_schema().names() if c.lower() == "auditdata")


def load_json(path: Path) -> ReadResult:
    """Read audit records as JSON lines or a JSON array (Management Activity API content)."""
    lines = json_records.json_lines(path)
    spool = Spool()
    try:
        if json_records.is_json_lines(lines, path, probe="Operation"):
            return _scan([lines.lazy()], lambda _lf: "line", path, "purview_json", "The line", spool).collect()
        records, bad, count = json_records.load_json_records(
            path, AUDIT_DTYPE, ("value", "records"), required=("Operation",)
        )
        if records is None:
            return ReadResult(common.empty_grants(), bad, [], count)
        lf = records.lazy().with_columns(_head=pl.lit(None, pl.String), _problem=pl.lit(None, pl.String))
        rows = spool.parts([lf.select(grant_columns()).collect()], _RECORDS, "records")
        return _finish(rows, path, "purview_json", count, bad, spool).collect()
    finally:
        spool.close()


def _scan(
    blocks: Iterable[pl.LazyFrame], column: Callable[[pl.LazyFrame], str], path: Path, fmt: str, what: str,
    spool: Spool,
) -> LazyRead:
    """Decode the records and derive the grant columns, block by block, into ``spool``.

    The fast path parses each record once. If any record of a block is not valid JSON, Polars
    refuses the whole column, and the careful path finds the broken rows first; if a sharing
    record has a field of the wrong type (an object where a text is expected), the slowest
    path finds those records one by one.
    """
    reason = pl.format(
        "{} {} (it begins '{}'); re-export the file without editing it",
        pl.lit(what),
        pl.coalesce(pl.col("_problem"), pl.lit("has no 'Operation' key")),
        pl.col("_head").fill_null(""),
    )
    bad: list[Quarantine] = []
    count = 0
    paths = []
    for lf in blocks:
        rows = _decoded(lf, pl.col(column(lf)))
        count += rows.height
        good, failed = io.split_bad(rows, pl.col("native_operation").is_null(), reason, path)
        bad += failed
        if good.height:
            paths.append(spool.part(good, "records"))
    return _finish(Parts(tuple(paths), _RECORDS), path, fmt, count, bad, spool)


def _decoded(lf: pl.LazyFrame, text: pl.Expr) -> pl.DataFrame:
    """The grant columns of one block's records (the three paths of ``_scan``)."""
    try:
        return _stream(lf, text, text.str.json_decode(AUDIT_DTYPE), pl.lit(None, pl.String))
    except pl.exceptions.ComputeError:
        op = text.str.json_path_match("$.Operation")
        # Only sharing records are decoded; the others keep their Operation (a struct built
        # field by field: ``with_fields`` on the null struct of a skipped record gave a null
        # Operation, so every non-sharing record was quarantined as "has no 'Operation' key").
        fields = pl.when(op.is_in(WANTED)).then(text).str.json_decode(DECODE)
        decoded = pl.struct(*[fields.struct.field(f.name) for f in DECODE.fields], Operation=op)
        try:
            return _stream(lf, text, decoded, _not_json(text, op))
        except pl.exceptions.ComputeError:
            return _one_by_one(lf, text)


def _not_json(text: pl.Expr, op: pl.Expr) -> pl.Expr:
    return pl.when(op.is_null() & text.str.json_path_match("$").is_null()).then(pl.lit("is not valid JSON"))


def _one_by_one(lf: pl.LazyFrame, text: pl.Expr) -> pl.DataFrame:
    """Find the sharing records whose fields do not fit ``DECODE`` (eager: only for such files)."""
    frame = lf.filter(~_BLANK).select("source_row", _text=text, _op=text.str.json_path_match("$.Operation")).collect()
    wanted = frame.select(pl.when(pl.col("_op").is_in(WANTED)).then(pl.col("_text"))).to_series()
    decoded, misfits = json_records.decode_isolated(wanted, DECODE)
    problems: list[str | None] = [None] * frame.height
    for i in misfits:
        try:
            found = json_records.type_problem(json.loads(wanted[i]), DECODE)
        except ValueError:
            found = "is not valid JSON"
        problems[i] = found or "does not have the expected structure"
    frame = frame.with_columns(decoded.struct.unnest(), _prob=pl.Series(problems, dtype=pl.String))
    op = pl.when(pl.col("_prob").is_null()).then(pl.col("_op"))
    fields = pl.struct(*[pl.col(f.name) for f in DECODE.fields], Operation=op)
    return _stream(
        frame.lazy(),
        pl.col("_text"),
        fields,
        pl.coalesce(pl.col("_prob"), _not_json(pl.col("_text"), pl.col("_op"))),
        blank=pl.lit(False),
    )


_BLANK = pl.all_horizontal(pl.all().exclude("source_row").is_null())


def _stream(
    lf: pl.LazyFrame, text: pl.Expr, decoded: pl.Expr, problem: pl.Expr, blank: pl.Expr = _BLANK
) -> pl.DataFrame:
    """The grant columns of every non-blank record of one block."""
    return (
        lf.select(
            "source_row",
            _blank=blank,
            _json=decoded,
            _head=text.str.slice(0, 40),
            _problem=problem,
        )
        .filter(~pl.col("_blank"))
        .unnest("_json")
        .with_columns(_head=pl.when(pl.col("Operation").is_null()).then(pl.col("_head")))
        .select(grant_columns())
        .collect()
    )


#: The columns of a decoded record (``grant_columns``' result).
_RECORDS: dict[str, pl.DataType] = dict(
    pl.LazyFrame(schema={"source_row": pl.Int64, **dict.fromkeys(FIELDS, pl.String), "_head": pl.String,
                         "_problem": pl.String})
    .select(grant_columns())
    .collect_schema()
)

#: The two events of a specific-people link, joined across the whole file (``purview_links``).
_PAIRED = ["SecureLinkCreated", "AddedToSecureLink"]


def _finish(rows: Parts, path: Path, fmt: str, count: int, bad: list[Quarantine], spool: Spool) -> LazyRead:
    """Split derived rows into ignored, bad-date and grant rows; join the link pairs; grant ids by part.

    The grant rows keep the order of an in-memory read: every sharing row but the link pairs
    in file order, then the members of specific-people links as ``join_secure_links`` orders
    them. Only the link pairs (two of ten rows in a typical export) are joined in memory.
    """
    share = pl.col("native_operation").is_in(WANTED)
    dated = pl.col("event_time").is_not_null()
    paired = pl.col("native_operation").is_in(_PAIRED)
    ignored = rows.lazy().filter(~share).group_by(
        what=pl.format("operation '{}': {}", pl.col("native_operation"), mapped_reason(pl.col("native_operation")))
    ).agg(n=pl.len())
    bad_dates = rows.lazy().filter(share & ~dated).select(
        "source_row",
        reason=pl.format(
            "CreationTime '{}' is missing or not a date; expected ISO 8601 UTC such as "
            "2024-03-05T10:22:13; re-export without opening the file in a spreadsheet",
            pl.col("CreationTime").fill_null(""),
        ),
    )
    dropped = ("CreationTime", "_head", "_problem")
    pairs = rows.lazy().filter(share & dated & paired).drop(dropped).collect(engine="streaming")
    members, link_ignored = join_secure_links(pairs)
    del pairs
    finish = partial(common.finalise, source_system=SOURCE, source_format=fmt, path=path)
    rest = (finish(frame.filter(share & dated & ~paired).drop(dropped)) for frame in rows.frames())
    size = spool.chunk_rows
    linked = (finish(members.slice(start, size)) for start in range(0, members.height, size))
    grants = spool.parts(chain(rest, linked), GRANT_SCHEMA, "grants")
    counted = pl.concat([ignored.collect(engine="streaming"), link_ignored.group_by("what").agg(n=pl.len())])
    skipped = io.ignored_totals(counted, path)
    return LazyRead(grants, bad + io.quarantine_rows(bad_dates.collect(engine="streaming"), path), skipped, count)


PURVIEW_CSV = Reader(
    name="purview_csv",
    platform="Microsoft 365 (SharePoint Online, OneDrive)",
    kind="event",
    how_to_export="Microsoft Purview portal > Audit > search (Record type: SharePointSharingOperation) "
    "> Export; or Search-UnifiedAuditLog -RecordType SharePointSharingOperation | Export-Csv",
    required_fields=(
        "AuditData (JSON with CreationTime, Operation, UserId, ObjectId, "
        "TargetUserOrGroupName, TargetUserOrGroupType, EventData, UniqueSharingId)",
    ),
    sniff=sniff_csv,
    load=load_csv,
    scan=scan_csv_export,
)
PURVIEW_JSON = Reader(
    name="purview_json",
    platform="Microsoft 365 (SharePoint Online, OneDrive)",
    kind="event",
    how_to_export="Office 365 Management Activity API (Audit.SharePoint content blobs), saved as "
    "a JSON array or one record per line",
    required_fields=(
        "CreationTime",
        "Operation",
        "RecordType",
        "UserId",
        "ObjectId",
        "TargetUserOrGroupName",
        "TargetUserOrGroupType",
    ),
    sniff=sniff_json,
    load=load_json,
)
