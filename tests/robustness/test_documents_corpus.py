"""Issue 12's generated corpus through the installed command: one run over every bad document.

Truncated, encrypted and mislabelled PDFs, damaged and hostile .docx files (bombs, entities),
zero-byte and junk files of every kind, odd encodings and odd names, beside two good
documents. One subprocess screens the whole folder, so the suite stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.robustness.cli import Outcome, run_cli
from tests.robustness.corpus import Expected, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Expected], Outcome]:
    """The corpus folder, what to expect of each file, and one ``screen --format json`` over it."""
    folder = tmp_path_factory.mktemp("corpus") / "documents"
    expected = write_corpus(folder)
    home = tmp_path_factory.mktemp("home")
    outcome = run_cli(["screen", str(folder), "--format", "json"], home, timeout=240)
    return folder, expected, outcome


@pytest.fixture(scope="module")
def results(corpus: tuple[Path, list[Expected], Outcome]) -> dict[str, dict[str, Any]]:
    """Each document's JSON result by file name."""
    _, _, outcome = corpus
    assert outcome.out, outcome.err
    documents = json.loads(outcome.out)["documents"]
    return {Path(document["path"]).name: document for document in documents}


def test_exit_3_and_no_traceback(corpus: tuple[Path, list[Expected], Outcome]) -> None:
    _, _, outcome = corpus
    assert outcome.code == 3, outcome.err
    assert "Traceback" not in outcome.err, outcome.err


def test_one_result_per_file(corpus: tuple[Path, list[Expected], Outcome], results: dict[str, dict[str, Any]]) -> None:
    folder, expected, outcome = corpus
    assert len(json.loads(outcome.out)["documents"]) == len(expected) == len(list(folder.iterdir()))
    assert sorted(results) == sorted(item.name for item in expected)


def test_every_file_gets_its_decision(
    corpus: tuple[Path, list[Expected], Outcome], results: dict[str, dict[str, Any]]
) -> None:
    folder, expected, _ = corpus
    wrong = []
    for item in expected:
        result = results[item.name]
        if item.decision == "failed":
            reason = result["error"] or ""
            ok = (
                result["decision"] == "failed"
                and reason.startswith(f"{folder / item.name}: ")
                and item.reason in reason
                and "\n" not in reason
            )
        else:
            ok = result["decision"] != "failed" and result["words"] > 0
        if not ok:
            wrong.append(f"{item.name}: wanted {item.decision} {item.reason!r}, got {result['decision']}"
                         f" {result['error']!r}")
    assert not wrong, "\n".join(wrong)


def test_hostile_docx_reasons_say_what_they_are(results: dict[str, dict[str, Any]]) -> None:
    for name in ("bomb.docx", "one-huge-text-node.docx", "entity-laughs.docx"):
        assert "damaged" not in results[name]["error"], results[name]["error"]
    assert "raise EXPORTSCREEN_MAX_UNPACKED_MB" in results["bomb.docx"]["error"]


def test_good_documents_are_screened(results: dict[str, dict[str, Any]]) -> None:
    assert results["good laser manuscript.pdf"]["decision"] == "review_required"
    assert results["good survey.docx"]["decision"] == "no_listed_technology"
    assert "root:" not in json.dumps(results["entity-xxe.docx"])
