"""Ranked fuzzy search over the provisions of every installed list (English or Norwegian queries).

A provision scores by how much of the query it covers, each query word weighted by its
rarity across entries (idf), so "laser" counts more than "high" or "power". The last query
word, the head noun of an English noun phrase, weighs 1.25 times. A word may be
found in several places, worth differently:

* a quoted term of the provision ("Lasers" in 6A005's head): 1.0 - the regulation's own name
  for what is controlled;
* the provision's own text: 0.9;
* the entry's head text (what the whole entry is about): 0.75;
* the purpose clause of the provision ("batteries designed for 'missiles'"): 0.65 quoted,
  0.6 otherwise - a battery for missiles is not a missile;
* the provision's notes: 0.5.

The score mixes the provision's own coverage (0.45), its context's coverage (0.4: its text
and its ancestors' up to the entry head, ancestors' words at 0.85), and a phrase part
(0.15). Words match through ``extractors.text.normalise`` (plural, British/American spelling) and then
by suffix ("autonomously") and fuzzily (``rapidfuzz`` ratio >= 92, for typos).
The phrase part (``rapidfuzz.process.cdist`` with partial token-set ratio of the whole
query against the text) favours texts where the words stand together. No synonyms are
hand-coded.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from extractors.text.normalise import normalise
from itemlists.install.store import ListStore

PLACE_WEIGHTS = {"quoted": 1.0, "own": 0.9, "head": 0.75, "quoted_purpose": 0.65, "purpose": 0.6, "notes": 0.5}
#: Where a provision's text turns from the item to what it is for ("batteries designed for
#: 'missiles'"): words after it describe the purpose, not the controlled item.
_PURPOSE = re.compile(
    r"\b(?:(?:specially )?designed(?: or modified)?|modified|intended|used|usable|useable|suitable)"
    r"\s+(?:for|in|with|to)\b|\bfor\b",
    re.I,
)
WORD_CUTOFF = 92  # rapidfuzz ratio for a query word to match a corpus word ("power" is not "powder")
OWN_SHARE, CONTEXT_SHARE, PHRASE_SHARE = 0.45, 0.4, 0.15  # parts of the final score
HEAD_NOUN_BOOST = 1.25  # the last query word (the head noun) counts a quarter more
ANCESTOR_DISCOUNT = 0.85  # a word found in a parent's text counts a little less
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,80})[\"“”]|(?<![A-Za-z])'([^']{2,80})'(?![A-Za-z])")

RESULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "list": pl.String,
    "version": pl.String,
    "code": pl.String,
    "entry_code": pl.String,
    "score": pl.Float64,
    "matched": pl.List(pl.String),
    "text": pl.String,
}


def english_query(query: str) -> str:
    """The query as searched: normalised, Norwegian words glossed into English as screening does.

    "fiberlaser" -> "fiber laser", "undervannsfarkost" -> "underwater vehicle"; English words
    stay as they are.
    """
    from extractors.analysis.language import translate_norm

    return translate_norm(normalise(query))


def search(store: ListStore, query: str, limit: int = 10) -> pl.DataFrame:
    """Rank the provisions of every installed list's current version against ``query``.

    Args:
        store: Where the lists are installed.
        query: English or Norwegian words ("high power fibre laser", "fiberlaser"); see ``english_query``.
        limit: Rows returned.

    Returns:
        ``RESULT_SCHEMA`` rows, best first; score in [0, 1); ``matched`` lists the query
        words found.
    """
    labels = tuple(sorted(m.label for m in store.installed().values()))
    corpus, places, lineage, idf = _corpus(store, labels)
    words = [w for w in dict.fromkeys(english_query(query).split()) if len(w) > 1]
    if not words:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    # English noun phrases end in their head noun: "guided missile" is a missile.
    boost = [HEAD_NOUN_BOOST if i == len(words) - 1 else 1.0 for i in range(len(words))]
    scaled = [idf.get(w, _max_idf(idf)) * b for w, b in zip(words, boost, strict=True)]
    weights = pl.DataFrame({"word": words, "idf": scaled})
    total = float(weights["idf"].sum())
    hits = (
        places.join(_word_mapping(words, idf), on="token")
        .with_columns((pl.col("place_weight") * pl.col("similarity")).alias("w"))
        .group_by("row", "word")
        .agg(pl.col("w").max())
        .join(weights, on="word")
    )
    own = hits.group_by("row").agg(_coverage(total).alias("coverage"), pl.col("word").sort().alias("matched"))
    ranked = (
        _context_coverage(hits, lineage, total)
        .join(own, on="row", how="left")
        .with_columns(pl.col("coverage").fill_null(0.0), pl.col("matched").fill_null([]))
        .join(corpus, on="row")
        .with_columns((OWN_SHARE * pl.col("coverage") + CONTEXT_SHARE * pl.col("context_coverage")).alias("base"))
        .sort("base", descending=True)
        .head(max(limit * 20, 200))
    )
    return _with_phrase(ranked, query).head(limit).select(list(RESULT_SCHEMA))


def _context_coverage(hits: pl.DataFrame, lineage: pl.DataFrame, total: float) -> pl.DataFrame:
    """Per row: coverage of the query by its text and its ancestors' (theirs at ANCESTOR_DISCOUNT)."""
    own_or_ancestor = (
        pl.when(pl.col("ancestor") == pl.col("row")).then(pl.col("w")).otherwise(pl.col("w") * ANCESTOR_DISCOUNT)
    )
    return (
        lineage.join(hits.rename({"row": "ancestor"}), on="ancestor")
        .with_columns(own_or_ancestor)
        .group_by("row", "word")
        .agg(pl.col("w").max(), pl.col("idf").first())
        .group_by("row")
        .agg(_coverage(total).alias("context_coverage"))
    )


def _with_phrase(ranked: pl.DataFrame, query: str) -> pl.DataFrame:
    """Add the phrase part (how closely the query's words stand together) and the final score, best first."""
    phrase = (
        process.cdist([normalise(query)], ranked["norm"].to_list(), scorer=fuzz.partial_ratio)[0] / 100.0
        if ranked.height
        else []
    )
    return (
        ranked.with_columns(pl.Series("phrase", phrase, dtype=pl.Float64))
        .with_columns(((pl.col("base") + PHRASE_SHARE * pl.col("phrase")) * 0.999).alias("score"))
        .sort(["score", "depth", "list", "code"], descending=[True, False, False, False])
    )


def _coverage(total: float) -> pl.Expr:
    return (pl.col("w") * pl.col("idf")).sum() / total


def _max_idf(idf: dict[str, float]) -> float:
    return max(idf.values(), default=1.0)


def _word_mapping(words: list[str], idf: dict[str, float]) -> pl.DataFrame:
    """Query word -> corpus tokens it matches, with similarity in (0, 1].

    A token matches when it extends the word by a short suffix ("autonomous" ->
    "autonomously", similarity 0.95) or is close by edit ratio (typos).
    """
    vocab = list(idf)
    rows: dict[str, list[object]] = {"word": [], "token": [], "similarity": []}
    for word in words:
        found = {t: 0.95 for t in vocab if t.startswith(word) and 0 < len(t) - len(word) <= 3}
        found[word] = 1.0
        for token, score, _ in process.extract(word, vocab, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=5):
            found.setdefault(token, score / 100.0)
        for token, similarity in found.items():
            rows["word"].append(word)
            rows["token"].append(token)
            rows["similarity"].append(similarity)
    return pl.DataFrame(rows, schema={"word": pl.String, "token": pl.String, "similarity": pl.Float64})


@lru_cache(maxsize=8)
def _corpus(
    store: ListStore, labels: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float]]:
    """Corpus rows, (row, token, place) table, (row, ancestor) lineage and idf per token."""
    frames = [store.provisions(*label.split("@", 1)) for label in labels]
    corpus = pl.concat(frames).with_row_index("row")
    heads = corpus.filter(pl.col("depth") == 0).select("list", "entry_code", pl.col("text").alias("head"))
    split = pl.col("text").map_elements(_purpose_at, return_dtype=pl.Int64)
    corpus = (
        corpus.join(heads, on=["list", "entry_code"], how="left")
        .with_columns(
            pl.col("text").str.slice(0, split).alias("subject"), pl.col("text").str.slice(split).alias("purpose")
        )
        .with_columns(
            pl.col("text").map_elements(normalise, return_dtype=pl.String).alias("norm"),
            pl.col("subject").map_elements(normalise, return_dtype=pl.String).alias("own"),
            pl.col("purpose").map_elements(normalise, return_dtype=pl.String).alias("purpose"),
            pl.col("head").fill_null("").map_elements(normalise, return_dtype=pl.String).alias("head"),
            pl.col("subject").map_elements(_quoted_norm, return_dtype=pl.String).alias("quoted"),
            pl.col("purpose").map_elements(_quoted_norm, return_dtype=pl.String).alias("quoted_purpose"),
            pl.col("notes").list.join(" ").map_elements(normalise, return_dtype=pl.String).alias("notes_norm"),
        )
    )
    places = _places(corpus)
    entries = corpus.select("list", "entry_code").unique().height
    df = (
        places.join(corpus.select("row", "list", "entry_code"), on="row")
        .group_by("token")
        .agg(pl.struct("list", "entry_code").n_unique().alias("df"))
    )
    idf = {tok: math.log(1 + entries / n) for tok, n in df.iter_rows()}
    return corpus, places, _lineage(corpus), idf


def _places(corpus: pl.DataFrame) -> pl.DataFrame:
    """(row, token, place_weight): every word of each provision with the weight of where it stands."""
    return (
        pl.concat(
            [
                corpus.select("row", pl.col(col).str.split(" ").alias("token"), pl.lit(w).alias("place_weight"))
                for col, w in (*PLACE_WEIGHTS.items(),)
                if col != "notes"
            ]
            + [
                corpus.select(
                    "row",
                    pl.col("notes_norm").str.split(" ").alias("token"),
                    pl.lit(PLACE_WEIGHTS["notes"]).alias("place_weight"),
                )
            ]
        )
        .explode("token")
        .filter(pl.col("token").str.len_chars() > 1)
        .unique(["row", "token", "place_weight"])
    )


def _lineage(corpus: pl.DataFrame) -> pl.DataFrame:
    """(row, ancestor) pairs: each row with itself and every ancestor up to its entry."""
    ids = corpus.select("row", "list", "code", "parent")
    lookup = ids.select(
        "list", pl.col("code").alias("parent"), pl.col("row").alias("ancestor"), pl.col("parent").alias("next")
    )
    pairs = [ids.select("row", pl.col("row").alias("ancestor"))]
    frontier = ids.select("row", "list", "parent")
    while frontier.height:
        step = frontier.join(lookup, on=["list", "parent"])
        pairs.append(step.select("row", "ancestor"))
        frontier = step.select("row", "list", pl.col("next").alias("parent")).drop_nulls("parent")
    return pl.concat(pairs).unique()


def _purpose_at(text: str) -> int:
    """Character offset where the purpose clause starts (len(text) when there is none)."""
    match = _PURPOSE.search(text or "")
    return match.start() if match and match.start() > 0 else len(text or "")


def _quoted_norm(text: str) -> str:
    return " ".join(normalise(a or b) for a, b in _QUOTED.findall(text or ""))
