"""Microsoft Purview / unified audit log sharing events (SHARE_FORMATS.md §1.1).

Two readers: the Purview export CSV (a JSON ``AuditData`` column per row) and the same records
as JSON (JSON lines, or the JSON arrays the Office 365 Management Activity API returns). A
specific-people share is two events: ``SecureLinkCreated`` names the link, ``AddedToSecureLink``
the person. They are joined on ``ObjectId`` + ``UniqueSharingId``, else on the nearest time
within two minutes for the same ``ObjectId``; the grant row is the ``AddedToSecureLink`` row with
the link's id and permission filled in.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from extractors.shares import common, csv_rows, io, json_records
from extractors.shares.types import Quarantine, Reader, ReadResult

SOURCE = "m365_audit"
FIELDS = (
    "Id", "CreationTime", "Operation", "UserId", "ObjectId", "SiteUrl", "SourceRelativeUrl",
    "SourceFileName", "ItemType", "EventData", "TargetUserOrGroupName", "TargetUserOrGroupType",
    "UniqueSharingId",
)
AUDIT_DTYPE = pl.Struct({f: pl.String for f in FIELDS})
_DECODE = pl.Struct({f: pl.String for f in FIELDS if f != "Operation"})

# Operation -> (action, link_scope). Scope from the operation name (SHARE_FORMATS.md §1.1).
OPERATIONS: dict[str, tuple[str, str]] = {
    "SharingSet": ("grant", "direct"),
    "SharingInvitationCreated": ("grant", "direct"),
    "SharingInvitationUpdated": ("grant", "direct"),
    "AccessRequestApproved": ("grant", "direct"),
    "AddedToGroup": ("grant", "direct"),
    "AddedToSecureLink": ("grant", "specific"),
    "AnonymousLinkCreated": ("grant", "anyone"),
    "AnonymousLinkUpdated": ("grant", "anyone"),
    "CompanyLinkCreated": ("grant", "organisation"),
    "SharingRevoked": ("revoke", "direct"),
    "SharingInvitationRevoked": ("revoke", "direct"),
    "RemovedFromSecureLink": ("revoke", "specific"),
    "SecureLinkDeleted": ("revoke", "specific"),
    "AnonymousLinkRemoved": ("revoke", "anyone"),
    "CompanyLinkRemoved": ("revoke", "organisation"),
}
IGNORED: dict[str, str] = {
    "AnonymousLinkUsed": "a link was used (access, not a grant)",
    "CompanyLinkUsed": "a link was used (access, not a grant)",
    "SecureLinkUsed": "a link was used (access, not a grant)",
    "SharingInvitationAccepted": "invitation accepted (the grant is its SharingInvitationCreated)",
    "SecureLinkUpdated": "link settings changed (its members are logged by AddedToSecureLink)",
}
PERMISSIONS = {
    "view": "read", "read": "read", "restrictedview": "read", "review": "comment",
    "edit": "write", "contribute": "write", "write": "write", "full control": "owner",
    "fullcontrol": "owner", "owner": "owner",
}
TARGET_KINDS = {
    "member": "user", "guest": "user", "partner": "user", "user": "user",
    "sharepointgroup": "group", "securitygroup": "group", "group": "group",
}
LINK_WINDOW = "2m"
WANTED = [*OPERATIONS, "SecureLinkCreated"]


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
        source.path, separator=source.separator, infer_schema=False, encoding="utf8-lossy",
        row_index_name="source_row" if fast else None, row_index_offset=2,
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
    records, bad, count = json_records.load_json_records(path, AUDIT_DTYPE, ("value", "records"),
                                                         required=("Operation",))
    if records is None:
        return ReadResult(common.empty_grants(), bad, [], count)
    lf = records.lazy().with_columns(_head=pl.lit(None, pl.String), _problem=pl.lit(None, pl.String))
    rows = lf.select(_derive()).collect()
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
        decoded = pl.when(op.is_in(WANTED)).then(text).str.json_decode(_DECODE).struct.with_fields(Operation=op)
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
    """Find the sharing records whose fields do not fit ``_DECODE`` (eager: only for such files)."""
    frame = lf.filter(~_BLANK).select("source_row", _text=text, _op=text.str.json_path_match("$.Operation")).collect()
    wanted = frame.select(pl.when(pl.col("_op").is_in(WANTED)).then(pl.col("_text"))).to_series()
    decoded, misfits = json_records.decode_isolated(wanted, _DECODE)
    problems: list[str | None] = [None] * frame.height
    for i in misfits:
        try:
            found = json_records.type_problem(json.loads(wanted[i]), _DECODE)
        except ValueError:
            found = "is not valid JSON"
        problems[i] = found or "does not have the expected structure"
    frame = frame.with_columns(decoded.struct.unnest(), _prob=pl.Series(problems, dtype=pl.String))
    op = pl.when(pl.col("_prob").is_null()).then(pl.col("_op"))
    fields = pl.struct(*[pl.col(f.name) for f in _DECODE.fields], Operation=op)
    return _stream(frame.lazy(), pl.col("_text"), fields,
                   pl.coalesce(pl.col("_prob"), _not_json(pl.col("_text"), pl.col("_op"))), blank=pl.lit(False))


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
        .select(_derive())
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
    members, link_ignored = _join_secure_links(shares.drop("CreationTime", "_head", "_problem"))
    grants = common.finalise(members, SOURCE, fmt, path)
    skipped = io.ignored_counts(pl.concat([ignored, link_ignored]), path)
    return ReadResult(grants, bad + bad_dates, skipped, count)


def mapped_reason(op: pl.Expr) -> pl.Expr:
    """Say why an operation is not a grant, for the ignored-rows summary."""
    return op.replace_strict(IGNORED, default="not a sharing event", return_dtype=pl.String)


def _derive() -> list[pl.Expr]:
    """Grant columns from the AuditData fields (plus what the quarantine reasons need)."""
    op = pl.col("Operation")
    scope = op.replace_strict({k: v[1] for k, v in OPERATIONS.items()}, default="specific", return_dtype=pl.String)
    kind = common.mapped(pl.col("TargetUserOrGroupType"), TARGET_KINDS, default=None)
    grantee = common.identity(pl.col("TargetUserOrGroupName"))
    person = ~scope.is_in(["anyone", "organisation"])
    raw_perm = pl.col("EventData").str.extract(r"(?i)<Type>\s*([^<]*?)\s*</Type>", 1)
    return [
        pl.col("source_row"), pl.col("CreationTime"), pl.col("_head"), pl.col("_problem"),
        common.parse_utc(pl.col("CreationTime")).alias("event_time"),
        pl.col("Id").alias("source_record_id"),
        pl.lit("event").alias("record_kind"),
        op.alias("native_operation"),
        op.replace_strict({k: v[0] for k, v in OPERATIONS.items()}, default="grant", return_dtype=pl.String)
        .alias("action"),
        pl.coalesce(pl.col("ObjectId"), pl.col("SiteUrl")).alias("object_id"),
        pl.coalesce(pl.col("SourceRelativeUrl"), pl.col("ObjectId")).alias("object_path"),
        pl.col("SourceFileName").alias("object_name"),
        pl.col("ItemType").str.to_lowercase().alias("object_type"),
        common.identity(pl.col("UserId")).alias("grantor"),
        pl.when(person).then(grantee).alias("grantee"),
        pl.when(person).then(pl.col("TargetUserOrGroupName")).alias("grantee_raw"),
        pl.when(~person).then(scope).when(grantee.is_null()).then(pl.lit("unknown"))
        .otherwise(pl.coalesce(kind, pl.when(grantee.str.contains("@")).then(pl.lit("user")), pl.lit("unknown")))
        .alias("grantee_kind"),
        pl.col("TargetUserOrGroupType").str.to_lowercase()
        .replace_strict({"guest": True, "member": False}, default=None, return_dtype=pl.Boolean)
        .alias("grantee_external"),
        common.mapped(raw_perm, PERMISSIONS).alias("permission"),
        raw_perm.alias("permission_raw"),
        scope.alias("link_scope"),
        pl.col("UniqueSharingId").alias("link_id"),
    ]


def _join_secure_links(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Merge SecureLinkCreated rows into their AddedToSecureLink rows.

    Returns:
        The grant rows (links removed) and an ignored-rows frame (``what``) for the links.
    """
    is_link = pl.col("native_operation") == "SecureLinkCreated"
    links = rows.filter(is_link).select(
        "object_id", l_link="link_id", l_time="event_time", l_perm="permission", l_raw="permission_raw",
        l_grantor="grantor", l_row="source_row",
    )
    others = rows.filter(~is_link)
    members = others.filter(pl.col("native_operation") == "AddedToSecureLink")
    exact = members.join(
        links.filter(pl.col("l_link").is_not_null()).unique(["object_id", "l_link"], keep="first"),
        left_on=["object_id", "link_id"], right_on=["object_id", "l_link"], how="left",
    )
    near = (
        exact.filter(pl.col("l_row").is_null())
        .select(members.columns)
        .sort("event_time")
        .join_asof(links.sort("l_time"), left_on="event_time", right_on="l_time", by="object_id",
                   strategy="nearest", tolerance=LINK_WINDOW, check_sortedness=False)
    )
    joined = pl.concat([exact.filter(pl.col("l_row").is_not_null()), near], how="diagonal_relaxed")
    unknown = pl.col("permission") == "unknown"
    joined = joined.with_columns(
        link_id=pl.coalesce("link_id", "l_link"),
        permission=pl.when(unknown).then(pl.coalesce("l_perm", "permission")).otherwise("permission"),
        permission_raw=pl.when(unknown).then(pl.coalesce("l_raw", "permission_raw")).otherwise("permission_raw"),
        grantor=pl.coalesce("grantor", "l_grantor"),
    )
    used = joined["l_row"].drop_nulls().unique()
    link_rows = links.select(
        what=pl.when(pl.col("l_row").is_in(used.implode()))
        .then(pl.lit("operation 'SecureLinkCreated': merged into its AddedToSecureLink grant rows"))
        .otherwise(pl.lit("operation 'SecureLinkCreated' with no AddedToSecureLink in this export: "
                          "a specific-people link without members gives no one access"))
    )
    grants = pl.concat([others.filter(pl.col("native_operation") != "AddedToSecureLink"),
                        joined.select(members.columns)], how="vertical_relaxed")
    return grants, link_rows


PURVIEW_CSV = Reader(
    name="purview_csv",
    platform="Microsoft 365 (SharePoint Online, OneDrive)",
    kind="event",
    how_to_export="Microsoft Purview portal > Audit > search (Record type: SharePointSharingOperation) "
    "> Export; or Search-UnifiedAuditLog -RecordType SharePointSharingOperation | Export-Csv",
    required_fields=("AuditData (JSON with CreationTime, Operation, UserId, ObjectId, "
                     "TargetUserOrGroupName, TargetUserOrGroupType, EventData, UniqueSharingId)",),
    sniff=sniff_csv,
    load=load_csv,
)
PURVIEW_JSON = Reader(
    name="purview_json",
    platform="Microsoft 365 (SharePoint Online, OneDrive)",
    kind="event",
    how_to_export="Office 365 Management Activity API (Audit.SharePoint content blobs), saved as "
    "a JSON array or one record per line",
    required_fields=("CreationTime", "Operation", "RecordType", "UserId", "ObjectId",
                     "TargetUserOrGroupName", "TargetUserOrGroupType"),
    sniff=sniff_json,
    load=load_json,
)
