"""The term index of a list version: matchable terms per provision, with weights.

Terms are taken from each provision's text with the same segmentation the documents get
(``extractors.analysis.terms``), so both sides of a match agree: every word n-gram that ends in a
noun ("continuous wave laser", "laser"), quoted and defined terms ("'single transverse
mode'"), and the entry heading's terms (kind "head"). Weights say how much a match on that
term tells about the entry:

    weight = sqrt(idf(term over entries)) * specificity * length_factor(words), in (0, 1]

so "laser" (in dozens of entries) weighs little and "optically pumped magnetometer" much.
Terms made only of generic regulatory words ("equipment", "specially designed component")
are not indexed at all.
"""

from __future__ import annotations

import re

import polars as pl

from extractors.analysis.nlp import Pipeline, load_pipeline
from extractors.analysis.terms import candidate_frame
from extractors.text.normalise import normalise
from itemlists.derive.inclusions import QUOTE_MARKS, alias_names, included_items
from itemlists.derive.weights import term_weights
from itemlists.types import TERM_SCHEMA

_QUOTED = re.compile(r"\"([^\"]{2,80})\"|(?<![A-Za-z])'([^']{2,80})'(?![A-Za-z])")

#: Words that say nothing about which technology an entry is about.
GENERIC_WORDS = frozenset(
    """
    equipment system component item technology software part device accessory material use
    following specially designed modified prepared type kind form means feature function unit
    assembly element product good article facility note technical entry paragraph category
    regulation annex control specified described defined listed term data information value
    level parameter characteristic performance capability purpose application operation case
    example condition requirement method procedure process set number total maximum minimum
    rated nominal specific specified general certain related associated thereof therefor having
    containing consisting including following less more exceeding equal lower upper higher high
    low greater least one two three four five six first second any all other code list
    description design production development
    """.split()
)


def _is_generic(norm: str) -> bool:
    return all(w in GENERIC_WORDS or w.isdigit() or len(w) < 2 for w in norm.split())


def _quoted_terms(provisions: pl.DataFrame) -> pl.DataFrame:
    rows: dict[str, list] = {"code": [], "term": []}
    for code, text in provisions.select("code", "text").iter_rows():
        for a, b in _QUOTED.findall(text or ""):
            rows["code"].append(code)
            rows["term"].append((a or b).strip())
    return pl.DataFrame(rows, schema={"code": pl.String, "term": pl.String}).with_columns(
        pl.col("term").map_elements(normalise, return_dtype=pl.String).alias("norm"),
        pl.lit("quoted").alias("kind"),
    )


#: Where the item part of a provision ends: "Lasers, amplifiers ... having ...", "... as follows:".
_CLAUSE_END = re.compile(
    r"\b(?:having|specially|designed|as follows|for|with|which|that|capable|containing|other than|when|"
    r"according|using|in which|except|formed|made|obtained|produced|manufactured|fabricated|deposited)\b|[:;]",
    re.IGNORECASE,
)


#: An abbreviation in brackets inside a noun phrase: "Monolithic Microwave Integrated Circuit (MMIC) amplifiers".
_INNER_ABBREVIATION = re.compile(r"\s*\(([A-Z][A-Za-z]{0,5})\)\s*(?=[a-z])")


def _running_texts(text: str) -> list[str]:
    """The provision as running text, once spelled out and once with its inner abbreviations.

    The annex quotes its defined terms (Non-"tunable" continuous wave "(CW) lasers"); left in,
    the marks and the bracketed abbreviation end phrase segments inside one noun phrase, so
    "continuous wave" would look like the item instead of "continuous wave lasers". The
    spelled-out text drops both; a second text keeps the abbreviation as a word ("... Circuit
    MMIC amplifiers") so that "MMIC amplifiers" is a term too. Quoted terms are indexed from
    the raw text (``_quoted_terms``).
    """
    unquoted = QUOTE_MARKS.sub("", text)
    spelled = _INNER_ABBREVIATION.sub(" ", unquoted)
    if spelled == unquoted:
        return [unquoted]
    return [spelled, _INNER_ABBREVIATION.sub(lambda m: f" {m.group(1)} ", unquoted)]


#: "Technology" for the "development" or "production" of X: the item a technology provision
#: is about is X, named after the opening.
_TECHNOLOGY_FOR = re.compile(
    r'^\W*technology\W*(?:according to [^,]*?)?\s*(?:,\s*)?(?:for|required for)\s+(?:the\s+)?'
    r'(?:\W*(?:development|production|use|repair|overhaul|refurbishing|installation|maintenance|operation)\W*'
    r'(?:,|or|and|and/or)?\s*)+(?:of|for)\s+',
    re.IGNORECASE,
)


def _with_kinds(cands: pl.DataFrame, code: str, text: str, head_kind: str) -> pl.DataFrame:
    """(code, term, norm, kind) for a text's candidates: ``head_kind`` for those naming its item.

    The item part ends at the first clause word (``_CLAUSE_END``) and, for a technology
    provision, starts after "Technology for the production of". N-grams in it that end a
    phrase segment, or end at its last noun ("Electronic equipment specially designed ..."
    names "electronic equipment"), name the item; the rest are kind "phrase".
    """
    technology = _TECHNOLOGY_FOR.match(text)
    item_start = technology.end() if technology else 0
    clause = _CLAUSE_END.search(text, item_start)
    clause_end = clause.start() if clause else len(text)
    in_item = (pl.col("start") >= item_start) & (pl.col("end") <= clause_end) & (pl.col("sentence") == 0)
    last_end = cands.filter(in_item)["end"].max()
    ends_item = pl.lit(False) if last_end is None else pl.col("end") == last_end
    head = in_item & (pl.col("segment_final") | ends_item)
    return cands.select(
        pl.lit(code).alias("code"),
        pl.col("text").alias("term"),
        "norm",
        pl.when(head).then(pl.lit(head_kind)).otherwise(pl.lit("phrase")).alias("kind"),
    )


def _phrase_terms(provisions: pl.DataFrame, pipeline: Pipeline) -> pl.DataFrame:
    """N-grams of each provision's text; those naming its item(s) are kind "head".

    The item part is the text before the first clause word ("having", "specially designed",
    ":" ...); in a technology provision ("Technology" for the "production" of X ...) it starts
    at X. In it, n-grams that end a phrase segment are heads: in "Ramjet, scramjet or
    combined cycle engines" that is "ramjet", "scramjet" and "... engines"; in "Individual
    single-transverse mode semiconductor lasers" the n-grams ending in "lasers", not those
    ending in the modifier "mode".
    """
    texts, codes = [], []
    for code, raw in provisions.select("code", pl.col("text").fill_null("")).iter_rows():
        for text in _running_texts(raw):
            texts.append(text)
            codes.append(code)
    frames = []
    for code, text, doc in zip(codes, texts, pipeline.nlp.pipe(texts, batch_size=64), strict=True):
        cands = candidate_frame(doc, page=None, first_index=0, tagged=pipeline.trained, verbs_break=False)
        if cands.height:
            frames.append(_with_kinds(cands, code, text, "head"))
    empty = pl.DataFrame(schema={"code": pl.String, "term": pl.String, "norm": pl.String, "kind": pl.String})
    return pl.concat(frames) if frames else empty


_CAS_NAME = re.compile(r"^\s*([^()]{3,120}?)\s*\((?:[^()]*\)\s*\()?CAS\b", re.IGNORECASE)


def _chemical_names(provisions: pl.DataFrame) -> pl.DataFrame:
    """The full name of each chemical listed with a CAS number, as a head term.

    "Trimethyl phosphite (TMP) (CAS 121-45-9)" -> "Trimethyl phosphite": taggers often split
    such names, so the name is taken from the text's structure instead.
    """
    rows: dict[str, list] = {"code": [], "term": []}
    for code, text in provisions.select("code", "text").iter_rows():
        found = _CAS_NAME.match(text or "")
        if found:
            rows["code"].append(code)
            rows["term"].append(found.group(1).strip(" ,;"))
    return pl.DataFrame(rows, schema={"code": pl.String, "term": pl.String}).with_columns(
        pl.col("term").map_elements(normalise, return_dtype=pl.String).alias("norm"),
        pl.lit("head").alias("kind"),
    )


def _inclusion_terms(provisions: pl.DataFrame, pipeline: Pipeline, aliases: bool = False) -> pl.DataFrame:
    """Terms of the items inclusion notes add (itemlists.derive.inclusions): their names are kind "included".

    "Recovery vehicles ... for towing ammunition or weapon systems" includes recovery vehicles,
    not weapon systems: only each listed item's own name is an item. With ``aliases``, the
    other names notes give the item ("also known as Quantum Key Distribution (QKD)"), kind "alias".
    """
    items = alias_names(provisions) if aliases else included_items(provisions)
    kind = "alias" if aliases else "included"
    texts = [text for _, text in items]
    frames = []
    for (code, text), doc in zip(items, pipeline.nlp.pipe(texts, batch_size=32), strict=True):
        cands = candidate_frame(doc, page=None, first_index=0, tagged=pipeline.trained, verbs_break=False)
        if cands.height:
            kinds = _with_kinds(cands, code, text, kind)
            # An alias is one name: "stellar attitude sensors" is not also a "sensor".
            frames.append(kinds.filter(pl.col("norm") == normalise(text)) if aliases else kinds)
    empty = pl.DataFrame(schema={"code": pl.String, "term": pl.String, "norm": pl.String, "kind": pl.String})
    return pl.concat(frames) if frames else empty


_KIND_OF = re.compile(r'^(?:means|is|are)\s+(?:a|an|any)\s+"([^"]+)"(?=\s*[,;.(]|\s+(?:designed|other|that|which)\b)')
_FORMS_OF = re.compile(r'in the form of an? ("[^"]+"(?:\s*,?\s*(?:or|and)?\s*(?:an?\s+)?"[^"]+")*)')


def defined_kinds(definitions: pl.DataFrame) -> pl.DataFrame:
    """(general, specific) pairs the definitions state: a "satellite" means a "spacecraft" ...

    Two forms are read: 'X means a "Y", ...' (X is a kind of Y) and 'X means a craft ... in the
    form of a "A", "B", or "C"' (A, B, C are kinds of X). Both sides are normalised; pairs
    with the same final noun ("CW laser" / "laser") add nothing and are left out.
    """
    pairs: set[tuple[str, str]] = set()
    for term, text in definitions.select("term", "definition").iter_rows():
        text = (text or "").replace("\u201c", '"').replace("\u201d", '"')
        kind_of = _KIND_OF.match(text)
        if kind_of:
            pairs.add((normalise(kind_of.group(1)), normalise(term)))
        forms = _FORMS_OF.search(text)
        if forms:
            pairs.update((normalise(term), normalise(f)) for f in re.findall(r'"([^"]+)"', forms.group(1)))
    rows = sorted((g, k) for g, k in pairs if g and k and g.split()[-1] != k.split()[-1])
    return pl.DataFrame(rows, schema={"general": pl.String, "specific": pl.String}, orient="row")


def _kind_terms(terms: pl.DataFrame, kinds: pl.DataFrame) -> pl.DataFrame:
    """Defined kinds of a provision's item name it too (kind "head").

    Where a provision's head is a defined general term ("Spacecraft"), "satellite", "space
    probe" and "space vehicle" name its item as well.
    """
    items = terms.filter(pl.col("kind") == "head").select("code", "norm")
    return (
        items.join(kinds, left_on="norm", right_on="general")
        .select(
            "code", pl.col("specific").alias("term"), pl.col("specific").alias("norm"), pl.lit("head").alias("kind")
        )
        .unique()
    )


def _with_definitions(terms: pl.DataFrame, definitions: pl.DataFrame) -> pl.DataFrame:
    """Quoted terms the regulation defines become kind "defined"; kinds a definition names are added."""
    defined = set(definitions["term"].map_elements(normalise, return_dtype=pl.String).to_list())
    terms = terms.with_columns(
        pl.when((pl.col("kind") == "quoted") & pl.col("norm").is_in(list(defined)))
        .then(pl.lit("defined"))
        .otherwise(pl.col("kind"))
        .alias("kind")
    )
    return pl.concat([terms, _kind_terms(terms, defined_kinds(definitions))])


def build_term_index(
    provisions: pl.DataFrame,
    definitions: pl.DataFrame | None = None,
    pipeline: Pipeline | None = None,
) -> pl.DataFrame:
    """Build the term index of one list version.

    Args:
        provisions: Frame with PROVISION_SCHEMA columns (one list version).
        definitions: Optional frame with a ``term`` column of defined terms; provisions quoting
            a defined term get it as kind "defined" (the regulation gives it a fixed meaning).
        pipeline: spaCy pipeline; the process-wide one by default.

    Returns:
        Frame with TERM_SCHEMA columns, one row per (code, normalised term), best kind kept.
    """
    pipeline = pipeline or load_pipeline()
    terms = pl.concat(
        [
            _chemical_names(provisions),
            _quoted_terms(provisions),
            _phrase_terms(provisions, pipeline),
            _inclusion_terms(provisions, pipeline),
            _inclusion_terms(provisions, pipeline, aliases=True),
        ]
    )
    if definitions is not None and definitions.height:
        terms = _with_definitions(terms, definitions)
    meta = provisions.select("code", "entry_code", "list", "version")
    terms = terms.filter(pl.col("norm") != "").filter(
        ~pl.col("norm").map_elements(_is_generic, return_dtype=pl.Boolean)
    )
    terms = terms.join(meta, on="code")
    rank = pl.col("kind").replace_strict(
        {"head": 0, "alias": 1, "defined": 2, "quoted": 3, "included": 4, "phrase": 5}, return_dtype=pl.Int8
    )
    terms = terms.sort(rank).unique(subset=["code", "norm"], keep="first", maintain_order=True)
    terms = term_weights(terms, provisions["entry_code"].n_unique())
    return terms.select([pl.col(c).cast(t) for c, t in TERM_SCHEMA.items()]).sort("code", "norm")
