"""Nextcloud/ownCloud shares: the ``oc_share`` table (CSV or JSON dump) or the OCS Share API.

SHARE_FORMATS.md §5. In the table the sharer is ``uid_initiator`` (``uid_owner`` owns the
file); in the OCS API output the sharer is ``uid_owner`` and the file owner ``uid_file_owner``.
Grantees of user shares are Nextcloud user ids, which are e-mail addresses only on instances
that log in with e-mail.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io, json_records
from extractors.shares.types import Reader, ReadResult

FIELDS = (
    "id", "share_type", "share_with", "uid_owner", "uid_initiator", "uid_file_owner", "item_type",
    "file_source", "file_target", "path", "permissions", "stime", "expiration", "token",
)
RECORD = pl.Struct({f: pl.String for f in FIELDS})
SPEC = {f: (f,) for f in FIELDS}
REQUIRED = ("share_type", "share_with", "uid_owner", "file_source", "permissions")
# share_type -> (grantee_kind, link_scope, external)
SHARE_TYPES: dict[str, tuple[str, str, bool | None]] = {
    "0": ("user", "direct", None), "1": ("group", "direct", None), "3": ("anyone", "anyone", None),
    "4": ("user", "direct", True), "6": ("user", "direct", True), "7": ("group", "direct", None),
    "8": ("user", "direct", True), "9": ("group", "direct", True), "10": ("group", "direct", None),
    "12": ("group", "direct", None), "13": ("user", "direct", None), "15": ("user", "direct", True),
}


def sniff(path: Path, head: str) -> bool:
    """Tell whether the file is an ``oc_share`` dump or OCS share list (CSV header or JSON keys)."""
    if head.lstrip()[:1] in ("{", "["):
        return all(f'"{k}"' in head for k in ("share_type", "share_with", "permissions"))
    return io.has_columns(head, ("share_type",), ("share_with",), ("permissions",))


def load(path: Path) -> ReadResult:
    """Read an ``oc_share`` CSV/JSON dump or an OCS Share API JSON response."""
    head = io.read_head(path)
    if head.lstrip()[:1] in ("{", "["):
        df, quarantined, count = json_records.load_json_records(path, RECORD, ("ocs.data", "data"),
                                                                 required=("share_type", "file_source"))
        df = None if df is None else _fill(df)
    else:
        df, quarantined, count = io.load_table(path, SPEC, REQUIRED)
    if df is None:
        return ReadResult(common.empty_grants(), quarantined, [], count)
    stype = pl.col("share_type").str.strip_chars()
    df = df.with_columns(what=pl.when(stype == "2").then(pl.lit(
        "share_type 2 rows (per-user copies of a group share; the group share has its own row)")))
    ignored = io.ignored_counts(df.filter(pl.col("what").is_not_null()), path)
    df = df.filter(pl.col("what").is_null()).with_columns(
        event_time=common.epoch_utc(pl.col("stime")), expires=common.parse_utc(pl.col("expiration"))
    )
    df, bad = io.check_times(df, "expiration", "expires", path, "expiration")
    ocs = df["uid_file_owner"].is_not_null().any() or df["uid_initiator"].is_null().all()
    grants = common.finalise(_frame(df, ocs), "nextcloud_ocs" if ocs else "nextcloud_db", "nextcloud_share", path)
    return ReadResult(grants, quarantined + bad, ignored, count)


def _fill(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns([pl.col(f) for f in FIELDS])


def _frame(df: pl.DataFrame, ocs: bool) -> pl.DataFrame:
    stype = pl.col("share_type").str.strip_chars()
    kind = stype.replace_strict({k: v[0] for k, v in SHARE_TYPES.items()}, default="unknown")
    perms = pl.col("permissions").str.strip_chars().cast(pl.Int64, strict=False)
    sharer = pl.col("uid_owner") if ocs else pl.coalesce("uid_initiator", "uid_owner")
    link = stype == "3"
    return df.select(
        "source_row", "event_time", "expires",
        source_record_id=pl.col("id"),
        record_kind=pl.lit("snapshot"),
        action=pl.lit("snapshot"),
        object_id=pl.col("file_source"),
        object_path=pl.coalesce("path", "file_target"),
        object_name=pl.col("file_target").str.split("/").list.last(),
        object_type=pl.col("item_type").str.to_lowercase(),
        grantor=common.identity(sharer),
        grantee=pl.when(~link).then(common.identity(pl.col("share_with"))),
        grantee_raw=pl.col("share_with"),
        grantee_kind=kind,
        grantee_external=stype.replace_strict(
            {k: v[2] for k, v in SHARE_TYPES.items()}, default=None, return_dtype=pl.Boolean),
        permission=pl.when(perms.is_null() | (perms == 0)).then(pl.lit("unknown"))
        .when((perms & 1) == 0).then(pl.when((perms & 4) != 0).then(pl.lit("upload")).otherwise(pl.lit("unknown")))
        .when((perms & 14) != 0).then(pl.lit("write"))
        .otherwise(pl.lit("read")),
        permission_raw=pl.col("permissions"),
        link_scope=stype.replace_strict({k: v[1] for k, v in SHARE_TYPES.items()}, default="none"),
        link_id=pl.when(link).then(pl.col("token")),
    )


NEXTCLOUD_SHARES = Reader(
    name="nextcloud_share",
    platform="Nextcloud / ownCloud (Sciebo-type academic clouds)",
    kind="snapshot",
    how_to_export="Database: SELECT * FROM oc_share, saved as CSV with a header or as a JSON "
    "array; or GET /ocs/v2.php/apps/files_sharing/api/v1/shares?format=json (as admin)",
    required_fields=("share_type", "share_with", "uid_owner", "uid_initiator (table)",
                     "file_source", "permissions", "stime"),
    sniff=sniff,
    load=load,
)
