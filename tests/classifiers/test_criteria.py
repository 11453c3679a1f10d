"""A "with a X" criterion the document negates holds its path back (classifiers.documents.criteria)."""

from __future__ import annotations

import pytest

from classifiers.documents.criteria import contradicted_criteria, negated_nouns, path_contradicted
from extractors.types import Sentence
from flows.pipeline import screen_document, shared_reference
from tests.benchmarks.corpus import _text_document


@pytest.mark.parametrize(("text", "nouns"), [
    ("An untethered AUV", {"tether"}),
    ("It runs without a tether and is tetherless.", {"tether"}),
    ("No tether is used; the un-tethered vehicle", {"tether"}),
    ("A tethered ROV with a tether", set()),
])
def test_negated_nouns(text: str, nouns: set[str]) -> None:
    assert negated_nouns([Sentence(0, 1, text)]) == frozenset(nouns)


def test_a_negated_criterion_blocks_its_path_and_its_all_of_siblings() -> None:
    reference = shared_reference()
    contradicted = contradicted_criteria([Sentence(0, 1, "an untethered vehicle")], reference.provisions)
    assert contradicted == {"8A001.c.2.a"}
    assert path_contradicted("8A001.c.2.b", contradicted, reference.conjunctive)  # a sibling under "all of"
    assert path_contradicted("8A001.c.2.a", contradicted, reference.conjunctive)
    assert not path_contradicted("8A001.c.1.a", contradicted, reference.conjunctive)  # the untethered branch
    # A provision worded as a negation is not contradicted by the same negation in the text.
    assert contradicted_criteria([Sentence(0, 1, "without real-time human assistance")], reference.provisions) == set()


def test_an_untethered_deep_auv_is_not_flagged_on_the_tethered_branch() -> None:
    from flows.pipeline import make_context

    text = ("We develop an untethered unmanned submersible vehicle designed to operate at depths exceeding "
            "1000 m, 3000 m in sea trials, with self-propelled manoeuvre by thrusters.")
    result = screen_document(_text_document("auv", text), make_context())
    assert not [f for f in result.flags if f.code.startswith("8A001.c.2")]
    tethered = screen_document(_text_document("rov", text.replace("untethered", "tethered")), make_context())
    assert [f for f in tethered.findings if f.code.startswith("8A001.c.2")]
