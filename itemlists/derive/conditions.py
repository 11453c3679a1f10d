"""Conditions read from provision texts at load: which provisions are controlled only under conditions.

``conditional_codes`` (items controlled only with conditions stated elsewhere or unread),
``cross_reference_table`` (what a provision's condition refers to), ``alternative_codes``
(numeric conditions joined by "or") and ``with_conjunctions`` (siblings under "all of the
following"). They are cheap and read the joined lists of a run, so ``itemlists.reference``
computes them when it loads the lists.
"""

from __future__ import annotations

import re

import polars as pl

#: A parent whose sub-items all hold together: "having all of the following", and as the list
#: also writes it, "all the following" (6A004.a.1.a) and "both of the following" (1C202.a, 1C228).
ALL_OF = r"\b(?:all|both)\s+(?:of\s+)?the\s+following\b"


def with_conjunctions(thresholds: pl.DataFrame, provisions: pl.DataFrame) -> pl.DataFrame:
    """Add ``conj_parent``: the parent's code when the parent requires "all of the following".

    Under such a parent every child's conditions must hold together, so a path through one
    child must also meet its siblings' conditions (see classifiers.thresholds).
    """
    conj = provisions.filter(pl.col("text").str.to_lowercase().str.contains(ALL_OF)).select(
        pl.col("code").alias("conj_parent")
    )
    parents = provisions.select("code", "parent").join(conj, left_on="parent", right_on="conj_parent", how="inner")
    return thresholds.join(parents.select("code", pl.col("parent").alias("conj_parent")), on="code", how="left")


#: A temperature the list measures a condition at, right after it ("240 MPa or more at 473 K
#: (200 °C)", "measured at a temperature of 873 K").
MEASURED_AT = re.compile(
    r"^[\s,]*(?:when\s+)?(?:measured\s+)?at\s+(?:a\s+temperature\s+of\s+)?(-?\d+(?:[.,]\d+)?)\s*K\b", re.IGNORECASE
)
#: Conditions measured within this many kelvin above room temperature (295 K) need no stated
#: temperature: a paper's value without one is a room-temperature value. Only conditions
#: measured hot are kept: a strength, a creep or fatigue life falls as the material heats, so
#: a room-temperature value says nothing of it; below room temperature the direction varies
#: with the quantity (an amplifier's noise, a propellant's extensibility) and is left alone.
ROOM_TOLERANCE_K = 25.0


def with_measurement_temperatures(thresholds: pl.DataFrame, provisions: pl.DataFrame) -> pl.DataFrame:
    """Add ``at_kelvin``: the temperature the list measures a condition at, when well above room temperature.

    1C002.b.4.a's "tensile strength of 240 MPa or more at 473 K (200 °C)" is not met by a
    room-temperature 280 MPa: an alloy's strength falls as it heats. A document value meets
    such a condition only when its sentence states that temperature (classifiers.thresholds).
    """
    texts = dict(provisions.select("code", "text").iter_rows())
    kelvins: list[float | None] = []
    for code, text in thresholds.select("code", "text").iter_rows():
        kelvins.append(_measured_at(texts.get(code) or "", text or ""))
    return thresholds.with_columns(pl.Series("at_kelvin", kelvins, dtype=pl.Float64))


def _measured_at(provision: str, condition: str) -> float | None:
    flat, wanted = " ".join(provision.split()), " ".join(condition.split())
    start = flat.lower().find(wanted.lower()) if wanted else -1
    if start < 0:
        return None
    match = MEASURED_AT.match(flat[start + len(wanted):])
    if match is None:
        return None
    kelvin = float(match.group(1).replace(",", "."))
    return kelvin if kelvin - 295.0 > ROOM_TOLERANCE_K else None


def conjunctive_parents(provisions: pl.DataFrame) -> frozenset[str]:
    """Codes of provisions whose sub-items all hold together ("having all of the following").

    Their sub-items are criteria of one item, not alternative items: the parent's path meets
    them as its siblings' conditions (:func:`with_conjunctions`), not by choosing one.
    """
    rows = provisions.filter(pl.col("text").str.to_lowercase().str.contains(ALL_OF))
    return frozenset(rows["code"].to_list())


#: A provision whose item is defined by another provision's specification.
CROSS_REFERENCE = r"(?i)specified (?:by|in|under) (?:\d[A-E]\d{3}|ML\d)"

#: A number with a unit in running text ("capable of a range of 300 km"), not part of a code,
#: an isotope or a regulation number ("lithium-6", "ML22", "2021/821").
UNREAD_NUMBER = r"(?:^|\s)\d[\d.,]*\s?(?:[A-Za-zµμ°%]+)"


def conditional_codes(provisions: pl.DataFrame, thresholds: pl.DataFrame | None = None) -> frozenset[str]:
    """Codes whose item is controlled only under conditions stated elsewhere, or unread.

    A provision that cross-references another's specification, or that has sub-items (its
    text ends "as follows:" or "having any of the following:"), says what is controlled only
    together with those: "Inertial measurement equipment ... having any of the following
    accuracies" is not controlled for naming inertial measurement equipment. So is one with a
    number the threshold parser could not read ("UAVs capable of a range of 300 km").
    """
    referencing = provisions.filter(pl.col("text").str.contains(CROSS_REFERENCE))["code"]
    parents = provisions["parent"].drop_nulls()
    numbers = provisions.filter(pl.col("text").str.contains(UNREAD_NUMBER))["code"]
    if thresholds is not None and thresholds.height:
        numbers = numbers.filter(~numbers.is_in(thresholds["code"].unique().to_list()))
    return frozenset(referencing.to_list()) | frozenset(parents.to_list()) | frozenset(numbers.to_list())


_REFERENCED = re.compile(r"\b(\d[A-E]\d{3}|ML\d{1,2})\b")


def cross_reference_table(provisions: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Code -> entries it refers to, for provisions without sub-items that cite other entries.

    References to the provision's own entry are left out (1A007.a "detonators specified in
    1A007.b" is checked on its own path).
    """
    parents = frozenset(provisions["parent"].drop_nulls().to_list())
    table: dict[str, frozenset[str]] = {}
    for code, entry, text in provisions.filter(pl.col("text").str.contains(CROSS_REFERENCE)).select(
        "code", "entry_code", "text"
    ).iter_rows():
        if code in parents:
            continue
        referenced = frozenset(_REFERENCED.findall(text or "")) - {entry}
        if referenced:
            table[code] = referenced
    return table


#: Two numeric conditions of one provision joined by "or" with no "and" between them:
#: "Nozzles with thrust levels exceeding 45 kN or nozzle throat erosion rates of less than
#: 0,075 mm/s" (not "... less than 1570 nm and average or CW output power exceeding 2 W").
ALTERNATIVES = (
    r"(?i)(?:(?:exceeding|less than|more than|greater than|lower than|higher than)(?:(?!\band\b)[^;:])*?"
    r"(?<!equal to )\bor\b(?!\s+(?:less|more|greater|lower|higher|better|worse|equal|fewer))"
    r"(?:(?!\band\b)[^;:])*(?:exceeding|less than|more than|greater than|lower than|higher than))"
    # "below 228 K (-45 °C) or above 358 K (85 °C)" (4A001.a.1): both cannot hold at once.
    r"|\b(?:below|above)\s+\d[\d,.\s]*\s*[^\s;,()]+(?:\s*\([^)]*\))?,?\s+or\s+(?:below|above)\b"
)

def alternative_codes(provisions: pl.DataFrame) -> frozenset[str]:
    """Codes of provisions whose numeric conditions are alternatives (``ALTERNATIVES``)."""
    pattern = re.compile(ALTERNATIVES)
    return frozenset(code for code, text in provisions.select("code", "text").iter_rows() if pattern.search(text or ""))
