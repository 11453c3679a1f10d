"""What a shared object contains: matching objects to screened files and merging their results.

A grant names an object by id, path and name, as its platform sees it. Its content is found (1)
among files under a local mirror of the share (``--content DIR``) or (2) among documents
screened before and kept in the results store. Both are matched the same way: by the number of
trailing path components the object's path and the candidate's path share ("Laser/a.docx" beats
"a.docx"; on a tie, a candidate matched over its whole path below the share root wins), so the
path relative to the share root wins and the file name is the fallback. A shared folder matches
a mirrored folder and covers every file below it. When several candidates match equally well,
all of them count (the most serious result decides).

Everything is Polars over distinct objects and candidate files; nothing loops over grants.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from classifiers.grants.types import CONTENT_SCHEMA, RESULT_SCHEMA
from classifiers.types import DOCUMENT_OUTCOMES, DocumentResult

#: Path depth compared at most (deeper common suffixes count as this many components).
MAX_DEPTH = 12


def object_key() -> pl.Expr:
    """The key of a shared object within its platform: source system + id (or path, name)."""
    ident = pl.coalesce(pl.col("object_id"), pl.col("object_path"), pl.col("object_name"), pl.lit(""))
    return pl.concat_str([pl.col("source_system"), ident], separator="\x1f")


def normalise_path(expr: pl.Expr) -> pl.Expr:
    """Lower-case, ``/``-separated, no scheme or host, no leading or trailing ``/``."""
    e = expr.str.replace_all(r"\\", "/").str.replace(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "")
    e = e.str.replace_all("%20", " ").str.replace_all("%2F", "/").str.to_lowercase()
    return e.str.replace_all(r"/+", "/").str.strip_chars("/ ")


def shared_objects(grants: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Distinct shared objects of a grant frame with their best full path (``object_key, path``).

    A lazy grant frame (a large scan's spool) is read with the streaming engine: only the
    distinct objects are held, each with the path of its first row.
    """
    name = pl.col("object_name").str.strip_chars()
    folder = pl.col("object_path")
    via_path = (
        pl.when(folder.is_null())
        .then(name)
        .when(name.is_null() | normalise_path(folder).str.ends_with(normalise_path(name)))
        .then(folder)
        .otherwise(pl.concat_str([folder, name], separator="/"))
    )
    ident = pl.col("object_id")
    via_id = pl.when(
        ident.str.contains("/") & (name.is_null() | normalise_path(ident).str.ends_with(normalise_path(name)))
    ).then(ident)
    return (
        grants.lazy()
        .select(object_key().alias("object_key"), normalise_path(pl.coalesce(via_id, via_path)).alias("path"))
        .unique("object_key", keep="first", maintain_order=True)
        .filter(pl.col("path").str.len_bytes() > 0)
        .collect(engine="streaming")
    )


def _common_tail(left: str, right: str) -> pl.Expr:
    """Number of trailing path components two list columns share (up to MAX_DEPTH)."""
    a, b = pl.col(left).list.reverse(), pl.col(right).list.reverse()
    run = pl.lit(True)
    total = pl.lit(0, dtype=pl.Int32)
    for i in range(MAX_DEPTH):
        run = run & (a.list.get(i, null_on_oob=True) == b.list.get(i, null_on_oob=True)).fill_null(False)
        total = total + run.cast(pl.Int32)
    return total


def match_objects(objects: pl.DataFrame, candidates: pl.DataFrame) -> pl.DataFrame:
    """Match shared objects to candidate paths.

    Args:
        objects: ``object_key, path`` (see ``shared_objects``).
        candidates: ``target`` (a file's or folder's path, any form), ``ref`` (the file it
            stands for; a folder has one row per file below it).

    Returns:
        ``object_key, ref, depth``: every ref of each object's best-matching target(s);
        ``depth`` is the number of shared trailing path components (1 = by name only).
    """
    if objects.is_empty() or candidates.is_empty():
        return pl.DataFrame(schema={"object_key": pl.String, "ref": pl.String, "depth": pl.Int32})
    cands = candidates.with_columns(_parts=normalise_path(pl.col("target")).str.split("/")).with_columns(
        _name=pl.col("_parts").list.last()
    )
    objs = objects.with_columns(_oparts=pl.col("path").str.split("/")).with_columns(_name=pl.col("_oparts").list.last())
    joined = objs.join(cands, on="_name", how="inner").with_columns(depth=_common_tail("_oparts", "_parts"))
    # Best: the most shared components; among those, a target matched whole (its full path below
    # the share root) beats one matched only by its last components.
    score = pl.col("depth") * 2 + (pl.col("depth") == pl.col("_parts").list.len()).cast(pl.Int32)
    best = joined.with_columns(_score=score).filter(pl.col("_score") == pl.col("_score").max().over("object_key"))
    return best.select("object_key", "ref", "depth").unique(["object_key", "ref"])


def file_candidates(relative_paths: Iterable[str]) -> pl.DataFrame:
    """Candidates for the files under a content folder: each file, and each folder above it."""
    files = pl.DataFrame({"ref": list(relative_paths)}, schema={"ref": pl.String})
    parts = files.with_columns(_p=normalise_path(pl.col("ref")).str.split("/"))
    depth = parts.select(pl.col("_p").list.len().max()).item() or 0
    frames = [parts.select(target=pl.col("ref"), ref=pl.col("ref"))]
    for n in range(1, int(depth)):
        frames.append(
            parts.filter(pl.col("_p").list.len() > n).select(
                target=pl.col("_p").list.head(n).list.join("/"), ref=pl.col("ref")
            )
        )
    return pl.concat(frames)


def results_frame(results: Iterable[tuple[str, DocumentResult, str]]) -> pl.DataFrame:
    """A results frame from ``(ref, result, origin)`` triples (one per document, not per grant)."""
    rows = [
        {
            "ref": ref,
            "status": r.status,
            "decision": r.decision,
            "sha256": r.sha256,
            "origin": origin,
            "versions": ", ".join(f"{k}@{v}" for k, v in sorted(r.itemlist_versions.items())),
            "findings": [
                {
                    "code": f.code,
                    "entry_code": f.entry_code,
                    "list": f.list,
                    "list_version": f.list_version,
                    "level": f.level,
                }
                for f in r.findings
            ],
        }
        for ref, r, origin in results
    ]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def content_frame(matches: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """Merge the results of each object's matched files into one content row per object.

    Args:
        matches: ``object_key, ref, depth`` (see ``match_objects``).
        results: Rows of ``RESULT_SCHEMA``.

    Returns:
        Rows of ``CONTENT_SCHEMA``; objects whose refs have no result are left out.
    """
    rank = {d: i for i, d in enumerate(DOCUMENT_OUTCOMES)}
    rows = matches.join(results, on="ref", how="inner").with_columns(
        _rank=pl.col("decision").replace_strict(rank, default=len(rank), return_dtype=pl.Int32),
        _ok=pl.col("status") == "screened",
    )
    out = (
        _merged(rows)
        .join(_flagged_lists(rows), on="object_key", how="left")
        .with_columns(pl.col("content_lists").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    )
    return out.select([pl.col(c).cast(t) for c, t in CONTENT_SCHEMA.items()])


def _flagged_lists(rows: pl.DataFrame) -> pl.DataFrame:
    """Per object: the lists of its flagged findings and their entry codes (``content_lists, content_codes``)."""
    flags = (
        rows.select("object_key", "findings")
        .explode("findings")
        .unnest("findings")
        .filter((pl.col("level") == "flag") & (pl.col("list") != ""))
    )
    return flags.group_by("object_key").agg(
        content_lists=pl.col("list").unique().sort(),
        content_codes=pl.format("{} (List {})", "entry_code", "list").unique().sort().str.join(", "),
    )


def _merged(rows: pl.DataFrame) -> pl.DataFrame:
    """Per object: status, the most serious decision, a note on what was matched, and all findings."""
    note = pl.format(
        "{} file(s) matched ({}), from the {}; checked against {}",
        pl.len(),
        pl.col("ref").sort().str.join(", "),
        pl.col("origin").unique().sort().str.join(" and the "),
        pl.col("versions").filter(pl.col("_ok")).unique().sort().str.join("; "),
    )
    return (
        rows.sort("_rank")
        .group_by("object_key")
        .agg(
            content_status=pl.when(pl.col("_ok").any()).then(pl.lit("screened")).otherwise(pl.lit("failed")),
            content_decision=pl.col("decision").filter(pl.col("_ok")).first(),
            content_note=note,
            findings=pl.col("findings").explode().drop_nulls().unique(maintain_order=True),
        )
    )


def empty_content() -> pl.DataFrame:
    """A content frame with no rows."""
    return pl.DataFrame(schema=CONTENT_SCHEMA)
