"""Large share exports read in blocks (issue 19): the same grants, rows and quarantine as one block.

A scan of 10,000,000 rows keeps its rows in Parquet parts (``extractors.shares.spool``) and
reads a CSV export ``Spool.chunk_rows`` records at a time. These tests read generated Purview
exports with tiny blocks and with one block covering the whole file, and compare everything:
if a step started to depend on where the blocks are cut (or dropped a row at a boundary), the
two would differ.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from classifiers.grants import GrantFacts, decide_grants, empty_content
from extractors.shares import GRANT_SCHEMA, LazyRead, read_exports_lazy
from extractors.shares.people import read_people
from extractors.shares.spool import Spool, chunked
from itemlists.countries import load_country_groups
from tests.benchmarks.gen_purview import audit_frame, write_people_csv, write_purview_csv

WHOLE = 10**9


def read(path: Path, chunk_rows: int) -> tuple[LazyRead, Spool]:
    spool = Spool(chunk_rows=chunk_rows)
    return read_exports_lazy([path], spool), spool


def same_read(path: Path, chunk_rows: int) -> tuple[pl.DataFrame, LazyRead]:
    """Read ``path`` in blocks and whole; assert every part of the two reads is equal."""
    blocks, small = read(path, chunk_rows)
    whole, big = read(path, WHOLE)
    try:
        assert len(blocks.grants.paths) > 2  # really read in several parts
        grants = blocks.grants.collect()
        assert grants.schema == pl.Schema(GRANT_SCHEMA)
        assert grants.equals(whole.grants.collect())
        assert blocks.quarantined == whole.quarantined
        assert blocks.ignored == whole.ignored
        assert blocks.records == whole.records
        return grants, blocks
    finally:
        small.close()
        big.close()


def test_blocks_give_the_grants_and_decisions_of_one_block(tmp_path: Path) -> None:
    export = write_purview_csv(tmp_path / "purview.csv", 2_000, 300)
    register = write_people_csv(tmp_path / "people.csv", 300)
    grants, result = same_read(export, 130)
    assert result.records == 2_000 and grants.height == 1_200  # 6 grant rows of every 10 (a link pair is one)
    people, _ = read_people(register)
    countries = load_country_groups().frame()
    whole = decide_grants(grants, people, empty_content(), countries)
    spool = Spool(chunk_rows=130)
    try:
        parts = read_exports_lazy([export], spool).grants
        facts = GrantFacts.of(parts.lazy(), people, empty_content(), countries)
        by_part = pl.concat(list(chunked(parts, facts.decide)))
    finally:
        spool.close()
    assert by_part.equals(whole)
    assert whole["decision"].n_unique() > 2


def _multiline(frame: pl.DataFrame, every: int) -> pl.DataFrame:
    """Break the AuditData JSON of every ``every``-th row over two lines (valid JSON, a quoted CSV value)."""
    broken = pl.col("AuditData").str.replace(',"UniqueSharingId"', ',\n"UniqueSharingId"', literal=True)
    index = pl.int_range(pl.len())
    return frame.with_columns(AuditData=pl.when(index % every == every - 1).then(broken).otherwise("AuditData"))


def test_a_block_boundary_never_splits_a_quoted_multi_line_value(tmp_path: Path) -> None:
    frame = audit_frame(400, 50)
    flat, split = tmp_path / "flat.csv", tmp_path / "split.csv"
    frame.write_csv(flat)
    _multiline(frame, 5).write_csv(split)  # rows 5, 10, ...: at the ends of blocks of 5 records
    grants, result = same_read(split, 5)
    assert result.quarantined == [] and result.records == 400
    reference, _ = same_read(flat, 5)
    ids = ["source_file", "source_row"]
    assert grants.drop(ids).equals(reference.drop(ids))
    # A record's row is the line it starts on: 80 of the 400 records take two lines.
    text = split.read_text(encoding="utf-8").splitlines()
    for row in grants.sample(40, seed=1).iter_rows(named=True):
        line = text[row["source_row"] - 1]
        assert line.startswith(f"rec-{int(row['source_record_id'].split('-')[-1])},")


@pytest.mark.parametrize("chunk_rows", [100, 7])
def test_bad_rows_after_the_first_block_are_quarantined_with_their_line(tmp_path: Path, chunk_rows: int) -> None:
    export = write_purview_csv(tmp_path / "purview.csv", 1_000, 100)
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[249] = lines[249].replace('{""CreationTime""', '{""CreationTime"" oops', 1)  # not JSON (line 250)
    lines[349] = lines[349] + ",extra"  # a field too many (line 350)
    lines[451] = lines[451].replace('""CreationTime"":""2024', '""CreationTime"":""yesterday', 1)  # line 452
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    grants, result = same_read(export, chunk_rows)
    assert [(q.file, q.row) for q in result.quarantined] == [(str(export), 250), (str(export), 350),
                                                             (str(export), 452)]
    reasons = [q.reason for q in result.quarantined]
    assert "is not valid JSON" in reasons[0] and "9 fields where the header has 8" in reasons[1]
    assert "CreationTime 'yesterday" in reasons[2]
    assert result.records == 1_000  # every record accounted for: grants, ignored or quarantined
    counted = sum(i.count for i in result.ignored) + len(result.quarantined)
    assert counted + grants.height == 1_000
