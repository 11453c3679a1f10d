"""The words that tell a provision's kind of item from its siblings'.

Sibling provisions often differ only in the words before their shared head noun:
6A005.a "Non-tunable continuous wave (CW) lasers", 6A005.b "Non-tunable pulsed lasers",
6A005.d.1 "Semiconductor lasers", 6A205.f "Neodymium-doped (other than glass) lasers". A
document about a CW fibre laser names "laser" on every one of those paths and may meet
their numeric conditions, but it is about one kind only. This module extracts, per
provision, its *distinctive qualifiers*: the content words of its item part (the text
before the first clause word or comparator) other than the head noun, minus the words its
siblings share. classifiers.documents.kinds then asks whether the document says any of them.

A provision whose item part is a measured quantity ("Output power exceeding 1 kW") has no
qualifiers: its numbers are checked instead. A provision that opens with "Other" is a
residual branch ("Other lasers, not specified in 6A005.a. to c."): it covers what its
siblings do not, so a document that names a sibling's kind contradicts it.
"""

from __future__ import annotations

import re

import polars as pl

from extractors.text.keys import KEY_CHARS, join_non, word_key
from extractors.text.normalise import STOP_WORDS, normalise

#: Where an item part ends: clause words and list punctuation ...
_ITEM_END = re.compile(
    r"\b(?:having|specially|designed|as follows|for|with|which|that|capable|containing|when|according|"
    r"using|in which|except|and any|and all|and either|and one|and having|or any|being|used|if)\b|[:;,]",
    re.IGNORECASE,
)
#: ... or a comparator or number: then the item part is a measured quantity ("Output power exceeding").
_MEASURED = re.compile(
    r"\b(?:exceeding|equal to|less than|greater than|more than|not exceeding|below|above|between|up to|"
    r"in excess|at least|at most|lower than|higher than|better than|worse than)\b|(?<![A-Za-z])\d",
    re.IGNORECASE,
)
_OTHER_THAN = re.compile(r"\((?:other than|excluding|except|not)[^)]*\)|\bother than\b.*$", re.IGNORECASE)
#: In "neodymium-doped" the noun tells the kind; "-doped" is shared with "ytterbium-doped".
_COMPOUND_PARTICIPLE = re.compile(r"(?<=[A-Za-z])-[a-z]{2,}ed\b")
_RESIDUAL = re.compile(r"^\W*other\b", re.IGNORECASE)
#: The technology an item uses, named after it: "using optically pumped ... technology".
_USING_TECHNOLOGY = re.compile(r"using\s+([^;:,]{1,100}?)\s+(?:technology|techniques?)\b", re.IGNORECASE)
#: What the item is for, as one gerund right after it: "Machine tools for turning".
_FOR_GERUND = re.compile(r"for\s+([a-z][a-z-]*ing)\b", re.IGNORECASE)

#: Words that qualify nothing: regulatory filler and generic nouns.
_EMPTY = STOP_WORDS | frozenset(
    """
    other individual following specially designed modified non new not only item items equipment system
    systems component components device devices part parts type types kind form assembly assemblies
    unit units apparatus means technology software material materials product products
    """.split()
)

#: A provision that opens with a verb of function or capability states a condition on its
#: parent's item, not an item: 5A001.f.3.b "Detect and exploit specific characteristics of
#: the ... protocol", 7A003.a "Designed for aircraft, ... providing position ...".
CONDITION_OPENING = re.compile(
    r"^\W*(?:simulate|detect|exploit|provide|providing|perform|performing|measure|measuring|operate|operating|"
    r"use|using|employ|employing|incorporate|incorporating|contain|containing|have|having|be|being|designed|"
    r"specially|specified|rated|capable|consisting|comprising|able|achieve|achieving|exhibit|allow|enable|permit|"
    r"support|maintain|maintaining|intercept|extract|identify|transmit|receive|generate|generating|produce|"
    r"producing|combining|utilising|utilizing|based|built|made|manufactured|fabricated|usable|suitable)\b",
    re.IGNORECASE,
)


def item_words(text: str) -> tuple[list[str], bool]:
    """The normalised qualifier words of a provision's item part, and whether it measures a quantity.

    >>> item_words('Neodymium-doped (other than glass) "lasers" with an output wavelength')
    (['neodymium'], False)
    >>> item_words("Output power exceeding 1000 W; or")
    ([], True)
    >>> item_words('"Magnetometers" using fluxgate "technology" having a sensitivity')
    (['fluxgate'], False)
    >>> item_words("Machine tools for turning, that have positioning accuracies")
    (['machine', 'turning'], False)
    """
    text = _OTHER_THAN.sub(" ", (text or "").replace('"', " ").replace("'", " "))
    if CONDITION_OPENING.match(text):
        return [], False
    end = _ITEM_END.search(text)
    measured = _MEASURED.search(text)
    if measured and (end is None or measured.start() < end.start()):
        return [], True
    part = _COMPOUND_PARTICIPLE.sub("", text[: end.start()] if end else text)
    words = [w for w in join_non(normalise(part.replace("(", " ").replace(")", " "))).split() if not w.isdigit()]
    qualifiers = [w for w in words[:-1] if w not in _EMPTY and len(w) > 1]
    # "Magnetometers using optically pumped ... technology" / "using fluxgate technology": the
    # technology named after the head noun tells siblings apart as much as a word before it.
    # So does what the item is for, as one gerund: "Machine tools for turning" / "for milling".
    after = text[end.start():] if end else ""
    named = []
    if using := _USING_TECHNOLOGY.match(after):
        named = normalise(using.group(1).replace("(", " ").replace(")", " ").replace("/", " ")).split()
    elif purpose := _FOR_GERUND.match(after):
        named = normalise(purpose.group(1)).split()
    qualifiers += [w for w in named if w not in _EMPTY and w not in ("or", "and") and len(w) > 1]
    return qualifiers, False


_QUALIFIER_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "list": pl.String,
    "code": pl.String,
    "parent": pl.String,
    "words": pl.List(pl.String),
    "residual": pl.Boolean,
}


def qualifier_table(provisions: pl.DataFrame) -> pl.DataFrame:
    """Per provision with a parent: its distinctive qualifier keys and whether it is residual.

    Columns: ``list``, ``code``, ``parent``, ``keys`` (list of word keys, possibly empty),
    ``words`` (the qualifier words, for explanations), ``residual`` (opens with "Other").
    """
    frame = _qualifier_words(provisions)
    own = pl.col("words").list.eval(pl.element().str.slice(0, KEY_CHARS)).list.unique()
    frame = frame.with_columns(own.alias("own"))
    # Keys shared with any sibling do not tell the siblings apart.
    exploded = frame.select("list", "parent", "code", "own").explode("own").drop_nulls("own")
    shared = (
        exploded.join(exploded, on=["list", "parent", "own"], suffix="_sib")
        .filter(pl.col("code") != pl.col("code_sib"))
        .select("list", "code", "own")
        .unique()
    )
    distinct = (
        exploded.join(shared, on=["list", "code", "own"], how="anti")
        .group_by("list", "code")
        .agg(pl.col("own").sort().alias("keys"))
    )
    return (
        frame.join(distinct, on=["list", "code"], how="left")
        .with_columns(pl.col("keys").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .select("list", "code", "parent", "keys", "words", "residual")
    )


def _qualifier_words(provisions: pl.DataFrame) -> pl.DataFrame:
    """(list, code, parent, words, residual) per provision with a parent, heading words left out.

    The entry heading's words ("Lasers, ... components and optical equipment") qualify
    nothing below it: "Laser acoustic detection equipment" is told apart by "acoustic".
    """
    rows: dict[str, list] = {k: [] for k in _QUALIFIER_SCHEMA}
    entry_keys: dict[tuple[str, str], set[str]] = {}
    for list_id, code, parent, text in provisions.select("list", "code", "parent", "text").iter_rows():
        if parent is None:
            entry_keys[(list_id, code)] = {word_key(w) for w in normalise(text or "").split()}
    for list_id, code, parent, text in provisions.select("list", "code", "parent", "text").iter_rows():
        if parent is None:
            continue
        words, _ = item_words(text or "")
        heading = entry_keys.get((list_id, code.split(".")[0]), set())
        rows["list"].append(list_id)
        rows["code"].append(code)
        rows["parent"].append(parent)
        rows["words"].append([w for w in words if word_key(w) not in heading])
        rows["residual"].append(bool(_RESIDUAL.match(text or "")))
    return pl.DataFrame(rows, schema=_QUALIFIER_SCHEMA)
