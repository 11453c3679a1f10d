"""``make fit-scorer`` (tests/benchmarks/fit_scorer.py): deterministic, monotone, benign target met (long too)."""

from __future__ import annotations

import numpy as np
import polars as pl

from classifiers.model import INPUTS, FittedScorer
from tests.benchmarks.fit_scorer import BENIGN_TARGET, fit


def _data(seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Synthetic candidate paths: controlled texts' right paths have met thresholds and dense evidence."""
    rng = np.random.default_rng(seed)
    rows, docs = [], []
    for d in range(90):
        klass = ("controlled", "near_miss", "benign")[d % 3]
        doc_id = f"doc-{d}"
        docs.append(
            {"id": doc_id, "split": "tune", "source": "inbox", "readable": True, "class": klass, "long": d % 2 == 1}
        )
        for p in range(4):
            right = klass == "controlled" and p == 0
            mentions = int(rng.integers(1, 4)) + (6 if right else 0)
            rows.append(
                {
                    "id": doc_id,
                    "split": "tune",
                    "source": "inbox",
                    "class": klass,
                    "list": "II",
                    "entry_code": f"6A00{p}",
                    "code": f"6A00{p}.a",
                    "depth": 1,
                    "hand_score": 0.5,
                    "may_flag": True,
                    "right": right,
                    "evidence": float(rng.uniform(0.5, 2.0)),
                    "item_grade": 1.0,
                    "thr_met": int(right or rng.random() < 0.2),
                    "thr_missed": 0,
                    "military_adjust": 0.0,
                    "chemical_named": False,
                    "feature_value:unconditional_item": 0.0,
                    "unverified": False,
                    "deciding_unstated": False,
                    "contradicted": False,
                    "feature_value:own_conditions_unverified": 0.0,
                    "purpose_unstated": 0,
                    "kind_unstated": int(rng.random() < 0.3),
                    "other_branch": 0,
                    "best_contrib": float(rng.uniform(0.3, 1.0)),
                    "negated_terms": 0,
                    "prominent_item_sentences": int(right),
                    "aside_sentences": 0,
                    "mention_sentences": mentions,
                    "doc_sentences": 40,
                    "hand_rank": p + 1,
                }
            )
    return pl.DataFrame(rows), pl.DataFrame(docs)


def test_the_fit_is_deterministic_monotone_and_meets_the_benign_target() -> None:
    paths, docs = _data()
    first, figures = fit(paths, docs, {"II": "2025-11-15"})
    again, _ = fit(paths, docs, {"II": "2025-11-15"})
    assert first == again
    for name, weight in zip(first.inputs, first.weights, strict=True):
        assert weight * INPUTS[name][1] >= 0.0, name
    assert figures["at_threshold"]["benign"] <= BENIGN_TARGET
    # ... also among the long documents (the issue asks it of long real documents too).
    assert figures["long_curve"][figures["threshold"]]["benign"] <= BENIGN_TARGET
    assert figures["at_threshold"]["controlled"] > 0.5
    assert FittedScorer.from_json(first.to_json()) == first
    assert first.fitted_on["itemlist_versions"] == {"II": "2025-11-15"}
