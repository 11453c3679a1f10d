"""Where the content of shared objects comes from: a local mirror of the share, or the results store.

Content of a shared object comes from (1) a file matched under ``content_dir``, reusing a stored
result for the same sha256 or screening it now (with the ``screen`` function the caller passes,
which also stores what it screened), else (2) a document screened earlier whose stored path
matches the object by path or name (``stored``), else nothing: the grant is then
``content_not_screened``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.grants.content import (
    content_frame,
    empty_content,
    file_candidates,
    match_objects,
    results_frame,
    shared_objects,
)
from classifiers.grants.types import RESULT_SCHEMA
from classifiers.types import DocumentResult
from extractors.documents.hashing import sha256_file
from extractors.shares.io import visible_files

#: Screens content files (and stores the results): one result per path, in order.
Screen = Callable[[list[Path]], list[DocumentResult]]
#: A screened document as the results store gives it: ``path, sha256, decision, versions, findings``.
StoredContent = Mapping[str, Any]


def resolve_content(
    grants: pl.DataFrame | pl.LazyFrame, content_dir: str | Path | None, stored: Sequence[StoredContent], screen: Screen
) -> pl.DataFrame:
    """The content frame of every shared object that has a screening result (see module doc).

    Args:
        grants: Rows of ``extractors.shares.GRANT_SCHEMA`` (lazy for a large scan).
        content_dir: A local mirror of the shared folders, or None.
        stored: Documents screened earlier (``reports.store.grants.screened_contents``).
        screen: Screens (and stores) the mirrored files that have no stored result.

    Returns:
        Rows of ``CONTENT_SCHEMA``.
    """
    objects = shared_objects(grants)
    matches, results = [], []
    if content_dir is not None and objects.height:
        m, r = _from_folder(objects, Path(content_dir), stored, screen)
        matches.append(m)
        results.append(r)
        objects = objects.join(m.select("object_key").unique(), on="object_key", how="anti")
    if stored and objects.height:
        candidates = pl.DataFrame(
            {"target": [s["path"] for s in stored], "ref": [f"store:{s['sha256']}" for s in stored]}
        )
        matches.append(match_objects(objects, candidates))
        results.append(_stored_results([(f"store:{s['sha256']}", s) for s in stored], "results store"))
    if not matches:
        return empty_content()
    return content_frame(pl.concat(matches), pl.concat(results).unique("ref", keep="first"))


def _stored_results(pairs: list[tuple[str, StoredContent]], origin: str) -> pl.DataFrame:
    """A results frame from ``(ref, stored document)`` pairs."""
    keys = ("decision", "sha256", "versions", "findings")
    rows = [{"ref": ref, "status": "screened", "origin": origin, **{k: s[k] for k in keys}} for ref, s in pairs]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def _from_folder(
    objects: pl.DataFrame, root: Path, stored: Sequence[StoredContent], screen: Screen
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Match objects to files under ``root``; reuse stored results by sha256, screen the rest."""
    rel = {p.relative_to(root).as_posix(): p for p in visible_files(root, recursive=True)}
    matches = match_objects(objects, file_candidates(rel))
    needed = sorted(set(matches["ref"].to_list()))
    by_sha = {s["sha256"]: s for s in stored}
    sha = {ref: sha256_file(rel[ref]) for ref in needed}
    known = [(ref, by_sha[h]) for ref, h in sha.items() if h in by_sha]
    fresh = [ref for ref, h in sha.items() if h not in by_sha]
    frames = [_stored_results(known, "results store (same sha256)")]
    if fresh:
        screened = screen([rel[r] for r in fresh])
        frames.append(results_frame(zip(fresh, screened, ["content folder"] * len(fresh), strict=True)))
    return matches, pl.concat(frames)
