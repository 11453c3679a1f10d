"""Matching on a small, real reference built with the production index builder."""

import polars as pl

from classifiers.match import match_candidates
from classifiers.pairs import _joined_pairs
from classifiers.settings import ScreeningSettings
from extractors.analysis.nlp import load_pipeline
from extractors.analysis.terms import candidate_frame
from extractors.analysis.words import norm_keys
from itemlists.derive.index import build_term_index
from itemlists.reference import blocking_table, build_reference

PROVISIONS = pl.DataFrame(
    {
        "code": ["6A006", "6A006.a", "8A001"],
        "list": ["II", "II", "II"],
        "version": ["t", "t", "t"],
        "entry_code": ["6A006", "6A006", "8A001"],
        "parent": [None, "6A006", None],
        "depth": [0, 1, 0],
        "category": ["6", "6", "8"],
        "group": ["A", "A", "A"],
        "text": [
            "Magnetometers as follows:",
            "Optically pumped magnetometers having a noise floor",
            "Submersible vehicles",
        ],
        "notes": [[], [], []],
    }
)


def _reference():
    pipeline = load_pipeline()
    terms = build_term_index(PROVISIONS, None, pipeline)
    return build_reference(PROVISIONS, terms, None, {"II": "t"}), pipeline


def _reference_with(text_of_8a001: str):
    """The small reference with 8A001's text replaced."""
    provisions = PROVISIONS.with_columns(
        pl.when(pl.col("code") == "8A001").then(pl.lit(text_of_8a001)).otherwise(pl.col("text")).alias("text")
    )
    pipeline = load_pipeline()
    return build_reference(provisions, build_term_index(provisions, None, pipeline), None, {"II": "t"}), pipeline


def _candidates(text: str, pipeline):
    return candidate_frame(pipeline.nlp(text), page=1, first_index=0, tagged=pipeline.trained)


def test_exact_and_spelling_variant_match() -> None:
    reference, pipeline = _reference()
    candidates = _candidates("We built optically-pumped magnetometres for the survey.", pipeline)
    m = match_candidates(candidates, norm_keys(candidates), reference, ScreeningSettings()).frame()
    hit = m.filter(pl.col("term_norm") == "optically pumped magnetometer")
    assert hit.height and hit["code"][0] == "6A006.a"
    assert 0.88 <= hit["similarity"].max() < 1.0  # fuzzy, not exact: "magnetometre" vs "magnetometer"


def test_unrelated_words_are_not_compared_or_matched() -> None:
    reference, pipeline = _reference()
    candidates = _candidates("Honey bees foraged on clover in the meadow.", pipeline)
    m = match_candidates(candidates, norm_keys(candidates), reference, ScreeningSettings()).frame()
    assert m.height == 0


def test_blocking_leaves_out_words_common_to_many_terms() -> None:
    terms = pl.DataFrame({"norm": [f"common w{i}" for i in range(500)] + ["rare term"]})
    tokens = set(blocking_table(terms)["token"].to_list())
    assert "rare" in tokens and "common" not in tokens


def test_a_fuzzy_match_compares_terms_of_as_many_words() -> None:
    """"data management" is no spelling of "bus data management": words added or dropped are partial matches."""
    reference, pipeline = _reference_with("Bus data management equipment")
    candidates = _candidates("The data management of the survey is described.", pipeline)
    m = match_candidates(candidates, norm_keys(candidates), reference, ScreeningSettings()).frame()
    pair = m.filter((pl.col("norm") == "data management") & pl.col("term_norm").str.contains("bus data management"))
    assert pair.height == 0 or pair["similarity"].max() <= 0.7


def test_a_fuzzy_phrase_match_needs_every_word_to_be_a_spelling_of_the_other() -> None:
    """"milk-processing equipment" is 0.92 of "film processing equipment" as a string, but "milk" is no "film"."""
    reference, pipeline = _reference_with("Film processing equipment")
    settings = ScreeningSettings()
    for text, first, kept in (
        ("The milk-processing equipment is bought locally.", "milk", False),
        ("The flim-processing equipment was restored.", "flim", True),  # a misspelling still matches
    ):
        candidates = _candidates(text, pipeline)
        m = match_candidates(candidates, norm_keys(candidates), reference, settings).frame()
        pairs = m.filter((pl.col("term_norm") == "film processing equipment") & pl.col("norm").str.starts_with(first))
        assert (pairs.height > 0) == kept, (text, m.select("norm", "term_norm", "similarity"))


def test_an_open_compound_matches_the_lists_closed_one_and_back() -> None:
    """"Ebola virus" is the list's "Ebolavirus" (the same letters in the same order), and the other way round."""
    settings = ScreeningSettings()
    for listed, text, norm, term in (
        ("Ebolavirus vehicles", "We rescued a recombinant Ebola virus from cDNA.", "ebola virus", "ebolavirus"),
        ("Counter measure vehicles", "The countermeasures were tested.", "countermeasure", "counter measure"),
    ):
        reference, pipeline = _reference_with(listed)
        candidates = _candidates(text, pipeline)
        m = match_candidates(candidates, norm_keys(candidates), reference, settings).frame()
        pair = m.filter((pl.col("norm") == norm) & (pl.col("term_norm") == term))
        assert pair.height and pair["similarity"].max() == 1.0, m.select("norm", "term_norm", "similarity")


def test_joined_words_too_short_to_be_a_compound_do_not_match() -> None:
    """Two short words written together ("ox bow", 5 letters) are not taken for a listed closed word."""
    norms = pl.DataFrame({"norm": ["ox bow", "ebola virus", "ebolavirus"]})
    index = pl.DataFrame({"term_norm": ["oxbow", "ebolavirus"]})
    pairs = _joined_pairs(norms, index)
    # Only the open compound long enough, and never a term with itself (that is the exact match).
    assert pairs.select("norm", "term_norm").rows() == [("ebola virus", "ebolavirus")]
    assert pairs["similarity"].to_list() == [1.0]
