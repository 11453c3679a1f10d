"""The fitted scorer: a provision path's features combined by weights fitted on labelled documents.

The hand-set contributions of :data:`classifiers.documents.FEATURES` say which provision paths
are candidates at all (hand-set score at least :data:`CANDIDATE_SCORE`). Whether a path is a
finding someone should review is then decided by a logistic model fitted on the tune split of
the project's benchmarks (``make fit-scorer``, :mod:`tests.benchmarks.fit_scorer`), which also
chooses each entry's path among its candidates: its inputs (:data:`INPUTS`) are the features'
values and where in the document the evidence stands (the share of the document's sentences
with the path's terms, the item named in the lead or a heading, the share of the evidence in
references and licence text, the entry's rank; issue 14, "document-level judgement"). The weights are monotone where
the law demands it (a met threshold never lowers the score, a missed one never raises it),
and the output is calibrated on held-out folds, so a score of 0.8 means about 80 % of such
findings were right on the data it was fitted on.

The fitted weights are kept in ``classifiers/data/scorer.json`` with the item-list versions
and the benchmark they were fitted on. Without that file the hand-set score stands, and the
screening record says so.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

log = logging.getLogger(__name__)

#: A path whose hand-set score is below this is not a candidate finding at all (the fitted
#: scorer was fitted on candidates only).
CANDIDATE_SCORE = 0.2

#: Where the fitted scorer is kept (written by ``make fit-scorer``).
SCORER_PATH = Path(__file__).resolve().parent / "data" / "scorer.json"


def _count(column: str, most: int = 3) -> pl.Expr:
    return pl.min_horizontal(pl.col(column).cast(pl.Float64), pl.lit(float(most)))


#: The model's inputs: name -> (expression over the path frame, sign the law demands: +1 the
#: weight may not be negative, -1 not positive, 0 free, what it measures). Where the evidence
#: stands enters as ratios and yes/no facts, never as counts that grow with the document, so a
#: benign document does not become likelier to flag as it grows. (Sentence counts and the
#: document's length were tried: out-of-fold recall 0.54 against 0.52, but they taught the
#: model that long documents are benign and short ones controlled.)
INPUTS: dict[str, tuple[pl.Expr, int, str]] = {
    "term_evidence": (pl.col("evidence"), 1, "distinct terms of the path, the strongest counting most"),
    "item_named": (pl.col("item_grade"), 1, "the provision's item is named (1), its head noun only (0.5)"),
    "thresholds_met": (_count("thr_met"), 1, "numeric conditions met"),
    "thresholds_not_met": ((pl.col("thr_missed") > 0).cast(pl.Float64), -1, "a numeric condition clearly not met"),
    "military_use": (pl.col("military_adjust"), 1, "military-use context for a military provision"),
    "chemical_named": (pl.col("chemical_named").cast(pl.Float64), 1, "a chemical named by its listed name"),
    "unconditional_item": (
        pl.col("feature_value:unconditional_item"),
        1,
        "an item listed whatever its parameters, named",
    ),
    "conditions_unverified": (pl.col("unverified").cast(pl.Float64), -1, "conditions exist, none stated"),
    "own_conditions_unverified": (
        pl.col("feature_value:own_conditions_unverified"),
        -1,
        "the provision's own conditions unstated",
    ),
    "purpose_unstated": (_count("purpose_unstated"), -1, "what the item must be for is not stated"),
    "kind_unstated": (_count("kind_unstated"), -1, "the kind of item is not stated"),
    "other_branch": (_count("other_branch"), -1, "the text names a sibling branch's kind of item"),
    "specificity": (pl.col("best_contrib"), 1, "the strongest single term's weight"),
    "negated_mentions": (_count("negated_terms"), -1, "terms only mentioned in negation"),
    "prominent": (
        (pl.col("prominent_item_sentences") > 0).cast(pl.Float64),
        1,
        "the item named in the lead or a heading",
    ),
    "aside_share": (
        pl.col("aside_sentences").cast(pl.Float64) / pl.max_horizontal(pl.col("mention_sentences"), pl.lit(1)),
        -1,
        "share of the evidence in references, licence text or contents",
    ),
    "mention_density": (
        ((pl.col("mention_sentences").cast(pl.Float64) + 1.0) / (pl.col("doc_sentences").cast(pl.Float64) + 1.0)).log(),
        1,
        "sentences with the path's terms per sentence of the document (log)",
    ),
    "path_rank": (
        (pl.col("hand_rank").cast(pl.Float64)).log(),
        -1,
        "the path's place among the document's entries by evidence (log; 0 for the first)",
    ),
}


@dataclass(frozen=True)
class FittedScorer:
    """A fitted logistic model over :data:`INPUTS` with its calibration and cutoffs.

    Attributes:
        inputs: Input names (keys of :data:`INPUTS`), in weight order.
        means, scales: Standardisation of each input (value - mean) / scale.
        weights: One weight per standardised input.
        intercept: The model's intercept.
        calibration: (a, b): the calibrated score is ``1 / (1 + exp(-(a * z + b)))``.
        threshold: Calibrated score at or above which a path may flag (chosen on the tune split).
        cutoff: Calibrated score below which a path is not reported at all.
        fitted_on: What it was fitted on: item-list versions, benchmark digest, counts, command.
    """

    inputs: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    calibration: tuple[float, float]
    threshold: float
    cutoff: float
    fitted_on: dict

    def to_json(self) -> str:
        """The scorer as the JSON kept in ``classifiers/data/scorer.json``."""
        return json.dumps(
            {
                "inputs": list(self.inputs),
                "means": list(self.means),
                "scales": list(self.scales),
                "weights": list(self.weights),
                "intercept": self.intercept,
                "calibration": list(self.calibration),
                "threshold": self.threshold,
                "cutoff": self.cutoff,
                "fitted_on": self.fitted_on,
            },
            indent=2,
            sort_keys=False,
        )

    @classmethod
    def from_json(cls, text: str) -> FittedScorer:
        """Read a scorer written by :meth:`to_json`; unknown inputs are an error."""
        data = json.loads(text)
        unknown = sorted(set(data["inputs"]) - set(INPUTS))
        if unknown:
            raise ValueError(f"scorer inputs unknown to this version: {', '.join(unknown)}; run make fit-scorer")
        return cls(
            tuple(data["inputs"]),
            tuple(data["means"]),
            tuple(data["scales"]),
            tuple(data["weights"]),
            float(data["intercept"]),
            (float(data["calibration"][0]), float(data["calibration"][1])),
            float(data["threshold"]),
            float(data["cutoff"]),
            dict(data["fitted_on"]),
        )

    def contributions(self) -> list[pl.Expr]:
        """Each input's calibrated contribution to the logit, as ``model_contribution:<name>``."""
        a = self.calibration[0]
        return [
            (a * w * (INPUTS[name][0] - m) / s).alias(f"model_contribution:{name}")
            for name, m, s, w in zip(self.inputs, self.means, self.scales, self.weights, strict=True)
        ]

    def apply(self, paths: pl.DataFrame) -> pl.DataFrame:
        """Add ``model_value:<name>``, ``model_contribution:<name>``, ``model_z`` and the calibrated ``score``.

        The hand-set score is kept as ``hand_score``.
        """
        if paths.height == 0:
            return paths.with_columns(pl.lit(None, pl.Float64).alias("hand_score"))
        a, b = self.calibration
        paths = paths.with_columns(
            *(INPUTS[name][0].cast(pl.Float64).alias(f"model_value:{name}") for name in self.inputs),
            *self.contributions(),
        )
        z = pl.sum_horizontal(*(pl.col(f"model_contribution:{n}") for n in self.inputs)) + (a * self.intercept + b)
        return paths.with_columns(pl.col("score").alias("hand_score"), z.alias("model_z")).with_columns(
            (1.0 / (1.0 + (-pl.col("model_z")).exp())).alias("score")
        )

    def describe(self) -> str:
        """One line for the screening record: what fitted the scorer."""
        f = self.fitted_on
        versions = ", ".join(f"{k}@{v}" for k, v in sorted(f.get("itemlist_versions", {}).items()))
        return (
            f"fitted scorer ({len(self.inputs)} inputs; fitted on {f.get('documents', '?')} labelled texts "
            f"of the tune split with lists {versions}; flag at calibrated score >= {self.threshold:.2f})"
        )


def explain_model(row: dict, hand: tuple) -> tuple:
    """The findings' features of a path scored by the fitted model: each input's value and calibrated contribution.

    ``hand`` is the hand-set features' explanation (classifiers.documents.explain_features),
    whose sentences are reused for the inputs of the same name; the placement inputs say what
    was counted. The intercept comes first, as ``bias``.
    """
    from classifiers.types import Feature

    details = {f.name: f.detail for f in hand}
    placement = (
        f"{row.get('mention_sentences', 0)} of the document's {row.get('doc_sentences', 0)} sentences have this "
        f"path's terms, {row.get('item_sentences', 0)} name its item, {row.get('prominent_item_sentences', 0)} "
        f"of those in the lead or a heading, {row.get('aside_sentences', 0)} in references, licence text or contents."
    )
    out = [Feature("bias", 1.0, round(float(row["model_z"]) - _inputs_sum(row), 3), "Intercept of the fitted model.")]
    for name, (_expr, _sign, what) in INPUTS.items():
        column = f"model_contribution:{name}"
        if column not in row:
            continue
        detail = details.get(name) or f"{what[0].upper()}{what[1:]}. {placement}"
        out.append(Feature(name, round(float(row[f"model_value:{name}"]), 3), round(float(row[column]), 3), detail))
    return tuple(out)


def _inputs_sum(row: dict) -> float:
    return sum(float(v) for k, v in row.items() if k.startswith("model_contribution:"))


@cache
def load_scorer(path: Path = SCORER_PATH) -> FittedScorer | None:
    """The shipped fitted scorer, or None (logged) when there is none: the hand-set score then stands."""
    if not path.exists():
        log.warning("no fitted scorer at %s: using the hand-set scores (run make fit-scorer)", path)
        return None
    return FittedScorer.from_json(path.read_text(encoding="utf-8"))


def logit(p: float) -> float:
    """The logit of a probability strictly between 0 and 1."""
    return math.log(p / (1.0 - p))
