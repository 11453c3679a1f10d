"""Technology readiness level from text, and the licence rule it implies (extractors.analysis.trl)."""

from __future__ import annotations

from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.documents.trl import resolve_trl, trl_rule
from extractors.analysis.trl import CUES, TrlEstimate, infer_trl, trl_cues
from extractors.types import Sentence


class Case(TypedDict):
    texts: list[str]
    level: int | None
    cue: str


CASES: list[Case] = [
    # Explicit statements win, the highest stated.
    {"texts": ["The demonstrator is at TRL 4."], "level": 4, "cue": "TRL 4"},
    {"texts": ["We will raise the technology from TRL-3 to TRL 6."], "level": 6, "cue": "TRL-3 to TRL 6"},
    {
        "texts": ["A prototype exists.", "The technology readiness level is 3."],
        "level": 3,
        "cue": "technology readiness level is 3",
    },
    {"texts": ["Prosjektet er på teknologisk modenhetsnivå 5."], "level": 5, "cue": "teknologisk modenhetsnivå 5"},
    {
        "texts": ["It has not yet reached TRL 6.", "A laboratory prototype was built."],
        "level": 4,
        "cue": "laboratory prototype",
    },
    {
        "texts": ["TRL 1-9 is the NASA scale.", "This theoretical paper derives bounds."],
        "level": 1,
        "cue": "This theoretical paper",
    },
    # Implicit cues, highest level wins.
    {
        "texts": ["Basic principles were observed in a simple model."],
        "level": 1,
        "cue": "Basic principles were observed",
    },
    {"texts": ["This is basic research on spin chains."], "level": 1, "cue": "basic research"},
    {"texts": ["A technology concept was formulated for the sensor."], "level": 2, "cue": "technology concept"},
    {"texts": ["We give an experimental proof of concept."], "level": 3, "cue": "experimental proof"},
    {"texts": ["The amplifier was validated in the laboratory."], "level": 4, "cue": "validated in the laboratory"},
    {"texts": ["Two amplifiers were fabricated and measured."], "level": 4, "cue": "fabricated and measured"},
    {
        "texts": ["The system was validated in a relevant environment."],
        "level": 5,
        "cue": "validated in a relevant environment",
    },
    {"texts": ["The pilot experiment worked.", "Field trials followed at sea."], "level": 5, "cue": "Field trials"},
    {
        "texts": ["A prototype was demonstrated in a relevant environment."],
        "level": 6,
        "cue": "demonstrated in a relevant environment",
    },
    {"texts": ["This report covers the prototype's maiden flight."], "level": 6, "cue": "maiden flight"},
    {
        "texts": ["Prototype demonstration in an operational environment followed."],
        "level": 7,
        "cue": "Prototype demonstration in an operational environment",
    },
    {"texts": ["The phase III trial enrolled 800 volunteers."], "level": 7, "cue": "phase III"},
    {
        "texts": ["Later work packages will qualify the process for titanium parts."],
        "level": 8,
        "cue": "qualify the process",
    },
    {"texts": ["The press was brought into service last year."], "level": 9, "cue": "brought into service"},
    {"texts": ["Radars of this kind are widely deployed in cars."], "level": 9, "cue": "widely deployed"},
    {"texts": ["Prosjektet utvikler en prototyp.", "Den er testet i feltforsøk."], "level": 6, "cue": "prototyp"},
    {"texts": ["Satellitten ble skutt opp i 2022 og er i drift."], "level": 9, "cue": "skutt opp"},
    {"texts": ["Forsøkene gjøres i laboratoriet."], "level": 4, "cue": "i laboratoriet"},
    {"texts": ["Dette er grunnforskning."], "level": 1, "cue": "grunnforskning"},
    # Specific beats vague on the same words; negated cues are ignored.
    {"texts": ["A laboratory prototype of the amplifier."], "level": 4, "cue": "laboratory prototype"},
    {
        "texts": ["The system has not yet been deployed into service.", "A pilot study was run."],
        "level": 3,
        "cue": "pilot study",
    },
    # Unknown.
    {"texts": ["We measured 612 W of average power at 1040 nm."], "level": None, "cue": ""},
    {"texts": ["Laboratory rodents were housed in cages."], "level": None, "cue": ""},
]


def _sentences(texts: list[str]) -> list[Sentence]:
    return [Sentence(i, 1 + i // 2, text) for i, text in enumerate(texts)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: " ".join(c["texts"])[:40])
def test_infer_trl(case: Case) -> None:
    sentences = _sentences(case["texts"])
    estimate = infer_trl(sentences)
    assert (estimate.level, estimate.cue) == (case["level"], case["cue"])
    if case["level"] is None:
        assert (estimate.sentence, estimate.text) == (None, "")
    else:
        assert estimate.sentence is not None
        supporting = sentences[estimate.sentence]
        assert estimate.text == supporting.text and estimate.page == supporting.page
        assert estimate.cue in supporting.text and estimate.rule


def test_explicit_level_wins_over_higher_cues() -> None:
    estimate = infer_trl(_sentences(["The system is in service on ships.", "Our contribution is at TRL 3."]))
    assert (estimate.level, estimate.explicit, estimate.sentence) == (3, True, 1)
    assert "explicit" in estimate.rule
    assert [c.level for c in estimate.cues] == [9, 3]


@pytest.mark.parametrize(
    ("level", "rule"),
    [
        (1, "exempt"),
        (2, "exempt"),
        (3, "case_by_case"),
        (4, "case_by_case"),
        (5, "licence_if_listed"),
        (9, "licence_if_listed"),
        (None, "licence_if_listed"),
    ],
)
def test_trl_rule(level: int | None, rule: str) -> None:
    assert trl_rule(level) == rule


@pytest.mark.parametrize("level", [0, 10, -1])
def test_trl_rule_rejects_levels_outside_the_scale(level: int) -> None:
    with pytest.raises(ValueError, match=repr(level)):
        trl_rule(level)


def test_user_stated_trl_wins() -> None:
    estimate = infer_trl(_sentences(["The prototype flew."]))
    resolved = resolve_trl(estimate, 2)
    assert (resolved.level, resolved.explicit, resolved.rule) == (2, True, "stated by the user: TRL 2")
    assert resolved.cues == estimate.cues
    assert resolve_trl(estimate, None) is estimate
    with pytest.raises(ValueError):
        resolve_trl(estimate, 12)


def test_every_cue_level_is_on_the_scale() -> None:
    assert {level for level, _label, _pattern in CUES} <= set(range(1, 10))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "TRL",
                    "4",
                    "-",
                    "to",
                    "9",
                    "prototype",
                    "not",
                    "in service",
                    "laboratory",
                    "lab",
                    "in",
                    "the",
                    ".",
                    ",",
                    "skutt opp",
                    "modenhetsnivå",
                    "proof of concept",
                    "x",
                ]
            )
        ).map(" ".join),
        max_size=6,
    )
    | st.lists(st.text(max_size=200), max_size=4)
)
def test_infer_trl_never_crashes(texts: list[str]) -> None:
    estimate = infer_trl(_sentences(texts))
    assert isinstance(estimate, TrlEstimate)
    assert estimate.level is None or 1 <= estimate.level <= 9
    assert trl_rule(estimate.level) in {"exempt", "case_by_case", "licence_if_listed"}
    assert all(1 <= c.level <= 9 for c in trl_cues(_sentences(texts)))
