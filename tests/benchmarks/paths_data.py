"""The scored provision paths of every labelled text, with their labels: the data a scorer is fitted on.

One row per (text, provision path) whose hand-set score is at least ``CANDIDATE_SCORE``:
every feature's value (``feature_value:<name>``), the placement counts, the gates
(``may_flag``) and the label ``right`` (the text is controlled and the entry is one its
label expects).

    python -m tests.benchmarks.paths_data --shared ../shared --out /tmp/paths.parquet
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from classifiers.findings import may_flag
from classifiers.model import CANDIDATE_SCORE
from classifiers.screening import score_paths
from classifiers.settings import ScreeningSettings
from flows.pipeline import make_context
from tests.benchmarks.corpus import Labelled, analysis_of, labelled


def path_rows(item: Labelled, settings: ScreeningSettings) -> pl.DataFrame:
    """The candidate paths of one labelled text with its label columns."""
    context = make_context(settings)
    assert item.document is not None
    analysis = analysis_of(item.document)
    seen: list[pl.DataFrame] = []
    score_paths(analysis, context.reference, settings, observe=seen.append)
    if not seen:
        return pl.DataFrame()
    # Every candidate path (not only each entry's best): the fitted scorer chooses among them.
    paths = seen[-1].rename({"target": "code"}).filter(pl.col("score") >= CANDIDATE_SCORE)
    paths = paths.with_columns(pl.col("score").alias("hand_score"))
    if paths.height == 0:
        return pl.DataFrame()
    gates = [may_flag(row) for row in paths.iter_rows(named=True)]
    return paths.with_columns(
        pl.Series("may_flag", gates, dtype=pl.Boolean),
        pl.lit(item.source).alias("source"),
        pl.lit(item.id).alias("id"),
        pl.lit(item.split).alias("split"),
        pl.lit(item.klass).alias("class"),
        pl.lit(item.language).alias("language"),
        pl.lit(item.long).alias("long"),
        (pl.lit(item.klass == "controlled") & pl.col("entry_code").is_in(list(item.expected))).alias("right"),
    )


def documents_frame(shared: Path | None) -> pl.DataFrame:
    """One row per labelled text (for per-document figures: texts without any candidate count too)."""
    return pl.DataFrame(
        [
            {
                "source": i.source,
                "id": i.id,
                "split": i.split,
                "class": i.klass,
                "language": i.language,
                "long": i.long,
                "expected": list(i.expected),
                "readable": i.document is not None,
            }
            for i in labelled(shared)
        ]
    )


def build(shared: Path | None, settings: ScreeningSettings | None = None) -> pl.DataFrame:
    """The candidate paths of every readable labelled text.

    Scored with the hand-set weights whatever scorer is installed, so fitting does not depend
    on the scorer it replaces (``make fit-scorer`` gives the same file twice).
    """
    settings = settings or ScreeningSettings(scorer="hand")
    frames = [path_rows(item, settings) for item in labelled(shared) if item.document is not None]
    return pl.concat([f for f in frames if f.height], how="diagonal_relaxed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    frame = build(args.shared)
    frame.write_parquet(args.out)
    documents_frame(args.shared).write_parquet(args.out.with_suffix(".documents.parquet"))
    print(f"{frame.height} candidate paths from {frame['id'].n_unique()} texts -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
