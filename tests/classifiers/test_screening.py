"""Table-driven screening cases against the bundled item lists (real spaCy model, real data)."""

from typing import TypedDict

import pytest

from classifiers import classify
from classifiers.types import DocumentResult
from extractors.analysis.analyse import analyse
from extractors.types import Document, Page
from flows.pipeline import make_context


class Case(TypedDict):
    name: str
    text: str
    family: str | None  # entry family that must be flagged, or None for no flag at all
    decision: str


CASES: list[Case] = [
    {
        "name": "2 kW CW fibre laser, wall-plug efficiency 35 %",
        "text": "We report a continuous wave ytterbium fibre laser emitting 2.1 kW of output power at 1070 nm "
        "in a single transverse mode. The wall-plug efficiency exceeded 35 %. We describe how the laser was built.",
        "family": "6A005",
        "decision": "review_required",
    },
    {
        "name": "60-qubit quantum computer, C-NOT error 5e-5",
        "text": "We built a superconducting quantum computer with 60 physical qubits. The C-NOT error of the "
        "two-qubit gates is 5×10⁻⁵ on average. We describe how the qubit chips are fabricated.",
        "family": "4A506",
        "decision": "review_required",
    },
    {
        "name": "20-qubit quantum computer is below 4A506",
        "text": "We built a superconducting quantum computer with 20 physical qubits. The C-NOT error of the "
        "two-qubit gates is 5×10⁻⁵ on average. We describe how the qubit chips are fabricated.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "autonomous underwater vehicle",
        "text": "The project develops an autonomous underwater vehicle that maps the seabed under Arctic ice. "
        "The unmanned submersible vehicle is designed to operate at depths exceeding 1,000 m.",
        "family": "8A001",
        "decision": "review_required",
    },
    {
        "name": "drones are bees",
        "text": "Drones left the hives in the afternoon while worker bees foraged on clover. Colony weight "
        "was recorded weekly and related to flowering time.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "nuclear family",
        "text": "The nuclear family remains the most common household form in the survey, although "
        "single-parent households increased after 2010.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "negated laser",
        "text": "We do not use any laser in this study; the lamps are ordinary light-emitting diodes with "
        "2 W output power.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "laser focus is an idiom",
        "text": "The team kept a laser focus on customer needs during the merger of the two companies.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "graded BEGRENSET marking blocks whatever else",
        "text": "BEGRENSET\nThe fibre laser emits 2.1 kW of output power.",
        "family": None,
        "decision": "blocked_classified",
    },
    {
        "name": "begrenset as an ordinary word",
        "text": "Deltakerne hadde begrenset tid til å svare, og intervjuene var konfidensielle.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "listed chemical named exactly (DMMP, 1C350)",
        "text": "The electrolyte uses dimethyl methylphosphonate as half of the solvent mass to make the "
        "lithium-ion battery non-flammable.",
        "family": "1C350",
        "decision": "review_required",
    },
    {
        "name": "a chemical one letter away is not the listed one",
        "text": "The electrolyte contains trimethyl phosphate as a flame-retardant co-solvent in the battery.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "municipal trust survey",
        "text": "We surveyed 2,400 residents in eight merged municipalities about their trust in local councils. "
        "Respondents in peripheral villages reported lower trust than those in the new centres.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "500 W CW fibre laser is below 6A005.a.6 (and is no semiconductor or Nd laser)",
        "text": "We report a continuous wave ytterbium fibre laser emitting 500 W of output power at 1070 nm "
        "in a single transverse mode. The wall-plug efficiency was 12 %. We describe how the laser was built.",
        "family": None,
        "decision": "no_listed_technology",
    },
    {
        "name": "syntactic foam below 561 kg/m3; '1 MPa for every 100 m' is no depth",
        "text": "We produced a syntactic foam of hollow glass microspheres in an epoxy matrix for deep-sea "
        "vehicles. Hydrostatic pressure rises by about 1 MPa for every 100 m of depth; the foam has a density "
        "of 0.50 g/cm3.",
        "family": "8C001",
        "decision": "review_required",
    },
]


@pytest.fixture(scope="module")
def context():
    return make_context()


def _screen(text: str, context) -> DocumentResult:
    doc = Document("case.txt", "text", (Page(1, text),), "0" * 64, len(text))
    return classify(analyse(doc, context.pipeline), context.reference, context.settings)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_screening_case(case: Case, context) -> None:
    result = _screen(case["text"], context)
    assert result.decision == case["decision"], [(f.code, f.score, f.level) for f in result.findings]
    flagged = {f.entry_code for f in result.flags if f.rule == "list_match"}
    if case["decision"] == "blocked_classified":
        assert result.findings[0].rule == "classified_marking" and result.findings[0].evidence[0].page == 1
    elif case["family"] is None:
        assert not flagged
    else:
        assert case["family"] in flagged


def test_every_finding_carries_evidence_version_and_explanation(context) -> None:
    result = _screen(CASES[0]["text"], context)
    assert result.findings
    for finding in result.findings:
        assert finding.evidence and finding.evidence[0].page == 1
        assert finding.evidence[0].matched in finding.evidence[0].text
        assert finding.list_version == result.itemlist_versions[finding.list]
        assert finding.explanation and finding.provision_text
        assert {f.name for f in finding.features} >= {"term_evidence", "item_named", "thresholds_met"}
        assert 0.0 < finding.score < 1.0


def test_thresholds_are_shown_met_and_not_met(context) -> None:
    met = _screen(CASES[1]["text"], context).flags[0]
    assert any(c.met and "60 physical qubits" in c.describe() for c in met.thresholds)
    below = _screen(CASES[2]["text"], context)
    near = [f for f in below.findings if f.entry_code == "4A506"]
    assert near and near[0].level == "near_miss"
    assert any(c.met is False and c.describe().endswith("(not met)") for c in near[0].thresholds)


def test_no_listed_technology_says_what_was_checked(context) -> None:
    result = _screen(CASES[4]["text"], context)
    assert "List II@2025-11-15" in result.reasons[0] and "not a clearance" in result.reasons[0]


LASER = CASES[0]["text"]


class RuleCase(TypedDict):
    name: str
    text: str
    settings: dict
    decision: str
    reason: str


RULE_CASES: list[RuleCase] = [
    {
        "name": "explicit TRL 2 is exempt",
        "text": LASER + " The work is at TRL 2.",
        "settings": {},
        "decision": "exempt",
        "reason": "rule trl: TRL 2",
    },
    {
        "name": "stated TRL wins over the text",
        "text": LASER + " The work is at TRL 2.",
        "settings": {"trl": 7},
        "decision": "review_required",
        "reason": "stated by the user: TRL 7",
    },
    {
        "name": "TRL 4 is case by case",
        "text": LASER + " The laser was validated in the laboratory (TRL 4).",
        "settings": {},
        "decision": "case_by_case",
        "reason": "TRL 3-4 is assessed case by case",
    },
    {
        "name": "already public",
        "text": LASER,
        "settings": {"public_reference": "doi:10.1000/xyz"},
        "decision": "exempt",
        "reason": "rule public_domain",
    },
    {
        "name": "catch-all cue without a list match",
        "text": "The scheduling software is developed for the armed forces and will be used by the navy's "
        "logistics staff before deployment.",
        "settings": {},
        "decision": "catch_all_review",
        "reason": "rule catch_all",
    },
]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c["name"] for c in RULE_CASES])
def test_decision_rules(case: RuleCase, context) -> None:
    from classifiers.settings import make_settings

    doc = Document("case.txt", "text", (Page(1, case["text"]),), "0" * 64, 1)
    result = classify(analyse(doc, context.pipeline), context.reference, make_settings(**case["settings"]))
    assert result.decision == case["decision"], result.reasons
    assert any(case["reason"] in r for r in result.reasons), result.reasons


def test_exclusion_note_turns_a_flag_into_a_near_miss(context) -> None:
    text = (
        "We operate a non-tunable continuous wave argon laser with an output wavelength of 488 nm and an "
        "output power of 40 W for flow cytometry."
    )
    doc = Document("argon.txt", "text", (Page(1, text),), "0" * 64, 1)
    result = classify(analyse(doc, context.pipeline), context.reference, context.settings)
    argon = [f for f in result.findings if f.code.startswith("6A005.a.2")]
    assert argon and argon[0].level == "near_miss", [(f.code, f.level) for f in result.findings]
    assert any(feat.name == "exclusion" and "Argon" in feat.detail for feat in argon[0].features)


def test_e_technology_reported_beside_the_item(context) -> None:
    item = next(f for f in _screen(LASER, context).flags if f.entry_code == "6A005")
    (tech,) = [f for f in item.features if f.name == "e_technology"]
    assert tech.detail.startswith("6E0") and "Technology" in tech.detail and "production" in tech.detail
    assert "the technology is what is transferred" in item.explanation


def test_no_e_technology_without_development_production_or_use(context) -> None:
    text = "A continuous wave fibre laser emitting 2.1 kW of output power at 1070 nm was bought for the lab."
    for finding in _screen(text, context).flags:
        assert all(f.name != "e_technology" for f in finding.features)


def test_laser_power_decides_between_flag_and_near_miss(context) -> None:
    """The same CW fibre laser at 2.1 kW and at 500 W: the 6A005.a.6 power limit decides."""
    template = (
        "We report a continuous wave ytterbium-doped fibre laser emitting {} of output power at 1070 nm in a single "
        "transverse mode. We describe how the laser was built."
    )
    strong = _screen(template.format("2.1 kW"), context)
    weak = _screen(template.format("500 W"), context)
    flag = next(f for f in strong.flags if f.entry_code == "6A005")
    assert flag.code.startswith("6A005.a.6"), flag.code  # CW branch, 975-1150 nm band
    near = next(f for f in weak.findings if f.entry_code == "6A005")
    assert near.level == "near_miss" and near.code.startswith("6A005.a.6"), (near.code, near.level)
    missed = [c.describe() for c in near.thresholds if c.met is False]
    assert missed and all("output power 500 W" in m for m in missed), missed
    # A ytterbium fibre laser is not a semiconductor (6A005.d.1) or neodymium-doped (6A205.f) laser.
    for result in (strong, weak):
        assert not any(f.code.startswith(("6A005.d", "6A205")) for f in result.flags), [f.code for f in result.flags]
    kinds = {f.name: f for f in near.features}
    assert kinds["other_branch"].value == 0.0 and kinds["kind_unstated"].value == 0.0


def test_a_sibling_kind_in_the_text_rules_out_the_other_branch(context) -> None:
    """A pulsed laser's paper is not screened against the CW branch, and the reverse."""
    pulsed = _screen(
        "We built a non-tunable pulsed fibre laser at 1064 nm with a peak power of 12 MW and a pulse "
        "duration of 2 ns. We describe how the laser was built.",
        context,
    )
    best = next(f for f in pulsed.findings if f.entry_code == "6A005")
    assert best.code.startswith("6A005.b"), best.code
    cw_paths = [f for f in pulsed.findings if f.code.startswith("6A005.a")]
    assert not cw_paths



def test_a_chemical_is_not_named_by_a_fragment_or_abbreviation(context) -> None:
    """"trimethyl" and "TMP" are words of 1C350.8's trimethyl phosphite, but do not name it."""
    from classifiers.match import match_candidates

    text = (
        "The electrolyte mixes ethyl methyl carbonate with trimethyl phosphate (TMP), 7:3 by volume; "
        "TMP suppresses flammability in the battery. Trimethyl phosphite is not used."
    )
    doc = Document("case.txt", "text", (Page(1, text),), "0" * 64, len(text))
    analysis = analyse(doc, context.pipeline)
    matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings).frame()
    on_chemical = matches.filter(matches["code"] == "1C350.8")
    assert sorted(set(on_chemical["term_norm"].to_list())) == ["trimethyl phosphite"]
