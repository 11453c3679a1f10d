"""The fitted scorer (classifiers/data/scorer.json): what it was fitted on, its signs, its use in screening."""

from __future__ import annotations

import json

import polars as pl
import pytest

from classifiers.model import INPUTS, SCORER_PATH, FittedScorer, load_scorer
from classifiers.screening import classify
from classifiers.settings import ScreeningSettings, cutoffs
from flows.pipeline import make_context, shared_reference


def _scorer() -> FittedScorer:
    scorer = load_scorer()
    assert scorer is not None, f"no fitted scorer at {SCORER_PATH}: run make fit-scorer"
    return scorer


def test_the_shipped_scorer_was_fitted_on_the_bundled_lists() -> None:
    scorer = _scorer()
    assert scorer.fitted_on["itemlist_versions"] == dict(shared_reference().versions)
    assert scorer.fitted_on["command"] == "make fit-scorer"
    assert 0.0 < scorer.cutoff <= scorer.threshold < 1.0


def test_weights_keep_the_signs_the_law_demands() -> None:
    scorer = _scorer()
    for name, weight in zip(scorer.inputs, scorer.weights, strict=True):
        sign = INPUTS[name][1]
        assert weight * sign >= 0.0, f"{name}: weight {weight} against sign {sign}"


def _row(**values: float) -> pl.DataFrame:
    base = {
        "evidence": 1.0, "item_grade": 1.0, "thr_met": 0, "thr_missed": 0, "military_adjust": 0.0,
        "chemical_named": False, "feature_value:unconditional_item": 0.0, "unverified": False,
        "feature_value:own_conditions_unverified": 0.0, "purpose_unstated": 0, "kind_unstated": 0,
        "other_branch": 0, "best_contrib": 0.8, "negated_terms": 0, "item_sentences": 3,
        "prominent_item_sentences": 1, "aside_sentences": 0, "mention_sentences": 4, "doc_sentences": 40,
        "score": 0.7, "hand_rank": 1,
    }
    base.update(values)
    return pl.DataFrame([base])


def test_a_met_threshold_never_lowers_and_a_missed_one_never_raises_the_score() -> None:
    scorer = _scorer()
    plain = scorer.apply(_row())["score"][0]
    assert scorer.apply(_row(thr_met=2))["score"][0] >= plain
    assert scorer.apply(_row(thr_missed=1))["score"][0] <= plain
    assert scorer.apply(_row(aside_sentences=4))["score"][0] <= plain


def test_the_json_round_trips_and_unknown_inputs_are_refused() -> None:
    scorer = _scorer()
    assert FittedScorer.from_json(scorer.to_json()) == scorer
    data = json.loads(scorer.to_json())
    data["inputs"][0] = "no_such_input"
    with pytest.raises(ValueError, match="no_such_input"):
        FittedScorer.from_json(json.dumps(data))


def test_the_thresholds_in_force_come_from_the_scorer_unless_the_user_sets_them() -> None:
    scorer = _scorer()
    fitted = (scorer.cutoff, scorer.threshold)
    assert cutoffs(ScreeningSettings(), fitted).threshold == scorer.threshold
    assert cutoffs(ScreeningSettings(threshold=0.9), fitted).threshold == 0.9
    assert cutoffs(ScreeningSettings(), None).threshold == 0.60


def test_screening_records_the_fitted_scorer_and_explains_its_inputs() -> None:
    from extractors.analysis.analyse import analyse
    from extractors.types import Document, Page

    text = (
        "A 3 kW single-mode ytterbium fibre laser with an average output power of 3000 W.\n\n"
        "We describe the fibre laser design, its pump combiner and the measured average output power."
    )
    context = make_context()
    document = Document("laser.txt", "text", (Page(None, text),), "0" * 64, len(text))
    result = classify(analyse(document, context.pipeline), context.reference)
    assert "fitted scorer" in result.checked
    laser = [f for f in result.findings if f.entry_code == "6A005"]
    assert laser, result.findings
    names = {f.name for f in laser[0].features}
    assert {"bias", "thresholds_met", "prominent", "mention_density"} <= names
