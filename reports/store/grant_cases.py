"""Review cases for cloud-share grants: opened for new grants that need review, closed by revocations."""

from __future__ import annotations

import polars as pl
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from reports.store.audit import AuditAppender
from reports.store.bulk import bulk_insert
from reports.store.grant_tables import share_cases
from reports.store.roles import Reviewers


def update_cases(
    session: Session, new: pl.DataFrame, scan_id: int, now: str,
    key_range: tuple[str | None, str | None] = (None, None),
) -> tuple[int, int]:
    """Close open cases revoked by this scan's revocations; open cases for new review grants.

    Args:
        session: The scan's write session.
        new: New observations of the scan (in row order), ``reasons`` as JSON text; when
            ``key_range`` is given, all those of that range of ``grant_key``.
        scan_id: The scan's row id.
        now: The scan's time.
        key_range: ``grant_key`` from (inclusive) and to (exclusive), None for no bound: only
            the open cases of that range are read (a scan's cases are updated a range at a time).

    Returns:
        The number of cases opened and the number closed (a case opened for a grant that this
        scan also revokes counts as both).
    """
    time = pl.col("event_time")
    revokes = (
        new.filter(pl.col("action") == "revoke")
        .group_by("grant_key")
        .agg(r_time=time.max(), r_text=time.max().dt.strftime("%Y-%m-%dT%H:%M:%SZ").fill_null("an unknown time"))
    )
    query = select(share_cases.c.id, share_cases.c.grant_key, share_cases.c.event_time).where(
        share_cases.c.status == "open"
    )
    low, high = key_range
    if low is not None:
        query = query.where(share_cases.c.grant_key >= low)
    if high is not None:
        query = query.where(share_cases.c.grant_key < high)
    open_rows = session.execute(query).all()
    cases = pl.DataFrame(
        open_rows, schema={"id": pl.Int64, "grant_key": pl.String, "c_time": pl.String}, orient="row"
    ).with_columns(c_time=pl.col("c_time").str.to_datetime(time_zone="UTC"))
    after = pl.col("r_time").is_null() | pl.col("c_time").is_null() | (pl.col("r_time") >= pl.col("c_time"))
    to_close = cases.join(revokes, on="grant_key", how="inner").filter(after)
    if to_close.height:
        update = (
            share_cases.update()
            .where(share_cases.c.id == bindparam("b_id"))
            .values(status="closed", closed_scan_id=scan_id, closed_at=now, close_reason=bindparam("b_reason"))
        )
        params = to_close.select(b_id="id", b_reason=pl.format("access revoked at {}", "r_text")).to_dicts()
        session.execute(update, params)
    still_open = cases.join(to_close.select("id"), on="id", how="anti").select("grant_key")
    opened = _new_cases(new, revokes, still_open, scan_id, now)
    bulk_insert(session, share_cases, opened, [pl.all()], ("reasons",))
    return opened.height, to_close.height + opened.filter(pl.col("status") == "closed").height


def _new_cases(
    new: pl.DataFrame, revokes: pl.DataFrame, still_open: pl.DataFrame, scan_id: int, now: str
) -> pl.DataFrame:
    """One case row per grant key needing review with no open case (closed at once if revoked since)."""
    time = pl.col("event_time")
    review = new.filter(pl.col("needs_review").fill_null(False) & (pl.col("action") != "revoke"))
    latest = review.sort(time, nulls_last=False, maintain_order=True).group_by("grant_key").agg(pl.all().last())
    to_open = latest.join(still_open, on="grant_key", how="anti").join(revokes, on="grant_key", how="left")
    revoked = pl.col("r_text").is_not_null() & (
        pl.col("r_time").is_null() | time.is_null() | (pl.col("r_time") >= time)
    )
    return to_open.select(
        "grant_key",
        "grant_uid",
        opened_obs_key="obs_key",
        event_time=time.dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
        decision="decision",
        reasons="reasons",
        status=pl.when(revoked).then(pl.lit("closed")).otherwise(pl.lit("open")),
        opened_scan_id=pl.lit(scan_id),
        opened_at=pl.lit(now),
        closed_scan_id=pl.when(revoked).then(pl.lit(scan_id)),
        closed_at=pl.when(revoked).then(pl.lit(now)),
        close_reason=pl.when(revoked).then(pl.format("access revoked at {}", "r_text")),
    )


#: What a reviewer may decide about a share case; each closes it.
SHARE_OUTCOMES = ("cleared", "licence_required", "licence_applied", "access_removed")


def open_share_cases(session: Session, limit: int = 500) -> list[dict[str, object]]:
    """Open grant cases, oldest first, with the grant that opened them (what the desk lists)."""
    from reports.store.grant_tables import share_grants

    grant = share_grants.alias("g")
    query = (
        select(share_cases.c.id, share_cases.c.decision, share_cases.c.reasons, share_cases.c.opened_at,
               grant.c.grantee, grant.c.grantee_kind, grant.c.grantor, grant.c.object_name, grant.c.object_path,
               grant.c.source_system, grant.c.permission, grant.c.unit)
        .join(grant, grant.c.obs_key == share_cases.c.opened_obs_key, isouter=True)
        .where(share_cases.c.status == "open").order_by(share_cases.c.id).limit(limit)
    )
    return [dict(row._mapping) for row in session.execute(query)]


def decide_share_case(session: Session, audit: AuditAppender, case_id: int, outcome: str, reason: str,
                      reviewer: str, reviewers: Reviewers | None = None) -> str:
    """Close an open grant case with a reviewer's decision; the audit log records who, what and why.

    Raises:
        UnknownCaseError: No grant case has this id.
        ReviewRefusedError: It is closed already, the outcome is unknown, the reason is empty, or
            the register does not let this reviewer decide it (a sanctions case needs a security
            officer).
    """
    from reports.errors import ReviewRefusedError, UnknownCaseError
    from reports.store.audit import utc_now

    row = session.execute(select(share_cases).where(share_cases.c.id == case_id)).one_or_none()
    if row is None:
        raise UnknownCaseError(f"no share case {case_id}; list them on the desk's shares page")
    if outcome not in SHARE_OUTCOMES:
        raise ReviewRefusedError(f"outcome {outcome!r} is not one of {', '.join(SHARE_OUTCOMES)}")
    if not reason.strip():
        raise ReviewRefusedError("give a reason: the audit log records who decided and why")
    if row.status != "open":
        raise ReviewRefusedError(f"share case {case_id} is {row.status} already ({row.close_reason})")
    reasons = [str(r) for r in (row.reasons or [])]
    if reviewers is not None:
        reviewers.check(reviewer, outcome, row.decision, [*reasons, row.decision])
    now = utc_now()
    close_reason = f"{outcome} by {reviewer}: {reason.strip()}"
    session.execute(share_cases.update().where(share_cases.c.id == case_id).values(
        status="closed", closed_at=now, close_reason=close_reason))
    audit.append("share_case.decided", "share_case", case_id, reviewer,
                 {"share_case": {"id": case_id, "outcome": outcome, "reason": reason.strip(), "at": now}})
    return close_reason
