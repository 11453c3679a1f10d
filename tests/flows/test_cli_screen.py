"""The screen command: exact errors, exit codes, the JSON contract, folders through the flow."""

import json
import os
import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

from flows.cli import main
from tests.paths import EXAMPLES

EXAMPLES = EXAMPLES


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_help_documents_exit_codes(capsys) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "Exit codes:" in out and "3  some inputs could not be read" in out
    code, out, _ = run(["screen", "--help"], capsys)
    assert code == 0 and "--format" in out and "--max-pages" in out


def test_html_without_out_is_a_usage_error(capsys) -> None:
    code, _, err = run(["screen", str(EXAMPLES / "honey_bee_foraging.txt"), "--format", "html"], capsys)
    assert code == 2
    assert err.strip().endswith("Error: --format html writes files; give --out DIR")


def test_bad_threshold_setting_is_one_line(capsys) -> None:
    code, _, err = run(
        ["screen", str(EXAMPLES / "honey_bee_foraging.txt"), "--cutoff", "0.9", "--threshold", "0.5"], capsys
    )
    assert code == 4
    assert err.startswith("Error: invalid screening settings:") and "cutoff 0.9 is above threshold 0.5" in err
    assert "Traceback" not in err


def test_single_file_json_contract_and_exit_code(capsys) -> None:
    code, out, _ = run(["screen", str(EXAMPLES / "quantum_processor.tex"), "--format", "json"], capsys)
    assert code == 1  # something needs review
    doc = json.loads(out)["documents"][0]
    assert doc["status"] == "screened" and doc["error"] is None and doc["decision"] == "review_required"
    assert doc["itemlist_versions"]["II"] == "2025-11-15"
    finding = doc["findings"][0]
    assert finding["entry_code"] == "4A506" and finding["list"] == "II" and 0 < finding["score"] < 1
    assert finding["evidence"]["text"] and "explanation" in finding
    assert {f["name"] for f in finding["features"]} >= {"term_evidence", "thresholds_met"}


def test_benign_file_exits_zero(capsys) -> None:
    code, out, _ = run(["screen", str(EXAMPLES / "honey_bee_foraging.txt"), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["documents"][0]["decision"] == "no_listed_technology"


def test_missing_file_is_a_failed_record(capsys) -> None:
    code, out, _ = run(["screen", "/no/such/paper.pdf", "--format", "json"], capsys)
    assert code == 3
    doc = json.loads(out)["documents"][0]
    assert doc["status"] == "failed" and doc["decision"] == "failed"
    assert doc["error"] == "/no/such/paper.pdf: no such file or folder; check the path"


def _pdf(path: Path, text: str) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


@pytest.mark.slow
def test_folder_runs_through_the_flow_bad_files_do_not_stop_it(tmp_path: Path, capsys, prefect_harness) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    _pdf(
        folder / "a_laser.pdf",
        "We report a continuous wave fibre laser emitting 2.1 kW of output power at "
        "1070 nm. The wall-plug efficiency exceeded 35 %.",
    )
    (folder / "b_broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")  # truncated
    shutil.copy(EXAMPLES / "honey_bee_foraging.txt", folder / "c_bees.txt")
    (folder / "d_image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out_dir = tmp_path / "out"
    code, _, err = run(["screen", str(folder), "--format", "html", "--out", str(out_dir), "--batch-size", "2"], capsys)
    assert code == 3  # two inputs could not be read
    assert "Report written:" in err
    html = (out_dir / "report.html").read_text("utf-8")
    assert "a_laser.pdf" in html and "6A005" in html and "b_broken.pdf" in html and "d_image.png" in html
    code, out, _ = run(["screen", str(folder), "--format", "json", "--no-store"], capsys)
    docs = {Path(d["path"]).name: d for d in json.loads(out)["documents"]}
    assert [docs[n]["status"] for n in sorted(docs)] == ["screened", "failed", "screened", "failed"]
    assert "not a format exportscreen reads" in docs["d_image.png"]["error"]
    assert docs["a_laser.pdf"]["findings"][0]["evidence"]["page"] == 1


def test_screen_sets_polars_allocator_to_return_freed_memory(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: ``screen`` asks jemalloc to give freed memory back at once; other commands, a set value: left alone."""
    import sys

    from flows.cli import POLARS_ALLOCATOR, SCREEN_ALLOCATOR, allocator_settings

    monkeypatch.delitem(sys.modules, "polars", raising=False)  # as in a fresh command line, before Polars is imported
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    allocator_settings(["review", "list"])
    assert "_RJEM_MALLOC_CONF" not in os.environ
    allocator_settings(["--lang", "nb", "screen", "paper.pdf"])
    assert os.environ["_RJEM_MALLOC_CONF"] == SCREEN_ALLOCATOR
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "dirty_decay_ms:5000")
    allocator_settings(["screen", "paper.pdf"])
    assert os.environ["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:5000"
    # What a parent that imported Polars passes on (the bench runs the command so) is not a choice.
    monkeypatch.setenv("_RJEM_MALLOC_CONF", POLARS_ALLOCATOR)
    allocator_settings(["screen", "paper.pdf"])
    assert os.environ["_RJEM_MALLOC_CONF"] == SCREEN_ALLOCATOR
