"""The audit log: the chain verifies, and tampering with the database is found and named."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import DBAPIError

from flows.commands.review import audit
from reports.run import RunInfo
from reports.store import open_store
from reports.store.audit import GENESIS, VerifyResult, verify_chain
from tests.reports.test_store_factory import (
    SETTINGS,
    corpus,
    drop_append_only,
    execute,
    make_finding,
    make_result,
    scalar,
)

RUN = RunInfo(run_id="run-1", settings=SETTINGS)


@pytest.fixture
def filled(db_url: str) -> str:
    """A store with a run of 6 documents, a decision and a suppression (13 records)."""
    with open_store(db_url) as store:
        ids = store.save_results(RUN, [r for r, _ in corpus(0, 6)])
        store.decide(ids[0] or 0, "in_review", "taking it", "kari")
        store.suppress(ids[0] or 0, "6A005.b.6.b", "fibre laser", reason="generic", reviewer="kari")
        store.decide(ids[0] or 0, "cleared", "below thresholds", "kari")
    return db_url


def _verify(url: str) -> VerifyResult:
    with open_store(url) as store:
        return store.verify()


def _cli_verify(url: str, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(audit, ["--database", url, "verify", *extra])
    return result.exit_code, result.stdout, result.stderr


def test_an_untouched_log_verifies(filled: str) -> None:
    result = _verify(filled)
    assert result.ok and result.records == 10
    assert result.head_hash == scalar(filled, "SELECT hash FROM audit_log WHERE id = 10")
    code, out, err = _cli_verify(filled)
    assert (code, err) == (0, "")
    assert out == f"audit log intact: 10 records, head {result.head_hash[:16]}\n"
    code, out, _err = _cli_verify(filled, "--format", "json")
    assert json.loads(out)["ok"] is True


def test_every_write_is_chained_to_the_one_before(filled: str) -> None:
    actions = [scalar(filled, f"SELECT action FROM audit_log WHERE id = {i}") for i in range(1, 11)]
    assert actions == ["run.started", *["case.opened"] * 6, "case.decided", "case.suppressed", "case.decided"]
    assert scalar(filled, "SELECT prev_hash FROM audit_log WHERE id = 1") == GENESIS
    for i in range(2, 11):
        assert scalar(filled, f"SELECT prev_hash FROM audit_log WHERE id = {i}") == scalar(
            filled, f"SELECT hash FROM audit_log WHERE id = {i - 1}"
        )


def test_tampering_with_one_audit_record_is_found_at_it(filled: str) -> None:
    drop_append_only(filled, "audit_log")
    execute(filled, "UPDATE audit_log SET payload = replace(payload, 'below thresholds', 'met') WHERE id = 10")
    result = _verify(filled)
    assert (result.ok, result.broken_id) == (False, 10)
    assert "content does not match its hash" in result.problem
    assert "action 'case.decided' on case" in result.problem
    code, out, err = _cli_verify(filled)
    assert (code, out) == (4, "")
    assert err.startswith("Error: audit log broken at record 10: content does not match its hash")
    assert err.count("\n") == 1


def test_a_rewritten_record_with_a_fresh_hash_breaks_the_next_link(filled: str) -> None:
    drop_append_only(filled, "audit_log")
    execute(filled, "UPDATE audit_log SET actor = 'mallory', hash = 'f' || substr(hash, 2) WHERE id = 5")
    result = _verify(filled)
    assert result.broken_id == 5  # its own hash no longer matches its content


def test_a_deleted_record_is_found(filled: str) -> None:
    drop_append_only(filled, "audit_log")
    execute(filled, "DELETE FROM audit_log WHERE id = 4")
    result = _verify(filled)
    assert (result.broken_id, result.ok) == (5, False)
    assert result.problem == "id is 5 where 4 was expected (records 4..4 deleted or renumbered)"


def test_an_edited_decision_row_is_found_through_its_audit_copy(filled: str) -> None:
    drop_append_only(filled, "case_events")
    execute(filled, "UPDATE case_events SET reason = 'licence granted' WHERE to_status = 'cleared'")
    result = _verify(filled)
    assert (result.ok, result.broken_id) == (False, 10)
    assert result.problem.startswith("case_events row ")
    assert "field 'reason' is 'licence granted' but the audit log recorded 'below thresholds'" in result.problem


def test_a_status_changed_behind_the_stores_back_is_found(filled: str) -> None:
    execute(filled, "UPDATE cases SET status = 'exempt' WHERE id = 4")
    result = _verify(filled)
    assert not result.ok and result.broken_id == 5  # the record that opened case 4
    assert result.problem == "case 4 has status 'exempt' but its last recorded event says 'open'"


def test_a_changed_finding_is_found_through_the_digest(filled: str) -> None:
    drop_append_only(filled, "findings")
    execute(filled, "UPDATE findings SET score = 0.1 WHERE case_id = 4")
    result = _verify(filled)
    assert result.problem == "findings of case 4 do not match the digest recorded when it was opened"


def test_a_row_added_outside_the_store_is_found(filled: str) -> None:
    execute(filled, "INSERT INTO screenings (run_id, path, status, decision, at) "
                    "VALUES (1, 'forged.pdf', 'screened', 'exempt', '2026-01-01T00:00:00+00:00')")
    result = _verify(filled)
    assert result.broken_id is None
    assert result.problem.endswith("has no audit record (written outside exportscreen)")
    assert result.describe().startswith("audit check failed: screenings row ")


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'mallory' WHERE id = 1",
    "DELETE FROM audit_log WHERE id = 10",
    "UPDATE case_events SET reason = 'x'",
    "DELETE FROM findings",
    "DELETE FROM suppressions",
])
def test_history_tables_refuse_updates_and_deletes(filled: str, statement: str) -> None:
    with pytest.raises(DBAPIError, match="is append-only: add a record instead"):
        execute(filled, statement)
    assert _verify(filled).ok


def test_verify_chain_of_nothing_is_intact() -> None:
    result = verify_chain([])
    assert result == VerifyResult(True, 0, GENESIS)
    assert result.describe() == f"audit log intact: 0 records, head {GENESIS[:16]}"


def test_decisions_on_a_rescreened_document_extend_the_same_chain(db_url: str) -> None:
    with open_store(db_url) as store:
        (first,) = store.save_results(RUN, [make_result("p.txt", "laser paper", [make_finding()])])
        store.save_results(RunInfo(run_id="run-2", settings=SETTINGS), [make_result("p.txt", "laser paper")])
        assert first is not None
        store.decide(first, "exempt", "TRL 2 basic research", "kari")
        result = store.verify()
    assert result.ok and result.records == 5  # run, opened, run, screened again, decided
