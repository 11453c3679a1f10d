"""A statute has no military-use context: its weapons words are the regime's vocabulary (issue 14).

List I covers items "specially designed or modified for military use"; a List I path flags only
in a text with a military-use context (classifiers.documents.military). The firearms act names
weapons, ammunition and calibres throughout and states quantities, which made every such law a
military text; a law is no technology, so a text in the legal register never has that context.
"""

from __future__ import annotations

from classifiers.documents.military import military_context, military_cues
from classifiers.screening import classify
from extractors import read_document
from extractors.analysis.analyse import analyse
from flows.pipeline import make_context
from tests.paths import TESTS


def test_a_statute_has_no_military_use_context_and_flags_no_list_one_item() -> None:
    context = make_context()
    law = read_document(TESTS / "benchmarks" / "inbox" / "nb4" / "files" / "nb4-010.md")
    analysis = analyse(law, context.pipeline)
    assert analysis.register == "legal"
    assert military_cues(analysis)
    assert not military_context(analysis)
    result = classify(analysis, context.reference)
    assert not [f.code for f in result.flags if f.list == "I"]
