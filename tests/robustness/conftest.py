"""Fixtures of the robustness suite: a user's home for the installed command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.robustness.cli import Outcome, run_cli


@pytest.fixture
def user_home(tmp_path: Path) -> Path:
    """A fresh home folder for one command-line user."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def cli(user_home: Path) -> Callable[..., Outcome]:
    """``cli(args..., env={...})``: run the installed exportscreen in ``user_home``."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300, cwd: Path | None = None) -> Outcome:
        return run_cli(list(args), user_home, env=env, timeout=timeout, cwd=cwd)

    return run
