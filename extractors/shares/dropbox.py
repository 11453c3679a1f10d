"""Dropbox Business team log events (``team_log/get_events``) as JSON (SHARE_FORMATS.md §4).

Either API responses (``{"events": [...]}``) or one event per line. The ``.tag`` keys of the
API and the ``_tag`` keys of some log pipelines are both read. One grant row per participant.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io, json_records
from extractors.shares.types import Reader, ReadResult

_TAGGED = {".tag": pl.String, "_tag": pl.String}
_USER = pl.Struct({**_TAGGED, "email": pl.String, "display_name": pl.String})
_PARTICIPANT = pl.Struct({**_TAGGED, "user": _USER,
                          "group": pl.Struct({"display_name": pl.String, "group_id": pl.String})})
EVENT = pl.Struct({
    "timestamp": pl.String,
    "event_type": pl.Struct(_TAGGED),
    "actor": pl.Struct({**_TAGGED, "user": _USER, "admin": _USER}),
    "assets": pl.List(pl.Struct({**_TAGGED, "display_name": pl.String, "file_id": pl.String,
                                 "path": pl.Struct({"contextual": pl.String})})),
    "participants": pl.List(_PARTICIPANT),
    "details": pl.Struct({**_TAGGED, "shared_content_access_level": pl.Struct(_TAGGED)}),
})
# event type -> (action, link_scope)
EVENTS = {
    "shared_content_add_member": ("grant", "direct"),
    "shared_content_add_invitees": ("grant", "direct"),
    "shared_content_change_member_role": ("grant", "direct"),
    "shared_folder_add_member": ("grant", "direct"),
    "shared_link_create": ("grant", "anyone"),
    "shared_content_remove_member": ("revoke", "direct"),
    "shared_content_remove_invitees": ("revoke", "direct"),
    "shared_link_remove": ("revoke", "anyone"),
}
LEVELS = {"viewer": "read", "viewer_no_comment": "read", "editor": "write", "owner": "owner"}


def _tag(col: pl.Expr) -> pl.Expr:
    return pl.coalesce(col.struct.field(".tag"), col.struct.field("_tag"))


def sniff(path: Path, head: str) -> bool:
    """Tell whether the file is Dropbox team-log events (``event_type``, ``timestamp``, ``actor``)."""
    return head.lstrip()[:1] in ("{", "[") and all(f'"{k}"' in head for k in ("event_type", "timestamp", "actor"))


def load(path: Path) -> ReadResult:
    """Read Dropbox team-log events."""
    events, bad, count = json_records.load_json_records(path, EVENT, ("events",), required=("event_type",))
    if events is None:
        return ReadResult(common.empty_grants(), bad, [], count)
    etype = _tag(pl.col("event_type"))
    events = events.with_columns(etype=etype, what=pl.when(~etype.is_in(list(EVENTS)))
                                 .then(pl.format("event '{}': not a sharing event", etype.fill_null("?"))))
    ignored = io.ignored_counts(events.filter(pl.col("what").is_not_null()), path)
    rows = events.filter(pl.col("what").is_null()).with_columns(event_time=common.parse_utc(pl.col("timestamp")))
    rows, bad_time = io.split_bad(rows, pl.col("event_time").is_null(), pl.format(
        "timestamp '{}' is missing or not a date; export the events again", pl.col("timestamp").fill_null("")), path)
    rows = rows.with_columns(who=pl.when(pl.col("participants").list.len() > 0).then("participants")
                             .otherwise(pl.concat_list(pl.lit(None, _PARTICIPANT))))
    grants = common.finalise(_frame(rows.explode("who")), "dropbox_teamlog", "dropbox_teamlog", path)
    return ReadResult(grants, bad + bad_time, ignored, count)


def _frame(rows: pl.DataFrame) -> pl.DataFrame:
    who, etype = pl.col("who"), pl.col("etype")
    user = who.struct.field("user")
    group = who.struct.field("group").struct.field("display_name")
    scope = etype.replace_strict({k: v[1] for k, v in EVENTS.items()}, return_dtype=pl.String)
    asset = pl.col("assets").list.first()
    level = _tag(pl.col("details").struct.field("shared_content_access_level"))
    actor = pl.col("actor")
    user_tag = _tag(user)
    return rows.select(
        "source_row", "event_time",
        record_kind=pl.lit("event"), native_operation=etype,
        action=etype.replace_strict({k: v[0] for k, v in EVENTS.items()}, return_dtype=pl.String),
        object_id=asset.struct.field("file_id"),
        object_path=asset.struct.field("path").struct.field("contextual"),
        object_name=asset.struct.field("display_name"),
        object_type=_tag(asset),
        grantor=common.identity(pl.coalesce(actor.struct.field("user").struct.field("email"),
                                            actor.struct.field("admin").struct.field("email"))),
        grantee=pl.when(scope == "direct").then(pl.coalesce(common.identity(user.struct.field("email")),
                                                             group.str.to_lowercase())),
        grantee_raw=pl.coalesce(user.struct.field("email"), group),
        grantee_kind=pl.when(scope == "anyone").then(pl.lit("anyone"))
        .when(user.struct.field("email").is_not_null()).then(pl.lit("user"))
        .when(group.is_not_null()).then(pl.lit("group")).otherwise(pl.lit("unknown")),
        grantee_external=pl.when(user_tag == "non_team_member").then(True)
        .when(user_tag == "team_member").then(False),
        permission=common.mapped(level, LEVELS),
        permission_raw=level,
        link_scope=scope,
    )


DROPBOX_TEAMLOG = Reader(
    name="dropbox_teamlog",
    platform="Dropbox Business",
    kind="event",
    how_to_export="Dropbox API team_log/get_events (category 'sharing'), each response saved as "
    "JSON, or one event per line",
    required_fields=("timestamp", "event_type.tag", "actor.user.email", "assets[].file_id",
                     "participants[].user.email", "details.shared_content_access_level"),
    sniff=sniff,
    load=load,
)
