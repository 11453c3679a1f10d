"""Chemical formulas researchers write for what the lists name in words.

A paper on transistors writes "AlGaN/GaN" and "InGaAs"; the lists control "III/V compounds of
gallium or indium" (3C001.d) and "III/V compound semiconductor" detectors (6A002.a.2). A
formula made only of group-13 (III) and group-15 (V) elements is such a compound by
definition, so its candidate term is also offered to the matcher as "III/V compound",
"III/V compound semiconductor" and its group-III elements ("gallium")
(``with_formula_forms``), keeping the formula as the evidence text. Systematic names
("aluminium gallium nitride") are not added: where the lists name a compound they also give
its formula, so the name would count the same word twice.

Only formulas with at least one two-letter element symbol and two or more elements are read,
so capitalised acronyms ("CNN", "SPIE") are not formulas.
"""

from __future__ import annotations

import re

import polars as pl

#: Group 13 (III) and group 15 (V) elements (boron and nitrogen included: BN, GaN).
GROUP_III = frozenset({"B", "Al", "Ga", "In", "Tl"})
GROUP_V = frozenset({"N", "P", "As", "Sb", "Bi"})
#: What a III-V formula is, in the lists' words (3C001.d "III/V compounds", 6A002.a.2 "III/V
#: compound semiconductor"), normalised.
III_V_NAMES = ("iii v compound", "iii v compound semiconductor")

_ELEMENT = re.compile(r"([A-Z][a-z]?)(\d*(?:\.\d+)?|[xyz]|\(?1-[xyz]\)?)?")
_FORMULA = re.compile(r"(?:[A-Z][a-z]?(?:\d*(?:\.\d+)?|[xyz]|\(1-[xyz]\)|1-[xyz])?){2,}")


#: A formula token is short; a longer one (a hex string, a base64 blob, a run of capitals) is
#: never read as one. The formula pattern backtracks on long tokens of capitals and letters
#: ("AxAxAx...!"): without this bound one such token in a document hung its analysis.
MAX_FORMULA_CHARS = 32


def elements(token: str) -> list[str] | None:
    """The element symbols of a formula token ("Al0.28Ga0.72N" -> Al, Ga, N), or None."""
    if len(token) > MAX_FORMULA_CHARS or not _FORMULA.fullmatch(token):
        return None
    symbols = [m.group(1) for m in _ELEMENT.finditer(token)]
    if len(symbols) < 2 or not any(len(s) == 2 for s in symbols):
        return None
    return symbols


def is_iii_v(token: str) -> bool:
    """Whether a token is a formula of group-III and group-V elements only, with both groups.

    >>> is_iii_v("GaN"), is_iii_v("In0.53Ga0.47As"), is_iii_v("SiC"), is_iii_v("CNN")
    (True, True, False, False)
    """
    symbols = elements(token)
    if symbols is None or not all(s in GROUP_III | GROUP_V for s in symbols):
        return False
    return any(s in GROUP_III for s in symbols) and any(s in GROUP_V for s in symbols)


#: Group-III element names (normalised spelling: the lists' "aluminum").
_NAMES = {"B": "boron", "Al": "aluminum", "Ga": "gallium", "In": "indium", "Tl": "thallium"}


def _formula_names(text: str) -> list[str]:
    """Names in the lists' words of a III-V formula or heterostructure ("AlGaN/GaN"), else []."""
    parts = [p for p in re.split(r"[/\-]", text) if p]
    if not parts or not all(is_iii_v(p) for p in parts):
        return []
    names = [*III_V_NAMES, *(_NAMES[s] for p in parts for s in elements(p) or [] if s in GROUP_III)]
    return sorted(set(names))


def with_formula_forms(candidates: pl.DataFrame) -> pl.DataFrame:
    """The candidates, plus rows naming each one-token III-V formula candidate in the lists' words.

    The added row keeps the formula's span and text ("AlGaN/GaN"), so the finding's evidence
    shows what the document wrote; its ``norm`` is each of :data:`III_V_NAMES`.
    """
    single = candidates.filter(~pl.col("text").str.contains(r"\s"))
    if single.height == 0:
        return candidates
    names = (
        single.select(pl.col("text").unique().sort())
        .with_columns(
            pl.col("text").map_elements(_formula_names, return_dtype=pl.List(pl.String)).alias("formula_norm")
        )
        .explode("formula_norm")
        .drop_nulls("formula_norm")
    )
    added = (
        single.join(names, on="text")
        .with_columns(
            pl.col("formula_norm").alias("norm"),
            pl.col("formula_norm").str.count_matches(" ").add(1).cast(pl.Int32).alias("n_words"),
        )
        .select(candidates.columns)
    )
    return pl.concat([candidates, added]) if added.height else candidates
