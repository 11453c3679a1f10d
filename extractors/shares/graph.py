"""Microsoft Graph driveItem permissions JSON (SHARE_FORMATS.md §1.3).

Two shapes are read: the response of ``GET /drives/{d}/items/{i}/permissions`` (the item id is
taken from ``@odata.context``), and driveItems listed with ``$expand=permissions``. One grant
row per identity of a permission (``grantedToV2``, ``grantedToIdentitiesV2``); links without
identities give one row for the link's audience. No grantor except ``invitation.invitedBy``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from extractors.shares import common, io, json_records
from extractors.shares.types import Quarantine, Reader, ReadResult

_PERSON = pl.Struct({"email": pl.String, "displayName": pl.String, "id": pl.String, "loginName": pl.String})
IDENTITY = pl.Struct({"user": _PERSON, "siteUser": _PERSON, "group": _PERSON, "siteGroup": _PERSON})
PERMISSION = pl.Struct(
    {
        "id": pl.String,
        "roles": pl.List(pl.String),
        "shareId": pl.String,
        "expirationDateTime": pl.String,
        "grantedToV2": IDENTITY,
        "grantedToIdentitiesV2": pl.List(IDENTITY),
        "grantedTo": IDENTITY,
        "invitation": pl.Struct({"email": pl.String, "invitedBy": pl.Struct({"user": _PERSON})}),
        "link": pl.Struct({"type": pl.String, "scope": pl.String, "webUrl": pl.String}),
    }
)
ITEM = pl.Struct(
    {
        "id": pl.String,
        "name": pl.String,
        "webUrl": pl.String,
        "parentReference": pl.Struct({"path": pl.String}),
        "permissions": pl.List(PERMISSION),
    }
)
SCOPES = {"anonymous": "anyone", "organization": "organisation", "users": "specific", "existingaccess": "existing"}
_CONTEXT = re.compile(r"items\('([^']+)'\)")


def sniff(path: Path, head: str) -> bool:
    """Tell whether the file is Graph permissions JSON (``roles`` plus a grantee or link key)."""
    return (
        head.lstrip()[:1] in ("{", "[")
        and '"roles"' in head
        and any(f'"{k}"' in head for k in ("grantedToV2", "grantedToIdentitiesV2", "grantedTo", "link"))
    )


def load(path: Path) -> ReadResult:
    """Read Graph permissions (one item's list, or driveItems with expanded permissions)."""
    head = io.read_head(path)
    if '"permissions"' in head:
        items, bad, count = json_records.load_json_records(path, ITEM, ("value",))
        if items is None:
            return ReadResult(common.empty_grants(), bad, [], count)
        perms = items.rename({"id": "item_id"}).explode("permissions").unnest("permissions")
    else:
        loaded, bad, count = json_records.load_json_records(path, PERMISSION, ("value",))
        if loaded is None:
            return ReadResult(common.empty_grants(), bad, [], count)
        match = _CONTEXT.search(head)
        perms = loaded.with_columns(
            item_id=pl.lit(match.group(1) if match else None, pl.String),
            name=pl.lit(None, pl.String),
            webUrl=pl.lit(None, pl.String),
        )
        if match is None:
            bad.append(
                Quarantine(
                    str(path),
                    None,
                    "no '@odata.context' naming the item; object ids "
                    "fall back to the link URL; export with the full Graph response",
                )
            )
    return _rows(perms, path, bad, count)


def _rows(perms: pl.DataFrame, path: Path, bad: list[Quarantine], count: int) -> ReadResult:
    """One grant row per identity a permission names (a link naming no one gives one row)."""
    ids = pl.col("grantedToIdentitiesV2")
    single = pl.coalesce(pl.col("grantedToV2"), pl.col("grantedTo"))
    df = perms.with_columns(_who=pl.when(ids.list.len() > 0).then(ids).otherwise(pl.concat_list(single)))
    scope_raw = pl.col("link").struct.field("scope")
    scope = _scope(scope_raw)
    roles = pl.col("roles").list.join(",")
    inviter = pl.col("invitation").struct.field("invitedBy").struct.field("user").struct.field("email")
    frame = df.explode("_who").select(
        "source_row",
        source_record_id=pl.col("id"),
        record_kind=pl.lit("snapshot"),
        action=pl.lit("snapshot"),
        object_id=pl.coalesce("item_id", pl.col("link").struct.field("webUrl")),
        object_path=pl.col("webUrl"),
        object_name=pl.col("name"),
        grantor=common.identity(inviter),
        grantor_basis=pl.lit("inviter_field"),
        **_grantee_columns(pl.col("_who"), scope),
        permission=_permission(roles),
        permission_raw=roles,
        link_scope=scope,
        link_id=pl.coalesce("shareId", pl.when(scope_raw.is_not_null()).then(pl.col("id"))),
        expires=common.parse_utc(pl.col("expirationDateTime")),
    )
    grants = common.finalise(frame, "m365_graph_permission", "graph_permissions", path)
    return ReadResult(grants, bad, [], count)


def _grantee_columns(who: pl.Expr, scope: pl.Expr) -> dict[str, pl.Expr]:
    """``grantee, grantee_raw, grantee_kind, grantee_external`` of one identity."""
    email = _email(who)
    login = who.struct.field("siteUser").struct.field("loginName")
    group = who.struct.field("group").is_not_null() | who.struct.field("siteGroup").is_not_null()
    audience = scope.is_in(["anyone", "organisation"]) & email.is_null()
    guest = pl.concat_str([email, login], ignore_nulls=True).str.to_lowercase().str.contains("#ext#|urn:spo:guest")
    return {
        "grantee": common.identity(email),
        "grantee_raw": email,
        "grantee_kind": pl.when(audience)
        .then(scope)
        .when(email.is_null())
        .then(pl.lit("unknown"))
        .when(group)
        .then(pl.lit("group"))
        .otherwise(pl.lit("user")),
        "grantee_external": pl.when(guest).then(True),
    }


def _email(who: pl.Expr) -> pl.Expr:
    """The identity's e-mail address, else its login or display name, else the invitation's address."""
    return pl.coalesce(
        who.struct.field("user").struct.field("email"),
        who.struct.field("siteUser").struct.field("email"),
        who.struct.field("siteUser").struct.field("loginName"),
        who.struct.field("group").struct.field("email"),
        who.struct.field("group").struct.field("displayName"),
        who.struct.field("siteGroup").struct.field("displayName"),
        pl.col("invitation").struct.field("email"),
    )


def _scope(scope_raw: pl.Expr) -> pl.Expr:
    """A sharing link's scope in the grant schema; "direct" for a permission without a link."""
    return (
        pl.when(scope_raw.is_null())
        .then(pl.lit("direct"))
        .otherwise(common.mapped(scope_raw.str.replace_all(" ", ""), SCOPES, default="none"))
    )


def _permission(roles: pl.Expr) -> pl.Expr:
    """The strongest of the roles (joined with commas): owner, write, read, else unknown."""
    return (
        pl.when(roles.str.contains("owner"))
        .then(pl.lit("owner"))
        .when(roles.str.contains("write"))
        .then(pl.lit("write"))
        .when(roles.str.contains("read"))
        .then(pl.lit("read"))
        .otherwise(pl.lit("unknown"))
    )


GRAPH_PERMISSIONS = Reader(
    name="graph_permissions",
    platform="Microsoft 365 (Microsoft Graph)",
    kind="snapshot",
    how_to_export="GET /drives/{drive-id}/items/{item-id}/permissions (save the whole response), "
    "or GET /drives/{drive-id}/items/{item-id}/children?$expand=permissions",
    required_fields=("roles", "grantedToV2 or grantedToIdentitiesV2 or link", "@odata.context or item id"),
    sniff=sniff,
    load=load,
)
