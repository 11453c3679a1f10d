"""The results store on SQLite and PostgreSQL: writing, idempotence, linking, versions."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from flows.settings import default_database_url
from reports.errors import DatabaseVersionError, StoreConfigError, StoreError
from reports.run import RunInfo
from reports.store import open_store
from reports.store.engine import normalise_url
from reports.store.models import Base
from tests.reports.test_store_factory import (
    SETTINGS,
    corpus,
    execute,
    failed_result,
    fresh_pg_database,
    make_finding,
    make_result,
    scalar,
)

RUN = RunInfo(run_id="run-1", settings=SETTINGS)


def test_results_read_back_exactly(db_url: str) -> None:
    docs = corpus(0, 6)
    results = [r for r, _ in docs] + [failed_result("docs/broken.pdf")]
    with open_store(db_url) as store:
        ids = store.save_results(RUN, results, {r.sha256 or "": t for r, t in docs})
        assert ids[-1] is None and all(isinstance(i, int) for i in ids[:-1])
        assert len(set(ids[:-1])) == 6
        for (result, text), case_id in zip(docs, ids, strict=False):
            assert case_id is not None
            detail = store.case(case_id)
            assert tuple(f.finding for f in detail.findings) == result.findings
            assert detail.summary.sha256 == result.sha256
            assert detail.reasons == result.reasons
            assert detail.history[0].kind == "opened"
            assert store.stored_text(result.sha256 or "") == text
        assert scalar(db_url, "SELECT count(*) FROM screenings WHERE status = 'failed'") == 1


def test_initial_status_follows_the_screening_outcome(db_url: str) -> None:
    flagged = make_result("a.txt", "a laser text")
    clean = make_result("b.txt", "a clean text", findings=[])
    with open_store(db_url) as store:
        a, b = store.save_results(RUN, [flagged, clean])
        assert a is not None and b is not None
        assert store.case(a).summary.status == "open"
        assert store.case(b).summary.status == "not_required"
        assert [c.id for c in store.list_cases("open")] == [a]


def test_same_content_again_does_not_open_a_second_case(db_url: str) -> None:
    docs = corpus(0, 5)
    results = [r for r, _ in docs]
    with open_store(db_url) as store:
        first = store.save_results(RUN, results)
        again = store.save_results(RunInfo(run_id="run-2", settings=SETTINGS), results)
        moved = make_result("elsewhere/copy.txt", docs[0][1], docs[0][0].findings)
        (copy,) = store.save_results(RunInfo(run_id="run-3", settings=SETTINGS), [moved])
        assert again == first and copy == first[0]
        assert scalar(db_url, "SELECT count(*) FROM cases") == 5
        assert scalar(db_url, "SELECT count(*) FROM documents") == 5
        assert scalar(db_url, "SELECT count(*) FROM screenings") == 11
        assert store.case(first[0]).paths == ("docs/doc00000.txt", "elsewhere/copy.txt")


@pytest.mark.parametrize(
    ("change", "run_info"),
    [
        ("content", RUN),
        ("list version", RUN),
        ("settings", RunInfo(run_id="run-9", settings={**SETTINGS, "threshold": 0.7})),
    ],
)
def test_a_change_opens_a_new_case_linked_to_the_earlier(db_url: str, change: str, run_info: RunInfo) -> None:
    original = make_result("paper.txt", "version one of the laser paper")
    if change == "content":
        later = make_result("paper.txt", "version two of the laser paper")
    elif change == "list version":
        versions = {"I": "2025-11-15", "II": "2026-05-01"}
        later = make_result("paper.txt", "version one of the laser paper", versions=versions)
    else:
        later = original
    with open_store(db_url) as store:
        (first,) = store.save_results(RunInfo(run_id="run-0", settings=SETTINGS), [original])
        (second,) = store.save_results(run_info.model_copy(update={"run_id": "run-later"}), [later])
        assert second != first
        assert store.case(second).summary.previous_case_id == first
        assert store.case(first).summary.previous_case_id is None
        assert {c.id for c in store.list_cases("open")} == {first, second}


class Crash(RuntimeError):
    pass


class FailingBatch(list):
    """A batch whose producer fails at item 3, after the first items were written."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        for i, item in enumerate(list.__iter__(self)):
            if i == 3:
                raise Crash("producer died")
            yield item


def test_a_batch_is_stored_whole_or_not_at_all(db_url: str) -> None:
    docs = corpus(0, 6)
    with open_store(db_url) as store:
        store.save_results(RunInfo(run_id="run-a", settings=SETTINGS), [docs[5][0]])
        before = scalar(db_url, "SELECT count(*) FROM audit_log")
        with pytest.raises(Crash):
            store.save_results(RUN, FailingBatch(r for r, _ in docs[:5]))
        for table in ("documents", "cases", "findings", "screenings", "case_events"):
            assert scalar(db_url, f"SELECT count(*) FROM {table}") == (1 if table != "findings" else 0)
        assert scalar(db_url, "SELECT count(*) FROM runs") == 1
        assert scalar(db_url, "SELECT count(*) FROM audit_log") == before
        assert store.save_results(RUN, [r for r, _ in docs[:5]])[0] is not None
        assert scalar(db_url, "SELECT count(*) FROM cases") == 6
        assert store.verify().ok


def test_queue_is_ordered_by_score_and_filtered(db_url: str) -> None:
    results = [
        make_result(f"p{i}.txt", f"text {i}", [make_finding(score=s)])
        for i, s in enumerate([0.61, 0.93, 0.75])
    ] + [make_result("near.txt", "near", [make_finding(score=0.4, level="near_miss")], decision="case_by_case")]
    with open_store(db_url) as store:
        ids = store.save_results(RUN, results)
        assert [c.id for c in store.list_cases("open")] == [ids[1], ids[2], ids[0], ids[3]]
        assert [c.top_score for c in store.list_cases("open", limit=2)] == [0.93, 0.75]
        store.decide(ids[1], "cleared", "below thresholds", "kari")
        assert [c.id for c in store.list_cases("cleared")] == [ids[1]]
        assert store.list_cases("in_review") == []
        with pytest.raises(StoreError, match="status 'closed' is not one of"):
            store.list_cases("closed")


def test_models_match_the_migrations(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_reopening_an_existing_store_keeps_everything(db_url: str) -> None:
    with open_store(db_url) as store:
        ids = store.save_results(RUN, [r for r, _ in corpus(0, 3)])
    with open_store(db_url) as store:
        assert sorted(c.id for c in store.list_cases(None)) == sorted(i for i in ids if i)
        assert store.verify().ok


def _sqlite_snapshot(path: Path) -> tuple[str, list[str]]:
    conn = sqlite3.connect(path)
    dump = list(conn.iterdump())
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), dump


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        store.save_results(RUN, [r for r, _ in corpus(0, 2)])
    execute(url, "UPDATE alembic_version SET version_num = '0042_from_2031'")
    before = _sqlite_snapshot(path)
    with pytest.raises(DatabaseVersionError) as refused:
        open_store(url)
    assert "schema revision '0042_from_2031'" in str(refused.value)
    assert "newer version: upgrade exportscreen, the database was left untouched" in str(refused.value)
    assert _sqlite_snapshot(path) == before


@pytest.mark.postgres
def test_a_postgres_database_from_a_newer_version_is_refused() -> None:
    for db_url in fresh_pg_database():
        _refuse_newer_postgres(db_url)


def _refuse_newer_postgres(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save_results(RUN, [r for r, _ in corpus(0, 2)])
    execute(db_url, "UPDATE alembic_version SET version_num = '0042_from_2031'")
    with pytest.raises(DatabaseVersionError, match="'0042_from_2031'"):
        open_store(db_url)
    assert scalar(db_url, "SELECT version_num FROM alembic_version") == "0042_from_2031"
    assert scalar(db_url, "SELECT count(*) FROM cases") == 2


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseVersionError, match="has tables \\(invoices, ...\\) but no exportscreen schema"):
        open_store(f"sqlite:///{path}")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"EXPORTSCREEN_DATABASE_URL": "postgresql://u@h/db"}, "postgresql://u@h/db"),
        ({"EXPORTSCREEN_HOME": "/srv/es"}, "sqlite:////srv/es/exportscreen.sqlite3"),
        ({"EXPORTSCREEN_HOME": "/srv/es", "EXPORTSCREEN_DATABASE_URL": "sqlite:////x.db"}, "sqlite:////x.db"),
    ],
)
def test_default_database_url(env: dict[str, str], expected: str) -> None:
    assert default_database_url(env) == expected


def test_default_database_url_without_env_is_in_the_user_data_folder() -> None:
    from platformdirs import user_data_dir

    assert default_database_url({}) == f"sqlite:///{Path(user_data_dir('exportscreen')) / 'exportscreen.sqlite3'}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:pw@h:5432/db", "postgresql+psycopg://u:pw@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_urls_get_the_psycopg_driver(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "database URL 'mysql://u@h/db' is neither SQLite nor PostgreSQL"),
        ("not a url", "database URL 'not a url' is not a URL"),
    ],
)
def test_unusable_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(StoreConfigError) as refused:
        open_store(url)
    assert str(refused.value).startswith(message)


def test_a_database_folder_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreConfigError, match="cannot create the database folder"):
        open_store(f"sqlite:///{blocker / 'sub' / 'store.sqlite3'}")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.sqlite3'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_app_settings_come_from_the_environment(tmp_path: Path) -> None:
    from flows.settings import AppSettings, load_settings

    settings = load_settings({"EXPORTSCREEN_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'exportscreen.sqlite3'}"
    url = "postgresql://kari@db.example.org/exportscreen"
    assert load_settings({"EXPORTSCREEN_DATABASE_URL": url}).database_url == url
    assert all(field.description for field in AppSettings.model_fields.values())


def test_the_cli_uses_the_configured_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from flows.commands.review import review

    monkeypatch.setenv("EXPORTSCREEN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("EXPORTSCREEN_DATABASE_URL", raising=False)
    result = CliRunner().invoke(review, ["list"])
    assert (result.exit_code, result.stdout) == (0, "No cases with status open.\n")
    assert (tmp_path / "home" / "exportscreen.sqlite3").is_file()
