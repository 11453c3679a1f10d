"""Which candidate terms of a document match which index terms, and how closely.

Each distinct candidate norm is paired with index terms in several set-based passes (Polars),
and each pair keeps its best similarity in [0, 1]:

1. exact: candidates joined to index terms on the normalised form;
2. derivational: candidates and terms with the same stem key ("radar jammer" ~ "radar
   jamming", "jammer" ~ "jamming equipment"; extractors.text.stems), similarity STEM_SIMILARITY;
   and variants: a candidate ending in a kind or variant of a listed item ("fibre-optic
   gyroscope", "microcontroller") meets the lists' name for it ("fibre optic gyro",
   "integrated circuit"; extractors.text.lexicon), similarity VARIANT_SIMILARITY;
3. spacing: an open and a closed compound ("Ebola virus" ~ "Ebolavirus") are one term;
4. fuzzy: candidate/term pairs of as many words that share a reasonably rare word (the
   blocking table) are scored with ``rapidfuzz.process.cpdist`` (``fuzz.ratio``, element-wise over the pairs, all
   cores) and kept above ``fuzzy_min_similarity``, each word a spelling of the other's. Cost
   grows with the pairs that share a word, not with candidates x all terms.

:mod:`classifiers.match` spreads the pairs over the candidates' occurrences.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process

from classifiers.settings import ScreeningSettings
from itemlists.types import Reference, block_key

#: About this many word-sharing candidate/term pairs are formed at once (:func:`_fuzzy_pairs`).
PAIRS_AT_ONCE = 250_000


def _fuzzy_pairs(keys: pl.DataFrame, reference: Reference, min_similarity: float) -> pl.DataFrame:
    """Spelling variants (``fuzz.ratio`` of word-aligned terms), and the partial matches of ``_head_subset``.

    A fuzzy match compares terms of as many words: words added or dropped are the partial
    matches' business ("data management" is no spelling of "bus data management").

    The pairs that share a word are many (2.4 million for the 253-page List II PDF), so they
    are formed and filtered as integer ids of the distinct candidate and term strings, whose
    word counts, lengths and last words are computed once each; the strings are joined back
    only to the pairs that can match. They are formed a group of candidates at a time
    (:data:`PAIRS_AT_ONCE`), so the memory follows one group's pairs: a pair is decided by
    its own candidate and term alone.
    """
    norms = _shapes(keys.select(pl.col("norm").unique()), "norm", "c")
    terms = _shapes(reference.blocks.select(pl.col("term_norm").unique()), "term_norm", "t")
    lasts = pl.concat([norms.select(pl.col("c_last").alias("last")), terms.select(pl.col("t_last").alias("last"))])
    last_ids = lasts.unique().with_row_index("last_id")
    # Row i of norms and terms is id i again after the join (the features are read by position).
    norms = norms.join(last_ids, left_on="c_last", right_on="last").sort("c_id")
    terms = terms.join(last_ids, left_on="t_last", right_on="last").sort("t_id")
    tokens = (
        norms.select("c_id", pl.col("norm").str.split(" ").alias("word"))
        .explode("word")
        .select("c_id", block_key(pl.col("word")).alias("token"))
    )
    blocks = reference.blocks.join(terms.select("term_norm", "t_id"), on="term_norm").select("t_id", "token")
    identical = norms.join(terms, left_on="norm", right_on="term_norm").select("c_id", "t_id")
    parts = [
        _similar(_sharing_pairs(group, blocks, identical), norms, terms, min_similarity)
        for group in _candidate_groups(tokens, blocks) or [tokens]
    ]
    return pl.concat(parts).group_by("norm", "term_norm").agg(pl.col("similarity").max())


def _candidate_groups(tokens: pl.DataFrame, blocks: pl.DataFrame) -> list[pl.DataFrame]:
    """``tokens``' rows in groups of whole candidates sharing words with about :data:`PAIRS_AT_ONCE` terms."""
    per_token = blocks.group_by("token").agg(pl.len().alias("n_pairs"))
    sizes = (
        tokens.join(per_token, on="token", how="left")
        .group_by("c_id")
        .agg(pl.col("n_pairs").fill_null(0).sum())
        .sort("c_id")
        .with_columns((pl.col("n_pairs").cum_sum() // PAIRS_AT_ONCE).alias("group"))
    )
    grouped = tokens.join(sizes.select("c_id", "group"), on="c_id", how="left")
    return [group.drop("group") for group in grouped.partition_by("group")]


def _sharing_pairs(tokens: pl.DataFrame, blocks: pl.DataFrame, identical: pl.DataFrame) -> pl.DataFrame:
    """(c_id, t_id): each candidate/term pair that shares a word, except identical strings (exact matches)."""
    # One 64-bit key per pair: much faster to make unique than two columns.
    pair = (pl.col("c_id").cast(pl.UInt64) * (1 << 32) + pl.col("t_id").cast(pl.UInt64)).alias("pair")
    return (
        tokens.lazy()
        .join(blocks.lazy(), on="token")
        .select(pair.unique())
        .select(
            (pl.col("pair") // (1 << 32)).cast(pl.UInt32).alias("c_id"),
            (pl.col("pair") % (1 << 32)).cast(pl.UInt32).alias("t_id"),
        )
        .join(identical.lazy(), on=["c_id", "t_id"], how="anti")
        .collect()
    )


def _similar(ids: pl.DataFrame, norms: pl.DataFrame, terms: pl.DataFrame, min_similarity: float) -> pl.DataFrame:
    """(norm, term_norm, similarity) of the pairs ``ids`` that are spelling variants or partial matches."""

    def of_norm(column: str) -> pl.Series:
        return norms[column].gather(ids["c_id"])

    def of_term(column: str) -> pl.Series:
        return terms[column].gather(ids["t_id"])

    def named(mask: pl.Series) -> pl.DataFrame:
        chosen = ids.filter(mask)
        return pl.DataFrame(
            [norms["norm"].gather(chosen["c_id"]), terms["term_norm"].gather(chosen["t_id"])]
        )

    # What _head_subset can keep: last words agree, or the term may be the candidate plus an elidable head.
    term_phrase = of_term("t_words") >= 2
    same_head = term_phrase & (of_norm("c_words") >= 2) & (of_norm("last_id") == of_term("last_id"))
    headless = named(term_phrase & ~same_head & of_term("t_elidable"))
    heads = named(same_head).vstack(headless.filter(pl.col("term_norm").str.starts_with(pl.col("norm") + " ")))
    length_ratio = of_norm("c_chars") / of_term("t_chars")
    fuzzy_mask = (of_norm("c_spaces") == of_term("t_spaces")) & length_ratio.is_between(
        min_similarity * 0.8, 1 / (min_similarity * 0.8)
    )
    partial = _head_subset(heads)
    pairs = named(fuzzy_mask)
    if pairs.height == 0:
        return partial
    scores = process.cpdist(
        pairs["norm"].to_list(),
        pairs["term_norm"].to_list(),
        scorer=fuzz.ratio,
        processor=None,
        score_cutoff=min_similarity * 100,
        workers=-1,
    )
    fuzzy = pairs.with_columns(pl.Series("similarity", scores / 100.0, dtype=pl.Float64)).filter(
        pl.col("similarity") >= min_similarity
    )
    return pl.concat([_word_by_word(fuzzy), partial])


#: In a fuzzy match of two phrases, each word must be a spelling of the other's word at least
#: this similar ("fibre"/"fiber" 0.8, "batteries"/"battery" 0.75): a whole phrase close in
#: spelling can still swap one word for another ("milk-processing equipment" is 0.92 of
#: "film processing equipment", but "milk" is 0.5 of "film").
WORD_SIMILARITY = 0.7


def _word_by_word(fuzzy: pl.DataFrame) -> pl.DataFrame:
    """The fuzzy pairs of phrases whose words, taken in order, each meet :data:`WORD_SIMILARITY`."""
    if fuzzy.height == 0:
        return fuzzy
    words = fuzzy.with_row_index("_pair").select(
        "_pair", pl.col("norm").str.split(" ").alias("c"), pl.col("term_norm").str.split(" ").alias("t")
    )
    phrases = words.filter((pl.col("c").list.len() > 1) & (pl.col("c").list.len() == pl.col("t").list.len()))
    if phrases.height == 0:
        return fuzzy
    aligned = phrases.explode("c", "t").filter(pl.col("c") != pl.col("t"))
    scores = process.cpdist(
        aligned["c"].to_list(), aligned["t"].to_list(), scorer=fuzz.ratio, processor=None, workers=-1
    )
    unlike = aligned.with_columns(pl.Series("s", scores / 100.0)).filter(pl.col("s") < WORD_SIMILARITY)["_pair"]
    return fuzzy.with_row_index("_pair").filter(~pl.col("_pair").is_in(unlike.implode())).drop("_pair")


def _shapes(strings: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """Distinct strings with an id and what the pair filters read: words, last word, spaces, characters."""
    words = pl.col(column).str.split(" ")
    return strings.with_row_index(f"{prefix}_id").with_columns(
        words.list.len().alias(f"{prefix}_words"),
        words.list.last().alias(f"{prefix}_last"),
        words.list.last().is_in(sorted(ELIDABLE_HEADS)).alias(f"{prefix}_elidable"),
        pl.col(column).str.count_matches(" ").alias(f"{prefix}_spaces"),
        pl.col(column).str.len_chars().alias(f"{prefix}_chars"),
    )


#: Head nouns a text may leave out: "a manned submersible" names a "manned submersible vehicle",
#: "ceramic-matrix composites" name "ceramic matrix composite materials".
ELIDABLE_HEADS = frozenset(
    {"vehicle", "vessel", "craft", "equipment", "system", "device", "apparatus", "unit", "material"}
)


def _head_subset(pairs: pl.DataFrame) -> pl.DataFrame:
    """Partial matches that keep the term's head word, in both directions.

    - The candidate drops words of the term: "average power" ~ "average output power";
      similarity is the share of the term's words present (2 of 3 -> 0.667).
    - The candidate adds a modifier: "unmanned combat aircraft" ~ "unmanned aircraft";
      similarity is the share of the candidate's words in the term, at least 0.75.
    - The candidate is the term without a generic head noun (ELIDABLE_HEADS): "manned
      submersible" ~ "manned submersible vehicle", similarity 0.8.

    Terms need two words or more, and so do candidates except for a dropped head noun. These
    matches score below exact and fuzzy ones.
    """
    split = pairs.with_columns(
        pl.col("norm").str.split(" ").alias("cw"), pl.col("term_norm").str.split(" ").alias("tw")
    ).filter(pl.col("tw").list.len() >= 2)
    words = split.filter(pl.col("cw").list.len() >= 2)
    shared = words.filter(pl.col("cw").list.last() == pl.col("tw").list.last())
    shorter = shared.filter(pl.col("cw").list.set_difference(pl.col("tw")).list.len() == 0).select(
        "norm", "term_norm", (pl.col("cw").list.len() / pl.col("tw").list.len()).cast(pl.Float64).alias("similarity")
    )
    longer = shared.filter(pl.col("tw").list.set_difference(pl.col("cw")).list.len() == 0).select(
        "norm",
        "term_norm",
        pl.max_horizontal(pl.lit(0.75), pl.col("tw").list.len() / pl.col("cw").list.len())
        .cast(pl.Float64)
        .alias("similarity"),
    )
    headless = split.filter(
        pl.col("tw").list.last().is_in(sorted(ELIDABLE_HEADS))
        & (pl.col("tw").list.slice(0, pl.col("tw").list.len() - 1) == pl.col("cw"))
    ).select("norm", "term_norm", pl.lit(0.8).alias("similarity"))
    return pl.concat([shorter, longer, headless]).filter(pl.col("norm") != pl.col("term_norm"))


#: Similarity of a derivational match ("radar jammer" ~ "radar jamming"): below exact and
#: fuzzy matches of the same words, above a partial match.
STEM_SIMILARITY = 0.85


def _stem_pairs(keys: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    """Candidate/term pairs with the same derivational key but different words (extractors.text.stems).

    Either both share a stem key ("radar jammer" ~ "radar jamming") or a gerund meets its bare
    noun ("hot isostatic pressing" ~ "hot isostatic press"). ``keys`` is ``Analysis.norm_keys``.
    """
    stems = reference.stems
    by_stem = keys.filter(pl.col("stem") != "").join(stems.filter(pl.col("stem") != ""), on="stem")
    by_gerund = keys.filter(pl.col("gerund") != "").join(stems, on="gerund", suffix="_term")
    by_gerund = by_gerund.filter(pl.col("has_gerund") | pl.col("has_gerund_term"))
    # A pair whose cores are equal differs in a generic head only: the partial matches' business.
    pairs = pl.concat(
        [
            by_stem.filter(pl.col("core") != pl.col("core_right")).select("norm", "term_norm"),
            by_gerund.filter(pl.col("core") != pl.col("core_term")).select("norm", "term_norm"),
        ]
    ).unique()
    return pairs.select("norm", "term_norm", pl.lit(STEM_SIMILARITY).alias("similarity"))


#: Similarity of a variant match ("gyroscope" ~ "gyro", "microcontroller" ~ "integrated
#: circuit"): the table states what the thing is, so close to exact, below it.
VARIANT_SIMILARITY = 0.9


def _variant_pairs(keys: pl.DataFrame, index_norms: pl.DataFrame) -> pl.DataFrame:
    """Candidate/term pairs where the candidate, rewritten with the variants table, is an index term."""
    forms = keys.select("norm", pl.col("variants").alias("term_norm")).explode("term_norm")
    return forms.join(index_norms, on="term_norm", how="semi").select(
        "norm", "term_norm", pl.lit(VARIANT_SIMILARITY).alias("similarity")
    )


#: The shortest spelling (spaces removed) for which an open and a closed compound are one term.
JOINED_MIN_CHARS = 6


def _joined_pairs(norms: pl.DataFrame, index_norms: pl.DataFrame) -> pl.DataFrame:
    """Candidate/term pairs that differ only in where the words are joined: an open and a closed compound.

    English writes many compounds both ways: "Ebola virus" and the list's "Ebolavirus",
    "botulinum neuro toxin", "counter measure". The words are the same letters in the same order,
    so the pair counts as exact.
    """
    joined = pl.col("norm").str.replace_all(" ", "", literal=True)
    left = norms.select("norm", joined.alias("joined")).filter(pl.col("joined").str.len_chars() >= JOINED_MIN_CHARS)
    right = index_norms.select("term_norm", pl.col("term_norm").str.replace_all(" ", "", literal=True).alias("joined"))
    return (
        left.join(right, on="joined")
        .filter(pl.col("norm") != pl.col("term_norm"))
        .select("norm", "term_norm", pl.lit(1.0).alias("similarity"))
    )


def candidate_term_pairs(
    norms: pl.DataFrame, keys: pl.DataFrame, reference: Reference, settings: ScreeningSettings
) -> pl.DataFrame:
    """(norm, term_norm, similarity): each distinct candidate/term pair by its best way of matching.

    ``norms`` holds the document's distinct candidate norms, ``keys`` their derivational keys
    and variant forms (``Analysis.norm_keys``).
    """
    index_norms = reference.terms.select(pl.col("norm").unique().alias("term_norm"))
    exact = norms.join(index_norms, left_on="norm", right_on="term_norm", how="inner").with_columns(
        pl.col("norm").alias("term_norm"), pl.lit(1.0).alias("similarity")
    )
    fuzzy = _fuzzy_pairs(keys, reference, settings.fuzzy_min_similarity)
    every = [
        exact.select("norm", "term_norm", "similarity"),
        fuzzy.select("norm", "term_norm", "similarity"),
        _stem_pairs(keys, reference),
        _variant_pairs(keys, index_norms),
        _joined_pairs(norms, index_norms),
    ]
    return pl.concat(every).group_by("norm", "term_norm").agg(pl.col("similarity").max())
