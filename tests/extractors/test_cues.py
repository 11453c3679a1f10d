"""Catch-all cues: military end use, weapons, WMD, defence customers; figurative uses left out."""

from __future__ import annotations

import json
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.analysis.cues import CUE_CATEGORIES, CUES, STRONG, Cue, find_catch_all_cues, strong_cues
from extractors.types import Document, Page, Sentence
from tests.paths import SHARED

SHARED = SHARED
DEV = SHARED / "data" / "eval" / "dev.jsonl"


class Case(TypedDict):
    text: str
    category: str | None  # the strongest cue's category; None: no strong cue at all


CASES: list[Case] = [
    # Strong cues.
    {"text": "The sensor is intended for military use on ships.", "category": "military_end_use"},
    {"text": "The radar will be delivered for the navy.", "category": "armed_forces"},
    {"text": "Funding comes from the Ministry of Defence.", "category": "defence_customer"},
    {"text": "Prosjektet gjøres sammen med Forsvarets forskningsinstitutt.", "category": "defence_customer"},
    {"text": "Resultatene skal brukes av Forsvaret.", "category": "armed_forces"},
    {"text": "Teknologien har militære anvendelser.", "category": "military_end_use"},
    {"text": "The partner is a defence contractor.", "category": "defence_customer"},
    {"text": "The coating protects warheads during re-entry.", "category": "weapons"},
    {"text": "Detection of nerve agents such as sarin.", "category": "wmd"},
    {"text": "The enzyme degrades chemical warfare agents.", "category": "wmd"},
    {"text": "Guidance for cruise missiles is discussed.", "category": "missile_delivery"},
    {"text": "This is a dual-use technology.", "category": "dual_use"},
    {"text": "Loitering munitions use the same navigation.", "category": "military_end_use"},
    {"text": "The algorithm supports electronic warfare.", "category": "military_end_use"},
    {"text": "Data are subject to ITAR.", "category": "dual_use"},
    # Weak cues only, or no cue: figurative and other senses, negation, history.
    {"text": "Human pressures include civil and military land use.", "category": None},
    {"text": "The war on cancer needs new drugs.", "category": None},
    {"text": "An evolutionary arms race between hosts and parasites.", "category": None},
    {"text": "The target audience is teenagers.", "category": None},
    {"text": "The defence of a thesis takes place in June.", "category": None},
    {"text": "Immune defence against pathogens was weakened.", "category": None},
    {"text": "Disputasforsvaret er i juni.", "category": None},
    {"text": "A 'bomb cyclone' hit the coast.", "category": None},
    {"text": "Interest turned to the 'torpedo' bats.", "category": None},
    {"text": "They stayed under the radar.", "category": None},
    {"text": "The T-shirts were navy blue.", "category": None},
    {"text": "Soldier ants defend the colony.", "category": None},
    {"text": "The Salvation Army runs shelters.", "category": None},
    {"text": "Targeted drugs are a magic bullet against cancer.", "category": None},
    {"text": "We foresee no military applications.", "category": None},
    {"text": "The tool is not intended for military use.", "category": None},
    {"text": "It has non-military applications only.", "category": None},
    {"text": "In 1943 the Allies bombed the plant with guided bombs and the armed forces attacked.", "category": None},
    {"text": "Tests follow NATO standardisation agreements with projectiles at 300 m/s.", "category": None},
    {"text": "Submarine canyons channel sediment.", "category": None},
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_catch_all_cues(case: Case) -> None:
    cues = find_catch_all_cues([Sentence(4, 3, case["text"])])
    strong = strong_cues(cues)
    assert (strong[0].category if strong else None) == case["category"], [(c.text, c.weight) for c in cues]
    for cue in cues:
        assert case["text"][cue.start : cue.end] == cue.text
        assert (cue.page, cue.sentence, cue.sentence_text) == (3, 4, case["text"])


def test_historical_sentences_halve_the_weight() -> None:
    now = find_catch_all_cues([Sentence(0, 1, "The warheads are tested.")])
    then = find_catch_all_cues([Sentence(0, 1, "In 1962 the warheads were tested.")])
    assert [c.weight for c in now] == [0.9]
    assert [(c.weight, c.context) for c in then] == [(0.45, "historical: 1962")]


def test_history_in_the_next_sentence_counts() -> None:
    sentences = [
        Sentence(0, 1, "Fransk militær etterretning fikk med seg tungtvann."),
        Sentence(1, 1, "Det var i 1940."),
    ]
    assert all(c.context.startswith("historical") for c in find_catch_all_cues(sentences))


def test_other_sense_in_a_neighbouring_sentence() -> None:
    sentences = [
        Sentence(0, 1, "Honeybee queens mate on the wing."),
        Sentence(1, 1, "We tracked armed drones across farmland."),
    ]
    # "armed drones" is a cue; "drones" here are bees by context, and the cue's words overlap them.
    assert find_catch_all_cues(sentences) == []
    assert [c.text for c in find_catch_all_cues(sentences[1:])] == ["armed drones"]


def test_specific_cue_takes_the_words_first() -> None:
    cues = find_catch_all_cues([Sentence(0, 1, "A surface-to-air missile and a missile.")])
    assert [(c.text, c.label) for c in cues] == [("surface-to-air missile", "missiles"), ("missile", "missile")]


def test_tables_are_consistent() -> None:
    assert {category for category, *_rest in CUES} == set(CUE_CATEGORIES)
    assert all(0 < weight <= 1 for _c, weight, _l, _p in CUES)


@pytest.mark.skipif(not DEV.exists(), reason=f"development set not found at {DEV} (set EXPORTSCREEN_SHARED)")
def test_no_strong_cue_on_benign_development_texts() -> None:
    from extractors.analysis.analyse import analyse
    from extractors.analysis.nlp import load_pipeline

    pipeline = load_pipeline()
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    benign = [r for r in rows if r["class"] == "benign"]
    assert benign
    for row in benign:
        analysis = analyse(Document(row["id"], "text", (Page(None, row["text"]),), "", 0), pipeline)
        assert strong_cues(find_catch_all_cues(analysis.sentences)) == [], row["id"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "military",
                    "use",
                    "for",
                    "the",
                    "navy",
                    "not",
                    "no",
                    "1943",
                    "bomb",
                    "cyclone",
                    "war",
                    "on",
                    "cancer",
                    "Forsvaret",
                    "av",
                    "dual-use",
                    "missile",
                    ".",
                    ",",
                    "honeybee",
                    "drones",
                ]
            )
        ).map(" ".join),
        max_size=5,
    )
    | st.lists(st.text(max_size=200), max_size=3)
)
def test_find_catch_all_cues_never_crashes(texts: list[str]) -> None:
    sentences = [Sentence(i, None, t) for i, t in enumerate(texts)]
    for cue in find_catch_all_cues(sentences):
        assert isinstance(cue, Cue) and cue.category in CUE_CATEGORIES and 0 < cue.weight <= 1
        assert texts[cue.sentence][cue.start : cue.end] == cue.text
    assert all(c.weight >= STRONG for c in strong_cues(find_catch_all_cues(sentences)))
