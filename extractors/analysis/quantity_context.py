"""Each quantity of a document with the words that say what it measures, for threshold checks.

A quantity's sentence (and the one before when the number opens its sentence) and the few
words around it name what it measures ("a unidirectional repeatability of 4 µm"); Norwegian
words are glossed into English so that "biasstabilitet" names a "bias stability". Derived
quantities the annex defines (specific modulus, specific tensile strength) are added. The
frame (:data:`QUANTITY_SCHEMA`) is part of the ``Analysis``; classifiers.thresholds compares
it with the lists' conditions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import polars as pl

from extractors.text.normalise import normalise
from extractors.types import Quantity, Sentence

QUANTITY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "q_text": pl.String,
    "q_value": pl.Float64,
    "q_unit": pl.String,
    "q_sentence": pl.Int32,
    "q_norm": pl.String,
    "q_near": pl.String,
    "q_cmp": pl.String,
    "q_mode": pl.String,
}

#: Words saying a power (or energy, current ...) is a peak or an average value, English and
#: Norwegian ("gjennomsnittlig", "toppeffekt"). A threshold on average output power is not
#: met by a peak power, nor the reverse (issue 14: "tell peak, average and per-pulse apart").
_MODES = (
    ("peak", re.compile(r"\bpeak\b|\btopp\w*", re.IGNORECASE)),
    ("average", re.compile(r"\baverage\b|\bmean\b|\bavg\b|\bgjennomsnitt\w*|\bmiddel\w*", re.IGNORECASE)),
)
#: Words right after a number that can name its mode ("8.8 kW peak power").
MODE_AFTER_WORDS = 2

#: Characters before a number (and after it) that name what it measures: "a unidirectional
#: repeatability of 4 µm", "400 W of continuous output". Wider than a clause, narrower than
#: a sentence that lists several properties ("accuracy is 12 µm and repeatability 4 µm").
NEAR_BEFORE = 48
NEAR_AFTER = 24
#: A number this close to its sentence's start opens the sentence (see ``_context``).
SENTENCE_OPENING = 24


def _near_parts(sentence: str, start: int, length: int) -> tuple[str, str]:
    """The words just before a quantity, cut at the previous number, and a few after it."""
    before = sentence[max(0, start - NEAR_BEFORE) : start]
    if start > NEAR_BEFORE:  # a cut word is no word
        before = before.partition(" ")[2]
    before = re.split(r"\d[\d.,]*\s*[^\s\d]*\s*(?:and|or|,|;)\s", before)[-1]
    after = sentence[start + length : start + length + NEAR_AFTER]
    after = re.split(r"[,;(]|\d|\b(?:and|or)\b", after)[0]
    return before, after


def _near(sentence: str, start: int, length: int) -> str:
    """The words just before a quantity, cut at the previous number, plus a few after it."""
    before, after = _near_parts(sentence, start, length)
    return f"{before} {after}"


def quantity_mode(sentence: str, start: int, length: int) -> str:
    """``peak``, ``average`` or "" for the quantity at ``start``: the mode word closest to it.

    A mode word right after the number wins ("8.8 kW peak power"), else the last one before it
    ("an average output power of 466 W"; "466 W average output power and 8.8 kW peak power"
    gives average to 466 W and peak to 8.8 kW).
    """
    before, after = _near_parts(sentence, start, length)
    following = " ".join(after.split()[:MODE_AFTER_WORDS])
    for mode, pattern in _MODES:
        if pattern.search(following):
            return mode
    last = max(
        ((m.start(), mode) for mode, pattern in _MODES for m in pattern.finditer(before)),
        default=(-1, ""),
    )
    return last[1]


#: Standard gravity (m/s²): the annex's "specific" properties divide by specific weight.
STANDARD_GRAVITY = 9.80665
#: Quantities the annex defines per specific weight: "specific modulus" is Young's modulus in
#: Pa divided by specific weight in N/m³, "specific tensile strength" likewise, both in m.
SPECIFIC = {"modulus": "specific modulus", "strength": "specific tensile strength"}
#: How many sentences from the density a modulus or strength may sit to be divided by it.
DENSITY_DISTANCE = 3


def specific_quantities(
    quantities: tuple[Quantity, ...], sentences: tuple[Sentence, ...]
) -> list[tuple[Quantity, str]]:
    """Specific modulus and tensile strength from a stated value and density, as the annex defines them.

    "a tensile modulus of 294 GPa ... at a fibre density of 1.80 g/cm3" gives a specific
    modulus of 294e9 / (1800 x 9.80665) = 16.7 x 10^6 m. Only when the document states one
    density; the derived quantity (with its name) sits in the modulus' sentence, and its text
    shows the sum.
    """
    densities = [q for q in quantities if q.si_unit == "kg/m³" and q.si_value]
    if len({q.si_value for q in densities}) != 1:
        return []
    density = densities[0]
    stated = {name for q in quantities if q.si_unit == "m" and q.sentence < len(sentences)
              for word, name in SPECIFIC.items()
              if {"specific", word} <= set(normalise(_near(sentences[q.sentence].text, q.start, len(q.text))).split())}
    derived = []
    for q in quantities:
        if q.si_unit != "Pa" or not q.si_value or q.sentence >= len(sentences):
            continue
        # Only a value stated with the density (its sentence or the few around it: a list of
        # properties); a modulus in a background paragraph is not this material's.
        if abs(q.sentence - density.sentence) > DENSITY_DISTANCE:
            continue
        near = normalise(_near(sentences[q.sentence].text, q.start, len(q.text)))
        for word, name in SPECIFIC.items():
            if name in stated:  # the document states it itself: its own figure is the one compared
                continue
            if word in near.split() and "specific" not in near.split():
                value = q.si_value / (float(density.si_value or 0) * STANDARD_GRAVITY)
                text = f"{name} {value:.3g} m = {q.text} / ({density.text} x g)"
                quantity = dataclasses.replace(q, text=text, value=value, unit="m", si_value=value, si_unit="m")
                derived.append((quantity, name))
    return derived


def _context(sentences: tuple[Sentence, ...], q: Quantity) -> tuple[str, int]:
    """The quantity's sentence and its offset there; one that opens its sentence gets the previous one too.

    Sentence splitters break at brackets and abbreviations ("... rated for 10 Mrad(Si) (100 kGy)"
    can start a sentence at "100 kGy"), so the words naming such a number are in the sentence before.
    """
    text, start = sentences[q.sentence].text, q.start
    if start < SENTENCE_OPENING and q.sentence > 0:
        previous = sentences[q.sentence - 1].text
        text, start = f"{previous} {text}", start + len(previous) + 1
    return text, start


def quantity_frame(
    quantities: tuple[Quantity, ...], sentences: tuple[Sentence, ...], gloss: Callable[[str], str] | None = None
) -> pl.DataFrame:
    """Document quantities in base units, with the normalised words of their sentence and surroundings.

    ``gloss`` turns normalised words of the document's language into English (Norwegian
    documents), so that "biasstabilitet" names a "bias stability".
    """
    english = gloss or (lambda norm: norm)
    rows = []
    for q in quantities:
        if q.sentence >= len(sentences):
            continue
        text, start = _context(sentences, q)
        value = q.si_value if q.si_value is not None else q.value
        near = _near(text, start, len(q.text))
        mode = quantity_mode(text, start, len(q.text))
        rows.append(
            (
                q.text,
                value,
                q.si_unit,
                q.sentence,
                english(normalise(text)),
                english(normalise(near)),
                q.comparator,
                mode,
            )
        )
    rows += [
        (q.text, q.value, q.unit, q.sentence, normalise(sentences[q.sentence].text), normalise(name), q.comparator, "")
        for q, name in specific_quantities(quantities, sentences)
    ]
    return pl.DataFrame(rows, schema=QUANTITY_SCHEMA, orient="row")
