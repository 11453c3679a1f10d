"""Matching shared objects to screened files: path relative to the share root first, then name."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from classifiers.grants.content import (
    content_frame,
    file_candidates,
    match_objects,
    normalise_path,
    results_frame,
    shared_objects,
)
from classifiers.types import DocumentResult, Evidence, Finding
from extractors.shares.common import empty_grants


def grants(*objects: tuple[str | None, str | None, str | None]) -> pl.DataFrame:
    rows = [{"source_system": "m365_audit", "object_id": i, "object_path": p, "object_name": n}
            for i, p, n in objects]
    return pl.concat([empty_grants(), pl.DataFrame(rows)], how="diagonal_relaxed")


FILES = ["Laser/design.docx", "Archive/Laser/design.docx", "Other/design.docx", "Laser/pump/notes.txt",
         "bees.txt"]


def matched(objects: pl.DataFrame) -> dict[str, list[str]]:
    m = match_objects(shared_objects(objects), file_candidates(FILES))
    return {k.split("\x1f")[1]: sorted(v) for k, v in m.group_by("object_key").agg("ref").rows()}


def test_the_longest_common_path_wins() -> None:
    got = matched(grants(("https://t.sharepoint.com/sites/x/Shared%20Documents/Archive/Laser/design.docx",
                          "Shared Documents/Archive/Laser", "design.docx")))
    assert list(got.values()) == [["Archive/Laser/design.docx"]]


def test_path_from_folder_and_name() -> None:
    got = matched(grants(("4711", "/Other", "design.docx")))
    assert got == {"4711": ["Other/design.docx"]}


def test_name_only_matches_every_file_of_that_name() -> None:
    got = matched(grants(("1Qx7", None, "design.docx")))
    assert got == {"1Qx7": ["Archive/Laser/design.docx", "Laser/design.docx", "Other/design.docx"]}


def test_a_shared_folder_covers_every_file_below_it() -> None:
    got = matched(grants(("4800", "/Laser", "Laser")))
    assert got == {"4800": ["Laser/design.docx", "Laser/pump/notes.txt"]}


def test_no_match() -> None:
    assert matched(grants(("9", "/x", "missing.pdf"))) == {}


def _result(path: str, decision: str, codes: list[tuple[str, str]]) -> DocumentResult:
    findings = tuple(
        Finding(code=c, entry_code=c, list=lst, list_version="v", provision_text="", score=0.8, level="flag",
                rule="list_match", evidence=(Evidence("s", 1, 0, "m", "t", 0.9),))
        for c, lst in codes
    )
    return DocumentResult(path=path, status="screened", decision=decision, sha256="s" + path, findings=findings,
                          itemlist_versions={"I": "2020", "II": "2025"})


def test_the_most_serious_result_of_several_files_decides() -> None:
    objects = grants(("4800", "/Laser", "Laser"))
    results = results_frame([
        ("Laser/design.docx", _result("a", "review_required", [("6A005", "II")]), "content folder"),
        ("Laser/pump/notes.txt", _result("b", "no_listed_technology", []), "content folder"),
    ])
    (row,) = content_frame(match_objects(shared_objects(objects), file_candidates(FILES)), results).to_dicts()
    assert row["content_status"] == "screened" and row["content_decision"] == "review_required"
    assert row["content_lists"] == ["II"] and row["content_codes"] == "6A005 (List II)"
    assert row["content_note"].startswith("2 file(s) matched (Laser/design.docx, Laser/pump/notes.txt)")
    assert "I@2020, II@2025" in row["content_note"]


def test_unreadable_content_is_failed() -> None:
    objects = grants(("1", None, "bees.txt"))
    failed = DocumentResult(path="bees.txt", status="failed", decision="failed", error="encrypted")
    results = results_frame([("bees.txt", failed, "content folder")])
    (row,) = content_frame(match_objects(shared_objects(objects), file_candidates(FILES)), results).to_dicts()
    assert row["content_status"] == "failed" and row["content_decision"] is None


@given(st.text(max_size=60))
def test_normalise_path_is_idempotent(value: str) -> None:
    once = pl.select(normalise_path(pl.lit(value))).item()
    assert pl.select(normalise_path(pl.lit(once))).item() == once
    assert not once.startswith("/") and once == once.lower()
