"""Box Admin Console "Collaborations" report CSV (SHARE_FORMATS.md §3).

A snapshot. The grantor is ``Inviter Email``; where it is empty the owner is given as a
low-confidence fallback. Dates in Box reports are in the local time of the admin who ran the
report, so any invite date read here is marked ``local_unknown_tz``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io
from extractors.shares.types import Reader, ReadResult

SPEC = {
    "collab_id": ("Collaboration ID",),
    "owner": ("Owner Login", "Owner Email"),
    "path": ("Path",),
    "item_name": ("Item Name",),
    "item_id": ("Item ID",),
    "item_type": ("Item Type",),
    "login": ("Collaborator Login", "Collaborator Email"),
    "name": ("Collaborator Name",),
    "ctype": ("Collaborator Type",),
    "permission": ("Collaborator Permission", "Collaborator Role"),
    "inviter": ("Inviter Email", "Inviter Login"),
    "invited": ("Invited Date", "Invite Date", "Created Date"),
}
REQUIRED = ("item_id", "login", "ctype", "permission")
PERMISSIONS = {
    "viewer": "read", "previewer": "read", "previewer uploader": "read", "viewer uploader": "write",
    "editor": "write", "uploader": "upload", "co-owner": "owner", "owner": "owner",
}
KINDS = {"user": "user", "external": "user", "group": "group"}


def sniff(path: Path, head: str) -> bool:
    """Tell whether the header is Box's Collaborations report."""
    return io.has_columns(head, SPEC["login"], SPEC["permission"], ("Collaborator Type",))


def load(path: Path) -> ReadResult:
    """Read a Box Collaborations report CSV."""
    df, quarantined, count = io.load_table(path, SPEC, REQUIRED)
    if df is None:
        return ReadResult(common.empty_grants(), quarantined, [], count)
    local = pl.col("invited").str.strip_chars().str.replace(r"^(\d{4}-\d\d-\d\d)[ T](\S+).*$", "${1}T${2}")
    df = df.with_columns(event_time=common.parse_utc(local))
    df, bad = io.check_times(df, "invited", "event_time", path, "Invited Date")
    ctype = pl.col("ctype").str.strip_chars().str.to_lowercase()
    frame = df.select(
        "source_row", "event_time",
        source_record_id=pl.col("collab_id"),
        record_kind=pl.lit("snapshot"),
        action=pl.lit("snapshot"),
        time_quality=pl.when(pl.col("event_time").is_not_null()).then(pl.lit("local_unknown_tz")),
        object_id=pl.col("item_id"),
        object_path=pl.col("path"),
        object_name=pl.col("item_name"),
        object_type=pl.col("item_type").str.to_lowercase(),
        grantor=common.identity(pl.coalesce("inviter", "owner")),
        grantor_basis=pl.when(pl.col("inviter").is_null()).then(pl.lit("owner_fallback")),
        grantee=common.identity(pl.col("login")),
        grantee_raw=pl.col("login"),
        grantee_kind=common.mapped(ctype, KINDS),
        grantee_external=pl.when(ctype == "external").then(True).when(ctype == "user").then(False),
        permission=common.mapped(pl.col("permission"), PERMISSIONS),
        permission_raw=pl.col("permission"),
        link_scope=pl.lit("direct"),
    )
    grants = common.finalise(frame, "box_collab_report", "box_collaborations", path)
    return ReadResult(grants, quarantined + bad, [], count)


BOX_COLLABORATIONS = Reader(
    name="box_collaborations",
    platform="Box",
    kind="snapshot",
    how_to_export="Admin Console > Reports > Create report > Collaborations > Run; download the "
    "CSV (collaborations_run_on_<date>_Page_<n>.csv) from the Box Reports folder",
    required_fields=("Item ID", "Collaborator Login", "Collaborator Type", "Collaborator Permission"),
    sniff=sniff,
    load=load,
)
