"""Tests of the List II PDF importer on the real official PDF, compared with the bundled II@2021."""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl
import pytest
from fpdf import FPDF

from itemlists.errors import ListImportError
from itemlists.install.importing import import_list
from itemlists.install.store import BUNDLED_ROOT, ListStore
from itemlists.sources.listtwo_pdf import parse_list_two_pdf
from itemlists.types import PROVISION_SCHEMA
from tests.paths import ROOT

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = ROOT
SHARED = Path(os.environ.get("EXPORTSCREEN_SHARED", REPO.parent / "shared"))
LIST_TWO = SHARED / "data/itemlists/norway_2020_2021/liste_II_2021_vedlegg_II.pdf"
needs_pdf = pytest.mark.skipif(not LIST_TWO.is_file(), reason=f"official List II PDF not found at {LIST_TWO}")
pytestmark = pytest.mark.slow


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


@pytest.fixture(scope="module")
def parsed() -> tuple[pl.DataFrame, dict]:
    if not LIST_TWO.is_file():
        pytest.skip(f"official List II PDF not found at {LIST_TWO}")
    return parse_list_two_pdf(LIST_TWO)


@pytest.fixture(scope="module")
def reference() -> pl.DataFrame:
    return ListStore([BUNDLED_ROOT]).provisions("II", "2021")


@needs_pdf
def test_counts_close_to_bundled(parsed: tuple[pl.DataFrame, dict], reference: pl.DataFrame) -> None:
    frame, report = parsed
    entries = frame.filter(pl.col("depth") == 0).height
    assert abs(entries - 366) <= 0.02 * 366
    assert abs(frame.height - reference.height) <= 0.05 * reference.height
    assert report["entries"] == entries and report["provisions"] == frame.height
    assert report["version"] == "2021" and report["version_detected"]
    assert set(frame["entry_code"]) == set(reference["entry_code"])


@needs_pdf
@pytest.mark.parametrize("code", ["6A005.a.1", "4A003", "1C010.a", "0B001.a.9", "9E101.b"])
def test_texts_match_bundled(parsed: tuple[pl.DataFrame, dict], reference: pl.DataFrame, code: str) -> None:
    ours = parsed[0].filter(pl.col("code") == code)["text"].to_list()
    theirs = reference.filter(pl.col("code") == code)["text"].to_list()
    assert len(ours) == 1 and len(theirs) == 1
    assert _norm(ours[0]) == _norm(theirs[0])


@needs_pdf
def test_structure(parsed: tuple[pl.DataFrame, dict]) -> None:
    frame, _ = parsed
    assert frame.schema == pl.Schema(PROVISION_SCHEMA)
    assert frame["code"].is_unique().all()
    codes = set(frame["code"])
    assert set(frame["parent"].drop_nulls()) <= codes
    assert (frame["category"] == frame["entry_code"].str.slice(0, 1)).all()
    assert (frame["group"] == frame["entry_code"].str.slice(1, 1)).all()
    # "Note: 1C010.a. does not control polyethylene." names its own provision.
    notes = frame.filter(pl.col("code") == "1C010.a")["notes"].to_list()[0]
    assert any("does not control polyethylene" in note for note in notes)
    # Front matter (definitions) and the change summary after 9E102 are not provisions.
    assert not frame["text"].str.contains("UPDATE OF THE EU CONTROL LIST").any()
    assert frame["code"].str.contains(r"^\d[A-E]\d{3}(\.[a-z0-9]+)*$").all()


@needs_pdf
def test_agreement_with_bundled(parsed: tuple[pl.DataFrame, dict], reference: pl.DataFrame) -> None:
    both = parsed[0].select("code", ours="text").join(reference.select("code", theirs="text"), on="code")
    equal = sum(_norm(a) == _norm(b) for a, b in zip(both["ours"], both["theirs"], strict=True))
    assert both.height >= 0.9 * reference.height
    assert equal >= 0.9 * both.height


def test_pdf_without_entries_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Minutes of the board meeting, 3 March")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(ListImportError, match=r"'minutes.pdf' has no dual-use entry headings"):
        parse_list_two_pdf(path)
    with pytest.raises(ListImportError, match=r"'minutes.pdf' has no dual-use entry headings"):
        import_list(path, "II", "2021", root=tmp_path / "store")
    assert not (tmp_path / "store").exists()
