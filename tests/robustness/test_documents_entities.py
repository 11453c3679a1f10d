"""Issue 12, defect 10: XML entities in a .docx are never resolved, and no text is lost to them.

Through the installed command: a .docx whose document.xml declares an external entity
(``file:///etc/passwd``) and uses it mid-paragraph, followed by a sentence the screening flags
and more paragraphs; and a "billion laughs" .docx (nested internal entities). One run over
both: the first is screened with all its text and nothing of /etc/passwd, the second fails at
once, unexpanded, with a reason saying what it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.robustness.cli import Outcome, run_cli
from tests.robustness.corpus import BENIGN_TEXT, LASER_TEXT, billion_laughs_docx, xxe_docx

Run = tuple[Path, Outcome, dict[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The folder, one ``screen --format json`` over it, and the results by file name."""
    folder = tmp_path_factory.mktemp("entities")
    (folder / "xxe.docx").write_bytes(xxe_docx())
    (folder / "laughs.docx").write_bytes(billion_laughs_docx())
    outcome = run_cli(["screen", str(folder), "--format", "json"], tmp_path_factory.mktemp("home"), timeout=120)
    assert "Traceback" not in outcome.err, outcome.err
    results = {Path(d["path"]).name: d for d in json.loads(outcome.out)["documents"]}
    return folder, outcome, results


def test_external_entity_is_not_resolved(run: Run) -> None:
    _, outcome, _ = run
    assert "root:" not in outcome.out
    assert "/bin/" not in outcome.out


def test_text_after_the_entity_is_kept(run: Run) -> None:
    _, outcome, results = run
    result = results["xxe.docx"]
    # "Appendix &xxe; <laser sentence>", then two more paragraphs: every word is read.
    words = 1 + len(LASER_TEXT.split()) + len(BENIGN_TEXT.split()) + len("Closing paragraph of the memo.".split())
    assert result["words"] == words
    assert result["decision"] == "review_required"
    evidence = [item["text"] for finding in result["findings"] for item in finding["evidence_items"]]
    assert any(text.startswith("Appendix We report a continuous wave") for text in evidence), evidence
    assert outcome.code == 3  # laughs.docx fails


def test_billion_laughs_fails_unexpanded_with_its_reason(run: Run) -> None:
    folder, _, results = run
    result = results["laughs.docx"]
    assert result["decision"] == "failed"
    assert result["error"] == (
        f"{folder / 'laughs.docx'}: is not read: its part word/document.xml declares XML entities that expand"
        " without bound (an entity-expansion attack, 'billion laughs'); nothing was expanded. Word never writes"
        " these: get the original file from its author"
    )
