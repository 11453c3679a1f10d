"""``screen --pdf-engine`` through the installed command: same findings, same errors, a missing extra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.extractors.test_extractors_pdf import PAGES, make_pdf
from tests.paths import ROOT
from tests.robustness.cli import run_cli

pytest.importorskip("pypdfium2", reason="the pdfium extra is in requirements-dev.lock; run `make test`")

#: Real PDFs of the project: a manuscript and a grant application, each with findings.
PDFS = [ROOT / "flows" / "examples" / "fibre_laser_manuscript.pdf",
        ROOT / "flows" / "project_examples" / "applications" / "kilobeam_application.pdf"]


def _screen_json(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    out = run_cli(["screen", *args, "--no-store", "--format", "json"], tmp_path, env=env)
    assert "Traceback" not in out.err, out.err
    return out.code, json.loads(out.out)


def _anchored(document: dict) -> dict:
    """What must not change with the engine: decision, findings and their page-anchored evidence."""
    return {
        "decision": document["decision"],
        "pages": document["pages"],
        "findings": [
            (f["code"], f["level"], f["score"], [(e["page"], e["sentence"], e["text"]) for e in f["evidence_items"]])
            for f in document["findings"]
        ],
    }


def test_pdfium_gives_the_same_findings_and_evidence_as_pdfminer(tmp_path: Path) -> None:
    paths = [str(p) for p in PDFS]
    code_default, default = _screen_json(tmp_path, *paths)
    code_pdfium, pdfium = _screen_json(tmp_path, *paths, "--pdf-engine", "pdfium")
    assert code_default == code_pdfium == 1
    assert [d["findings"] != [] for d in default["documents"]] == [True, True]
    assert [_anchored(d) for d in pdfium["documents"]] == [_anchored(d) for d in default["documents"]]
    # The engine is recorded with the run's settings (the default is not written: same store key as before).
    assert pdfium["run"]["settings"]["pdf_engine"] == "pdfium"
    assert "pdf_engine" not in default["run"]["settings"]


def test_a_corrupt_pdf_gives_the_same_one_line_failure_with_both_engines(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(PAGES)[:300])
    errors = {}
    for engine in ("pdfminer", "pdfium"):
        code, report = _screen_json(tmp_path, str(broken), env={"EXPORTSCREEN_PDF_ENGINE": engine})
        assert code == 3
        [document] = report["documents"]
        assert document["decision"] == "failed"
        errors[engine] = document["error"]
    assert errors["pdfium"] == errors["pdfminer"]
    assert "\n" not in errors["pdfium"] and "open it in a PDF reader and save" in errors["pdfium"]


@pytest.fixture
def without_pypdfium2(tmp_path: Path) -> dict[str, str]:
    """An environment where ``import pypdfium2`` fails, as without the extra (a shadowing package)."""
    shadow = tmp_path / "shadow" / "pypdfium2"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("No module named \'pypdfium2\' (simulated)")\n')
    return {"PYTHONPATH": str(shadow.parent)}


@pytest.mark.parametrize("how", ["option", "environment"])
def test_pdfium_without_the_extra_is_a_usage_error_saying_what_to_install(
    tmp_path: Path, without_pypdfium2: dict[str, str], how: str
) -> None:
    args = ["screen", str(PDFS[0]), "--no-store"]
    env = dict(without_pypdfium2)
    if how == "option":
        args += ["--pdf-engine", "pdfium"]
    else:
        env["EXPORTSCREEN_PDF_ENGINE"] = "pdfium"
    out = run_cli(args, tmp_path, env=env)
    out.assert_one_line_error(2, "the PDF engine 'pdfium' needs the optional package pypdfium2",
                              "pip install 'exportscreen[pdfium]'")


def test_an_unknown_engine_in_the_environment_cannot_run(tmp_path: Path) -> None:
    out = run_cli(["screen", str(PDFS[0]), "--no-store"], tmp_path, env={"EXPORTSCREEN_PDF_ENGINE": "mupdf"})
    out.assert_one_line_error(4, "EXPORTSCREEN_PDF_ENGINE='mupdf' is not a PDF engine", "pdfminer, pdfium")


def test_an_unknown_engine_option_is_a_usage_error(tmp_path: Path) -> None:
    out = run_cli(["screen", str(PDFS[0]), "--no-store", "--pdf-engine", "mupdf"], tmp_path)
    out.assert_one_line_error(2, "'mupdf' is not one of 'pdfminer', 'pdfium'")
