"""Organisation names against imported entity lists: exact, acronym and fuzzy matches, in bulk.

Every listed name and alias becomes one row with its normalised, word-sorted key
(``itemlists.entities.normalise``). A query (a partner's organisation, with each part in
parentheses as its own query) matches:

- ``exact``: the same key ("Harbin Inst. of Technology" = "Harbin Institute of Technology");
- ``acronym``: a listed acronym written exactly, capitals and all ("NUDT", "HIT"), as the
  whole query; an acronym is never matched fuzzily ("HIT" is no "HEU");
- ``fuzzy``: ``rapidfuzz.fuzz.ratio`` over keys at or above the threshold (a setting,
  default 0.88), computed for all pairs at once with ``process.cdist``.

The best hit per query and entity is kept, best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from itemlists.entities.normalise import is_acronym, name_key, name_variants, phrase, words
from itemlists.entities.types import EntityHit

DEFAULT_THRESHOLD = 0.88
#: Keys shorter than this are too short for a fuzzy comparison to mean anything.
MIN_FUZZY_CHARS = 8


def alias_table(entities: pl.DataFrame) -> pl.DataFrame:
    """One row per listed name or alias, with ``key``, ``phrase`` and ``acronym`` (from ``EntityStore.frame``)."""
    rows = entities.select(
        "entity_id", "list_name", "list", "countries", entity_name=pl.col("name"),
        alias=pl.concat_list(pl.col("name"), pl.col("aliases")),
    ).explode("alias").drop_nulls("alias").unique(["list_name", "entity_id", "alias"], maintain_order=True)
    aliases = rows["alias"].to_list()
    return rows.with_columns(
        key=pl.Series([name_key(a) for a in aliases], dtype=pl.String),
        phrase=pl.Series([phrase(a) for a in aliases], dtype=pl.String),
        acronym=pl.Series([is_acronym(a) for a in aliases], dtype=pl.Boolean),
    ).filter(pl.col("key") != "")


def match_names(queries: Sequence[str], aliases: pl.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> list[EntityHit]:
    """Entity hits for organisation names (see the module docstring), best first per query.

    Args:
        queries: Organisation names as written.
        aliases: ``alias_table`` of the lists to check.
        threshold: Lowest fuzzy similarity (0..1) reported.
    """
    if aliases.is_empty() or not queries:
        return []
    pairs = [(q, v) for q in dict.fromkeys(queries) for v in name_variants(q)]
    hits = _exact(pairs, aliases) + _acronyms(pairs, aliases) + _fuzzy(pairs, aliases, threshold)
    best: dict[tuple[str, str, str], EntityHit] = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        best.setdefault((hit.query, hit.list_name, hit.entity_id), hit)
    return sorted(best.values(), key=lambda h: (queries.index(h.query) if h.query in queries else 0, -h.score))


def _hit(query: str, row: dict[str, object], score: float, how: str) -> EntityHit:
    countries = row["countries"]
    return EntityHit(query, str(row["entity_id"]), str(row["entity_name"]), str(row["alias"]), round(score, 3), how,
                     str(row["list_name"]), str(row["list"]),
                     tuple(countries) if isinstance(countries, list) else ())


def _exact(pairs: list[tuple[str, str]], aliases: pl.DataFrame) -> list[EntityHit]:
    keys = pl.DataFrame({"query": [q for q, _ in pairs], "key": [name_key(v) for _, v in pairs]},
                        schema={"query": pl.String, "key": pl.String})
    joined = keys.filter(pl.col("key") != "").join(aliases.filter(~pl.col("acronym")), on="key")
    return [_hit(str(r["query"]), r, 1.0, "exact") for r in joined.iter_rows(named=True)]


def _acronyms(pairs: list[tuple[str, str]], aliases: pl.DataFrame) -> list[EntityHit]:
    wanted = pl.DataFrame({"query": [q for q, v in pairs if is_acronym(v)],
                           "alias": [v.strip() for _q, v in pairs if is_acronym(v)]},
                          schema={"query": pl.String, "alias": pl.String})
    joined = wanted.join(aliases.filter(pl.col("acronym")), on="alias")
    return [_hit(str(r["query"]), r, 1.0, "acronym") for r in joined.iter_rows(named=True)]


def _fuzzy(pairs: list[tuple[str, str]], aliases: pl.DataFrame, threshold: float) -> list[EntityHit]:
    long_pairs = [(q, name_key(v)) for q, v in pairs if not is_acronym(v) and len(name_key(v)) >= MIN_FUZZY_CHARS]
    candidates = aliases.filter(~pl.col("acronym") & (pl.col("key").str.len_chars() >= MIN_FUZZY_CHARS))
    if not long_pairs or candidates.is_empty():
        return []
    cutoff = int(round(threshold * 100))
    scores = process.cdist([k for _, k in long_pairs], candidates["key"].to_list(), scorer=fuzz.ratio,
                           processor=None, score_cutoff=cutoff, dtype=np.uint8, workers=-1)
    found = np.argwhere(scores >= max(cutoff, 1))
    return [_hit(long_pairs[i][0], candidates.row(int(j), named=True), float(scores[i, j]) / 100, "fuzzy")
            for i, j in found]


def search(aliases: pl.DataFrame, text: str, limit: int = 20) -> pl.DataFrame:
    """Listed entities whose name or alias contains ``text`` (case and accents ignored) or resembles it.

    Returns:
        Up to ``limit`` rows: list_name, entity_id, entity_name, alias, countries, list, score.
    """
    wanted = name_key(text)
    if not wanted or aliases.is_empty():
        return aliases.head(0).select("list_name", "entity_id", "entity_name", "alias", "countries", "list",
                                      score=pl.lit(0.0))
    scored = aliases.with_columns(
        score=pl.when(pl.col("key").str.contains(wanted, literal=True)).then(pl.lit(1.0))
        .otherwise(pl.Series(process.cdist([wanted], aliases["key"].to_list(), scorer=fuzz.partial_ratio,
                                           processor=None, workers=-1)[0] / 100.0))
    )
    return (scored.filter(pl.col("score") >= 0.8).sort("score", descending=True)
            .unique(["list_name", "entity_id"], keep="first", maintain_order=True).head(limit)
            .select("list_name", "entity_id", "entity_name", "alias", "countries", "list", "score"))


#: A name as running text writes it: capitalised words, joined by short lower-case words
#: ("Harbin Institute of Technology", "Universidade de Lisboa", "Bauman-universitetet i Moskva").
_NAME_SPAN = re.compile(
    r"(?:[A-ZÆØÅÄÖÜ][\w.'’-]*(?:\s+(?:of|for|and|the|de|da|di|der|für|i|og|for|at|in|on)(?=\s+[A-ZÆØÅÄÖÜ]))*\s+)+"
    r"[A-ZÆØÅÄÖÜ][\w.'’-]*|[A-ZÆØÅÄÖÜ][\w.'’]*-[a-zæøå]\w+")


#: Longest listed name, in words, looked for inside running text.
MAX_NAME_WORDS = 10
_TEXT_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9&.-]{3,9}(?![\w-])")


#: Look-up tables of the alias frames in use: (frame, by phrase, by acronym). The frame is kept so
#: its id is not reused while the tables live; a few frames at most per process.
Rows = dict[str, list[dict[str, object]]]
_INDEXES: list[tuple[pl.DataFrame, Rows, Rows]] = []


def _indexes(aliases: pl.DataFrame) -> tuple[Rows, Rows]:
    for frame, known_phrases, known_acronyms in _INDEXES:
        if frame is aliases:
            return known_phrases, known_acronyms
    by_phrase: Rows = {}
    by_acronym: Rows = {}
    for row in aliases.iter_rows(named=True):
        if row["acronym"]:
            if len(str(row["alias"])) >= 4:  # "HIT" or "SUT" in running text is too often something else
                by_acronym.setdefault(str(row["alias"]), []).append(row)
        elif " " in str(row["phrase"]):
            by_phrase.setdefault(str(row["phrase"]), []).append(row)
    _INDEXES[:] = [*_INDEXES[-3:], (aliases, by_phrase, by_acronym)]
    return by_phrase, by_acronym


def _phrase_hits(texts: Sequence[str], aliases: pl.DataFrame) -> list[tuple[int, EntityHit]]:
    """Listed names of two words or more found by their normalised words in order (hash look-ups of n-grams)."""
    by_phrase, _ = _indexes(aliases)
    found = []
    for i, text in enumerate(texts):
        tokens = phrase(text).split()
        grams = {" ".join(tokens[a:b]) for a in range(len(tokens))
                 for b in range(a + 2, min(len(tokens), a + MAX_NAME_WORDS) + 1)}
        found += [(i, _hit(str(row["alias"]), row, 1.0, "exact")) for gram in grams & by_phrase.keys()
                  for row in by_phrase[gram]]
    return found


def _acronym_hits(texts: Sequence[str], aliases: pl.DataFrame) -> list[tuple[int, EntityHit]]:
    """Listed acronyms of four letters or more written as whole words, capitals and all ("NUDT")."""
    _, by_acronym = _indexes(aliases)
    return [(i, _hit(word, row, 1.0, "acronym")) for i, text in enumerate(texts)
            for word in dict.fromkeys(w.rstrip(".-") for w in _TEXT_ACRONYM.findall(text))
            for row in by_acronym.get(word, [])]


#: Words that make a run of capitalised words an organisation's name (compared fuzzily).
_ORGANISATION_WORD = re.compile(
    r"\b(?:universit\w*|univ|institut\w*|inst|academy|akademi\w*|college|school|høgskole\w*|høyskole\w*|compan\w*"
    r"|corporation|corp|laborator\w*|lab|centre|center|senter|bureau|agency|ministry|department|foundation"
    r"|council|factory|works|plant|group|holding|industr\w*|systems|technolog\w*|engineering|research)\b",
    re.IGNORECASE)


_SPAN_JOINS = re.compile(r"\s+(?:in|i|at|and|og|on|for)\s+")


def name_spans(text: str) -> list[str]:
    """Runs of capitalised words in ``text`` that could be an organisation's name (two words or more).

    Each run is also split where a place or a second name begins ("... Technology in
    Changsha", "... Oslo and SINTEF AS"), and every part of two words or more is kept too.
    """
    found = []
    for match in _NAME_SPAN.finditer(text):
        span = match.group(0).strip().rstrip(".,;:")
        found += [part for part in dict.fromkeys([span, *_SPAN_JOINS.split(span)]) if len(words(part)) >= 2]
    return list(dict.fromkeys(found))


def mentions(texts: Sequence[str], aliases: pl.DataFrame, threshold: float = DEFAULT_THRESHOLD
             ) -> list[tuple[int, EntityHit]]:
    """Listed names written inside running text: (index of the text, hit), in text order.

    A listed name of two words or more is found by its normalised words in order ("the
    Bauman Moscow State Technical University" holds "bauman moscow state technical
    university"); an acronym of four letters or more as a whole word, capitals and all; and
    each run of capitalised words is compared like a partner's name (``match_names``, so
    "Harbin Inst. of Technology (Shenzhen)" or a misspelt name still match at ``threshold``).
    """
    if aliases.is_empty() or not texts:
        return []
    spans = [(i, span) for i, t in enumerate(texts) for span in name_spans(t) if _ORGANISATION_WORD.search(span)]
    by_span: dict[str, list[int]] = {}
    for i, span in spans:
        by_span.setdefault(span, []).append(i)
    fuzzy = [(i, hit) for hit in match_names(list(by_span), aliases, threshold) if hit.how != "acronym"
             for i in by_span.get(hit.query, [])]
    found = _phrase_hits(texts, aliases) + _acronym_hits(texts, aliases)
    best: dict[tuple[int, str, str], tuple[int, EntityHit]] = {}
    for i, hit in found + fuzzy:
        best.setdefault((i, hit.list_name, hit.entity_id), (i, hit))
    return sorted(best.values(), key=lambda pair: pair[0])
