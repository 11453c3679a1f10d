"""Document-level judgement (issue 14, part 2): a flag says the document is about the item.

A long document accumulates chance matches; the judgement must not grow with it. Tested on
real benign texts of the inbox benchmark, screened alone and concatenated.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from classifiers.screening import classify
from classifiers.types import DocumentResult
from extractors.analysis.analyse import analyse
from extractors.types import Document, Page
from flows.pipeline import make_context
from tests.paths import TESTS

INBOX = TESTS / "benchmarks" / "inbox"


def _benign_texts(set_name: str, count: int) -> list[str]:
    labels = [json.loads(line) for line in (INBOX / set_name / "labels.jsonl").read_text("utf-8").splitlines() if line]
    chosen = [label for label in labels if label["class"] == "benign" and label["language"] == "en"][:count]
    return [(INBOX / set_name / label["file"]).read_text("utf-8") for label in chosen]


def _screen(text: str) -> DocumentResult:
    context = make_context()
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = Document("concatenated.txt", "text", (Page(None, text),), digest, len(text.encode()))
    return classify(analyse(document, context.pipeline), context.reference)


def _top(result: DocumentResult) -> float:
    return max((f.score for f in result.findings if f.rule == "list_match"), default=0.0)


@pytest.fixture(scope="module")
def parts() -> list[str]:
    texts = _benign_texts("abstracts", 8)
    assert len(texts) == 8
    return texts


def test_a_benign_text_does_not_become_likelier_to_flag_as_it_grows(parts: list[str]) -> None:
    alone = [_screen(text) for text in parts]
    assert not any(r.flags for r in alone), [r.flags for r in alone if r.flags]
    ceiling = max(_top(r) for r in alone)
    for n in (2, 4, 8):
        joined = _screen("\n\n".join(parts[:n]))
        assert not joined.flags, f"{n} benign texts together flag {[f.code for f in joined.flags]}"
        assert _top(joined) <= ceiling + 0.02, f"{n} texts: top score {_top(joined)} above the parts' {ceiling}"


def test_a_mention_in_the_references_weighs_less_than_in_the_body() -> None:
    body = (
        "A continuous wave ytterbium-doped fibre laser emitting 2.1 kW of output power at 1070 nm in a "
        "single transverse mode.\n\nWe describe how the laser was built.\n\n"
        + "\n\n".join(f"Section {i} describes the measurement chain and its calibration." for i in range(30))
    )
    cited = (
        "Noise budgets of interferometric detectors.\n\n"
        + "\n\n".join(f"Section {i} describes the measurement chain and its calibration." for i in range(30))
        + "\n\nReferences\n\n[1] Smith J. et al. (2019) A continuous wave ytterbium-doped fibre laser emitting "
        "2.1 kW of output power at 1070 nm in a single transverse mode. Opt. Lett. 44, pp. 1-4."
    )
    in_body = [f.score for f in _screen(body).findings if f.entry_code == "6A005"]
    in_references = [f.score for f in _screen(cited).findings if f.entry_code == "6A005"]
    assert in_body, "the laser paper has a 6A005 finding"
    assert max(in_references, default=0.0) < max(in_body)


FILLER = "\n\n".join(f"Section {i} describes the measurement chain and its calibration." for i in range(30))
CUE = "The results will be used in weapons of mass destruction programmes."


def test_one_catch_all_cue_deep_in_a_long_body_is_not_what_the_document_is_about() -> None:
    assert _screen(f"Sensor calibration.\n\n{FILLER}\n\n{CUE}").decision == "no_listed_technology"
    assert _screen(f"Sensor calibration.\n\n{CUE}\n\n{FILLER}").decision == "catch_all_review"
    recurring = f"Sensor calibration.\n\n{FILLER}\n\n{CUE}\n\n{FILLER}\n\n{CUE.replace('results', 'data')}"
    assert _screen(recurring).decision == "catch_all_review"
    assert _screen(CUE).decision == "catch_all_review"
