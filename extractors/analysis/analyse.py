"""Analysing a document: its text in blocks through spaCy, then terms, quantities and cues.

:func:`analyse` is the entry point of ``extractors.analysis``: it returns a complete
``Analysis`` (sentences, candidate terms, quantities, markings, TRL, catch-all cues). The
candidate terms come from :mod:`extractors.analysis.terms`, the rest from their own modules.
Time and memory grow linearly with the text: blocks go to spaCy in bounded pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from extractors.analysis.context import with_context
from extractors.analysis.language import detect_language, translate_norm, translate_norms
from extractors.analysis.nlp import Pipeline
from extractors.analysis.terms import candidate_rows
from extractors.documents.cleanup import split_long
from extractors.documents.lines import with_lines
from extractors.types import CANDIDATE_SCHEMA, Analysis, Document, Quantity, Sentence

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


#: Longest block given to spaCy at once. A text without blank lines (a data dump, a PDF page
#: without paragraph breaks) is cut into pieces this long, so the tagger's memory follows the
#: piece, not the file; a real paragraph is shorter.
MAX_BLOCK_CHARS = 5_000

#: Called during :func:`analyse` with (characters analysed, characters in all), for progress.
Progress = Callable[[int, int], None]


def paragraphs(text: str) -> list[str]:
    """The text's blocks between blank lines, without empty ones ("" gives [""]).

    A block longer than :data:`MAX_BLOCK_CHARS` comes as several, cut at line or sentence ends.
    """
    pieces = (piece for block in _BLANK_LINE.split(text) for piece in split_long(block, MAX_BLOCK_CHARS))
    blocks = [piece for piece in pieces if piece.strip()]
    return blocks or [text]


def analyse(document: Document, pipeline: Pipeline, progress: Progress | None = None) -> Analysis:
    """Split a document into sentences and extract candidate terms and quantities.

    Time and memory grow linearly with the text: blocks go to spaCy one batch at a time.

    Args:
        document: The extracted document.
        pipeline: The spaCy pipeline (see extractors.analysis.nlp.load_pipeline).
        progress: Called after each block with the characters analysed so far and in all
            (a long document shows progress; spaCy is most of the time).

    Returns:
        The Analysis; candidate norms are empty strings only never (those rows are dropped).
    """
    from extractors.analysis.chemistry import with_formula_forms

    language = detect_language(document.text)
    # The English tagger's parts of speech are noise on Norwegian text: use plain n-grams there.
    sentences, frame = _parse(document, pipeline, pipeline.trained and language == "en", progress)
    sentences = with_lines(document, sentences)
    if language == "nb":
        frame = translate_norms(frame)
    frame = with_formula_forms(frame)
    return _complete(document, sentences, frame, sentence_quantities(sentences, language), pipeline.name, language)


def sentence_quantities(sentences: tuple[Sentence, ...], language: str) -> tuple[Quantity, ...]:
    """The quantities of every sentence, in order (Norwegian text writes decimal commas)."""
    from extractors.analysis.quantities import find_quantities

    return tuple(
        q
        for sentence in sentences
        for q in find_quantities(
            sentence.text, sentence=sentence.index, page=sentence.page, decimal_comma=language == "nb"
        )
    )


#: A document with at least this many characters is parsed on the processes ``set_parse_processes``
#: allows; a shorter one does not repay starting them. Measured on an idle 2-core machine
#: (``analyse`` alone, one process against two, best of two): 6,000 characters 0.14 s against
#: 0.17 s, 12,000 characters 0.25 s against 0.21 s, a 10-page manuscript of 44,000 characters
#: 0.83 s against 0.63 s; the 253-page List II PDF (600,000 characters) took 13.5 s in spaCy on
#: one process and 8.9 s on two. The output is identical (tests/classifiers/test_long_documents.py).
PARALLEL_FROM_CHARS = 10_000
_parse_processes = [1]


def set_parse_processes(count: int) -> None:
    """Let spaCy use ``count`` processes for one long document (1: this process only, the default).

    The command line sets 2 when it screens a single file; batch runs, Dask workers and the desk
    keep 1 (their parallelism is across documents).
    """
    if count < 1:
        raise ValueError(f"process count must be at least 1, not {count!r}")
    _parse_processes[0] = count


def _parse(
    document: Document, pipeline: Pipeline, tagged: bool, progress: Progress | None
) -> tuple[tuple[Sentence, ...], pl.DataFrame]:
    """The document's sentences and candidate terms, block by block through spaCy."""
    # Paragraphs are processed apart: a heading without a full stop would otherwise run into
    # the next sentence, and the tagger reads its last noun as a verb ("... wind tunnel The").
    blocks = [(page.number, block) for page in document.pages for block in paragraphs(page.text)]
    total = sum(len(block) for _number, block in blocks)
    processes = _parse_processes[0] if total >= PARALLEL_FROM_CHARS else 1
    if processes > 1:
        return _parse_in_processes(blocks, pipeline, tagged, processes, progress, total)
    sentences: list[Sentence] = []
    columns: dict[str, list] = {k: [] for k in CANDIDATE_SCHEMA}
    done = 0
    parsed = pipeline.nlp.pipe([block for _number, block in blocks], batch_size=PARSE_BATCH)
    for (number, block), doc in zip(blocks, parsed, strict=True):
        page_sentences, cols = candidate_rows(doc, number, len(sentences), tagged)
        sentences.extend(page_sentences)
        for key, values in cols.items():
            columns[key].extend(values)
        done += len(block)
        if progress is not None:
            progress(done, total)
    return tuple(sentences), pl.DataFrame(columns, schema=CANDIDATE_SCHEMA).filter(pl.col("norm") != "")


#: Blocks given to spaCy at once (its ``batch_size``), and on several processes the blocks of one task.
PARSE_BATCH = 32

#: What a parse process reads: set in the parent just before the processes are forked.
_worker_state: dict[str, tuple[Pipeline, bool]] = {}

#: A parsed chunk of blocks: its sentences as (page, text, negated), numbered from 0 in the
#: chunk, and its candidate columns (``CANDIDATE_SCHEMA``, sentences numbered the same way).
ChunkRows = tuple[list[tuple[int | None, str, bool]], dict[str, list]]


def _parse_chunk(chunk: list[tuple[int | None, str]]) -> ChunkRows:
    """In a parse process: one chunk of blocks through spaCy and :func:`candidate_rows`."""
    pipeline, tagged = _worker_state["parse"]
    sentences: list[tuple[int | None, str, bool]] = []
    columns: dict[str, list] = {k: [] for k in CANDIDATE_SCHEMA}
    parsed = pipeline.nlp.pipe([block for _number, block in chunk], batch_size=PARSE_BATCH)
    for (number, _block), doc in zip(chunk, parsed, strict=True):
        page_sentences, cols = candidate_rows(doc, number, len(sentences), tagged)
        sentences.extend((s.page, s.text, s.negated) for s in page_sentences)
        for key, values in cols.items():
            columns[key].extend(values)
    return sentences, columns


def _parse_in_processes(
    blocks: list[tuple[int | None, str]],
    pipeline: Pipeline,
    tagged: bool,
    processes: int,
    progress: Progress | None,
    total: int,
) -> tuple[tuple[Sentence, ...], pl.DataFrame]:
    """:func:`_parse` on ``processes`` forked processes, each returning sentences and candidate columns.

    No spaCy Doc crosses a process boundary: the processes run :func:`candidate_rows`
    themselves and send back its plain columns, which this process renumbers and joins in
    block order (the same rows as on one process; the chunks are spaCy's batches of
    :data:`PARSE_BATCH` blocks, so the tagger sees the same batches too). Sending Docs back
    and unpacking them here cost as much as parsing them (issue 19, the 253-page List II PDF).
    """
    import multiprocessing

    chunks = [blocks[i : i + PARSE_BATCH] for i in range(0, len(blocks), PARSE_BATCH)]
    sentences: list[Sentence] = []
    frames: list[pl.DataFrame] = []
    done = 0
    _worker_state["parse"] = (pipeline, tagged)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for chunk, (chunk_sentences, cols) in zip(chunks, pool.imap(_parse_chunk, chunks), strict=True):
                offset = len(sentences)
                sentences.extend(
                    Sentence(offset + i, page, text, negated) for i, (page, text, negated) in enumerate(chunk_sentences)
                )
                frame = pl.DataFrame(cols, schema=CANDIDATE_SCHEMA)
                frames.append(frame.with_columns(pl.col("sentence") + offset) if offset else frame)
                done += sum(len(block) for _number, block in chunk)
                if progress is not None:
                    progress(done, total)
    finally:
        _worker_state.clear()
    frame = pl.concat(frames, rechunk=True) if frames else pl.DataFrame(schema=CANDIDATE_SCHEMA)
    return tuple(sentences), frame.filter(pl.col("norm") != "")


def _complete(
    document: Document,
    sentences: tuple[Sentence, ...],
    frame: pl.DataFrame,
    quantities: tuple[Quantity, ...],
    pipeline_name: str,
    language: str,
) -> Analysis:
    """The Analysis with everything classification reads resolved: context, TRL, cues, words, quantities."""
    from extractors.analysis.cues import find_catch_all_cues
    from extractors.analysis.markings import find_markings
    from extractors.analysis.quantity_context import quantity_frame
    from extractors.analysis.technology import purpose_cues
    from extractors.analysis.trl import infer_trl
    from extractors.analysis.words import document_words, norm_keys, term_words
    from extractors.analysis.zones import sentence_zones, text_register

    candidates = with_context(frame, sentences)
    gloss = translate_norm if language == "nb" else None
    return Analysis(
        document,
        sentences,
        candidates,
        quantities,
        pipeline_name,
        language,
        markings=tuple(sorted(find_markings(sentences), key=lambda m: -m.level)),
        trl=infer_trl(sentences),
        cues=tuple(find_catch_all_cues(sentences)),
        words=document_words(sentences, candidates, language, quantities),
        term_words=term_words(candidates),
        technology_purposes=frozenset(purpose_cues(document.text)),
        quantity_contexts=quantity_frame(quantities, sentences, gloss),
        norm_keys=norm_keys(candidates),
        zones=sentence_zones(sentences),
        register=text_register(sentences),
    )
