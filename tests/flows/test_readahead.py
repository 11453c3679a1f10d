"""A PDF read ahead in a second process (flows.readahead) is the document an ordinary read gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractors import read_document
from flows.readahead import read_ahead, worth_reading_ahead
from flows.settings import limits
from flows.settings import read_ahead as read_ahead_setting
from tests.make_examples import write_pdf
from tests.robustness.cli import run_cli

PAGES = [f"Page {n}. A 2.1 kW ytterbium fibre laser emitting at 1064 nm was built for welding." for n in range(1, 6)]


def test_the_document_read_ahead_equals_an_ordinary_read(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    write_pdf(pdf, PAGES)
    pages: list[tuple[int, int]] = []
    document = read_ahead(pdf, 400, limits(), lambda done, total: pages.append((done, total)))()
    assert document == read_document(pdf, max_pages=400, limits=limits())
    assert pages == [(n, 5) for n in range(1, 6)]


def test_the_read_ahead_uses_the_runs_pdf_engine(tmp_path: Path) -> None:
    """``--pdf-engine pdfium`` reaches the second process: its document is PDFium's reading."""
    pytest.importorskip("pypdfium2")
    pdf = tmp_path / "paper.pdf"
    write_pdf(pdf, PAGES)
    document = read_ahead(pdf, 400, limits(), pdf_engine="pdfium")()
    assert document == read_document(pdf, max_pages=400, limits=limits(), pdf_engine="pdfium")


def test_an_unreadable_file_gives_none_for_the_caller_to_read(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert read_ahead(damaged, 400, limits())() is None
    too_long = tmp_path / "long.pdf"
    write_pdf(too_long, PAGES)
    assert read_ahead(too_long, 2, limits())() is None  # over --max-pages: the caller gets the reason itself


def test_only_pdfs_are_read_ahead(tmp_path: Path) -> None:
    text = tmp_path / "paper.txt"
    text.write_text("A 2.1 kW fibre laser.", encoding="utf-8")
    assert not worth_reading_ahead(text, "on")
    assert not worth_reading_ahead(tmp_path / "missing.pdf", "on")
    pdf = tmp_path / "paper.pdf"
    write_pdf(pdf, PAGES)
    assert not worth_reading_ahead(pdf, "off")


def test_auto_reads_ahead_only_with_a_core_to_spare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "paper.pdf"
    write_pdf(pdf, PAGES)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.2, 0.1))
    assert worth_reading_ahead(pdf, "auto") and worth_reading_ahead(pdf, "on")
    monkeypatch.setattr(os, "getloadavg", lambda: (3.5, 3.0, 2.0))
    assert not worth_reading_ahead(pdf, "auto")
    assert worth_reading_ahead(pdf, "on")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not worth_reading_ahead(pdf, "on")


def test_the_setting_reads_zero_one_or_auto() -> None:
    values = [read_ahead_setting({"EXPORTSCREEN_READ_AHEAD": v}) for v in ("0", "1", "", "auto")]
    assert values == ["off", "on", "auto", "auto"]
    assert read_ahead_setting({}) == "auto"


def test_the_command_gives_the_same_report_with_and_without_read_ahead(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    write_pdf(pdf, PAGES)
    reports = []
    for setting in ("1", "0"):
        done = run_cli(["screen", str(pdf), "--no-store", "--format", "json"], tmp_path / setting,
                       env={"EXPORTSCREEN_READ_AHEAD": setting})
        assert done.code in (0, 1), done.err
        reports.append(json.loads(done.out)["documents"])
    assert reports[0] == reports[1]
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    errors = [run_cli(["screen", str(damaged), "--no-store", "--format", "json"], tmp_path / s,
                      env={"EXPORTSCREEN_READ_AHEAD": s}) for s in ("1", "0")]
    assert errors[0].code == errors[1].code == 3
    assert json.loads(errors[0].out)["documents"] == json.loads(errors[1].out)["documents"]


def test_pages_read_ahead_drive_the_progress_bar(tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    write_pdf(pdf, [f"Page {n}. The survey asked residents about trust in their council." for n in range(1, 31)])
    # TTY_COMPATIBLE makes rich draw its progress bar although stderr is a pipe here.
    done = run_cli(["screen", str(pdf), "--no-store"], tmp_path,
                   env={"TTY_COMPATIBLE": "1", "EXPORTSCREEN_READ_AHEAD": "1"})
    assert done.code == 0, done.err
    drawn = done.err.replace("\r", "\n")
    assert "Reading long.pdf: page" in drawn and " of 30" in drawn, drawn[-500:]
