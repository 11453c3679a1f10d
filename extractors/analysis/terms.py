"""Candidate technical terms and sentences of a parsed text (spaCy); see analyse.py for the whole analysis.

Candidates are word n-grams (up to ``MAX_WORDS``) inside *phrase segments*: stretches of a
sentence between punctuation and function words ("and", "we", "using", finite verbs ...).
With a trained pipeline a candidate must end in a noun (English terms are head-final, so
"continuous wave laser" is a candidate and "wave laser emits" is not); with the fallback
pipeline every n-gram of content words is kept. Each candidate keeps its sentence, page and
character offsets so any finding built on it can show its evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import polars as pl
from spacy.tokens import Doc, Span, Token

from extractors.analysis.language import NB_BREAK_WORDS
from extractors.text.normalise import STOP_WORDS, normalise
from extractors.types import CANDIDATE_SCHEMA, Sentence

log = logging.getLogger(__name__)

MAX_WORDS = 5

#: Words that end a phrase segment (they never sit inside a technology term).
BREAK_WORDS = (
    frozenset(
        [
            "and",
            "or",
            "but",
            "nor",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "which",
            "that",
            "who",
            "whom",
            "whose",
            "we",
            "our",
            "us",
            "i",
            "you",
            "they",
            "them",
            "their",
            "it",
            "its",
            "he",
            "she",
            "his",
            "her",
            "this",
            "these",
            "those",
            "there",
            "here",
            "also",
            "can",
            "could",
            "may",
            "might",
            "will",
            "would",
            "shall",
            "should",
            "must",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "not",
            "no",
            "never",
            "using",
            "use",
            "used",
            "uses",
            "when",
            "while",
            "where",
            "whereas",
            "because",
            "although",
            "though",
            "since",
            "until",
            "if",
            "then",
            "than",
            "so",
            "thus",
            "hence",
            "however",
            "therefore",
            "about",
            "after",
            "before",
            "during",
            "between",
            "among",
            "against",
            "without",
            "within",
            "through",
            "across",
            "along",
            "around",
            "toward",
            "towards",
            "upon",
            "onto",
            "into",
            "both",
            "either",
            "neither",
            "each",
            "every",
            "some",
            "many",
            "much",
            "more",
            "most",
            "less",
            "least",
            "very",
            "only",
            "just",
            "even",
            "such",
            "same",
            "other",
            "another",
            "own",
            "shows",
            "show",
            "shown",
            "showed",
            "demonstrate",
            "demonstrated",
            "report",
            "reported",
            "present",
            "presented",
        ]
    )
    | NB_BREAK_WORDS
)

NEGATION_CUES = frozenset({"not", "no", "never", "without", "neither", "nor", "n't", "ikke", "uten", "aldri"})
_NEGATION_WINDOW = 6
_NOUNISH = frozenset({"NOUN", "PROPN"})
_MODIFIERS = frozenset({"ADJ", "NOUN", "PROPN"})
#: Gerunds that open a clause rather than name a process ("presses having ...").
_CLAUSE_GERUNDS = frozenset(
    """
    having being using containing including following according exceeding operating incorporating
    comprising employing allowing enabling providing requiring consisting making giving getting showing
    """.split()
)
_BREAK_POS = frozenset({"PUNCT", "CCONJ", "SCONJ", "PRON", "AUX", "INTJ", "SYM"})


#: Punctuation inside terms: hyphens and slashes join words; quotes mark defined terms
#: ('Non-"tunable" "pulsed lasers"' is one phrase).
JOINERS = frozenset({"-", "/", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019"})


def _is_break(token: Token, tagged: bool, verbs_break: bool = True) -> bool:
    if token.is_punct and token.text not in JOINERS:
        return True
    if token.lower_ in BREAK_WORDS:
        return True
    if tagged:
        if token.pos_ in _BREAK_POS and token.text not in JOINERS:
            return True
        # Finite verbs end a term; participles ("pumped", "doped") may sit inside one.
        if verbs_break and token.pos_ == "VERB" and token.tag_ not in {"VBN", "VBG"}:
            return True
    return token.like_num or token.is_space


def _segments(sent: Span, tagged: bool, verbs_break: bool = True) -> Iterator[list[Token]]:
    current: list[Token] = []
    for token in sent:
        # A unit after a number belongs to the quantity ("2 W output power" is not a term).
        after_number = token.i > sent.start and token.doc[token.i - 1].like_num
        if _is_break(token, tagged, verbs_break) or (after_number and _is_unit(token)):
            if current:
                yield current
            current = []
        elif token.text not in JOINERS and token.lower_ not in STOP_WORDS:
            current.append(token)
        elif token.lower_ == "of" or token.text in JOINERS:
            continue  # joiners: "separation of isotopes", "ytterbium-doped"
        elif current:
            yield current
            current = []
    if current:
        yield current


#: Unit symbols and number words: quantities, not terms (see extractors.analysis.quantities).
UNIT_WORDS = frozenset(
    """
    w kw mw gw mw nm um mm cm km m hz khz mhz ghz thz k mk ns ps fs ms us s j mj uj kj nj ev kev
    mev gev db dbm v kv mv a ma ka pa kpa mpa gpa bar mbar g kg mg t rpm ppm ppb percent x nd st
    rd th
    """.split()
)


def _is_unit(token: Token) -> bool:
    return token.lower_.replace("µ", "u").rstrip(".") in UNIT_WORDS


def _gerund_noun(segment: list[Token], end: int) -> bool:
    """A gerund after a modifier is a noun: "hot isostatic pressing", "electron beam welding"."""
    token = segment[end]
    return (
        end > 0 and token.tag_ == "VBG" and token.lower_ not in _CLAUSE_GERUNDS and segment[end - 1].pos_ in _MODIFIERS
    )


def _ngrams(segment: list[Token], tagged: bool) -> Iterator[tuple[Token, Token, int]]:
    for end in range(len(segment)):
        if _is_unit(segment[end]) or (tagged and segment[end].pos_ not in _NOUNISH and not _gerund_noun(segment, end)):
            continue
        for size in range(1, min(MAX_WORDS, end + 1) + 1):
            yield segment[end - size + 1], segment[end], size


def _negated(sent: Span, first: Token) -> bool:
    start = max(sent.start, first.i - _NEGATION_WINDOW)
    return any(t.lower_ in NEGATION_CUES for t in sent.doc[start : first.i])


def candidate_rows(
    doc: Doc, page: int | None, first_index: int, tagged: bool, verbs_break: bool = True
) -> tuple[list[Sentence], dict[str, list]]:
    """The sentences of one parsed block and its candidate columns (``CANDIDATE_SCHEMA``).

    Sentences are numbered from ``first_index``; offsets are relative to each sentence.
    """
    sentences: list[Sentence] = []
    cols: dict[str, list] = {k: [] for k in CANDIDATE_SCHEMA}
    # Doc.text joins every token on each access: read it once, or a long block is quadratic.
    doc_text = doc.text
    for offset, sent in enumerate(doc.sents):
        index = first_index + offset
        negated_sentence = any(t.lower_ in NEGATION_CUES for t in sent)
        sentences.append(Sentence(index, page, sent.text.strip(), negated_sentence))
        base = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        for segment in _segments(sent, tagged, verbs_break):
            final = segment[-1].i
            for first, last, size in _ngrams(segment, tagged):
                cols["segment_final"].append(last.i == final)
                text = doc_text[first.idx : last.idx + len(last.text)]
                cols["sentence"].append(index)
                cols["page"].append(page)
                cols["start"].append(first.idx - base)
                cols["end"].append(last.idx + len(last.text) - base)
                cols["text"].append(text)
                cols["norm"].append(normalise(text))
                cols["n_words"].append(size)
                cols["negated"].append(_negated(sent, first))
    return sentences, cols


def candidate_frame(
    doc: Doc, page: int | None, first_index: int, tagged: bool, verbs_break: bool = True
) -> pl.DataFrame:
    """Candidate n-grams of one processed text as a frame (CANDIDATE_SCHEMA); empty norms dropped.

    ``verbs_break=False`` is for list text: provisions are noun phrases ("Optically pumped
    magnetometers having ..."), where the tagger often mistakes a participle for a finite verb.
    """
    _, cols = candidate_rows(doc, page, first_index, tagged, verbs_break)
    return pl.DataFrame(cols, schema=CANDIDATE_SCHEMA).filter(pl.col("norm") != "")
