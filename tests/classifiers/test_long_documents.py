"""Issue 19: the faster matching and path scoring give exactly what the plain formulations give.

The production code forms the word-sharing pairs as integer ids and ranks matches on their key
columns only; the oracles here are the plain string and whole-frame formulations they replaced,
run on the bundled examples against the installed lists.
"""

from __future__ import annotations

import polars as pl
import pytest
from rapidfuzz import fuzz, process

from classifiers import pairs as pair_sources
from classifiers import score
from classifiers.match import MATCH_COLUMNS, match_candidates
from classifiers.pairs import _fuzzy_pairs, _head_subset
from classifiers.score import PLACEMENT_COLUMNS, _kept, _path_codes, dedupe_nested, path_rows, path_support
from classifiers.settings import ScreeningSettings
from extractors import read_document
from extractors.analysis.analyse import analyse
from flows.pipeline import make_context
from itemlists.types import block_key
from tests.paths import EXAMPLES

EXAMPLE_FILES = ("fibre_laser_manuscript.pdf", "auv_project_description.md", "quantum_processor.tex")


@pytest.fixture(scope="module")
def analysed():  # type: ignore[no-untyped-def]
    context = make_context()
    analyses = [analyse(read_document(EXAMPLES / name), context.pipeline) for name in EXAMPLE_FILES]
    return context, analyses


def _plain_fuzzy_pairs(keys: pl.DataFrame, reference, min_similarity: float) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """The string formulation the id-based one replaced (classifiers.match before issue 19)."""
    tokens = (
        keys.select("norm")
        .with_columns(pl.col("norm").str.split(" ").alias("word"))
        .explode("word")
        .with_columns(block_key(pl.col("word")).alias("token"))
    )
    pairs = (
        tokens.join(reference.blocks, on="token")
        .select("norm", "term_norm")
        .unique()
        .filter(pl.col("norm") != pl.col("term_norm"))
    )
    partial = _head_subset(pairs)
    same_words = pl.col("norm").str.count_matches(" ") == pl.col("term_norm").str.count_matches(" ")
    pairs = pairs.filter(same_words)
    length_ratio = pl.col("norm").str.len_chars() / pl.col("term_norm").str.len_chars()
    pairs = pairs.filter(length_ratio.is_between(min_similarity * 0.8, 1 / (min_similarity * 0.8)))
    if pairs.height == 0:
        return partial
    scores = process.cpdist(
        pairs["norm"].to_list(), pairs["term_norm"].to_list(), scorer=fuzz.ratio, processor=None,
        score_cutoff=min_similarity * 100, workers=-1,
    )
    fuzzy = pairs.with_columns(pl.Series("similarity", scores / 100.0, dtype=pl.Float64)).filter(
        pl.col("similarity") >= min_similarity
    )
    fuzzy = pair_sources._word_by_word(fuzzy)  # the word-by-word check came after issue 19
    return pl.concat([fuzzy, partial]).group_by("norm", "term_norm").agg(pl.col("similarity").max())


def _plain_dedupe(matches: pl.DataFrame) -> pl.DataFrame:
    """The whole-frame ranking dedupe_nested replaced."""
    contrib = (pl.col("weight") * pl.col("similarity")).alias("contrib")
    m = (
        matches.filter(~pl.col("negated"))
        .with_columns(contrib)
        .sort(["contrib", "term_norm", "kind", "start", "end", "term_order"],
              descending=[True, False, False, False, False, False])
    )
    m = m.unique(subset=["list", "code", "sentence", "end"], keep="first", maintain_order=True)
    return m.unique(subset=["list", "code", "sentence", "start"], keep="first", maintain_order=True)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns)


def test_the_id_based_pairs_equal_the_string_pairs(analysed) -> None:  # type: ignore[no-untyped-def]
    context, analyses = analysed
    minimum = context.settings.fuzzy_min_similarity
    for analysis in analyses:
        fast = _fuzzy_pairs(analysis.norm_keys, context.reference, minimum)
        plain = _plain_fuzzy_pairs(analysis.norm_keys, context.reference, minimum)
        assert fast.height > 0
        assert _sorted(fast).equals(_sorted(plain.select(fast.columns)))


def test_fuzzy_pairs_formed_a_group_of_candidates_at_a_time_equal_all_at_once(analysed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    context, analyses = analysed
    minimum = context.settings.fuzzy_min_similarity
    for analysis in analyses:
        whole = _fuzzy_pairs(analysis.norm_keys, context.reference, minimum)
        monkeypatch.setattr(pair_sources, "PAIRS_AT_ONCE", 1)  # a group per candidate
        grouped = _fuzzy_pairs(analysis.norm_keys, context.reference, minimum)
        monkeypatch.undo()
        assert whole.height > 0
        assert _sorted(whole).equals(_sorted(grouped))


def test_kept_rows_ranked_a_group_of_provisions_at_a_time_are_the_whole_ranking(analysed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """path_rows ranks the match rows per group of provisions: the same rows as one ranking of all."""
    context, analyses = analysed
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings)
        whole = dedupe_nested(matches).rows
        monkeypatch.setattr(score, "ROWS_AT_ONCE", 2)  # a group per provision or two
        grouped = _kept(matches).rows
        monkeypatch.undo()
        assert matches.pairs["code"].n_unique() > 2 and whole.height > 0
        assert _sorted(whole).equals(_sorted(grouped))


def test_a_path_reads_the_codes_on_it_as_the_prefix_test_does(analysed) -> None:  # type: ignore[no-untyped-def]
    """_path_codes joins a target to its ancestors' codes: the rows the whole-entry join then prefix filter gave."""
    context, analyses = analysed
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings)
        per_code = score._per_code(_kept(matches))
        targets = score._targets(per_code, context.reference.thresholds)
        keys = ["list", "entry_code", "version"]
        on_chain = (pl.col("target") == pl.col("code")) | pl.col("target").str.starts_with(pl.col("code") + ".")
        plain = targets.join(per_code, on=keys).filter(on_chain)
        joined = _path_codes(targets).join(per_code, on=[*keys, "code"]).select(plain.columns)
        assert plain.height > targets.height
        assert _sorted(plain).equals(_sorted(joined))


def test_placement_counts_on_ids_equal_the_string_formulation(analysed) -> None:  # type: ignore[no-untyped-def]
    context, analyses = analysed
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings)
        rows = path_rows(matches, None, context.reference.thresholds, context.reference.items, None, analysis.zones)
        plain = _plain_placement(dedupe_nested(matches).frame(), rows.select("list", "target"), analysis.zones)
        got = rows.select("list", "target", *PLACEMENT_COLUMNS[:-1])
        assert got["mention_sentences"].sum() > 0
        assert _sorted(got).equals(_sorted(plain.select(got.columns)))


def _plain_placement(kept: pl.DataFrame, targets: pl.DataFrame, zones: tuple[str, ...]) -> pl.DataFrame:
    """The string formulation of classifiers.score._with_placement's counts (before the ids)."""
    zone_frame = pl.DataFrame({"sentence": list(range(len(zones))), "zone": list(zones)},
                              schema={"sentence": kept.schema["sentence"], "zone": pl.String})
    on_path = _path_codes(targets).select("list", "target", "code")
    sentences = (
        kept.select("list", "code", "sentence", pl.col("kind").is_in(["head", "alias", "included"]).alias("is_item"))
        .group_by("list", "code", "sentence")
        .agg(pl.col("is_item").any())
    )
    rows = on_path.join(sentences, on=["list", "code"]).join(zone_frame, on="sentence", how="left")
    zone = pl.col("zone").fill_null("body")
    prominent = zone.is_in(score.PROMINENT_ZONES)
    placed = rows.group_by("list", "target").agg(
        pl.col("sentence").n_unique().alias("mention_sentences"),
        pl.col("sentence").filter("is_item").n_unique().alias("item_sentences"),
        pl.col("sentence").filter(prominent).n_unique().alias("prominent_sentences"),
        pl.col("sentence").filter(prominent & pl.col("is_item")).n_unique().alias("prominent_item_sentences"),
        pl.col("sentence").filter(zone.is_in(score.ASIDE_ZONES)).n_unique().alias("aside_sentences"),
    )
    return targets.join(placed, on=["list", "target"], how="left").with_columns(
        *(pl.col(c).fill_null(0).cast(pl.Int64) for c in PLACEMENT_COLUMNS[:-1])
    )


def test_dedupe_on_key_columns_keeps_the_same_rows_in_the_same_order(analysed) -> None:  # type: ignore[no-untyped-def]
    context, analyses = analysed
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings)
        assert matches.height > 0
        assert dedupe_nested(matches).frame([*MATCH_COLUMNS, "contrib"]).equals(_plain_dedupe(matches.frame()))


def test_matches_come_in_candidate_order_then_index_order(analysed) -> None:  # type: ignore[no-untyped-def]
    """The row order decides between equally good evidence, so it must not vary from run to run."""
    context, analyses = analysed
    for analysis in analyses:
        first = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings).frame()
        again = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, ScreeningSettings())
        assert first.equals(again.frame())
        # Each occurrence's rows are together and in the index's order.
        occurrence = ["sentence", "start", "end", "norm"]
        runs = first.with_columns(pl.struct(occurrence).rle_id().alias("run"))
        assert runs.select(pl.col("run").n_unique()).item() == first.select(occurrence).unique().height
        assert runs.group_by("run").agg(pl.col("term_order").is_sorted().alias("ok"))["ok"].all()


def test_path_rows_scored_by_best_paths_is_path_support(analysed) -> None:  # type: ignore[no-untyped-def]
    from classifiers.score import best_paths

    context, analyses = analysed
    reference = context.reference
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, reference, context.settings)
        whole = path_support(matches, None, reference.thresholds, reference.items)
        assert whole.height > 0
        parts = best_paths(path_rows(matches, None, reference.thresholds, reference.items), _default_context())
        # One row per (list, entry); equal scores, and a path's terms of equal weight, come in either order.
        assert _canonical_paths(whole).equals(_canonical_paths(parts))


def _canonical_paths(paths: pl.DataFrame) -> pl.DataFrame:
    return paths.with_columns(pl.col("path_terms").list.sort()).sort("list", "entry_code")


def _default_context():  # type: ignore[no-untyped-def]
    from classifiers.documents import PathContext

    return PathContext()


def test_thresholds_compared_a_group_of_targets_at_a_time_equal_all_at_once(analysed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """compare() forms the threshold x quantity pairs per group of whole targets: the same rows as in one go."""
    from classifiers import thresholds
    from classifiers.screening import _ThresholdChecker
    from classifiers.thresholds import compare, path_thresholds

    context, analyses = analysed
    reference = context.reference
    compared = 0
    for analysis in analyses:
        matches = match_candidates(analysis.candidates, analysis.norm_keys, reference, context.settings)
        checker = _ThresholdChecker(analysis, reference, matches)
        targets = path_rows(matches, None, reference.thresholds, reference.items).select("list", "entry_code", "target")
        on_path = path_thresholds(targets, reference.thresholds)
        args = (on_path, analysis.quantity_contexts, checker.item_sentences)
        whole = compare(*args)
        monkeypatch.setattr(thresholds, "PAIRS_AT_ONCE", 3)  # a group per target or two
        assert len(thresholds._target_groups(on_path.select("target", "unit"), analysis.quantity_contexts)) > 1
        grouped = compare(*args)
        monkeypatch.undo()
        compared += whole["met"].is_not_null().sum()
        # found_text aside: of two texts of the same deciding value ("60 physical qubits",
        # "60-qubit") either may be shown, grouped or not (the known tie of thresholds._decided).
        assert _sorted(whole.drop("found_text")).equals(_sorted(grouped.drop("found_text")))
        assert grouped["found_text"].is_null().equals(whole["found_text"].is_null())
    assert compared > 0  # some threshold was decided, met or not


def test_a_long_pdf_parsed_on_two_processes_sends_no_doc_back(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The parse processes run candidate_rows themselves: no spaCy Doc is serialised to this process."""
    from extractors.analysis import analyse as module
    from extractors.types import Document, Page

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("spaCy's processes would send Docs back")

    pages = tuple(
        Page(number=n, text="\n\n".join(f"A pulsed laser of {n}{k} W output power at 1064 nm." for k in range(40)))
        for n in range(1, 6)
    )
    text = "\n\n".join(page.text for page in pages)
    document = Document(path="long.pdf", kind="pdf", pages=pages, sha256="0" * 64, size=len(text))
    pipeline = make_context().pipeline
    monkeypatch.setattr(module, "PARALLEL_FROM_CHARS", 1000)
    one = analyse(document, pipeline)
    monkeypatch.setattr("spacy.language.Language._multiprocessing_pipe", refuse)  # spaCy's n_process path
    module.set_parse_processes(2)
    try:
        two = analyse(document, pipeline)
    finally:
        module.set_parse_processes(1)
    assert [(s.index, s.page, s.text) for s in one.sentences] == [(s.index, s.page, s.text) for s in two.sentences]
    assert one.candidates.equals(two.candidates)
    assert one.candidates["page"].n_unique() == 5 and len(one.sentences) == 200
