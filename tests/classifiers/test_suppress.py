"""Reviewers' suppressions in decisions: shown, marked with the decision, not counted.

Pure tests of ``classifiers.suppress.apply_suppressions`` on real screening results (real
texts against the bundled lists) and real ``SuppressionRule`` records, and end-to-end tests
through ``screen_and_store`` and the store: a false positive for one document, for all.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers import classify
from classifiers.model import load_scorer
from classifiers.settings import ScreeningSettings
from classifiers.suppress import apply_suppressions
from classifiers.types import DocumentResult
from extractors.analysis.analyse import analyse
from extractors.analysis.nlp import load_pipeline
from extractors.types import Document, Page
from flows.pipeline import ScreeningContext, failed_result, screen_and_store
from flows.settings import list_store
from itemlists.reference import load_reference
from reports.render.json_report import build_report
from reports.run import RunInfo
from reports.store import SuppressionRule, open_store
from tests.reports.test_store_factory import make_finding, make_result

#: The flag threshold in force with the default settings (the fitted scorer's).
THRESHOLD = scorer.threshold if (scorer := load_scorer()) else 0.60

QUBITS = (
    "We built a superconducting quantum computer with 60 physical qubits and measured two-qubit "
    "gate fidelity above 99.5 percent."
)
LASER = (
    "The continuous wave fibre laser delivers single transverse mode output power exceeding 2 kW at 1070 nm "
    "and drives the cutting head."
)


@pytest.fixture(scope="module")
def context() -> ScreeningContext:
    return ScreeningContext(load_pipeline(), load_reference(list_store()), ScreeningSettings())


def screen_text(text: str, context: ScreeningContext, name: str = "paper.txt") -> DocumentResult:
    doc = Document(name, "text", (Page(None, text),), "0" * 64, len(text))
    return classify(analyse(doc, context.pipeline), context.reference, context.settings)


def rule(code: str, term: str, scope: str = "document", rule_id: int = 1) -> SuppressionRule:
    return SuppressionRule(
        rule_id,
        code,
        term,
        scope,
        None if scope == "all" else "0" * 64,
        7,
        11,
        "kari",
        "generic use of the word",
        "2026-01-02T10:00:00+00:00",
    )


def test_only_flag_suppressed_gives_no_listed_technology(context: ScreeningContext) -> None:
    result = screen_text(QUBITS, context)
    (flag,) = result.flags
    out = apply_suppressions(result, [rule(flag.code, flag.evidence[0].term.upper())])  # term ignores case
    assert out.decision == "no_listed_technology" and not out.needs_review and out.flags == ()
    assert out.reasons[0].startswith(f"No listed technology: every flag was suppressed by review ({flag.code})")
    assert "This is not a clearance." in out.reasons[0] and "List II@" in out.reasons[0]
    assert len(out.findings) == len(result.findings)  # still shown
    (marked,) = out.suppressed
    assert marked.code == flag.code and marked.suppressed_by == (
        "suppression 1: suppressed for this document by kari on case 7 (2026-01-02): generic use of the word"
    )
    assert marked.suppressed_by in out.reasons[1]


def test_one_of_several_flags_suppressed_keeps_the_decision(context: ScreeningContext) -> None:
    result = screen_text(f"{QUBITS} {LASER}", context)
    assert len(result.flags) >= 2, [f.code for f in result.findings]
    top, rest = result.flags[0], result.flags[1:]
    out = apply_suppressions(result, [rule(top.code, top.evidence[0].term)])
    assert out.decision == "review_required" and out.flags == rest
    assert out.findings[-1].code == top.code and out.findings[-1].suppressed_by  # shown last
    assert not any(f"{top.code} (List" in r for r in out.reasons[:-1])
    assert all(any(f.code in r for r in out.reasons) for f in rest)
    assert out.reasons[-1].startswith("Suppressed by review, shown but not counted:")


@pytest.mark.parametrize(
    ("code", "term", "why"),
    [("4A506.a.2", "physical qubits", "another provision"), ("4A506.a.1", "qubits", "another term")],
)
def test_rules_for_other_findings_change_nothing(context: ScreeningContext, code: str, term: str, why: str) -> None:
    result = screen_text(QUBITS, context)
    assert result.flags[0].code == "4A506.a.1" and result.flags[0].evidence[0].term == "physical qubits"
    assert apply_suppressions(result, [rule(code, term)]) is result, why


def test_suppressed_near_miss_leaves_the_decision() -> None:
    result = make_result("a.txt", "text", [make_finding(), make_finding("4A506", "physical qubits", 0.45, "near_miss")])
    out = apply_suppressions(result, [rule("4A506", "physical qubits")])
    assert out.decision == "review_required" and out.flags == result.flags
    assert out.findings[-1].suppressed_by is not None and out.reasons[0] == result.reasons[0]


def test_failed_and_unsuppressed_results_are_returned_as_they_are() -> None:
    failed = failed_result("x.pdf", "x.pdf: not a PDF")
    assert apply_suppressions(failed, [rule("6A005.b.6.b", "fibre laser")]) is failed
    clean = make_result("b.txt", "clean", [])
    assert apply_suppressions(clean, [rule("6A005.b.6.b", "fibre laser")]) is clean


CODES = ["6A005.b", "4A506.a", "3A201.a", "1C010.e"]
TERMS = ["fibre laser", "physical qubits"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.sampled_from(TERMS),
            st.sampled_from(["flag", "near_miss"]),
            st.floats(0.35, 0.99),
        ),
        max_size=6,
    ),
    st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(TERMS)), max_size=3),
)
def test_properties(findings: list[tuple[str, str, str, float]], rules: list[tuple[str, str]]) -> None:
    result = make_result("p.txt", "text", [make_finding(c, t, round(s, 3), lv) for c, t, lv, s in findings])
    out = apply_suppressions(result, [rule(c, t, rule_id=i) for i, (c, t) in enumerate(rules)])
    assert sorted(f.code for f in out.findings) == sorted(f.code for f in result.findings)
    assert all(
        (f.suppressed_by is None) == (not any((f.code, f.evidence[0].term) == r for r in rules)) for f in out.findings
    )
    assert out.decision == ("review_required" if out.flags else "no_listed_technology")
    assert apply_suppressions(out, [rule(c, t) for c, t in rules]) == out  # idempotent


def test_json_report_shows_the_suppression_and_does_not_count_it(context: ScreeningContext) -> None:
    out = apply_suppressions(screen_text(QUBITS, context), [rule("4A506.a.1", "physical qubits")])
    now = datetime.now(UTC)
    report = build_report([out], RunInfo(run_id="r", started_at=now, finished_at=now, exportscreen_version="0"))
    doc = report.documents[0]
    assert doc.findings[-1].code == "4A506.a.1" and doc.findings[-1].suppressed_by.startswith("suppression 1:")
    assert report.summary.flags == 0 and report.summary.needs_review == 0
    assert report.summary.near_misses == sum(f.suppressed_by is None for f in doc.findings)


def store_screen(paths: list[Path], context: ScreeningContext, db_url: str) -> list[DocumentResult]:
    run = RunInfo(run_id=uuid.uuid4().hex, settings=ScreeningSettings().model_dump())
    return screen_and_store([str(p) for p in paths], context, run, db_url)


def qubit_papers(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"paper{i}.txt"
        path.write_text(f"Paper {i}. {QUBITS}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_suppression_for_one_document(tmp_path: Path, context: ScreeningContext, db_url: str) -> None:
    a, b = qubit_papers(tmp_path, 2)
    first = store_screen([a, b], context, db_url)
    with open_store(db_url) as store:
        case_a = next(x.id for x in store.list_cases("open") if x.path == str(a))
        store.suppress(case_a, "4A506.a.1", "physical qubits", reason="describes a simulator", reviewer="kari")
    again = store_screen([a, b], context, db_url)
    assert [r.decision for r in first] == ["review_required", "review_required"]
    assert [r.decision for r in again] == ["no_listed_technology", "review_required"]
    assert again[0].findings[-1].suppressed_by is not None and again[1].suppressed == ()
    with open_store(db_url) as store:
        queue = store.list_cases("open")  # still open until decided, but its score no longer counts
        assert [(c.path, c.top_score >= THRESHOLD) for c in queue] == [(str(b), True), (str(a), False)]
        assert store.verify().ok


def test_suppression_for_all_documents(tmp_path: Path, context: ScreeningContext, db_url: str) -> None:
    a, b, c = qubit_papers(tmp_path, 3)
    store_screen([a, b], context, db_url)
    with open_store(db_url) as store:
        case_b = next(x.id for x in store.list_cases("open") if x.path == str(b))
        store.suppress(case_b, "4A506.a.1", "physical qubits", scope="all", reason="lab jargon", reviewer="ola")
    (new,) = store_screen([c], context, db_url)  # content never seen before
    assert new.decision == "no_listed_technology" and new.flags == ()
    assert new.findings[-1].suppressed_by is not None and "all documents by ola" in new.findings[-1].suppressed_by
    with open_store(db_url) as store:
        stored = next(x for x in store.list_cases(None) if x.path == str(c))
        detail = store.case(stored.id)
    assert stored.status == "not_required" and stored.top_score == 0.0
    assert detail.findings[0].suppressed_by is not None and not detail.findings[0].counts
    assert dataclasses.replace(new.findings[-1], suppressed_by=None) == detail.findings[0].finding
