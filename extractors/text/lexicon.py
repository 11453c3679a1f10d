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

from extractors.text.normalise import normalise


def _pairs(name: str, shape: str) -> list[tuple[str, str]]:
    """(normalised left, normalised right) rows of a bundled ``data/<name>`` table.

    Blank lines and ``#`` comments are skipped; a row without both sides is an error naming
    the file, the line and the expected ``shape``.
    """
    text = resources.files("extractors.text").joinpath(f"data/{name}").read_text("utf-8")
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        left, sep, right = line.partition("\t")
        key, value = normalise(left), normalise(right)
        if not sep or not key or not value:
            raise ValueError(f"{name} line {number}: {line!r} is not '{shape}'")
        rows.append((key, value))
    return rows


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Normalised variant or kind -> normalised list name."""
    return dict(_pairs("variants_en.tsv", "variant<TAB>list name"))


def _variant_tails(words: list[str]) -> list[tuple[int, str]]:
    """(tail length, lists' name) for each of the term's last 1-4 words that is a variant."""
    tails = []
    for size in range(min(len(words), 4), 0, -1):
        tail = " ".join(words[-size:])
        target = variants().get(tail)
        if target and target != tail:
            tails.append((size, target))
    return tails


def variant_forms(norm: str) -> list[str]:
    """The term with its last word(s) replaced by the lists' name, for every table entry that fits.

    ``variant_forms("fiber optic gyroscope") == ["fiber optic gyro"]``; a term that is already
    the lists' name, or ends in no variant, gives ``[]``.
    """
    words = norm.split()
    return [" ".join([*words[:-size], target]) for size, target in _variant_tails(words)]


def variant_names(norm: str) -> list[str]:
    """The lists' names of the variants the term ends in, without the rest of the term.

    ``variant_names("tunable hyperspectral camera") == ["multispectral imaging sensor"]``: a
    kind check must not read "tunable" out of a piece of "non-tunable".
    """
    return [target for _size, target in _variant_tails(norm.split())]


@lru_cache(maxsize=1)
def implications() -> tuple[tuple[str, str], ...]:
    """(normalised cue, normalised implied words) from ``data/implied_en.tsv``."""
    return tuple(_pairs("implied_en.tsv", "cue<TAB>implied words"))


def implied_words(norm_texts: list[str]) -> list[str]:
    """The implied words of every cue that occurs (as whole words) in the normalised texts.

    ``implied_words(["imaged from a satellite"]) == ["remote sensing spacecraft"]``.
    """
    padded = [f" {t} " for t in norm_texts]
    return [words for cue, words in implications() if any(f" {cue} " in t for t in padded)]
