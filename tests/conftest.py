"""Shared test set-up: every test gets its own exportscreen home (data folder and store)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reports.test_store_factory import BACKENDS, store_url

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Tests read English output unless they ask for Norwegian: a developer's nb_NO locale must not change them.
os.environ["EXPORTSCREEN_LANG"] = "en"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never touch the user's real data folder or results store from a test; speak English after it."""
    from reports.i18n import set_lang

    if "EXPORTSCREEN_HOME" not in os.environ or os.environ.get("EXPORTSCREEN_TEST_KEEP_HOME") != "1":
        monkeypatch.setenv("EXPORTSCREEN_HOME", str(tmp_path_factory.mktemp("home")))
        monkeypatch.delenv("EXPORTSCREEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("EXPORTSCREEN_LANG", "en")  # a test's `--lang nb` in-process must not leak
    yield
    set_lang("en")


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server for flow tests (one per test session; it takes ~10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh results store on each backend (PostgreSQL skips, saying why, when no server is set)."""
    yield from store_url(request.param, tmp_path)
