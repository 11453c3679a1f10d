"""What a Purview audit record says: its fields, the sharing operations, the grant columns.

The tables map the unified audit log's ``Operation`` to a grant or revocation and its link
scope (SHARE_FORMATS.md §1.1), the ``EventData`` permission and the target type to the grant
schema; :func:`grant_columns` derives the grant columns from the decoded record fields.
"""

from __future__ import annotations

import polars as pl

from extractors.shares import common

SOURCE = "m365_audit"
# fmt: off
FIELDS = (
    "Id", "CreationTime", "Operation", "UserId", "ObjectId", "SiteUrl", "SourceRelativeUrl",
    "SourceFileName", "ItemType", "EventData", "TargetUserOrGroupName", "TargetUserOrGroupType",
    "UniqueSharingId",
)
# fmt: on
AUDIT_DTYPE = pl.Struct({f: pl.String for f in FIELDS})
DECODE = pl.Struct({f: pl.String for f in FIELDS if f != "Operation"})

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
# fmt: off
PERMISSIONS = {
    "view": "read", "read": "read", "restrictedview": "read", "review": "comment",
    "edit": "write", "contribute": "write", "write": "write", "full control": "owner",
    "fullcontrol": "owner", "owner": "owner",
}
# fmt: on
# fmt: off
TARGET_KINDS = {
    "member": "user", "guest": "user", "partner": "user", "user": "user",
    "sharepointgroup": "group", "securitygroup": "group", "group": "group",
}
# fmt: on
WANTED = [*OPERATIONS, "SecureLinkCreated"]


def mapped_reason(op: pl.Expr) -> pl.Expr:
    """Say why an operation is not a grant, for the ignored-rows summary."""
    return op.replace_strict(IGNORED, default="not a sharing event", return_dtype=pl.String)


def grant_columns() -> list[pl.Expr]:
    """Grant columns from the AuditData fields (plus what the quarantine reasons need)."""
    op = pl.col("Operation")
    scope = op.replace_strict({k: v[1] for k, v in OPERATIONS.items()}, default="specific", return_dtype=pl.String)
    action = op.replace_strict({k: v[0] for k, v in OPERATIONS.items()}, default="grant", return_dtype=pl.String)
    raw_perm = pl.col("EventData").str.extract(r"(?i)<Type>\s*([^<]*?)\s*</Type>", 1)
    return [
        pl.col("source_row"),
        pl.col("CreationTime"),
        pl.col("_head"),
        pl.col("_problem"),
        common.parse_utc(pl.col("CreationTime")).alias("event_time"),
        pl.col("Id").alias("source_record_id"),
        pl.lit("event").alias("record_kind"),
        op.alias("native_operation"),
        action.alias("action"),
        pl.coalesce(pl.col("ObjectId"), pl.col("SiteUrl")).alias("object_id"),
        pl.coalesce(pl.col("SourceRelativeUrl"), pl.col("ObjectId")).alias("object_path"),
        pl.col("SourceFileName").alias("object_name"),
        pl.col("ItemType").str.to_lowercase().alias("object_type"),
        common.identity(pl.col("UserId")).alias("grantor"),
        *_grantee_columns(scope),
        common.mapped(raw_perm, PERMISSIONS).alias("permission"),
        raw_perm.alias("permission_raw"),
        scope.alias("link_scope"),
        pl.col("UniqueSharingId").alias("link_id"),
    ]


def _grantee_columns(scope: pl.Expr) -> list[pl.Expr]:
    """``grantee, grantee_raw, grantee_kind, grantee_external``: a link to anyone names no one."""
    kind = common.mapped(pl.col("TargetUserOrGroupType"), TARGET_KINDS, default=None)
    grantee = common.identity(pl.col("TargetUserOrGroupName"))
    person = ~scope.is_in(["anyone", "organisation"])
    return [
        pl.when(person).then(grantee).alias("grantee"),
        pl.when(person).then(pl.col("TargetUserOrGroupName")).alias("grantee_raw"),
        pl.when(~person)
        .then(scope)
        .when(grantee.is_null())
        .then(pl.lit("unknown"))
        .otherwise(pl.coalesce(kind, pl.when(grantee.str.contains("@")).then(pl.lit("user")), pl.lit("unknown")))
        .alias("grantee_kind"),
        pl.col("TargetUserOrGroupType")
        .str.to_lowercase()
        .replace_strict({"guest": True, "member": False}, default=None, return_dtype=pl.Boolean)
        .alias("grantee_external"),
    ]
