"""Records produced by the extractors: documents with text by page, terms, quantities, cues, markings, TRL."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

#: What a technology is for, in the General Technology Note's words: what a document may
#: explain of an item and what an E provision covers it for.
PURPOSES = ("development", "production", "use")

#: The Norwegian grade of each level (for equivalence across systems).
NORWEGIAN_GRADE = {4: "STRENGT HEMMELIG", 3: "HEMMELIG", 2: "KONFIDENSIELT", 1: "BEGRENSET"}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of extracted text.

    Attributes:
        number: 1-based page number, or None for formats without pages (plain text, LaTeX).
        text: The page's text, whitespace normalised but with line breaks kept.
    """

    number: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A readable document: its identity and its text by page.

    Attributes:
        path: The path as given by the caller (used in reports and the store).
        kind: The input format, detected from content (a ``kind`` of extractors.documents.EXTRACTORS).
        pages: The text by page; formats without pages have a single page numbered None.
        sha256: Hex digest of the file's bytes (identity for idempotent re-screening).
        size: File size in bytes.
    """

    path: str
    kind: str
    pages: tuple[Page, ...]
    sha256: str
    size: int

    @property
    def text(self) -> str:
        """All pages joined with blank lines."""
        return "\n\n".join(p.text for p in self.pages)

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words over all pages."""
        return sum(len(p.text.split()) for p in self.pages)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, the unit of evidence.

    Attributes:
        index: Position of the sentence in the document (0-based, over all pages).
        page: Page number (1-based) or None.
        text: The sentence text.
        negated: True when the sentence negates or disclaims what it mentions
            ("we do not use ...", "not suitable for ...").
        line: 1-based line of the file where it starts, for text, Markdown and LaTeX files
            (extractors.documents.lines); None otherwise.
    """

    index: int
    page: int | None
    text: str
    negated: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a unit found in text ("2.1 kW", "1064 nm", "34 qubits", "3x10^-5").

    Attributes:
        text: The matched text as written.
        value: The numeric value as written (in `unit`).
        unit: The unit as written, normalised spelling ("kW", "nm", "qubit", "" for none).
        si_value: The value in the base unit of its dimension (W, m, Hz, K, s, ...), or None
            when the unit has no physical dimension (counts such as qubits).
        si_unit: The base unit's symbol, or the count noun for dimensionless counts.
        comparator: How the text bounds it: "=", ">", ">=", "<", "<=" ("above 2 kW" is ">").
        sentence: Index of the sentence it occurs in.
        page: Page number or None.
        start: Character offset of the match within the sentence.
    """

    text: str
    value: float
    unit: str
    si_value: float | None
    si_unit: str
    comparator: str
    sentence: int
    page: int | None
    start: int


@dataclass(frozen=True, slots=True)
class Cue:
    """A catch-all cue in a sentence.

    Attributes:
        category: One of extractors.analysis.cues.CUE_CATEGORIES.
        label: What kind of cue ("military use", "nerve agent", ...).
        text: The words as written.
        weight: In (0, 1]; ``>= STRONG`` means enough on its own (see extractors.analysis.cues).
        page: Page number or None.
        sentence: Index of the sentence.
        start: Character offset of the words in the sentence.
        end: End offset (exclusive).
        sentence_text: The sentence, as evidence.
        context: Why the weight was lowered ("historical: 1943"), or "".
    """

    category: str
    label: str
    text: str
    weight: float
    page: int | None
    sentence: int
    start: int
    end: int
    sentence_text: str
    context: str = ""


@dataclass(frozen=True, slots=True)
class Marking:
    """A security-grade marking found in a document.

    Attributes:
        grade: The canonical grade in its system ("BEGRENSET", "NATO SECRET", "RESTREINT UE").
        system: "NO", "NATO" or "EU".
        text: The marking as written.
        page: Page number or None.
        sentence: Index of the sentence it was found in.
        level: 4 (STRENGT HEMMELIG and equivalents) down to 1 (BEGRENSET and equivalents).
        rule: Why it counts as a marking: "standalone", "label", "security_act", "header" or
            "footer" (see extractors.analysis.markings).
        line: The line it stood on (at most 200 characters), as evidence.
    """

    grade: str
    system: str
    text: str
    page: int | None
    sentence: int
    level: int
    rule: str
    line: str

    @property
    def norwegian_grade(self) -> str:
        """The equivalent Norwegian grade ("NATO SECRET" -> "HEMMELIG")."""
        return NORWEGIAN_GRADE[self.level]


@dataclass(frozen=True, slots=True)
class TrlCue:
    """One piece of TRL evidence: a cue or an explicit statement in a sentence."""

    level: int
    cue: str
    label: str
    sentence: int
    page: int | None
    start: int
    explicit: bool


@dataclass(frozen=True, slots=True)
class TrlEstimate:
    """The TRL the text supports, with the sentence that supports it.

    Attributes:
        level: 1-9, or None when the text gives no cue ("unknown").
        sentence: Index of the supporting sentence, or None.
        page: Its page, or None.
        text: The supporting sentence's text ("" when unknown).
        cue: The words that gave the level as written ("TRL 4", "prototype"), or "".
        explicit: True when the level was stated outright ("TRL 4").
        rule: How the level was chosen, in words, for the report.
        cues: Every cue found, in document order (for review).
    """

    level: int | None
    sentence: int | None
    page: int | None
    text: str
    cue: str
    explicit: bool = False
    rule: str = "no readiness cue in the text: unknown"
    cues: tuple[TrlCue, ...] = ()


#: Columns of a document's candidate-term frame (one row per word n-gram that may be a term).
CANDIDATE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "sentence": pl.Int32,  # index into Analysis.sentences
    "page": pl.Int32,  # 1-based page, null for formats without pages
    "start": pl.Int32,  # character offsets of the n-gram within its sentence
    "end": pl.Int32,
    "text": pl.String,  # as written
    "norm": pl.String,  # extractors.text.normalise.normalise(text)
    "n_words": pl.Int32,
    # A negation cue governs it ("we do not use ..."); in an Analysis also a term used in
    # another sense, with the reason in an added ``context`` column (extractors.analysis.context).
    "negated": pl.Boolean,
    "segment_final": pl.Boolean,  # the n-gram ends its phrase segment (a head, not a modifier)
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document after language processing: sentences, candidate terms and quantities.

    Attributes:
        document: The document analysed.
        sentences: Its sentences in order (the unit of evidence).
        candidates: Polars frame with the columns of CANDIDATE_SCHEMA and ``context``.
        quantities: Numbers with units found, in document order.
        pipeline: The spaCy pipeline used ("en_core_web_sm 3.8.0" or the fallback's name).
        language: Detected language code ("en" or "nb").
        markings: Security-grade markings found (extractors.analysis.markings), highest grade first.
        trl: The readiness level inferred from the text (extractors.analysis.trl); level None when unknown.
        cues: Catch-all cues (military end use, weapons, ...; extractors.analysis.cues).
        words: Normalised words of the document's text, glossed terms, variant names and implied
            words (extractors.analysis.words.document_words), compared with provisions' kinds
            and purposes by classifiers.documents.wording.same_word.
        term_words: Words of the candidate terms and the words they imply
            (extractors.analysis.words.term_words).
        technology_purposes: Which of "development", "production" and "use" the document
            explains (extractors.analysis.technology).
        quantity_contexts: Each quantity with the words saying what it measures, in English
            (extractors.analysis.quantity_context.QUANTITY_SCHEMA).
        norm_keys: Derivational keys and variant forms of each distinct candidate norm
            (extractors.analysis.words.NORM_KEYS_SCHEMA).
        zones: Where each sentence stands (lead, heading, body, references, boilerplate,
            contents; extractors.analysis.zones), one per sentence; empty: not judged.
        register: ``legal`` for a statute or regulation, else ``prose`` (extractors.analysis.zones).
    """

    document: Document
    sentences: tuple[Sentence, ...]
    candidates: pl.DataFrame
    quantities: tuple[Quantity, ...]
    pipeline: str
    language: str = "en"
    markings: tuple[Marking, ...] = ()
    trl: TrlEstimate = field(default_factory=lambda: TrlEstimate(None, None, None, "", ""))
    cues: tuple[Cue, ...] = ()
    words: frozenset[str] = frozenset()
    term_words: frozenset[str] = frozenset()
    technology_purposes: frozenset[str] = frozenset()
    quantity_contexts: pl.DataFrame = field(default_factory=pl.DataFrame)
    norm_keys: pl.DataFrame = field(default_factory=pl.DataFrame)
    zones: tuple[str, ...] = ()
    register: str = "prose"
