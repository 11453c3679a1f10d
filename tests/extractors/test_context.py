"""Negation and other-sense detection around candidate terms (extractors.analysis.context)."""

from __future__ import annotations

from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.analysis.context import (
    IDIOMS,
    has_stem,
    historical_cue,
    is_negated,
    negation_cue,
    other_sense,
    other_sense_spans,
    pattern_stems,
    sentence_senses,
    term_context,
)
from extractors.analysis.nlp import load_pipeline
from extractors.types import Sentence


class NegationCase(TypedDict):
    text: str
    term: str
    cue: str | None


NEGATION_CASES: list[NegationCase] = [
    {"text": "We do not use lasers in this work.", "term": "lasers", "cue": "not"},
    {"text": "We don't use lasers in this work.", "term": "lasers", "cue": "not"},
    {"text": "The device is not suitable for military use.", "term": "military", "cue": "not"},
    {"text": "The method works without a laser.", "term": "laser", "cue": "without"},
    {"text": "No qubits were entangled in the pilot run.", "term": "qubits", "cue": "no"},
    {"text": "The spacing was 2.5 mm and no laser was needed.", "term": "laser", "cue": "no"},
    {"text": "Neither lasers nor amplifiers are involved.", "term": "amplifiers", "cue": "nor"},
    # "any" after a negation keeps its scope open past a preposition (a negative-polarity item).
    {"text": "The project has no contact with any armed forces or armed groups.", "term": "armed forces",
     "cue": "no"},
    {"text": "Prosjektet har ingen kontakt med noen væpnede styrker.", "term": "væpnede styrker", "cue": "ingen"},
    {"text": "We used a laser with any wavelength between 1 and 2 um.", "term": "wavelength", "cue": None},
    {"text": "The drone was delivered to the armed forces.", "term": "armed forces", "cue": None},
    {"text": "There is no doubt that any armed forces would use it.", "term": "armed forces", "cue": None},
    {"text": "A mercury-free route to lithium-6.", "term": "mercury", "cue": "-free"},
    {"text": "The process is free of mercury.", "term": "mercury", "cue": "free of"},
    {"text": "DMMP is used as co-solvent instead of a minor additive.", "term": "additive", "cue": "instead of"},
    {"text": "The lasers were not used in the final setup.", "term": "lasers", "cue": "were not used"},
    {"text": "It has non-military applications.", "term": "military", "cue": "non-"},
    {"text": "Vi bruker ikke laser i forsøket.", "term": "laser", "cue": "ikke"},
    {"text": "Systemet fungerer uten laser.", "term": "laser", "cue": "uten"},
    {"text": "Det finnes ingen kvantebiter i oppsettet.", "term": "kvantebiter", "cue": "ingen"},
    # Not negated: the negation governs something else, bounds a number, or hedges.
    {"text": "The pump laser delivers 2 kW.", "term": "laser", "cue": None},
    {"text": "We observed no change in laser power.", "term": "laser", "cue": None},
    {"text": "Output power not exceeding 1 kW from the laser.", "term": "laser", "cue": None},
    {"text": "The laser gives no more than 500 W.", "term": "laser", "cue": None},
    {"text": "Not only lasers but also amplifiers were built.", "term": "lasers", "cue": None},
    {"text": "It cannot be ruled out that lasers are involved.", "term": "lasers", "cue": None},
    {"text": "We used no amplifiers, but lasers.", "term": "lasers", "cue": None},
    {"text": "This did not work, so we used a laser.", "term": "laser", "cue": None},
    {"text": "We did not cool the sample and used a 2 kW laser.", "term": "laser", "cue": None},
    {"text": "Vi kjølte ikke prøven og brukte en laser.", "term": "laser", "cue": None},
    {"text": "Whether or not the laser is stable depends on cooling.", "term": "laser", "cue": None},
]


@pytest.mark.parametrize("case", NEGATION_CASES, ids=lambda c: c["text"][:40])
def test_negation(case: NegationCase) -> None:
    start = case["text"].rindex(case["term"])
    end = start + len(case["term"])
    assert negation_cue(case["text"], start, end) == case["cue"]
    assert is_negated(case["text"], start, end) is (case["cue"] is not None)


class SenseCase(TypedDict):
    text: str
    word: str
    other: bool


SENSE_CASES: list[SenseCase] = [
    {"text": "The team stayed laser-focused on outcomes.", "word": "laser", "other": True},
    {"text": "Managers kept a laser focus on costs.", "word": "laser", "other": True},
    {"text": "The laser focus was moved by 10 um.", "word": "laser", "other": False},
    {"text": "Changes in the nuclear family after divorce.", "word": "nuclear", "other": True},
    {"text": "Nuclear magnetic resonance confirmed the structure.", "word": "Nuclear", "other": True},
    {"text": "The nuclear reactor core was refuelled.", "word": "nuclear", "other": False},
    {"text": "Honeybee males (drones) meet virgin queens in the air.", "word": "drones", "other": True},
    {"text": "Drones surveyed the coastline from 120 m altitude.", "word": "Drones", "other": False},
    {"text": "Serve with rocket salad and lemon.", "word": "rocket", "other": True},
    {"text": "The rocket engine burned for 40 s.", "word": "rocket", "other": False},
    {"text": "They preferred to stay under the radar.", "word": "radar", "other": True},
    {"text": "The radar cross-section was reduced.", "word": "radar", "other": False},
    {"text": "Interest turned to the 'torpedo' bats of the batters.", "word": "torpedo", "other": True},
    {"text": "The submarine fired a torpedo at the target.", "word": "torpedo", "other": False},
    {"text": "A 'bomb cyclone' deepened by 24 millibars.", "word": "bomb", "other": True},
    {"text": "The immune defence against pathogens was weakened.", "word": "defence", "other": True},
    {"text": "The defence industry funds the project.", "word": "defence", "other": False},
    {"text": "Disputasforsvaret finner sted i juni.", "word": "Disputasforsvaret", "other": True},
    {"text": "Gene set enrichment analysis found 12 pathways.", "word": "enrichment", "other": True},
    {"text": "Uranium enrichment by gas centrifuges.", "word": "enrichment", "other": False},
    {"text": "Samples were centrifuged at 3000 g.", "word": "centrifuged", "other": True},
    {"text": "Stealth marketing hides the sponsor.", "word": "Stealth", "other": True},
    {"text": "Stealth coatings reduce the radar signature.", "word": "Stealth", "other": False},
    {"text": "Mitochondrial fission increased.", "word": "fission", "other": True},
    {"text": "Heat from fission in the core.", "word": "fission", "other": False},
    {"text": "Heat loads on a spherical tokamak approaching reactor conditions.", "word": "reactor", "other": True},
    {"text": "Bats adjust their sonar beam while chasing prey.", "word": "sonar", "other": True},
    {"text": "The hull-mounted sonar detects objects at 2 km.", "word": "sonar", "other": False},
]


@pytest.mark.parametrize("case", SENSE_CASES, ids=lambda c: c["text"][:40])
def test_other_sense(case: SenseCase) -> None:
    start = case["text"].index(case["word"])
    label = other_sense(case["text"], start, start + len(case["word"]))
    assert (label is not None) is case["other"], label
    spans = other_sense_spans(case["text"])
    assert any(s == start for s, _e, _l in spans) is case["other"]


def test_other_sense_spans_cover_the_word_only() -> None:
    text = "they preferred to stay under the radar"
    assert other_sense_spans(text) == [(33, 38, "idiom: under the radar")]


def test_sentence_senses_look_at_neighbouring_sentences() -> None:
    sentences = [
        Sentence(0, 1, "Honeybee queens mate in flight."),
        Sentence(1, 1, "Males assemble at congregation areas."),
        Sentence(2, 1, "With harmonic radar we tracked individual drones across farmland."),
        Sentence(3, 1, "The farmland was flat."),
    ]
    senses = sentence_senses(sentences, window=2)
    text = sentences[2].text
    assert [text[s:e] for s, e, _label in senses[2]] == ["drones"]
    assert sentence_senses(sentences, window=0) == {}


def test_term_context_accepts_spacy_spans() -> None:
    nlp = load_pipeline("blank").nlp
    doc = nlp("Intro sentence here. We do not use lasers; the nuclear family was studied.")
    sent = list(doc.sents)[1]
    lasers = doc.char_span(doc.text.index("lasers"), doc.text.index("lasers") + 6)
    nuclear = doc.char_span(doc.text.index("nuclear"), doc.text.index("nuclear") + 7)
    assert lasers is not None and nuclear is not None
    first = term_context(sent, lasers)
    assert (first.negated, first.negation, first.other_sense) == (True, "not", "")
    second = term_context(sent, nuclear)
    assert second.negated is False and "nuclear" in second.other_sense
    assert term_context(doc.text, (doc.text.index("lasers"), doc.text.index("lasers") + 6)).negated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 1943 the plant was sabotaged.", "1943"),
        ("A historical study of the Cold War.", "historical"),
        ("Hvordan opplevde de krigsårene?", "krigsårene"),
        ("The amplifier was built in 2019.", None),
        ("We measured 1943 nm light.", "1943"),  # a number that looks like a year: accepted noise
    ],
)
def test_historical_cue(text: str, expected: str | None) -> None:
    assert historical_cue(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.integers(-5, 320), st.integers(-5, 320))
def test_negation_never_crashes(text: str, start: int, length: int) -> None:
    cue = negation_cue(text, start, start + abs(length))
    assert cue is None or isinstance(cue, str)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"abdefnorstu -'\".,;:()\n", "radar", "laser", "drone", "not ", "under the "])).map(
        "".join
    )
)
def test_other_sense_spans_are_in_bounds_and_sorted(text: str) -> None:
    spans = other_sense_spans(text)
    assert spans == sorted(spans)
    for start, end, label in spans:
        assert 0 <= start < end <= len(text) and label


@pytest.mark.parametrize(
    ("pattern", "stems"),
    [
        (r"\bnuclear\s+famil(?:y|ies)|\b(?:atomic|atom)\s+bomb", ("nuclear", "atomic", "atom")),
        (r"\blasers?\b", ("laser",)),
        (r"(?-i:\bFFI\b)|\bdefen[cs]e\s+industry", ("ffi", "defen")),
        (r"(?<!board-)certified", ("certified",)),
        (r"\b(?:big\s+)?guns?", None),  # an optional group gives no required word
        (r"\b\w+laboratori", None),
    ],
)
def test_pattern_stems(pattern: str, stems: tuple[str, ...] | None) -> None:
    assert pattern_stems(pattern) == stems


def test_stem_pretest_never_hides_a_match() -> None:
    """Every table pattern that matches a text has one of its stems in that text."""
    import re

    from extractors.analysis.cues import CUES as CATCH_ALL
    from extractors.analysis.trl import CUES as TRL_CUES
    from tests.extractors.test_cues import CASES as CUE_CASES
    from tests.extractors.test_trl import CASES as TRL_CASES

    texts = [c["text"] for c in NEGATION_CASES] + [c["text"] for c in SENSE_CASES]
    texts += [c["text"] for c in CUE_CASES] + [t for c in TRL_CASES for t in c["texts"]]
    texts += ["Sjøforsvaret og Hæren", "sulphur mustard", "re-entry vehicles", "armour-piercing", "TRL 4 i drift"]
    patterns = [p for p, _l in IDIOMS] + [p for *_r, p in CATCH_ALL] + [p for *_r, p in TRL_CUES]
    for pattern in patterns:
        compiled, stems = re.compile(pattern, re.IGNORECASE), pattern_stems(pattern)
        for text in texts:
            if compiled.search(text):
                assert has_stem(text.lower(), stems), (pattern, text)
