"""English variants and kinds of listed items: what researchers write -> what the lists say.

A paper names a "fibre-optic gyroscope", a "RISC-V microcontroller" or a "quadcopter"; the
lists control "gyros", "integrated circuits" and "unmanned aerial vehicles". The table in
``data/variants_en.tsv`` holds such general equivalences (a kind or a variant of an item ->
the lists' name for it). ``variant_forms`` rewrites the end of a candidate term with them, so
the matcher (classifiers.match) can try the lists' name as well, at a similarity below an
exact match.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from extractors.normalise import normalise


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Normalised variant or kind -> normalised list name."""
    text = resources.files("extractors").joinpath("data/variants_en.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        left, sep, right = line.partition("\t")
        key, value = normalise(left), normalise(right)
        if not sep or not key or not value:
            raise ValueError(f"variants_en.tsv line {number}: {line!r} is not 'variant<TAB>list name'")
        table[key] = value
    return table


def variant_forms(norm: str) -> list[str]:
    """The term with its last word(s) replaced by the lists' name, for every table entry that fits.

    ``variant_forms("fiber optic gyroscope") == ["fiber optic gyro"]``; a term that is already
    the lists' name, or ends in no variant, gives ``[]``.
    """
    words = norm.split()
    out = []
    for size in range(min(len(words), 4), 0, -1):
        tail = " ".join(words[-size:])
        target = variants().get(tail)
        if target:
            form = " ".join([*words[:-size], target])
            if form != norm:
                out.append(form)
    return out


def variant_names(norm: str) -> list[str]:
    """The lists' names of the variants the term ends in, without the rest of the term.

    ``variant_names("tunable hyperspectral camera") == ["multispectral imaging sensor"]``: a
    kind check must not read "tunable" out of a piece of "non-tunable".
    """
    words = norm.split()
    return [
        target
        for size in range(min(len(words), 4), 0, -1)
        if (target := variants().get(" ".join(words[-size:]))) and target != " ".join(words[-size:])
    ]


@lru_cache(maxsize=1)
def implications() -> tuple[tuple[str, str], ...]:
    """(normalised cue, normalised implied words) from ``data/implied_en.tsv``."""
    text = resources.files("extractors").joinpath("data/implied_en.tsv").read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cue, sep, words = line.partition("\t")
        key, value = normalise(cue), normalise(words)
        if not sep or not key or not value:
            raise ValueError(f"implied_en.tsv line {number}: {line!r} is not 'cue<TAB>implied words'")
        rows.append((key, value))
    return tuple(rows)


def implied_words(norm_texts: list[str]) -> list[str]:
    """The implied words of every cue that occurs (as whole words) in the normalised texts.

    ``implied_words(["imaged from a satellite"]) == ["remote sensing spacecraft"]``.
    """
    padded = [f" {t} " for t in norm_texts]
    return [words for cue, words in implications() if any(f" {cue} " in t for t in padded)]
