"""The figures of a trend report, aggregated in SQL and finished in Polars (never per-row Python).

Every query groups by calendar month (``substr(at, 1, 7)`` of the store's ISO 8601 UTC times,
which works unchanged on SQLite and PostgreSQL) and by whatever else the table needs; the
result is at most months x groups rows. Polars then maps months to the requested period
(month, quarter, year), fills empty periods with zeros and computes shares and quantiles. Only
the review-time quantiles need one row per case (their opening and deciding times), and only
the share-case durations one number per closed case.

Conventions (the README's "Trend reports" section repeats them):
- documents screened: screenings of ``screen`` runs (and share-content screening), by the time
  they were stored; re-screens count under list changes, project descriptions under projects;
- a review case counts as decided at its first final decision (cleared, licence_required,
  licence_applied, exempt); one reopened later still counts as decided then;
- the backlog is the cases opened for review and not decided at the end of the period asked for;
- a false positive is a flag whose case a reviewer cleared, or that a suppression covers;
- grant figures count observations by the month they were scanned (``observed_at``), from the
  counts each scan stores beside its observations (``share_grant_counts``).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import polars as pl
from sqlalchemy import TIMESTAMP, Engine, and_, cast, func, literal_column, select
from sqlalchemy.sql import ColumnElement

from reports.store.grant_tables import share_cases, share_grant_counts
from reports.store.models import Case, CaseEvent, FindingRow, ProjectAssessmentRow, Run, Screening, Suppression
from reports.store.review import FINAL
from reports.trends.model import (
    AGE_BUCKETS,
    NO_UNIT,
    Table,
    TrendQuery,
    TrendReport,
    period_expr,
)


def _month(column: Any) -> ColumnElement[str]:
    return func.substr(column, 1, 7).label("month")


def _frame(engine: Engine, query: Any, schema: dict[str, Any]) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def _in_range(column: Any, q: TrendQuery) -> ColumnElement[bool]:
    return and_(column >= q.lo, column < q.hi)


def _spread(frame: pl.DataFrame, q: TrendQuery, on: str, value: str = "n", keys: tuple[str, ...] = ()) -> pl.DataFrame:
    """Sum ``value`` per period (and ``keys``) into one column per distinct ``on``; every period present."""
    index = ["period", *keys]
    empty = pl.DataFrame(schema={**{k: pl.String for k in index}, on: pl.String, value: pl.Int64})
    summed = (frame.with_columns(period_expr(q.by)).group_by([*index, on]).agg(pl.col(value).sum())
              if frame.height else empty)
    wide = summed.pivot(on=on, index=index, values=value, sort_columns=True) if summed.height else summed.select(index)
    base = pl.DataFrame({"period": q.periods()})
    if keys:
        present = wide.select(keys).unique() if wide.height else pl.DataFrame({k: [NO_UNIT] for k in keys})
        base = base.join(present, how="cross")
    out = base.join(wide, on=index, how="left").sort(index)
    return out.with_columns(pl.exclude(index).fill_null(0).cast(pl.Int64))


def _units(frame: pl.DataFrame, q: TrendQuery) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Fill missing units; drop the unit column unless the report groups by it."""
    if q.group == "unit":
        return frame.with_columns(pl.col("unit").fill_null(NO_UNIT)), ("unit",)
    return frame.drop("unit"), ()


def _run_kinds(engine: Engine) -> pl.DataFrame:
    """Run id -> "rescreen", "assess" or "screen" (runs are few: one per command invocation)."""
    with engine.connect() as conn:
        runs = conn.execute(select(Run.id, Run.info)).all()
        assessed = set(conn.execute(select(ProjectAssessmentRow.run_id).distinct()).scalars())
    kinds = [("rescreen" if (info or {}).get("command") == "rescreen" else
              "assess" if run_id in assessed or (info or {}).get("command") == "assess" else "screen")
             for run_id, info in runs]
    return pl.DataFrame({"run_id": [r[0] for r in runs], "kind": kinds}, schema={"run_id": pl.Int64, "kind": pl.String})


def volume_and_decisions(engine: Engine, q: TrendQuery) -> tuple[Table, Table]:
    """Documents and projects screened per period, and their decision mix."""
    s = Screening
    docs = _frame(engine, select(_month(s.at), s.unit, s.run_id, s.decision, func.count()).where(
        _in_range(s.at, q)).group_by(literal_column("month"), s.unit, s.run_id, s.decision),
        {"month": pl.String, "unit": pl.String, "run_id": pl.Int64, "decision": pl.String, "n": pl.Int64})
    docs = docs.join(_run_kinds(engine), on="run_id", how="left").filter(pl.col("kind").fill_null("screen") == "screen")
    p = ProjectAssessmentRow
    projects = _frame(engine, select(_month(p.at), p.unit, p.decision, func.count()).where(
        _in_range(p.at, q)).group_by(literal_column("month"), p.unit, p.decision),
        {"month": pl.String, "unit": pl.String, "decision": pl.String, "n": pl.Int64})
    docs, keys = _units(docs.drop("run_id", "kind"), q)
    projects, _ = _units(projects, q)
    both = pl.concat([docs.with_columns(kind=pl.lit("documents")), projects.with_columns(kind=pl.lit("projects"))])
    failed = pl.col("decision") == "failed"
    volume = _spread(both.with_columns(
        kind=pl.when(failed).then(pl.concat_str([pl.col("kind"), pl.lit("_failed")])).otherwise("kind")), q, "kind",
        keys=keys)
    for column in ("documents", "projects", "documents_failed", "projects_failed"):
        if column not in volume.columns:
            volume = volume.with_columns(pl.lit(0, dtype=pl.Int64).alias(column))
    volume = volume.select("period", *keys, "documents", "projects", "documents_failed", "projects_failed")
    decisions = _spread(both.filter(~failed), q, "decision", keys=keys)
    return (Table("volume", volume, "grouped", ("documents", "projects")),
            Table("decisions", decisions, "stacked"))


def entry_category(itemlist: pl.Expr, code: pl.Expr) -> pl.Expr:
    """The list category of an entry: List I "ML8", List II "Cat. 6" or "5xx entries", List III.

    Findings of a project assessment carry no list: they count under their research-security area.
    """
    no_list = itemlist.is_null() | (itemlist == "")
    return (pl.when(no_list).then(pl.concat_str([pl.lit("Research security: "), code.str.extract(r"^([^.]+)", 1)]))
            .when(itemlist == "I").then(pl.concat_str([pl.lit("I: "), code.str.extract(r"^(ML\d+)", 1)]))
            .when((itemlist == "II") & code.str.contains(r"^\d[A-E]5\d\d")).then(pl.lit("II: 5xx entries"))
            .when(itemlist == "II").then(pl.concat_str([pl.lit("II: Cat. "), code.str.slice(0, 1)]))
            .otherwise(pl.concat_str([itemlist, pl.lit(": "), code]))).alias("category")


def flags(engine: Engine, q: TrendQuery) -> tuple[Table, pl.DataFrame]:
    """Flags per period by list and category; also the per-family totals for the families table."""
    f, c = FindingRow, Case
    raw = _frame(engine, select(_month(c.created_at), f.itemlist, f.code, f.entry_code, c.status, func.count())
                 .join(c, c.id == f.case_id).where(f.level == "flag", _in_range(c.created_at, q))
                 .group_by(literal_column("month"), f.itemlist, f.code, f.entry_code, c.status),
                 {"month": pl.String, "itemlist": pl.String, "code": pl.String, "entry_code": pl.String,
                  "status": pl.String, "n": pl.Int64})
    listed = pl.col("itemlist").is_not_null() & (pl.col("itemlist") != "")
    raw = raw.with_columns(entry_category(pl.col("itemlist"), pl.when(listed).then("entry_code").otherwise("code")))
    return Table("flags_by_category", _spread(raw, q, "category"), "stacked"), raw


def families(engine: Engine, q: TrendQuery, raw: pl.DataFrame, top: int = 15) -> Table:
    """The most-flagged entry families, with how reviewers decided them (false-positive share)."""
    s = Suppression
    suppressed = _frame(engine, select(s.code, func.count()).where(_in_range(s.at, q)).group_by(s.code),
                        {"code": pl.String, "n": pl.Int64})
    suppressed = suppressed.group_by(family=pl.col("code").str.extract(r"^([^.]+)", 1)).agg(
        suppressed=pl.col("n").sum())
    decided = pl.col("status").is_in(list(FINAL))
    listed = raw.filter(pl.col("itemlist").is_not_null() & (pl.col("itemlist") != ""))
    table = (listed.group_by(family="entry_code", list="itemlist")
             .agg(flags=pl.col("n").sum(), decided=pl.col("n").filter(decided).sum(),
                  cleared=pl.col("n").filter(pl.col("status") == "cleared").sum())
             .join(suppressed, on="family", how="left")
             .with_columns(pl.col("suppressed").fill_null(0).cast(pl.Int64))
             .with_columns(false_positive_share=pl.when(pl.col("decided") + pl.col("suppressed") > 0).then(
                 ((pl.col("cleared") + pl.col("suppressed")) / (pl.col("decided") + pl.col("suppressed"))).round(3)))
             .sort(["flags", "family"], descending=[True, False]).head(top))
    return Table("top_families", table, "hbar", ("flags",), note="false_positive_note")


def review(engine: Engine, q: TrendQuery) -> tuple[Table, Table]:
    """The review pipeline per period (opened, decided, outcome mix, days to decide) and the backlog by age."""
    e = CaseEvent
    opened = _frame(engine, select(e.case_id, func.min(e.at)).where(e.kind == "opened", e.to_status == "open")
                    .where(e.at < q.hi).group_by(e.case_id), {"case_id": pl.Int64, "opened_at": pl.String})
    finals = _frame(engine, select(e.case_id, e.at, e.to_status).where(
        e.kind == "decision", e.to_status.in_(FINAL), e.at < q.hi),
        {"case_id": pl.Int64, "decided_at": pl.String, "outcome": pl.String})
    first = finals.sort("decided_at").group_by("case_id").first()
    cases = opened.join(first, on="case_id", how="left").with_columns(
        pl.col("opened_at").str.to_datetime(time_zone="UTC"),
        pl.col("decided_at").str.to_datetime(time_zone="UTC"))
    cases = cases.with_columns(days=(pl.col("decided_at") - pl.col("opened_at")).dt.total_seconds() / 86400)
    month = pl.col("opened_at").dt.strftime("%Y-%m").alias("month")
    in_range = pl.col("opened_at").dt.date().is_between(q.start, q.end)
    opened_n = cases.filter(in_range).select(month).with_columns(outcome=pl.lit("opened"), n=pl.lit(1, pl.Int64))
    decided = cases.filter(pl.col("decided_at").dt.date().is_between(q.start, q.end))
    decided_n = decided.select(pl.col("decided_at").dt.strftime("%Y-%m").alias("month"), "outcome").with_columns(
        n=pl.lit(1, pl.Int64))
    pipeline = _spread(pl.concat([opened_n, decided_n]), q, "outcome")
    for column in ("opened", *FINAL):
        if column not in pipeline.columns:
            pipeline = pipeline.with_columns(pl.lit(0, dtype=pl.Int64).alias(column))
    days = (decided.with_columns(pl.col("decided_at").dt.strftime("%Y-%m").alias("month"))
            .with_columns(period_expr(q.by)).group_by("period")
            .agg(days_median=pl.col("days").median().round(1),
                 days_p90=pl.col("days").quantile(0.9, "linear").round(1)))
    pipeline = (pipeline.with_columns(decided=pl.sum_horizontal(*FINAL))
                .select("period", "opened", "decided", *FINAL).join(days, on="period", how="left").sort("period"))
    # The backlog at the end of the period, or now when the period has not ended yet.
    cutoff = min(datetime.combine(q.end + timedelta(days=1), time(), UTC), datetime.now(UTC))
    end = pl.lit(cutoff).cast(pl.Datetime("us", "UTC"))
    undecided = pl.col("decided_at").is_null() | (pl.col("decided_at") >= end)
    still_open = cases.filter((pl.col("opened_at") < end) & undecided)
    age = ((end - pl.col("opened_at")).dt.total_days())
    bucket = pl.lit(None, dtype=pl.String)
    for label, lo, _hi in AGE_BUCKETS:
        bucket = pl.when(age >= lo).then(pl.lit(label)).otherwise(bucket)
    counted = still_open.group_by(age_days=bucket).agg(cases=pl.len().cast(pl.Int64))
    backlog = pl.DataFrame({"age_days": [b[0] for b in AGE_BUCKETS]}).join(counted, on="age_days", how="left")
    backlog = backlog.with_columns(pl.col("cases").fill_null(0))
    return (Table("review_pipeline", pipeline, "grouped", ("opened", "decided"), note="review_note"),
            Table("backlog", backlog, "hbar", ("cases",), note="backlog_note"))


def grants(engine: Engine, q: TrendQuery) -> tuple[Table, Table, Table]:
    """Share grants by decision and by source system, and share cases opened, closed and time to close."""
    g = share_grant_counts.c  # observations counted per scan when stored: a few rows per scan
    raw = _frame(engine, select(g.month, g.unit, g.source_system, g.decision, func.sum(g.n))
                 .where(g.month >= q.lo[:7], g.month <= q.end.isoformat()[:7])
                 .group_by(g.month, g.unit, g.source_system, g.decision),
                 {"month": pl.String, "unit": pl.String, "source_system": pl.String, "decision": pl.String,
                  "n": pl.Int64})
    raw, keys = _units(raw, q)
    by_decision = _spread(raw, q, "decision", keys=keys)
    by_system = _spread(raw, q, "source_system", keys=keys)
    c = share_cases.c
    opened = _frame(engine, select(_month(c.opened_at), func.count()).where(_in_range(c.opened_at, q))
                    .group_by(literal_column("month")), {"month": pl.String, "n": pl.Int64})
    days_expr = _days_between(engine, c.opened_at, c.closed_at)
    closed = _frame(engine, select(_month(c.closed_at), days_expr).where(_in_range(c.closed_at, q)),
                    {"month": pl.String, "days": pl.Float64})
    counts = _spread(pl.concat([opened.with_columns(what=pl.lit("opened")),
                                closed.group_by("month").agg(n=pl.len().cast(pl.Int64)).with_columns(what=pl.lit("closed"))
                                .select("month", "n", "what")]), q, "what")
    for column in ("opened", "closed"):
        if column not in counts.columns:
            counts = counts.with_columns(pl.lit(0, dtype=pl.Int64).alias(column))
    resolve = closed.with_columns(period_expr(q.by)).group_by("period").agg(
        days_median=pl.col("days").median().round(1))
    cases = counts.select("period", "opened", "closed").join(resolve, on="period", how="left").sort("period")
    small = tuple(col for col in by_decision.columns if col not in ("period", *keys))
    return (Table("grants_by_decision", by_decision, "stacked", small_cells=small),
            Table("grants_by_system", by_system, "stacked",
                  small_cells=tuple(col for col in by_system.columns if col not in ("period", *keys))),
            Table("share_cases", cases, "grouped", ("opened", "closed"), small_cells=("opened", "closed")))


def _days_between(engine: Engine, start: Any, end: Any) -> ColumnElement[Any]:
    """Days between two ISO text columns, in the store's SQL dialect."""
    if engine.dialect.name == "postgresql":
        seconds = func.extract("epoch", cast(end, TIMESTAMP(timezone=True)) - cast(start, TIMESTAMP(timezone=True)))
        return (seconds / 86400.0).label("days")
    return (func.julianday(end) - func.julianday(start)).label("days")


def list_changes(engine: Engine, q: TrendQuery) -> tuple[Table, Table]:
    """Item-list versions first used in the period, and what each re-screen changed."""
    c = Case
    first = _frame(engine, select(c.lists_key, func.min(c.created_at)).group_by(c.lists_key),
                   {"lists": pl.String, "first_used": pl.String})
    first = first.filter(pl.col("first_used").is_between(pl.lit(q.lo), pl.lit(q.hi), closed="left")).with_columns(
        pl.col("first_used").str.slice(0, 10)).sort("first_used")
    prev = c.__table__.alias("previous")  # type: ignore[attr-defined]
    needs = ("review_required", "case_by_case", "catch_all_review", "blocked_classified")
    raw = _frame(engine, select(_month(c.created_at), c.lists_key, prev.c.decision, c.decision, func.count())
                 .join(prev, prev.c.id == c.previous_case_id).where(_in_range(c.created_at, q))
                 .group_by(literal_column("month"), c.lists_key, prev.c.decision, c.decision),
                 {"month": pl.String, "lists": pl.String, "before": pl.String, "after": pl.String, "n": pl.Int64})
    raw = raw.with_columns(period_expr(q.by))
    was, now = pl.col("before").is_in(needs), pl.col("after").is_in(needs)
    changes = (raw.group_by("period", "lists").agg(
        rescreened=pl.col("n").sum(),
        decision_changed=pl.col("n").filter(pl.col("before") != pl.col("after")).sum(),
        now_needs_review=pl.col("n").filter(now & ~was).sum(),
        no_longer_needs_review=pl.col("n").filter(was & ~now).sum())
        .sort("period", "lists"))
    return (Table("list_versions", first, None),
            Table("rescreen_changes", changes, "grouped", ("rescreened", "decision_changed")))


def build_trends(engine: Engine, q: TrendQuery) -> TrendReport:
    """Every table of the report, from the store behind ``engine``."""
    volume, decisions = volume_and_decisions(engine, q)
    by_category, raw_flags = flags(engine, q)
    pipeline, backlog = review(engine, q)
    by_decision, by_system, cases = grants(engine, q)
    versions, changes = list_changes(engine, q)
    tables = [volume, decisions, by_category, families(engine, q, raw_flags), pipeline, backlog,
              by_decision, by_system, cases, versions, changes]
    return TrendReport(q, tables)
