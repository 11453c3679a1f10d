"""Google Drive API v3 permissions: ``files.list`` JSON with permissions, or a GAM CSV.

SHARE_FORMATS.md §2.2. A snapshot with no grantor: the file owner (GAM's ``Owner``, the API's
``owners``) is given as a low-confidence fallback. GAM must be run with ``oneitemperrow`` (one
permission per row); the wide ``permissions.N.*`` layout is refused with that advice.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io, json_records
from extractors.shares.types import Quarantine, Reader, ReadResult

PERMISSION = pl.Struct({
    "id": pl.String, "type": pl.String, "role": pl.String, "emailAddress": pl.String,
    "domain": pl.String, "expirationTime": pl.String, "deleted": pl.String,
})
FILE = pl.Struct({
    "id": pl.String, "name": pl.String, "mimeType": pl.String,
    "owners": pl.List(pl.Struct({"emailAddress": pl.String})), "permissions": pl.List(PERMISSION),
})
SPEC = {
    "owner": ("Owner",), "file_id": ("id",), "name": ("name", "title"), "mime": ("mimeType",),
    "perm_id": ("permission.id",), "type": ("permission.type",), "role": ("permission.role",),
    "email": ("permission.emailAddress",), "domain": ("permission.domain",),
    "expires": ("permission.expirationTime",), "deleted": ("permission.deleted",),
}
REQUIRED = ("file_id", "type", "role")
ROLES = {"reader": "read", "commenter": "comment", "writer": "write", "fileorganizer": "write",
         "organizer": "write", "owner": "owner"}
KINDS = {"user": "user", "group": "group", "domain": "domain", "anyone": "anyone"}


def sniff(path: Path, head: str) -> bool:
    """Tell whether the file is Drive permissions: API JSON or a GAM ``drivefileacls`` CSV."""
    if head.lstrip()[:1] in ("{", "["):
        return '"permissions"' in head and ('"drive#' in head or '"emailAddress"' in head) \
            and '"role"' in head
    return io.has_columns(head, ("permission.role", "permissions.0.role"), ("id",))


def load(path: Path) -> ReadResult:
    """Read Drive permissions from API JSON (files with permissions) or a GAM CSV."""
    head = io.read_head(path)
    if head.lstrip()[:1] not in ("{", "["):
        return _gam(path, head)
    files, bad, count = json_records.load_json_records(path, FILE, ("files",), required=("id",))
    if files is None:
        return ReadResult(common.empty_grants(), bad, [], count)
    if files["permissions"].is_null().all():
        reason = ("a permissions list without file ids; export with files.list"
                  "(fields='files(id,name,mimeType,owners,permissions)') instead")
        return ReadResult(common.empty_grants(), [Quarantine(str(path), None, reason)], [], count)
    rows = files.explode("permissions").filter(pl.col("permissions").is_not_null()).select(
        "source_row", file_id="id", name="name", mime="mimeType",
        owner=pl.col("owners").list.first().struct.field("emailAddress"),
        p=pl.col("permissions"),
    ).unnest("p").rename({"id": "perm_id", "emailAddress": "email", "expirationTime": "expires"})
    return _finish(rows, path, bad, rows.height)  # a JSON record is a file; count permissions


def _gam(path: Path, head: str) -> ReadResult:
    if "permissions.0." in head.splitlines()[0]:
        reason = "GAM wide layout (permissions.N.*); run 'gam ... print drivefileacls ... oneitemperrow'"
        return ReadResult(common.empty_grants(), [Quarantine(str(path), None, reason)], [], 0)
    df, bad, count = io.load_table(path, SPEC, REQUIRED)
    if df is None:
        return ReadResult(common.empty_grants(), bad, [], count)
    return _finish(df, path, bad, count)


def _finish(rows: pl.DataFrame, path: Path, bad: list[Quarantine], count: int) -> ReadResult:
    deleted = rows["deleted"].cast(pl.String).str.to_lowercase().is_in(["true", "1"]).fill_null(False)
    ignored = io.ignored_counts(rows.filter(deleted).with_columns(what=pl.lit("deleted permissions")), path)
    rows = rows.filter(~deleted).with_columns(expires_at=common.parse_utc(pl.col("expires")))
    rows, bad_time = io.check_times(rows, "expires", "expires_at", path, "expirationTime")
    kind = common.mapped(pl.col("type"), KINDS)
    frame = rows.select(
        "source_row",
        source_record_id=pl.col("perm_id"),
        record_kind=pl.lit("snapshot"), action=pl.lit("snapshot"),
        object_id=pl.col("file_id"), object_name=pl.col("name"), object_type=pl.col("mime"),
        grantor=common.identity(pl.col("owner")), grantor_basis=pl.lit("owner_fallback"),
        grantee=pl.when(kind == "domain").then(pl.col("domain").str.to_lowercase())
        .when(kind != "anyone").then(common.identity(pl.col("email"))),
        grantee_raw=pl.coalesce("email", "domain"),
        grantee_kind=kind,
        permission=common.mapped(pl.col("role"), ROLES),
        permission_raw=pl.col("role"),
        link_scope=pl.when(kind == "anyone").then(pl.lit("anyone")).otherwise(pl.lit("direct")),
        expires=pl.col("expires_at"),
    )
    grants = common.finalise(frame, "google_drive_permission", "google_drive_permissions", path)
    return ReadResult(grants, bad + bad_time, ignored, count)


GOOGLE_DRIVE_PERMISSIONS = Reader(
    name="google_drive_permissions",
    platform="Google Workspace (Google Drive)",
    kind="snapshot",
    how_to_export="Drive API v3 files.list(fields='files(id,name,mimeType,owners,permissions)') "
    "saved as JSON; or 'gam user <owner> print drivefileacls <ids> oneitemperrow' as CSV",
    required_fields=("id (file)", "permission.type", "permission.role", "permission.emailAddress "
                     "or permission.domain"),
    sniff=sniff,
    load=load,
)
