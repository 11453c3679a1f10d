"""Which words tell a provision's kind of item from its siblings', and whether a document says them."""

import polars as pl
import pytest

from classifiers.documents.kinds import kind_support
from classifiers.types import readable
from extractors.text.keys import text_words
from itemlists.derive.qualifiers import item_words, qualifier_table

WORDS = [
    (
        'Non-"tunable" continuous wave "(CW) lasers" having any of the following:',
        ["nontunable", "continuous", "wave", "cw"],
    ),
    ('Semiconductor "lasers" as follows:', ["semiconductor"]),
    ('Neodymium-doped (other than glass) "lasers" with an output wavelength', ["neodymium"]),
    ("'Single transverse mode' output and any of the following:", ["single", "transverse", "mode"]),
    ("Carbon dioxide (CO2) lasers having any of the following:", ["carbon", "dioxide", "co2"]),
    ("Output power exceeding 1000 W; or", []),  # a measured quantity, not a kind
    ("Wavelength equal to or less than 1570 nm and average or CW output power exceeding 2,0 W", []),
    ("Lasers", []),
]


@pytest.mark.parametrize(("text", "words"), WORDS, ids=[w[0][:30] for w in WORDS])
def test_item_words(text: str, words: list[str]) -> None:
    assert item_words(text)[0] == words


def _provisions() -> pl.DataFrame:
    rows = [
        ("6A005", None, '"Lasers", components and optical equipment, as follows:'),
        ("6A005.a", "6A005", 'Non-"tunable" continuous wave "(CW) lasers" having any of the following:'),
        ("6A005.b", "6A005", 'Non-"tunable" pulsed "lasers" having any of the following:'),
        ("6A005.d", "6A005", 'Other "lasers", not specified in 6A005.a. or 6A005.b. as follows:'),
        ("6A005.d.1", "6A005.d", 'Semiconductor "lasers" as follows:'),
        ("6A005.d.1.a", "6A005.d.1", "Output power exceeding 2 W"),
        ("6A005.g", "6A005", '"Laser" acoustic detection equipment having all of the following:'),
    ]
    return pl.DataFrame(
        {
            "list": ["II"] * len(rows),
            "code": [r[0] for r in rows],
            "parent": [r[1] for r in rows],
            "text": [r[2] for r in rows],
        }
    )


def test_distinctive_keys_drop_shared_and_heading_words() -> None:
    table = {r["code"]: r for r in qualifier_table(_provisions()).iter_rows(named=True)}
    assert table["6A005.a"]["keys"] == ["conti", "cw", "wave"]  # "nontunable" is shared with b
    assert table["6A005.b"]["keys"] == ["pulse"]
    assert table["6A005.d"]["residual"] and table["6A005.d"]["keys"] == []
    assert table["6A005.g"]["keys"] == ["acous", "detec"]  # "laser" is the entry's own word
    assert table["6A005.d.1.a"]["keys"] == []


@pytest.mark.parametrize(
    ("text", "target", "unstated", "other"),
    [
        ("A continuous wave fibre laser of 500 W.", "6A005.d.1.a", 1, 1),  # not semiconductor; CW says branch a
        ("A continuous wave fibre laser of 500 W.", "6A005.a", 0, 0),
        ("A continuous wave fibre laser of 500 W.", "6A005.b", 1, 1),
        ("A laser of 500 W.", "6A005.b", 1, 0),  # kind not stated, nothing contradicts
        ("A pulsed semiconductor laser of 5 W.", "6A005.d.1.a", 0, 1),  # "pulsed" names branch b, not "Other"
        ("A non-tunable laser emitting 5 W.", "6A005.a", 1, 0),
    ],
)
def test_kind_support(text: str, target: str, unstated: int, other: int) -> None:
    targets = pl.DataFrame({"list": ["II"], "target": [target]})
    row = kind_support(targets, qualifier_table(_provisions()), text_words([text])).row(0, named=True)
    assert (row["kind_unstated"], row["other_branch"]) == (unstated, other), row


@pytest.mark.parametrize(
    ("item_level", "grade", "unstated", "other"),
    [
        ("6A003.a.3", 1.0, 0, 0),  # "streak camera" named: it is an instrumentation camera
        ("6A003.a.3", 0.5, 1, 1),  # only "camera" matched: "imaging" says branch b
        (None, None, 1, 1),
    ],
)
def test_named_item_states_its_parents_kind(
    item_level: str | None, grade: float | None, unstated: int, other: int
) -> None:
    """The list's hierarchy states kind: a named sub-item is of its parent's kind (6A003.a.3's
    streak cameras are instrumentation cameras, whatever a sibling's "imaging" says)."""
    provisions = pl.DataFrame(
        {
            "list": ["II"] * 4,
            "code": ["6A003", "6A003.a", "6A003.a.3", "6A003.b"],
            "parent": [None, "6A003", "6A003.a", "6A003"],
            "text": [
                "Cameras, systems or equipment, and components therefor, as follows:",
                "Instrumentation cameras and specially designed components therefor, as follows:",
                "Electronic streak cameras having temporal resolution better than 50 ns;",
                "Imaging cameras as follows:",
            ],
        }
    )
    targets = pl.DataFrame(
        {"list": ["II"], "target": ["6A003.a.3"], "item_level": [item_level], "item_grade": [grade]},
        schema={"list": pl.String, "target": pl.String, "item_level": pl.String, "item_grade": pl.Float64},
    )
    text = "Ultrafast imaging: the scene is relayed to a streak camera."
    row = kind_support(targets, qualifier_table(provisions), text_words([text])).row(0, named=True)
    assert (row["kind_unstated"], row["other_branch"]) == (unstated, other), row


def test_a_named_item_does_not_state_a_residual_parent() -> None:
    """"Other lasers, not specified in 6A005.a or b": a sibling's kind said still contradicts it."""
    targets = pl.DataFrame(
        {"list": ["II"], "target": ["6A005.d.1.a"], "item_level": ["6A005.d.1"], "item_grade": [1.0]}
    )
    text = "A continuous wave semiconductor laser of 5 W."
    row = kind_support(targets, qualifier_table(_provisions()), text_words([text])).row(0, named=True)
    assert (row["kind_unstated"], row["other_branch"]) == (0, 1), row


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (9.75e-07, "m", "975 nm"),
        (1000.0, "W", "1 kW"),
        (0.0001, "", "0.0001"),
        (500.0, "W", "500 W"),
        (1773.0, "K", "1773 K"),
        (2e-9, "s", "2 ns"),
    ],
)
def test_readable_bounds(value: float, unit: str, text: str) -> None:
    assert readable(value, unit) == text


def test_defined_kinds_read_the_definitions() -> None:
    """'"Satellite" means a "spacecraft" ...' and '... in the form of a "satellite", ...' give kinds."""
    from itemlists.derive.index import defined_kinds

    definitions = pl.DataFrame(
        {
            "term": ["Satellite", "Spacecraft", "Composite", "CW laser"],
            "definition": [
                'means a "spacecraft", other than a "space vehicle", designed to operate in orbit;',
                'means a craft designed to operate in space in the form of a "satellite", "space probe", or '
                '"space vehicle".',
                'means a "matrix" and an additional phase or additional phases',  # not a kind of matrix
                'means a "laser" that produces a nominally constant output energy',  # same noun: adds nothing
            ],
        }
    )
    assert defined_kinds(definitions).rows() == [
        ("spacecraft", "satellite"),
        ("spacecraft", "space probe"),
        ("spacecraft", "space vehicle"),
    ]


def test_a_defined_kind_names_the_item() -> None:
    """In the bundled List II, a satellite names the item of 9A004.b ("Spacecraft")."""
    from itemlists.install.store import BUNDLED_ROOT, ListStore
    from itemlists.reference import load_reference

    items = load_reference(ListStore([BUNDLED_ROOT]), lists=("II",)).items
    assert items.filter((pl.col("code") == "9A004.b") & (pl.col("norm") == "satellite")).height == 1


def test_a_condition_level_named_by_inheritance_implies_no_kind() -> None:
    """A level that is only a condition ("Output power exceeding 2 W") says no kind of its own:
    matching it does not state that the laser is a semiconductor laser (6A005.d.1)."""
    targets = pl.DataFrame(
        {"list": ["II"], "target": ["6A005.d.1.a"], "item_level": ["6A005.d.1.a"], "item_grade": [1.0]}
    )
    words = text_words(["A diode laser of 5 W."])
    row = kind_support(targets, qualifier_table(_provisions()), words).row(0, named=True)
    assert row["kind_unstated"] == 1, row
