"""The review workflow: transitions, refusals, suppressions, and the ``review`` CLI group."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypedDict

import pytest
from click.testing import CliRunner

from flows.commands.review import review
from reports.errors import ReviewRefusedError, StoreError, UnknownCaseError
from reports.run import RunInfo
from reports.store import Store, open_store
from tests.reports.test_store_factory import SETTINGS, make_finding, make_result, scalar

RUN = RunInfo(run_id="run-1", settings=SETTINGS)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'review.sqlite3'}"


def _one_case(store: Store, text: str = "a paper on fibre lasers", findings: list | None = None) -> int:
    (case_id,) = store.save_results(RUN, [make_result(f"{text[:12]}.txt", text, findings)])
    assert case_id is not None
    return case_id


class Walk(TypedDict):
    steps: list[str]
    refused: str | None  # None: every step is accepted


WALKS: list[Walk] = [
    {"steps": ["in_review", "cleared"], "refused": None},
    {"steps": ["cleared"], "refused": None},  # open -> final directly is allowed
    {"steps": ["in_review", "licence_required", "licence_applied"], "refused": None},
    {"steps": ["exempt", "in_review", "cleared"], "refused": None},  # reopened with a reason
    {"steps": ["in_review", "in_review"], "refused": "case 1 is 'in_review' and cannot move to 'in_review'"},
    {"steps": ["cleared", "exempt"],
     "refused": "case 1 is 'cleared' and cannot move to 'exempt'; allowed from 'cleared': in_review"},
    {"steps": ["licence_applied", "licence_required"], "refused": "cannot move to 'licence_required'"},
    {"steps": ["open"], "refused": "outcome 'open' is not one of: in_review, cleared, licence_required"},
    {"steps": ["approved"], "refused": "outcome 'approved' is not one of"},
]


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: "-".join(w["steps"]))
def test_transitions(walk: Walk, sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        case_id = _one_case(store)
        *accepted, last = walk["steps"]
        for step in accepted:
            store.decide(case_id, step, f"step to {step}", "kari")
        if walk["refused"] is None:
            store.decide(case_id, last, "final step", "kari")
            history = store.case(case_id).history
            assert [e.to_status for e in history] == ["open", *walk["steps"]]
            assert store.case(case_id).summary.status == last
        else:
            with pytest.raises(ReviewRefusedError) as refused:
                store.decide(case_id, last, "final step", "kari")
            assert walk["refused"] in str(refused.value)
            assert len(store.case(case_id).history) == 1 + len(accepted)
        assert store.verify().ok


@pytest.mark.parametrize(
    ("case_id", "reason", "reviewer", "error", "message"),
    [
        (999, "ok", "kari", UnknownCaseError, "no case with id 999; see 'exportscreen review list' for the case ids"),
        (1, "", "kari", ReviewRefusedError, "a reason is required and was ''; pass --reason TEXT"),
        (1, "   ", "kari", ReviewRefusedError, "a reason is required and was '   '; pass --reason TEXT"),
        (1, "ok", "", ReviewRefusedError, "a reviewer name is required and was ''; pass --reviewer TEXT"),
    ],
)
def test_refused_decisions_write_nothing(
    db_url: str, case_id: int, reason: str, reviewer: str, error: type[StoreError], message: str
) -> None:
    with open_store(db_url) as store:
        _one_case(store)
        before = scalar(db_url, "SELECT count(*) FROM audit_log")
        with pytest.raises(error) as refused:
            store.decide(case_id, "cleared", reason, reviewer)
        assert str(refused.value) == message
        assert "\n" not in str(refused.value)
        assert scalar(db_url, "SELECT count(*) FROM audit_log") == before
        assert scalar(db_url, "SELECT count(*) FROM case_events") == 1


def test_a_decision_records_who_when_and_why(db_url: str) -> None:
    with open_store(db_url) as store:
        case_id = _one_case(store)
        event = store.decide(case_id, "cleared", "below 6A005 thresholds", "kari")
        assert (event.from_status, event.to_status, event.reviewer) == ("open", "cleared", "kari")
        assert event.reason == "below 6A005 thresholds"
        assert event.at.endswith("+00:00")
        assert store.case(case_id).history[-1] == event


def test_a_suppressed_finding_stays_visible_and_stops_counting(db_url: str) -> None:
    laser = make_finding(score=0.9)
    qubits = make_finding("4A506", "physical qubits", 0.7)
    with open_store(db_url) as store:
        case_id = _one_case(store, findings=[laser, qubits])
        rule = store.suppress(case_id, "6A005.b.6.b", "Fibre Laser", reason="generic mention", reviewer="kari")
        detail = store.case(case_id)
        assert [f.suppressed_by for f in detail.findings] == [rule, None]
        assert not detail.findings[0].counts and detail.findings[1].counts
        assert detail.summary.top_score == 0.7  # the suppressed 0.9 no longer counts
        assert detail.history[-1].kind == "suppression"
        assert detail.history[-1].reason == "suppressed 'Fibre Laser' -> 6A005.b.6.b for this document: generic mention"
        # A later screening of the same content (new list version) shows it suppressed too.
        later = make_result("a paper on f.txt", "a paper on fibre lasers", [laser, qubits],
                            versions={"I": "2025-11-15", "II": "2026-05-01"})
        (new_case,) = store.save_results(RunInfo(run_id="run-2", settings=SETTINGS), [later])
        assert new_case is not None
        again = store.case(new_case)
        assert again.findings[0].suppressed_by == rule and again.summary.top_score == 0.7
        # Another document with the same finding is not affected by a document-scope rule.
        other = _one_case(store, "another paper on fibre lasers", [laser])
        assert store.case(other).findings[0].suppressed_by is None
        assert store.suppressions_for(later.sha256 or "") == (rule,)
        assert all(r.applies_to(laser) for r in store.suppressions_for(later.sha256 or ""))
        assert store.verify().ok


def test_a_suppression_for_all_documents(db_url: str) -> None:
    laser = make_finding(score=0.9)
    with open_store(db_url) as store:
        first = _one_case(store, "first laser paper", [laser])
        rule = store.suppress(
            first, "6A005.b.6.b", "fibre laser", scope="all", reason="term too generic", reviewer="ola"
        )
        second = _one_case(store, "second laser paper", [laser])
        assert store.case(second).findings[0].suppressed_by == rule
        assert rule.describe().startswith("suppressed for all documents by ola on case")
        assert store.suppressions_for("0" * 64) == (rule,)


@pytest.mark.parametrize(
    ("code", "term", "scope", "message"),
    [
        ("6A005.b.6.b", "diode laser", "document",
         "case 1 has no finding 'diode laser' -> '6A005.b.6.b'; its findings are: 'fibre laser' -> 6A005.b.6.b"),
        ("6A005", "fibre laser", "document", "case 1 has no finding 'fibre laser' -> '6A005'"),
        ("6A005.b.6.b", "fibre laser", "everywhere", "scope 'everywhere' is not one of: document, all"),
    ],
)
def test_refused_suppressions(sqlite_url: str, code: str, term: str, scope: str, message: str) -> None:
    with open_store(sqlite_url) as store:
        case_id = _one_case(store)
        with pytest.raises(ReviewRefusedError) as refused:
            store.suppress(case_id, code, term, scope=scope, reason="r", reviewer="kari")
        assert str(refused.value).startswith(message)


def test_a_finding_cannot_be_suppressed_twice(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        case_id = _one_case(store)
        store.suppress(case_id, "6A005.b.6.b", "fibre laser", scope="all", reason="generic", reviewer="kari")
        with pytest.raises(ReviewRefusedError, match="is already suppressed \\(suppressed for all documents by kari"):
            store.suppress(case_id, "6A005.b.6.b", "fibre laser", reason="again", reviewer="ola")


# --- the CLI -------------------------------------------------------------------------------


def _cli(url: str, *args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(review, ["--database", url, *args])
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout, result.stderr, exception


def test_cli_list_shows_the_queue_most_severe_then_highest_score_first(sqlite_url: str, tmp_path: Path) -> None:
    with open_store(sqlite_url) as store:
        store.save_results(RUN, [
            make_result("low.txt", "low", [make_finding(score=0.62)]),
            make_result("high.txt", "high", [make_finding(score=0.95)]),
            make_result("clean.txt", "clean", []),
            make_result("graded.txt", "graded", [make_finding(score=0.30)], decision="blocked_classified"),
            make_result("trl3.txt", "trl3", [make_finding(score=0.99)], decision="case_by_case"),
        ])
    code, out, _err, _exc = _cli(sqlite_url, "list", "--status", "open")
    assert code == 0
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip()) == ["ID", "Status", "Score", "Flags", "Screening outcome", "Opened",
                                                     "Path"]
    # A security grade first, then review_required by score, then case_by_case whatever its score.
    assert [line.split()[-1] for line in lines[1:]] == ["graded.txt", "high.txt", "low.txt", "trl3.txt"]
    assert lines[2].split()[:4] == ["2", "Open", "0.95", "1"] and "Licence review required" in lines[2]
    code, out, _err, _exc = _cli(sqlite_url, "list", "--status", "all", "--format", "json")
    assert [c["path"] for c in json.loads(out)] == ["graded.txt", "high.txt", "low.txt", "trl3.txt", "clean.txt"]
    code, out, _err, _exc = _cli(sqlite_url, "list", "--status", "cleared")
    assert out == "No cases with status cleared.\n"
    code, out, _err, _exc = _cli(sqlite_url, "list", "--outcome", "case_by_case", "--format", "json")
    assert [c["path"] for c in json.loads(out)] == ["trl3.txt"]
    code, out, _err, _exc = _cli(sqlite_url, "list", "--since", "2999-01-01")
    assert out.startswith("No cases with status open and these filters")
    code, out, _err, _exc = _cli(sqlite_url, "list", "--format", "csv")
    assert out.splitlines()[0].startswith("id,status,decision,top_score,flags") and len(out.splitlines()) == 5
    xlsx = tmp_path / "queue.xlsx"
    code, _out, _err, _exc = _cli(sqlite_url, "list", "--format", "xlsx", "--out", str(xlsx))
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx, read_only=True)["review queue"].iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "status", "decision") and [r[-2] for r in rows[1:]][0] == "graded.txt"
    code, _out, err, _exc = _cli(sqlite_url, "list", "--format", "xlsx")
    assert code == 2


def test_cli_show_decide_and_suppress(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        case_id = _one_case(store, findings=[make_finding(score=0.9), make_finding("4A506", "physical qubits", 0.7)])
    code, out, _e, _x = _cli(sqlite_url, "suppress", str(case_id), "--code", "4A506", "--term", "physical qubits",
                             "--reason", "about simulation only", "--reviewer", "ola")
    assert code == 0 and out.startswith("suppression 1: 'physical qubits' -> 4A506 suppressed for this document by ola")
    code, out, _e, _x = _cli(sqlite_url, "decide", str(case_id), "--outcome", "cleared",
                             "--reason", "below 6A005 thresholds", "--reviewer", "kari")
    assert (code, out) == (0, f"case {case_id}: Open -> Cleared by kari\n")
    code, out, _e, _x = _cli(sqlite_url, "show", str(case_id))
    assert code == 0
    assert f"Case {case_id}: a paper on f.txt  [Cleared]" in out
    assert "  - 6A005.b.6.b [flag, score 0.90, rule list_match, List II@2025-11-15]\n" in out
    assert "    evidence p.3: 'fibre laser' ~ 'fibre laser' (0.97): The laser source delivers" in out
    assert "    threshold: 6A005.b.6.b: output power 2.1 kW vs > 1 kW (met)" in out
    assert "  - 4A506 [flag, score 0.70, rule list_match, List II@2025-11-15]  SUPPRESSED (suppressed for this" in out
    history = out[out.index("History:"):].splitlines()[1:]
    kinds = [line.split()[1:3] for line in history]
    assert kinds == [["opened", "Open"], ["suppression", "Open"], ["decision", "Open"]]
    assert " ".join(history[-1].split()[2:]) == "Open -> Cleared by kari: below 6A005 thresholds"
    code, out, _e, _x = _cli(sqlite_url, "show", str(case_id), "--format", "json")
    assert json.loads(out)["summary"]["status"] == "cleared"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (["decide", "42", "--outcome", "cleared", "--reason", "x", "--reviewer", "kari"], UnknownCaseError,
         "no case with id 42; see 'exportscreen review list' for the case ids"),
        (["show", "7"], UnknownCaseError, "no case with id 7; see 'exportscreen review list' for the case ids"),
    ],
)
def test_cli_refusals_are_library_errors_with_one_line_messages(
    sqlite_url: str, args: list[str], error: type[StoreError], message: str
) -> None:
    with open_store(sqlite_url) as store:
        _one_case(store)
    _code, _out, _err, exception = _cli(sqlite_url, *args)
    assert isinstance(exception, error)
    assert str(exception) == message


def test_cli_usage_errors_exit_2(sqlite_url: str) -> None:
    code, _out, err, _exc = _cli(sqlite_url, "decide", "1", "--outcome", "approved", "--reason", "x")
    assert code == 2 and "Invalid value for '--outcome'" in err
    code, _out, err, _exc = _cli(sqlite_url, "decide", "1", "--outcome", "cleared", "--reviewer", "kari")
    assert code == 2 and "Missing option '--reason'" in err
    code, _out, err, _exc = _cli(sqlite_url, "decide", "1", "--outcome", "cleared", "--reason", " ", "--reviewer", "k")
    assert code == 2 and "Invalid value for '--reason': must not be empty" in err
    for command in (["--help"], ["list", "--help"], ["show", "--help"], ["decide", "--help"], ["suppress", "--help"]):
        assert _cli(sqlite_url, *command)[0] == 0
