"""Google Workspace Admin SDK Reports API, Drive activity JSON (SHARE_FORMATS.md §2.1).

One activity may hold several events; each event is one input record (``records`` counts
events). ACL events become grants or revocations; all other events, and the
``*_hierarchy_reconciled`` echoes of inherited changes, are counted as ignored.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from extractors.shares import common, io, json_records
from extractors.shares.types import Reader, ReadResult

PARAM = pl.Struct({"name": pl.String, "value": pl.String, "multiValue": pl.List(pl.String), "boolValue": pl.String})
EVENT = pl.Struct({"type": pl.String, "name": pl.String, "parameters": pl.List(PARAM)})
ACTIVITY = pl.Struct({
    "id": pl.Struct({"time": pl.String, "uniqueQualifier": pl.String}),
    "actor": pl.Struct({"email": pl.String}),
    "events": pl.List(EVENT),
})
HANDLED = ("change_user_access", "change_acl_editors", "change_document_access_scope",
           "change_document_visibility")
ACCESS = {"can_view": "read", "reader": "read", "can_comment": "comment", "commenter": "comment",
          "can_edit": "write", "writer": "write", "organizer": "write", "file_organizer": "write",
          "owner": "owner"}
VISIBILITY = {"people_with_link": "anyone", "public_on_the_web": "anyone",
              "people_within_domain_with_link": "organisation", "public_in_the_domain": "organisation"}


def sniff(path: Path, head: str) -> bool:
    """Tell whether the file is Reports API activity JSON for the Drive application."""
    return head.lstrip()[:1] in ("{", "[") and "admin#reports#activit" in head and '"events"' in head


def _param(name: str) -> pl.Expr:
    """The value (or comma-joined multiValue) of the event parameter ``name``."""
    hits = pl.col("parameters").list.eval(pl.element().filter(pl.element().struct.field("name") == name))
    first = hits.list.first()
    return pl.coalesce(first.struct.field("value"), first.struct.field("multiValue").list.join(","),
                       first.struct.field("boolValue"))


def load(path: Path) -> ReadResult:
    """Read Reports API Drive activities (a response page, a list of pages' items, or JSON lines)."""
    acts, bad, _ = json_records.load_json_records(path, ACTIVITY, ("items",))
    if acts is None:
        return ReadResult(common.empty_grants(), bad, [], 0)
    events = acts.explode("events").filter(pl.col("events").is_not_null()).unnest("events")
    name = pl.col("name")
    events = events.with_columns(
        doc_id=_param("doc_id"), doc_title=_param("doc_title"), doc_type=_param("doc_type"),
        target_user=_param("target_user"), target_domain=_param("target_domain"),
        new_value=_param("new_value"), old_value=_param("old_value"), visibility=_param("visibility"),
        old_visibility=_param("old_visibility"), visibility_change=_param("visibility_change"),
        event_time=common.parse_utc(pl.col("id").struct.field("time")),
    )
    new_scope = common.mapped(pl.col("visibility"), VISIBILITY, default=None)
    old_scope = common.mapped(pl.col("old_visibility"), VISIBILITY, default=None)
    vis_event = name == "change_document_visibility"
    what = (
        pl.when(~name.is_in(HANDLED))
        .then(pl.format("event '{}': not an access change", name))
        .when(vis_event & new_scope.is_null() & old_scope.is_null())
        .then(pl.lit("event 'change_document_visibility' to a non-link visibility"))
    )
    events = events.with_columns(what=what)
    ignored = io.ignored_counts(events.filter(pl.col("what").is_not_null()), path)
    rows = events.filter(pl.col("what").is_null())
    rows, bad_time = io.split_bad(
        rows, pl.col("event_time").is_null(),
        pl.format("id.time '{}' is missing or not a date; export the activities again",
                  pl.col("id").struct.field("time").fill_null("")), path)
    grants = common.finalise(_frame(rows, new_scope, old_scope), "google_reports_drive", "google_reports", path)
    return ReadResult(grants, bad + bad_time, ignored, events.height)


def _frame(rows: pl.DataFrame, new_scope: pl.Expr, old_scope: pl.Expr) -> pl.DataFrame:
    name = pl.col("name")
    vis = name == "change_document_visibility"
    domain = pl.col("target_domain").str.to_lowercase()
    revoke = pl.when(vis).then(new_scope.is_null()).otherwise(pl.col("new_value").str.to_lowercase() == "none")
    scope = pl.when(vis).then(pl.coalesce(new_scope, old_scope)).when(domain == "all") \
        .then(pl.lit("anyone")).otherwise(pl.lit("direct"))
    value = pl.when(revoke).then(pl.col("old_value")).otherwise(pl.col("new_value"))
    return rows.select(
        "source_row", "event_time",
        source_record_id=pl.col("id").struct.field("uniqueQualifier"),
        record_kind=pl.lit("event"), native_operation=name,
        action=pl.when(revoke).then(pl.lit("revoke")).otherwise(pl.lit("grant")),
        object_id=pl.col("doc_id"), object_name=pl.col("doc_title"), object_type=pl.col("doc_type"),
        grantor=common.identity(pl.col("actor").struct.field("email")),
        grantee=pl.when(~vis & pl.col("target_user").is_not_null()).then(common.identity(pl.col("target_user")))
        .when(~vis & (domain != "all")).then(domain),
        grantee_raw=pl.coalesce("target_user", "target_domain"),
        grantee_kind=pl.when(scope != "direct").then(scope)
        .when(pl.col("target_user").is_not_null()).then(pl.lit("user"))
        .when(domain.is_not_null()).then(pl.lit("domain")).otherwise(pl.lit("unknown")),
        grantee_external=pl.when(pl.col("visibility_change") == "external").then(True),
        permission=common.mapped(value.str.split(",").list.first(), ACCESS),
        permission_raw=value,
        link_scope=scope,
    )


GOOGLE_REPORTS = Reader(
    name="google_reports",
    platform="Google Workspace (Google Drive)",
    kind="event",
    how_to_export="Admin SDK Reports API: GET admin/reports/v1/activity/users/all/applications/"
    "drive?eventName=change_user_access (and the other acl_change events); save each response",
    required_fields=("id.time", "actor.email", "events[].name", "events[].parameters: doc_id, "
                     "target_user or target_domain, new_value, visibility"),
    sniff=sniff,
    load=load,
)
