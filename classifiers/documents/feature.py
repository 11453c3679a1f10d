"""What a scoring feature is: how it is computed on a provision path and how it is explained.

A feature module holds one :class:`ScoreFeature` named ``FEATURE``; the registry
``classifiers.documents.FEATURES`` lists them in the order findings show them, and the scorer
(:func:`classifiers.documents.score_paths`) sums their contributions. Adding a feature takes
two places: its module and its line in ``FEATURES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

#: A scored path as findings read it: column name -> value (``DataFrame.iter_rows(named=True)``).
PathRow = dict[str, Any]


@dataclass(frozen=True)
class PathContext:
    """What the features know about the document and the lists beside the path's own columns.

    Attributes:
        military: Whether the document has a military-use context (None: not judged).
        exact_only: Codes of chemical provisions named by CAS number (exact names only).
        conditional: Codes whose conditions live in another provision or in their sub-items.
        zones: Where each sentence of the document stands (extractors.analysis.zones), by index.
        conjunctive: Codes whose sub-items all hold together ("having all of the following").
        contradicted: Codes whose "with a X" criterion the document negates
            (classifiers.documents.criteria: "untethered" against "with a tether").
    """

    military: bool | None = None
    exact_only: frozenset[str] = frozenset()
    conditional: frozenset[str] = frozenset()
    zones: tuple[str, ...] = ()
    conjunctive: frozenset[str] = frozenset()
    contradicted: frozenset[str] = frozenset()


def _no_columns(_context: PathContext) -> tuple[pl.Expr, ...]:
    return ()


@dataclass(frozen=True)
class ScoreFeature:
    """One named ingredient of a path's score.

    Attributes:
        name: The feature's name in findings and reports ("term_evidence").
        value: Its value on a path, as a Polars expression over the path frame.
        contribution: What it adds to the logit (negative: takes away), as an expression.
        explain: One sentence on what was measured, from the scored path's row.
        derive: Columns the feature computes first, in registry order (later features may
            read them), from the path frame and the :class:`PathContext`.
    """

    name: str
    value: pl.Expr
    contribution: pl.Expr
    explain: Callable[[PathRow], str]
    derive: Callable[[PathContext], tuple[pl.Expr, ...]] = field(default=_no_columns)

    @property
    def value_column(self) -> str:
        """The path frame's column holding this feature's value."""
        return f"feature_value:{self.name}"

    @property
    def contribution_column(self) -> str:
        """The path frame's column holding this feature's contribution."""
        return f"feature_contribution:{self.name}"


def flag(column: str, amount: float) -> pl.Expr:
    """``amount`` where the Boolean ``column`` holds, else 0.0 (a bonus or penalty for a yes/no fact)."""
    return pl.when(pl.col(column)).then(pl.lit(amount)).otherwise(pl.lit(0.0))


def per_level(column: str, amount: float, most: int = 2) -> pl.Expr:
    """``amount`` times the count in ``column``, counting at most ``most``."""
    return amount * pl.min_horizontal(pl.col(column), pl.lit(most))


def _texts(column: str, stated: str, otherwise: str) -> Callable[[PathRow], str]:
    """An explanation: ``stated`` filled in from the row where ``column`` is set (non-zero), else ``otherwise``."""

    def explain(row: PathRow) -> str:
        return stated.format_map(row) if row.get(column) else otherwise

    return explain


def yes_no_feature(
    name: str,
    column: str,
    amount: float,
    texts: tuple[str, str],
    derive: Callable[[PathContext], tuple[pl.Expr, ...]] = _no_columns,
) -> ScoreFeature:
    """A feature for a yes/no fact in the Boolean ``column``: ``amount`` when it holds.

    ``texts`` are the explanation when it holds (a format string over the path's row) and when not.
    """
    return ScoreFeature(name, pl.col(column).cast(pl.Float64), flag(column, amount), _texts(column, *texts), derive)


def counted_feature(name: str, column: str, amount: float, texts: tuple[str, str]) -> ScoreFeature:
    """A feature for a count in ``column`` (at most two count): ``amount`` per level.

    ``texts`` are the explanation when the count is not zero (a format string over the row) and when it is.
    """
    return ScoreFeature(name, pl.col(column).cast(pl.Float64), per_level(column, amount), _texts(column, *texts))
