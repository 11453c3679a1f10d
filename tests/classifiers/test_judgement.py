"""Judgement rules added on top of term matching, each with texts that fail if the rule breaks.

Real spaCy model, real bundled lists. Every case names the rule it guards.
"""

from typing import TypedDict

import polars as pl
import pytest

from classifiers import classify
from classifiers.documents.exclusions import applying_exclusions, document_words
from classifiers.properties import quantity_key
from classifiers.settings import ScreeningSettings
from classifiers.thresholds import compare
from classifiers.types import DocumentResult, Finding
from extractors.analysis.analyse import analyse
from extractors.analysis.quantity_context import quantity_frame, specific_quantities
from extractors.text.lexicon import variant_forms, variants
from extractors.text.normalise import normalise
from extractors.text.stems import stem_key
from extractors.types import Document, Page, Sentence
from flows.pipeline import make_context
from itemlists.derive.purposes import purpose_clauses
from itemlists.derive.thresholds import parse_thresholds


@pytest.fixture(scope="module")
def context():
    # The hand-set scorer: these tests read the features' hand-set contributions and the rules
    # that gate a flag; the fitted scorer has its own tests (test_model.py).
    return make_context(ScreeningSettings(scorer="hand"))


def _analyse(text: str, context):
    return analyse(Document("case.txt", "text", (Page(1, text),), "0" * 64, len(text)), context.pipeline)


def _screen(text: str, context) -> DocumentResult:
    return classify(_analyse(text, context), context.reference, context.settings)


def _entry(result: DocumentResult, entry: str) -> Finding | None:
    return next((f for f in result.findings if f.entry_code == entry), None)


def _feature(finding: Finding, name: str) -> float:
    return next(f.contribution for f in finding.features if f.name == name)


class LevelCase(TypedDict):
    rule: str
    text: str
    entry: str
    level: str | None  # "flag", "near_miss", or None: no finding of that entry at all


LEVEL_CASES: list[LevelCase] = [
    {
        "rule": "purpose stated: an ROV for the disposal of IEDs is 1A006.a",
        "text": "The project develops a remotely operated vehicle for the disposal of improvised explosive devices "
        "found by police bomb squads. The operator steers the vehicle from a safe distance.",
        "entry": "1A006",
        "level": "flag",
    },
    {
        "rule": "purpose unstated: an ROV for fish-farm nets is not 1A006.a",
        "text": "The project develops a remotely operated vehicle for inspecting fish-farm nets in shallow water. "
        "The operator steers the vehicle from the surface in real time through a tether.",
        "entry": "1A006",
        "level": "near_miss",
    },
    {
        "rule": "variants: a fibre-optic gyroscope is a gyro (7A002), its bias stability compared",
        "text": "We built an interferometric fibre-optic gyroscope for inertial navigation with a 2 km fibre coil. "
        "Its bias stability is 0.004 deg/h over one month, at an angular rate range of 300 deg/s.",
        "entry": "7A002",
        "level": "flag",
    },
    {
        "rule": "specific modulus and strength computed from modulus, strength and density (1C010.b)",
        "text": "We produced continuous carbon fibre tows from a polyacrylonitrile precursor. Strand tests gave a "
        "tensile strength of 6.4 GPa and a tensile modulus of 294 GPa at a fibre density of 1.80 g/cm3.",
        "entry": "1C010",
        "level": "flag",
    },
    {
        "rule": "unread number: a crop-survey quadcopter is no 9A112.a ('capable of a range of 300 km')",
        "text": "We built a quadcopter drone for crop monitoring on farms. The unmanned aerial vehicle flies "
        "autonomous survey patterns and carries a multispectral camera for agronomists.",
        "entry": "9A112",
        # No flag; whether it shows as a near-miss depends on how many of 9A112's terms match (since
        # fuzzy matches are word-aligned, "unmanned aerial vehicle uav" no longer does, and it
        # falls below the cutoff).
        "level": None,
    },
    {
        "rule": "List I needs technology, not just military words: a history of missile debates is no flag",
        "text": "This political history traces the parliamentary debates over missiles and defence spending "
        "between 1979 and 1987, when the armed forces and the peace movement argued over the deployment of "
        "cruise missiles and electronic warfare equipment in Western Europe.",
        "entry": "ML11",
        "level": None,
    },
    {
        "rule": "List I needs a military-use context: an industrial protocol is no ML11 flag",
        "text": "Our authentication protocol for industrial sensor networks guides maintenance staff; each sensor "
        "proves its identity to the gateway with a challenge-response exchange.",
        "entry": "ML11",
        "level": None,
    },
]


@pytest.mark.parametrize("case", LEVEL_CASES, ids=[c["rule"] for c in LEVEL_CASES])
def test_rule_levels(case: LevelCase, context) -> None:
    finding = _entry(_screen(case["text"], context), case["entry"])
    if case["level"] is None:
        assert finding is None or finding.level != "flag", finding
    else:
        assert finding is not None and finding.level == case["level"], finding


CAR_RADAR = (
    "This article goes through each building block of a 77 GHz automotive radar front-end built from "
    "millimetre-wave transceivers and antennas. With 5 GHz of bandwidth between 76 and 81 GHz, "
    "frequency-modulated chirps locate targets with a range accuracy of 4 cm. Laboratory testing of transceivers, "
    "antennas and whole sensors is covered."
)


def test_flag_needs_the_item_named(context) -> None:
    """A 77 GHz car radar meets 3A001.b.12's frequency but never names a transmit/receive module."""
    result = _screen(CAR_RADAR, context)
    finding = _entry(result, "3A001")
    assert finding is not None and finding.level == "near_miss"
    assert _feature(finding, "item_named") == -1.5
    assert "does not name the provision's item" in finding.explanation
    assert result.decision == "no_listed_technology"


def test_civil_automotive_radar_note_applies(context) -> None:
    """6A008's frequencies are met, and its Note releases civil automotive radar."""
    finding = _entry(_screen(CAR_RADAR, context), "6A008")
    assert finding is not None and finding.level == "near_miss"
    assert _feature(finding, "exclusion") < 0
    assert "Civil Automotive" in finding.explanation


def test_list_one_item_named_in_military_context_is_unconditional(context) -> None:
    """ML4.a 'missiles ... specially designed for military use': the context makes the common word specific."""
    text = (
        "The project develops the terminal seeker and guidance section of an anti-ship missile for the navy. "
        "The armed forces fund live firings of the guided missile at a naval test range."
    )
    finding = _entry(_screen(text, context), "ML4")
    assert finding is not None
    assert _feature(finding, "military_use") > 0
    assert _feature(finding, "unconditional_item") > 0


def test_purpose_feature_is_explained(context) -> None:
    text = LEVEL_CASES[1]["text"]
    finding = _entry(_screen(text, context), "1A006")
    assert finding is not None
    assert _feature(finding, "purpose_unstated") == -1.0
    detail = next(f.detail for f in finding.features if f.name == "purpose_unstated")
    assert "disposal" in detail


def test_unverified_conditions_cost(context) -> None:
    """Inertial measurement equipment named, none of 7A003's accuracies stated."""
    result = _screen(
        "We mounted an inertial measurement unit with gyros and accelerometers on a tractor and used the inertial "
        "measurement equipment for navigation in field trials without satellite positioning.",
        context,
    )
    finding = _entry(result, "7A003")
    assert finding is not None and _feature(finding, "conditions_unverified") == -1.0
    assert _feature(finding, "thresholds_met") == 0.0


def test_civil_is_implied_without_military_context(context) -> None:
    civil = _analyse("The automotive radar of the car detects pedestrians.", context)
    military = _analyse("The automotive radar of the armoured military vehicle detects enemy soldiers.", context)
    assert "civil" in document_words(civil)
    assert "civil" not in document_words(military)
    exclusions = context.reference.exclusions
    assert applying_exclusions(exclusions, "6A008.a.2", document_words(civil), []).height == 1
    assert applying_exclusions(exclusions, "6A008.a.2", document_words(military), []).height == 0


def test_conditional_codes(context) -> None:
    conditional = context.reference.conditional
    assert "7A003.a" in conditional  # has sub-items ("any of the following accuracies")
    assert "7A103.a.1" in conditional  # "specified in 7A001.a.3."
    assert "9A112.a" in conditional  # "capable of a range of 300 km", unread
    assert "9A004.b" not in conditional  # "Spacecraft;"
    assert "1C351.a.41" not in conditional  # a listed virus


def test_item_levels_of_technology_and_condition_provisions(context) -> None:
    items = context.reference.items
    names = set(items.filter(pl.col("code") == "1E104")["norm"].to_list())
    assert "pyrolytically derived material" in names  # "Technology for the production of ..."
    assert items.filter(pl.col("code") == "5A001.f.3.b").height == 0  # "Detect and exploit ..." is a condition
    assert "continuous wave laser" in set(items.filter(pl.col("code") == "6A005.a")["norm"].to_list())


def test_inclusion_list_markers_are_not_words(context) -> None:
    norms = set(context.reference.terms.filter(pl.col("list") == "I")["norm"].to_list())
    assert "g guidance" not in norms


def test_entire_range_means_cover_both_ends() -> None:
    low, high = parse_thresholds(
        "3A001.a.2.c",
        "Rated for operation over the entire ambient temperature range from 218 K (-55 °C) to 398 K (125 °C);",
    )
    assert (low.comparator, low.value, high.comparator, high.value) == ("<=", 218.0, ">=", 398.0)
    plain = parse_thresholds("x", "Operating in the range of 373 K to 473 K;")
    assert [t.comparator for t in plain] == [">=", "<="]


def test_numbers_go_to_the_quantity_their_words_name(context) -> None:
    analysis = _analyse(
        "The machine's positioning accuracy is 12 µm and its unidirectional repeatability 4 µm on each axis, "
        "and surface roughness fell from 3.2 to 0.9 µm.",
        context,
    )
    quantities = quantity_frame(analysis.quantities, analysis.sentences)
    on_path = pl.DataFrame(
        {
            "list": ["II"],
            "target": ["2B001.b.1.a"],
            "code": ["2B001.b.1.a"],
            "quantity": ["repeatability"],
            "comparator": ["<="],
            "value": [9e-7],
            "unit": ["m"],
            "text": ["repeatability equal to or less than 0.9 µm"],
        }
    )
    row = compare(on_path, quantities).row(0, named=True)
    assert row["met"] is False and row["found_text"] == "4 µm"


def test_quantity_keys_skip_generic_words() -> None:
    assert quantity_key("wavelength range") == "wavelength"
    assert quantity_key("peak saturated power output") == "power"
    assert quantity_key("average output power") == "power"


def test_specific_quantities_follow_the_annex_definition(context) -> None:
    analysis = _analyse("It has a tensile modulus of 294 GPa and a density of 1.80 g/cm3.", context)
    ((derived, name),) = specific_quantities(analysis.quantities, analysis.sentences)
    assert name == "specific modulus" and derived.si_unit == "m"
    assert derived.value == pytest.approx(294e9 / (1800 * 9.80665))
    two_densities = _analyse("A modulus of 294 GPa; densities of 1.80 g/cm3 and 1.75 g/cm3.", context)
    assert specific_quantities(two_densities.quantities, two_densities.sentences) == []
    # A modulus far from the density (a background paragraph) is not divided by it, and a specific
    # value the document states itself is the one compared.
    far = _analyse("Older fibres reached 50-100 GPa modulus. " + "Nothing more here. " * 5
                   + "Our fibre: tensile modulus 220 GPa, density 1.75 g/cm3.", context)
    assert [round(d.value / 1e6, 1) for d, _ in specific_quantities(far.quantities, far.sentences)] == [12.8]
    stated = _analyse("Tensile modulus 220 GPa and density 1.75 g/cm3, giving a specific modulus of about "
                      "12.8 x 10^6 m.", context)
    assert specific_quantities(stated.quantities, stated.sentences) == []


@pytest.mark.parametrize(
    ("term", "forms"),
    [
        ("fiber optic gyroscope", ["fiber optic gyro"]),
        ("risc v microcontroller", ["risc v integrated circuit"]),
        ("gyro", []),
        ("project", []),
    ],
)
def test_variant_forms(term: str, forms: list[str]) -> None:
    assert variant_forms(term) == forms


def test_every_variant_names_a_bundled_list_term(context) -> None:
    index = set(context.reference.terms["norm"].to_list())
    missing = {left: right for left, right in variants().items() if right not in index}
    assert missing == {}


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "Equipment, specially designed or modified for the disposal of Improvised Explosive Devices (IEDs)",
            [["disposal", "improvized", "explosive"]],
        ),
        (
            'Microwave power amplifiers containing "vacuum electronic devices" specified in 3A001.b.1.',
            [["vacuum", "electronic"]],
        ),
        (
            "Accelerometers designed for use in inertial navigation systems, and usable in 'missiles';",
            [["inertial", "navigation"], ["missile"]],
        ),
        ("Electronic equipment specially designed for military use;", []),
        ("Specially designed for items specified by 4A506.a", []),
    ],
)
def test_purpose_clauses(text: str, clauses: list[list[str]]) -> None:
    assert purpose_clauses(text) == clauses


def test_rotation_is_no_rotor() -> None:
    assert stem_key(normalise("rotation")) != stem_key(normalise("rotor assembly equipment"))
    assert stem_key(normalise("separation")) == stem_key(normalise("separator"))


@pytest.mark.parametrize(
    ("text", "si"),
    [
        ("rated for 10 Mrad(Si) total dose", (1e5, "J/kg")),
        ("up to 5 krad", (50.0, "J/kg")),
        ("a divergence of 2 mrad", (0.002, "rad")),
    ],
)
def test_rad_is_a_dose_unit_except_milliradians(text: str, si: tuple[float, str]) -> None:
    from extractors.analysis.quantities import find_quantities

    (quantity,) = find_quantities(text, sentence=0, page=None)
    assert quantity.si_value == pytest.approx(si[0])
    assert quantity.si_unit == si[1]


def test_a_number_opening_its_sentence_is_named_by_the_sentence_before(context) -> None:
    """spaCy may split "... rated for 10 Mrad(Si) (100 kGy)" before "100 kGy": the dose is still a dose."""
    analysis = _analyse("Total ionising dose tests passed.\n\n100 kGy with less than 5 % loss.", context)
    frame = quantity_frame(analysis.quantities, analysis.sentences)
    row = frame.filter(pl.col("q_unit") == "J/kg").row(0, named=True)
    assert "dose" in row["q_norm"]


def test_compounds_of_everyday_words_are_specific() -> None:
    from extractors.text.specificity import term_specificity

    assert term_specificity("fire control") > 0.3 > term_specificity("fire")
    assert term_specificity("people") == 0.0
    assert term_specificity("magnetometer") == 1.0


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("specified to function at linear acceleration levels up to 15 g", "m/s²"),
        ("a bias of 45 µg over a year for this accelerometer", "m/s²"),
        ("the sample weighed 2 g after drying", "kg"),
    ],
)
def test_g_is_standard_gravity_in_text_about_acceleration(text: str, unit: str) -> None:
    from extractors.analysis.quantities import find_quantities

    (quantity,) = find_quantities(text, sentence=0, page=None)
    assert quantity.si_unit == unit


def test_a_value_stated_as_beyond_the_bound_meets_it(context) -> None:
    """ "greater than 1.4 kV" meets "greater than 1.4 kV"; "1.4 kV" alone does not."""
    on_path = pl.DataFrame(
        {
            "list": ["II"],
            "target": ["3A201.a.1"],
            "code": ["3A201.a.1"],
            "quantity": ["voltage rating"],
            "comparator": [">"],
            "value": [1400.0],
            "unit": ["V"],
            "text": ["voltage rating greater than 1,4 kV"],
        }
    )
    for text, met in [("with a voltage rating greater than 1.4 kV", True), ("with a voltage rating of 1.4 kV", False)]:
        analysis = _analyse(text, context)
        row = compare(on_path, quantity_frame(analysis.quantities, analysis.sentences)).row(0, named=True)
        assert row["met"] is met, text


def test_inclusion_notes_name_their_listed_items_only(context) -> None:
    terms = context.reference.terms.filter((pl.col("code") == "ML6.a") & (pl.col("kind") == "included"))
    names = set(terms["norm"].to_list())
    assert "armoured vehicle" in names or "armored vehicle" in names
    assert "weapon system" not in names  # "vehicles for towing ... weapon systems" includes no weapon systems
    fermenters = context.reference.terms.filter((pl.col("code") == "2B352.b") & (pl.col("kind") == "included"))
    assert "single use disposable bioreactor" in set(fermenters["norm"].to_list()) or "bioreactor" in set(
        fermenters["norm"].to_list()
    )


def test_screening_is_reproducible_across_processes(tmp_path) -> None:
    """Ties between terms of equal weight are broken by a total order, never by hash seed or threads."""
    import json
    import os
    import subprocess
    import sys

    path = tmp_path / "paper.txt"
    path.write_text(CAR_RADAR + " " + LEVEL_CASES[2]["text"], encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                "from flows.cli import main; main()",
                "screen",
                str(path),
                "--no-store",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        document = json.loads(run.stdout)["documents"][0]
        outputs.append([(f["code"], f["score"], f["level"], f["evidence"]) for f in document["findings"]])
    assert outputs[0] == outputs[1]


def test_or_joined_conditions_are_alternatives(context) -> None:
    """9A008.c: "thrust levels exceeding 45 kN or nozzle throat erosion rates of less than 0,075 mm/s"."""
    alternatives = context.reference.alternatives
    assert {"9A008.c", "1C005"} <= alternatives
    assert "6A005.d.1.a.1" not in alternatives  # "less than 1570 nm and average or CW output power exceeding 2 W"
    text = (
        "We developed a carbon-carbon nozzle for a solid rocket motor with a thrust of 28 kN. The nozzle throat "
        "erosion rate was 0.034 mm/s over the firing."
    )
    finding = _entry(_screen(text, context), "9A008")
    assert finding is not None
    assert _feature(finding, "thresholds_not_met") == 0.0
    assert any(t.met is False for t in finding.thresholds) and any(t.met for t in finding.thresholds)


# --- Sample rates, purposes stated by two words, kinds named by variants, implied purposes,
# --- III-V formulas, the other sense of "warhead".


@pytest.mark.parametrize(
    ("text", "si"),
    [
        ("sampled at 2.5 GS/s", (2.5e9, "SPS")),
        ("a 500 MSa/s converter", (5e8, "SPS")),
        ("65 MS/s on each channel", (6.5e7, "SPS")),
        ("1.3 giga samples per second", (1.3e9, "SPS")),
        ("a 300 MHz clock", (3e8, "Hz")),
    ],
)
def test_sample_rates_are_their_own_dimension(text: str, si: tuple[float, str]) -> None:
    from extractors.analysis.quantities import find_quantities

    (quantity,) = find_quantities(text, sentence=0, page=None)
    assert quantity.si_value == pytest.approx(si[0])
    assert quantity.si_unit == si[1]


ADC_BY_CLOCK = (
    "We irradiated a commercial 300 MHz microcontroller for CubeSat missions while a test program exercised "
    "its core, flash memory, ADC and communication peripherals."
)
ADC_BY_RATE = (
    "We designed a 14-bit analogue-to-digital converter (ADC) integrated circuit with a sample rate of "
    "300 MS/s for radio-astronomy receivers."
)


def test_a_clock_frequency_is_no_sample_rate(context) -> None:
    """3A001.a.5.a.4 (14-bit, > 250 MSPS): "300 MS/s" is compared with it, a 300 MHz clock is not."""
    by_rate = _screen(ADC_BY_RATE, context)
    compared = [t for f in by_rate.findings for t in f.thresholds if t.code.startswith("3A001.a.5.a")]
    assert any(t.met for t in compared if "sample rate" in t.describe()), compared
    by_clock = _screen(ADC_BY_CLOCK, context)
    compared = [t for f in by_clock.findings for t in f.thresholds if t.code.startswith("3A001.a.5.a")]
    assert not any("sample rate" in t.describe() and t.met is not None for t in compared), compared


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("Submersible vehicles designed to operate at depths exceeding 1 000 m", [["depth"]]),
        (
            "Radar systems designed or modified for use in space launch vehicles specified in 9A004",
            [["launch", "vehicle"]],
        ),
    ],
)
def test_comparator_words_are_no_purpose(text: str, clauses: list[list[str]]) -> None:
    assert purpose_clauses(text) == clauses


def test_a_purpose_of_several_words_needs_two_of_them() -> None:
    from classifiers.documents.purposes import purpose_support
    from itemlists.derive.purposes import purpose_table

    provisions = pl.DataFrame(
        {
            "list": ["II"],
            "code": ["6A108.a"],
            "text": ["Radar systems designed or modified for use in space launch vehicles specified in 9A004"],
        }
    )
    purposes = purpose_table(provisions)
    targets = pl.DataFrame({"list": ["II"], "target": ["6A108.a"]})
    only_vehicles = purpose_support(targets, purposes, frozenset({"vehicles", "radar"}))
    assert only_vehicles["purpose_unstated"].to_list() == [1]
    both = purpose_support(targets, purposes, frozenset({"vehicle", "launched", "radars"}))
    assert both.height == 0


HYPERSPECTRAL_SAT = (
    "The satellite carries a hyperspectral camera that images ocean colour from orbit. The instrument covers "
    "430 nm to 800 nm in 120 bands, and its digital image data are downlinked every pass."
)


def test_variant_names_a_kind_and_orbit_implies_remote_sensing(context) -> None:
    """6A002.b.2: "multispectral imaging sensors designed for remote sensing applications"."""
    from extractors.text.lexicon import implied_words

    analysis = _analyse(HYPERSPECTRAL_SAT, context)
    words = analysis.words
    assert {"multispectral", "remote", "sensing"} <= words  # "hyperspectral camera" -> multispectral imaging sensor
    assert implied_words(["imaged from a satellite"]) == ["remote sensing spacecraft"]
    assert implied_words(["a satellite dish on the roof"]) == ["remote sensing spacecraft"]
    assert implied_words(["orbital mechanics"]) == []
    # 6A002.b.2 is "having all the following" (digital output and one of space-qualified or
    # airborne): its sub-items are criteria of one item, so the flag may stand at b.2 itself.
    fitted = make_context()
    finding = _entry(classify(_analyse(HYPERSPECTRAL_SAT, fitted), fitted.reference, fitted.settings), "6A002")
    assert finding is not None and finding.level == "flag" and finding.code.startswith("6A002.b.2"), finding


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("GaN", True),
        ("Al0.28Ga0.72N", True),
        ("In0.53Ga0.47As", True),
        ("InP", True),
        ("AlxGa1-xN", True),
        ("SiC", False),
        ("HfO2", False),
        ("CNN", False),
        ("InSAR", False),
        ("LiDAR", False),
        ("PhD", False),
    ],
)
def test_iii_v_formulas(token: str, expected: bool) -> None:
    from extractors.analysis.chemistry import is_iii_v

    assert is_iii_v(token) is expected


def test_a_iii_v_formula_names_the_lists_iii_v_compound(context) -> None:
    analysis = _analyse("The AlGaN/GaN heterostructure was grown on a silicon carbide substrate.", context)
    named = analysis.candidates.filter(pl.col("text") == "AlGaN/GaN")["norm"].to_list()
    assert {"iii v compound", "iii v compound semiconductor", "gallium", "aluminum"} <= set(named)
    plain = _analyse("The SiC substrate and the HfO2 gate oxide were annealed.", context)
    assert "iii v compound" not in plain.candidates["norm"].to_list()


def test_a_covalent_warhead_is_chemistry() -> None:
    from extractors.analysis.context import other_sense_spans

    text = "We varied the covalent warhead of the inhibitor while keeping the scaffold."
    assert any("warhead" in label for _s, _e, label in other_sense_spans(text))
    assert not other_sense_spans("The missile carries a conventional warhead of 450 kg.")


def test_an_unnamed_number_fitting_several_conditions_decides_none(context) -> None:
    """1C107.a.2-like path: "98 mm" names no quantity, and could be any of three lengths."""
    analysis = _analyse("The graphite throat insert of the motor measures 98 mm.", context)
    quantities = quantity_frame(analysis.quantities, analysis.sentences)
    conditions = [("inner diameter", 0.065), ("wall thickness", 0.025), ("length", 0.05)]
    on_path = pl.DataFrame(
        {
            "list": ["II"] * 3,
            "target": ["1C107.a.2"] * 3,
            "code": ["1C107.a.2"] * 3,
            "quantity": [q for q, _ in conditions],
            "comparator": [">="] * 3,
            "value": [v for _, v in conditions],
            "unit": ["m"] * 3,
            "text": [f"{q} of {v} m or more" for q, v in conditions],
        }
    )
    items = pl.DataFrame({"entry_code": ["1C107"], "sentence": [0]})
    assert compare(on_path, quantities, items)["met"].to_list() == [None, None, None]
    named = _analyse("The graphite throat insert of the motor has an inner diameter of 98 mm.", context)
    result = compare(on_path, quantity_frame(named.quantities, named.sentences), items)
    assert result["met"].to_list() == [True, None, None]


def test_below_or_above_bounds_are_alternatives(context) -> None:
    """4A001.a.1 "below 228 K (-45 °C) or above 358 K (85 °C)": a 225 °C rating meets it."""
    assert "4A001.a.1" in context.reference.alternatives
    result = _screen(
        "We designed a downhole electronic computer for geothermal wells, rated for operation at an ambient "
        "temperature of 225 °C without active cooling.",
        context,
    )
    finding = next(f for f in result.findings if f.code.startswith("4A001.a.1"))
    assert _feature(finding, "thresholds_not_met") == 0.0
    assert any(t.met is False for t in finding.thresholds) and any(t.met for t in finding.thresholds)


def test_a_text_may_leave_out_the_head_noun_material(context) -> None:
    """ "SiC/SiC ceramic-matrix composites" name 1C007.c's "ceramic matrix composite materials"."""
    from classifiers.match import match_candidates

    analysis = _analyse("We make SiC/SiC ceramic-matrix composites by chemical vapour infiltration.", context)
    matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings).frame()
    named = matches.filter((pl.col("code") == "1C007.c") & (pl.col("term_norm") == "ceramic matrix composite material"))
    assert named.height and named["similarity"].max() == pytest.approx(0.8)


def test_constituents_listed_under_an_item_are_not_items(context) -> None:
    """3C001 "... multiple layers of any of the following:": its sub-items are layer materials."""
    items = context.reference.items
    assert items.filter(pl.col("code") == "3C001.d").height == 0
    assert items.filter(pl.col("code") == "3C001").height > 0
    assert items.filter(pl.col("code") == "2B350.a").height > 0
    assert items.filter(pl.col("code").str.starts_with("2B350.a.")).height == 0
    # Technology "for the development or production of any of the following:" still names items.
    assert items.filter(pl.col("code").str.starts_with("9E003.b.")).height > 0
    result = _screen(
        "Millimetre-wave power amplifiers in an indium phosphide (InP) double-heterojunction bipolar "
        "transistor process are designed and measured.",
        context,
    )
    finding = _entry(result, "3C001")
    assert finding is None or finding.level != "flag", finding


BASE_BLEED = (
    "We designed a base-bleed unit for 155 mm high-explosive artillery projectiles for the army. "
    "A lot of 60 projectiles was fired from a 155 mm howitzer with a calibre of 155 mm on a military test range, "
    "and the unit raised the mean range of the shells by 30 %."
)


def test_a_cross_reference_is_met_by_an_entry_the_document_flags(context) -> None:
    """ML3.a "Ammunition for weapons specified by ML1, ML2 or ML12": the howitzer is ML2."""
    assert context.reference.cross_references["ML3.a"] == frozenset({"ML1", "ML2", "ML12"})
    result = _screen(BASE_BLEED, context)
    weapon, ammunition = _entry(result, "ML2"), _entry(result, "ML3")
    assert weapon is not None and weapon.level == "flag", weapon
    assert ammunition is not None and ammunition.level == "flag", ammunition
    reason = next(f for f in ammunition.features if f.name == "unconditional_item").detail
    assert "ML2" in reason
    # Without the weapon, the ammunition's condition is not shown.
    alone = _screen(
        "We designed a base-bleed unit for high-explosive artillery projectiles for the army and tested it "
        "on a military range.",
        context,
    )
    finding = _entry(alone, "ML3")
    assert finding is None or _feature(finding, "unconditional_item") == 0.0


def test_a_heading_is_its_own_sentence(context) -> None:
    """A title without a full stop does not run into the paragraph below it."""
    from extractors.analysis.analyse import paragraphs

    assert paragraphs("Title line\n\nFirst paragraph.\n \nSecond.") == ["Title line", "First paragraph.", "Second."]
    analysis = _analyse(
        "Real-time control and data acquisition for the national trisonic wind tunnel\n\n"
        "The national trisonic blowdown tunnel still depends on analogue control.",
        context,
    )
    assert analysis.sentences[0].text.endswith("wind tunnel")
    assert "wind tunnel" in analysis.candidates["norm"].to_list()


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("the tunnel runs from Mach 0.3 to 4.0", [0.3, 4.0]),
        ("a Mach number of 5.2 in the test section", [5.2]),
        ("stagnation pressure within ±0.2 % during Mach 3 runs", [3.0]),
    ],
)
def test_mach_numbers_are_read(text: str, values: list[float]) -> None:
    from extractors.analysis.quantities import find_quantities

    assert [q.value for q in find_quantities(text) if q.unit == "Mach"] == values


WIND_TUNNEL = (
    "We describe a supersonic blowdown wind tunnel built for teaching in a master's course in compressible "
    "flow. Its nozzles give Mach 1.5, 2.0 and 2.5, and the test section is 60 mm x 60 mm. Pressures are logged "
    "by real-time data acquisition equipment specially designed for the tunnel."
)


def test_teaching_is_an_educational_purpose(context) -> None:
    """The Note to 9B005.a: "wind tunnels specially designed for educational purposes" under 250 mm."""
    result = _screen(WIND_TUNNEL, context)
    finding = _entry(result, "9B005")
    assert finding is not None and finding.level == "near_miss", finding
    assert any(f.name == "exclusion" for f in finding.features)
    research = _screen(
        WIND_TUNNEL.replace("built for teaching in a master's course in", "built for research on"), context
    )
    finding = _entry(research, "9B005")
    assert finding is not None and finding.level == "flag", finding


THERAPY_LASER = (
    "Preventive low-level laser therapy reduced oral mucositis in a randomised trial. An "
    "indium-gallium-aluminium-phosphide diode laser was applied daily at 660 nm and 100 mW, delivering "
    "4 J/cm2 per point."
)


def test_a_path_whose_own_conditions_are_unstated_costs(context) -> None:
    """6A005.d.1.d.1.d: the 660 nm wavelength meets its parent; its power density is never stated."""
    result = _screen(THERAPY_LASER, context)
    lasers = [f for f in result.findings if f.entry_code == "6A005"]
    assert all(f.level != "flag" for f in lasers), lasers
    for finding in lasers:
        unverified = next(f for f in finding.features if f.name == "own_conditions_unverified")
        if unverified.contribution:
            assert finding.code in unverified.detail


def test_the_only_quantity_of_a_unit_is_compared_whatever_its_size(context) -> None:
    """A therapy diode's one "100 mW" is its output power, three orders below a 30 W bound."""
    on_path = pl.DataFrame(
        {
            "list": ["II"],
            "target": ["6A005.a.4"],
            "code": ["6A005.a.4"],
            "quantity": ["output power"],
            "comparator": [">"],
            "value": [30.0],
            "unit": ["W"],
            "text": ["output power exceeding 30 W"],
        }
    )
    items = pl.DataFrame({"entry_code": ["6A005"], "sentence": [0]})
    one = _analyse("The diode laser was applied at 660 nm with 100 mW.", context)
    assert compare(on_path, quantity_frame(one.quantities, one.sentences), items)["met"].to_list() == [False]
    two = _analyse("The diode laser was applied at 660 nm with 100 mW, and the lamp drew 60 mW.", context)
    assert compare(on_path, quantity_frame(two.quantities, two.sentences), items)["met"].to_list() == [None]


def test_british_dosemeters_are_dosimeters_for_the_1c233_note(context) -> None:
    """1C233 Note: "does not control thermoluminescent dosimeters"; papers also write "dosemeters"."""
    assert normalise("thermoluminescent dosemeters") == normalise("thermoluminescent dosimeters")
    text = (
        "We used glass-rod thermoluminescent dosemeters (TLDs) of LiF:Mg,Cu,P made with lithium enriched in "
        "lithium-6 (6LiF) and with lithium enriched in lithium-7 (7LiF) to measure out-of-field photon and "
        "neutron doses from a linear accelerator. Because 6Li captures thermal neutrons strongly, the pair "
        "separates the neutron signal."
    )
    finding = _entry(_screen(text, context), "1C233")
    assert finding is not None and finding.level == "near_miss", finding
    assert any(f.name == "exclusion" for f in finding.features)


def test_an_item_exclusion_needs_a_document_about_that_item(context) -> None:
    """1C351 Note "does not control vaccines": one mention of "H5 vaccine strains" is no vaccine paper."""
    virus = (
        "We genetically modified a highly pathogenic avian influenza A/H5N1 virus by site-directed mutagenesis. "
        "The modified avian influenza virus was passaged in ferrets. The H5N1 influenza virus became airborne "
        "transmissible between ferrets. Four substitutions in the haemagglutinin of the avian influenza virus "
        "were enough. The mutants were still sensitive to oseltamivir and reacted with antisera raised against "
        "vaccine strains."
    )
    finding = _entry(_screen(virus, context), "1C351")
    assert finding is not None and not any(f.name == "exclusion" for f in finding.features), finding
    vaccine = (
        "We produced an inactivated vaccine against highly pathogenic avian influenza A/H5N1 virus. The vaccine "
        "protected ferrets against the avian influenza virus, and the vaccine was stable for a year."
    )
    finding = _entry(_screen(vaccine, context), "1C351")
    assert finding is None or finding.level != "flag", finding


def test_a_notes_other_name_names_the_item(context) -> None:
    """5A002.c Technical Note: "quantum cryptography" is also known as Quantum Key Distribution (QKD)."""
    from itemlists.derive.inclusions import alias_names

    assert {name for code, name in alias_names(context.reference.provisions) if code == "5A002.c"} == {
        "Quantum Key Distribution",
        "QKD",
    }
    assert context.reference.items.filter(
        (pl.col("code") == "5A002.c") & (pl.col("norm") == "quantum key distribution")
    ).height
    text = (
        "We present a compact and autonomous quantum key distribution (QKD) system that distributes provably "
        "secure cryptographic keys over 307 km of ultra-low-loss optical fibre with the coherent-one-way protocol."
    )
    finding = _entry(_screen(text, context), "5A002")
    assert finding is not None and finding.code == "5A002.c" and finding.level == "flag", finding


def test_a_name_without_its_specific_modifier_names_no_item(context) -> None:
    """0B006's "neutron measurement systems" is not named by "measurement system"; kinds stay."""
    items = context.reference.items
    named = set(items.filter(pl.col("code") == "0B006")["norm"].to_list())
    assert "measurement system" not in named
    assert set(items.filter(pl.col("code") == "8A001.b")["norm"].to_list()) >= {"untethered submersible vehicle"}
    assert "submersible vehicle" in set(items.filter(pl.col("code") == "8A001")["norm"].to_list())
    assert "velocity gun system" in set(items.filter(pl.col("code") == "2B232")["norm"].to_list())
    plantar = (
        "This review describes commercial and research systems for measuring foot plantar pressure. Each "
        "plantar pressure measurement system is compared for gait research and diabetic foot care."
    )
    finding = _entry(_screen(plantar, context), "0B006")
    assert finding is None or finding.level != "flag", finding


CRYPTO_PURPOSE = (
    "Items designed or modified to use 'cryptography for data confidentiality' having a described algorithm"
)


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        # Issue 14: "configuration" shared its first five letters with "confidentiality".
        ("The cryptographic coprocessor's configuration registers hold RSA signature keys.", False),
        ("The cryptographic core encrypts each sector with AES-256.", True),  # encryption is confidentiality
        ("Cryptography for confidentiality of stored data.", True),
        ("Message authentication codes built from a block cipher (ISO/IEC 9797-1); cryptographic integrity.", False),
    ],
)
def test_data_confidentiality_is_stated_by_encryption_not_by_similar_spelling(text: str, stated: bool) -> None:
    from classifiers.documents.purposes import purpose_support
    from extractors.analysis.words import document_words as stated_in
    from itemlists.derive.purposes import purpose_table

    provisions = pl.DataFrame({"list": ["II"], "code": ["5A002.a"], "text": [CRYPTO_PURPOSE]})
    targets = pl.DataFrame({"list": ["II"], "target": ["5A002.a"]})
    words = stated_in((Sentence(0, 1, text),), pl.DataFrame({"norm": []}, schema={"norm": pl.String}), "en")
    unstated = purpose_support(targets, purpose_table(provisions), words)
    assert (unstated.height == 0) is stated, (text, unstated.to_dicts())


def test_a_stated_frequency_states_its_band() -> None:
    """3A001.b "Microwave or millimetre wave items": a paper gives "90-120 GHz" instead."""
    from extractors.analysis.quantities import find_quantities
    from extractors.analysis.words import document_words as stated_in

    text = "Single-ended and balanced 90-120 GHz microstrip power amplifier MMICs were designed."
    sentences = (Sentence(0, 1, text),)
    no_terms = pl.DataFrame({"norm": []}, schema={"norm": pl.String})
    words = stated_in(sentences, no_terms, "en", tuple(find_quantities(text)))
    assert {"microwave", "millimetre", "wave"} <= words
    assert "microwave" not in stated_in(sentences, no_terms, "en")  # the quantity, not "microstrip"
    low = "A 50 MHz crystal oscillator."
    assert "microwave" not in stated_in((Sentence(0, 1, low),), no_terms, "en", tuple(find_quantities(low)))


CW_NO_POWER = (
    "We review continuous wave ytterbium-doped fibre lasers emitting near 1064 nm for materials processing. "
    "The fibre laser design uses a large-mode-area double-clad fibre and a fibre Bragg grating cavity. "
    "Thermal management of the continuous wave fibre laser is discussed."
)


def test_a_provision_with_sub_items_never_flags_on_its_own_conditions(context) -> None:
    """6A005.a.6 (975-1150 nm) is controlled only under one of its power sub-items: unstated here."""
    result = _screen(CW_NO_POWER, context)
    conditional = context.reference.conditional
    assert not [f.code for f in result.findings if f.level == "flag" and f.code in conditional]
    held = [f for f in result.findings if f.code in conditional and "sub-items" in f.explanation]
    found = [(f.code, f.level) for f in result.findings]
    assert [(f.code, f.level) for f in held] == [("6A005.a.6", "near_miss")], found


def test_may_flag_holds_back_an_undecided_path() -> None:
    from classifiers.findings import may_flag

    row = {"thr_missed": 0, "item_grade": 1.0, "list": "II", "military_adjust": 0.0, "unverified": False}
    assert may_flag({**row, "deciding_unstated": False})
    assert not may_flag({**row, "deciding_unstated": True})


FOX7 = (
    "Nanoparticle-stacked 1,1-diamino-2,2-dinitroethylene (FOX-7) microspheres were prepared by spray-drying. "
    "The particle size of the FOX-7 microspheres ranges from 1 to 5 um, and their thermal decomposition was "
    "studied by differential scanning calorimetry."
)


def test_a_substance_list_one_names_needs_no_military_context() -> None:
    """ML8.a.6 names FOX-7 (CAS 145250-81-3) itself: a civil-sounding paper making it still flags."""
    fitted = make_context()
    result = classify(_analyse(FOX7, fitted), fitted.reference, fitted.settings)
    finding = _entry(result, "ML8")
    assert finding is not None and finding.code == "ML8.a.6" and finding.level == "flag", finding
    assert next(f.value for f in finding.features if f.name == "military_use") == 0.0
