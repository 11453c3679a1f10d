"""Microsoft Purview / unified audit log sharing events (SHARE_FORMATS.md §1.1).

Two readers: the Purview export CSV (a JSON ``AuditData`` column per row) and the same records
as JSON (JSON lines, or the JSON arrays the Office 365 Management Activity API returns). A
specific-people share is two events, ``SecureLinkCreated`` naming the link and
``AddedToSecureLink`` the person, joined into one grant row (:mod:`~extractors.shares.purview_links`).
The record fields and operation tables are in :mod:`~extractors.shares.purview_events`.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from extractors.shares import common, csv_rows, io, json_records
from extractors.shares.purview_events import (
    AUDIT_DTYPE,
    DECODE,
    SOURCE,
    WANTED,
    grant_columns,
    mapped_reason,
)
from extractors.shares.purview_links import join_secure_links
from extractors.shares.types import Quarantine, Reader, ReadResult


def sniff_csv(path: Path, head: str) -> bool:
    """True for a Purview audit export CSV: its header has an ``AuditData`` column."""
    return io.has_columns(head, ("AuditData",))


def sniff_json(path: Path, head: str) -> bool:
    """True for audit records as JSON: objects with ``CreationTime``, ``Operation``, ``RecordType``."""
    start = head.lstrip()[:1]
    return start in ("{", "[") and all(f'"{k}"' in head for k in ("CreationTime", "Operation", "RecordType"))


def load_csv(path: Path) -> ReadResult:
    """Read a Purview export CSV (``RecordId, CreationDate, ..., AuditData, ...``), streaming.

    Rows the CSV parser rejects (extra or missing fields, a stray quote) are quarantined with
    their line first (``csv_rows``); the rest is read.
    """
    head = io.read_head(path)
    if not io.has_columns(head, ("AuditData",)):
        reason = "missing required column 'AuditData'; export the audit search again from Purview"
        return ReadResult(common.empty_grants(), [Quarantine(str(path), None, reason)], [], 0)
    result, check = csv_rows.read_checked(path, io.csv_separator(head), lambda source: _read_csv(source, path))
    if result is None:
        return ReadResult(common.empty_grants(), check.quarantined, [], 0)
    bad = sorted(check.quarantined + result.quarantined, key=lambda q: q.row or 0)
    return ReadResult(result.grants, bad, result.ignored, result.records + len(check.quarantined))


def _read_csv(source: csv_rows.CsvSource, path: Path) -> tuple[ReadResult, int]:
    fast = source.line_column is None
    lf = pl.scan_csv(
        source.path,
        separator=source.separator,
        infer_schema=False,
        encoding="utf8-lossy",
        row_index_name="source_row" if fast else None,
        row_index_offset=2,
        with_column_names=lambda names: [n.strip().removeprefix("\ufeff") for n in names],
    )
    if not fast:
        lf = lf.rename({str(source.line_column): "source_row"})
    audit = next(c for c in lf.collect_schema().names() if c.lower() == "auditdata")
    result = _scan(lf.with_columns(pl.col("source_row").cast(pl.Int64)), audit, path, "purview_csv", "AuditData")
    return result, result.records


def load_json(path: Path) -> ReadResult:
    """Read audit records as JSON lines or a JSON array (Management Activity API content)."""
    lines = json_records.json_lines(path)
    if json_records.is_json_lines(lines, path, probe="Operation"):
        return _scan(lines.lazy(), "line", path, "purview_json", "The line")
    records, bad, count = json_records.load_json_records(
        path, AUDIT_DTYPE, ("value", "records"), required=("Operation",)
    )
    if records is None:
        return ReadResult(common.empty_grants(), bad, [], count)
    lf = records.lazy().with_columns(_head=pl.lit(None, pl.String), _problem=pl.lit(None, pl.String))
    rows = lf.select(grant_columns()).collect()
    return _finish(rows, path, "purview_json", count, bad)


def _scan(lf: pl.LazyFrame, column: str, path: Path, fmt: str, what: str) -> ReadResult:
    """Decode the records and derive the grant columns in one streaming pass (memory stays low).

    The fast path parses each record once. If any record is not valid JSON, Polars refuses the
    whole column, and the careful path finds the broken rows first; if a sharing record has a
    field of the wrong type (an object where a text is expected), the slowest path finds those
    records one by one.
    """
    text = pl.col(column)
    try:
        rows = _stream(lf, text, text.str.json_decode(AUDIT_DTYPE), pl.lit(None, pl.String))
    except pl.exceptions.ComputeError:
        op = text.str.json_path_match("$.Operation")
        decoded = pl.when(op.is_in(WANTED)).then(text).str.json_decode(DECODE).struct.with_fields(Operation=op)
        try:
            rows = _stream(lf, text, decoded, _not_json(text, op))
        except pl.exceptions.ComputeError:
            rows = _one_by_one(lf, text)
    reason = pl.format(
        "{} {} (it begins '{}'); re-export the file without editing it",
        pl.lit(what),
        pl.coalesce(pl.col("_problem"), pl.lit("has no 'Operation' key")),
        pl.col("_head").fill_null(""),
    )
    good, bad = io.split_bad(rows, pl.col("native_operation").is_null(), reason, path)
    return _finish(good, path, fmt, rows.height, bad)


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
        .collect(engine="streaming")
    )


def _finish(rows: pl.DataFrame, path: Path, fmt: str, count: int, bad: list[Quarantine]) -> ReadResult:
    """Split derived rows into ignored, bad-date and grant rows; join the link pairs."""
    share = pl.col("native_operation").is_in(WANTED)
    ignored = rows.filter(~share).select(
        what=pl.format("operation '{}': {}", pl.col("native_operation"), mapped_reason(pl.col("native_operation")))
    )
    shares, bad_dates = io.split_bad(
        rows.filter(share),
        pl.col("event_time").is_null(),
        pl.format(
            "CreationTime '{}' is missing or not a date; expected ISO 8601 UTC such as "
            "2024-03-05T10:22:13; re-export without opening the file in a spreadsheet",
            pl.col("CreationTime").fill_null(""),
        ),
        path,
    )
    members, link_ignored = join_secure_links(shares.drop("CreationTime", "_head", "_problem"))
    grants = common.finalise(members, SOURCE, fmt, path)
    skipped = io.ignored_counts(pl.concat([ignored, link_ignored]), path)
    return ReadResult(grants, bad + bad_dates, skipped, count)


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
