"""Specific-people links in the Purview audit log: one grant made of two events.

``SecureLinkCreated`` names the link and its permission, ``AddedToSecureLink`` the person. They
are joined on ``ObjectId`` + ``UniqueSharingId``, else on the nearest time within
:data:`LINK_WINDOW` for the same ``ObjectId``; the grant row is the ``AddedToSecureLink`` row
with the link's id, permission and grantor filled in.
"""

from __future__ import annotations

import polars as pl

LINK_WINDOW = "2m"


def join_secure_links(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Merge SecureLinkCreated rows into their AddedToSecureLink rows.

    Returns:
        The grant rows (links removed) and an ignored-rows frame (``what``) for the links.
    """
    is_link = pl.col("native_operation") == "SecureLinkCreated"
    links = rows.filter(is_link).select(
        "object_id",
        l_link="link_id",
        l_time="event_time",
        l_perm="permission",
        l_raw="permission_raw",
        l_grantor="grantor",
        l_row="source_row",
    )
    others = rows.filter(~is_link)
    members = others.filter(pl.col("native_operation") == "AddedToSecureLink")
    joined = _fill_from_links(_match_links(members, links))
    grants = pl.concat(
        [others.filter(pl.col("native_operation") != "AddedToSecureLink"), joined.select(members.columns)],
        how="vertical_relaxed",
    )
    return grants, _link_rows(links, joined["l_row"].drop_nulls().unique())


def _match_links(members: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Each member row with its link's columns: by object and link id, else the nearest link in time."""
    exact = members.join(
        links.filter(pl.col("l_link").is_not_null()).unique(["object_id", "l_link"], keep="first"),
        left_on=["object_id", "link_id"],
        right_on=["object_id", "l_link"],
        how="left",
    )
    near = (
        exact.filter(pl.col("l_row").is_null())
        .select(members.columns)
        .sort("event_time")
        .join_asof(
            links.sort("l_time"),
            left_on="event_time",
            right_on="l_time",
            by="object_id",
            strategy="nearest",
            tolerance=LINK_WINDOW,
            check_sortedness=False,
        )
    )
    return pl.concat([exact.filter(pl.col("l_row").is_not_null()), near], how="diagonal_relaxed")


def _fill_from_links(joined: pl.DataFrame) -> pl.DataFrame:
    """Take the link id, grantor and (where the member row has none) permission from the link."""
    unknown = pl.col("permission") == "unknown"
    return joined.with_columns(
        link_id=pl.coalesce("link_id", "l_link"),
        permission=pl.when(unknown).then(pl.coalesce("l_perm", "permission")).otherwise("permission"),
        permission_raw=pl.when(unknown).then(pl.coalesce("l_raw", "permission_raw")).otherwise("permission_raw"),
        grantor=pl.coalesce("grantor", "l_grantor"),
    )


def _link_rows(links: pl.DataFrame, used: pl.Series) -> pl.DataFrame:
    """Say for each link row whether it was merged into member rows or had none."""
    return links.select(
        what=pl.when(pl.col("l_row").is_in(used.implode()))
        .then(pl.lit("operation 'SecureLinkCreated': merged into its AddedToSecureLink grant rows"))
        .otherwise(
            pl.lit(
                "operation 'SecureLinkCreated' with no AddedToSecureLink in this export: "
                "a specific-people link without members gives no one access"
            )
        )
    )
