"""Shared test set-up: every test gets its own exportscreen home (data folder and store)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data folder or results store from a test."""
    if "EXPORTSCREEN_HOME" not in os.environ or os.environ.get("EXPORTSCREEN_TEST_KEEP_HOME") != "1":
        monkeypatch.setenv("EXPORTSCREEN_HOME", str(tmp_path_factory.mktemp("home")))
        monkeypatch.delenv("EXPORTSCREEN_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server for flow tests (one per test session; it takes ~10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
