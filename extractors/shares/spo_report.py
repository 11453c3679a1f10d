"""SharePoint/OneDrive "Shared with external users" site report CSV (SHARE_FORMATS.md §1.2).

A snapshot with no grantor and no time. Real exports spell two headers in two ways
(``User E-mail``/``User Email``, ``User or Group Type``/``User Or Group Type``); both are read.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io
from extractors.shares.types import Reader, ReadResult

SPEC = {
    "path": ("Resource Path",),
    "item_type": ("Item Type",),
    "permission": ("Permission",),
    "user_name": ("User Name",),
    "email": ("User E-mail", "User Email"),
    "user_type": ("User or Group Type", "User Or Group Type"),
    "link_id": ("Link ID",),
    "link_type": ("Link Type",),
    "via": ("AccessViaLinkID",),
}
REQUIRED = ("path", "permission", "user_name", "email", "user_type")
PERMISSIONS = {
    "read": "read",
    "view only": "read",
    "restricted view": "read",
    "view": "read",
    "review": "comment",
    "contribute": "write",
    "edit": "write",
    "design": "write",
    "full control": "owner",
    "owner": "owner",
}
LINK_SCOPES = {
    "anonymous": "anyone",
    "anyone": "anyone",
    "company": "organisation",
    "organization": "organisation",
    "specific people": "specific",
}
KINDS = {"member": "user", "internal": "user", "guest": "user", "external": "user"}


def sniff(path: Path, head: str) -> bool:
    """Tell whether the header is the site sharing report's."""
    return io.has_columns(head, ("Resource Path",), ("Permission",), SPEC["user_type"])


def load(path: Path) -> ReadResult:
    """Read a "Shared with external users" report CSV."""
    df, quarantined, count = io.load_table(path, SPEC, REQUIRED)
    if df is None:
        return ReadResult(common.empty_grants(), quarantined, [], count)
    is_link = pl.col("user_name").str.strip_chars().str.to_lowercase() == "sharinglink"
    scope = common.mapped(pl.col("link_type"), LINK_SCOPES, default="none")
    df = df.with_columns(what=_ignored_reason(is_link, scope))
    ignored = io.ignored_counts(df.filter(pl.col("what").is_not_null()), path)
    frame = df.filter(pl.col("what").is_null()).select("source_row", **_grant_columns(is_link, scope))
    grants = common.finalise(frame, "m365_spo_site_report", "spo_site_report", path)
    return ReadResult(grants, quarantined, ignored, count)


def _ignored_reason(is_link: pl.Expr, scope: pl.Expr) -> pl.Expr:
    """Why a row gives no grant of its own, or null for grant rows."""
    limited = pl.col("permission").str.strip_chars().str.to_lowercase() == "limited access"
    return (
        pl.when(limited)
        .then(pl.lit("'Limited Access' rows (SharePoint traversal right; no access to content)"))
        .when(is_link & (scope == "specific"))
        .then(pl.lit("link rows of specific-people links (each member has a row of its own)"))
    )


def _grant_columns(is_link: pl.Expr, scope: pl.Expr) -> dict[str, pl.Expr]:
    """The grant columns of a report row (a link row grants its scope, a user row its user)."""
    user_type = pl.col("user_type").str.strip_chars().str.to_lowercase()
    return {
        "record_kind": pl.lit("snapshot"),
        "action": pl.lit("snapshot"),
        "object_id": pl.col("path"),
        "object_path": pl.col("path"),
        "object_name": pl.col("path").str.split("/").list.last(),
        "object_type": pl.col("item_type").str.to_lowercase(),
        "grantee": pl.when(~is_link).then(common.identity(pl.coalesce("email", "user_name"))),
        "grantee_raw": pl.when(~is_link).then(pl.coalesce("email", "user_name")),
        "grantee_kind": pl.when(is_link)
        .then(scope)
        .when(user_type.str.contains("group"))
        .then(pl.lit("group"))
        .otherwise(common.mapped(user_type, KINDS)),
        "grantee_external": user_type.replace_strict(
            {"guest": True, "external": True, "member": False, "internal": False}, default=None, return_dtype=pl.Boolean
        ),
        "permission": common.mapped(pl.col("permission"), PERMISSIONS),
        "permission_raw": pl.col("permission"),
        "link_scope": pl.when(is_link)
        .then(scope)
        .when(pl.col("via").is_not_null())
        .then(pl.lit("specific"))
        .otherwise(pl.lit("direct")),
        "link_id": pl.coalesce("via", "link_id"),
    }


SPO_SITE_REPORT = Reader(
    name="spo_site_report",
    platform="Microsoft 365 (SharePoint Online, OneDrive)",
    kind="snapshot",
    how_to_export="Site settings > Site usage > 'Shared with external users' > Run report "
    "(OneDrive: Settings > More settings > Run sharing report); the CSV is saved in the site",
    required_fields=("Resource Path", "Permission", "User Name", "User E-mail", "User or Group Type"),
    sniff=sniff,
    load=load,
)
