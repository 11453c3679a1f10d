"""Run the installed ``exportscreen`` command as a user would: a subprocess, its exit code and output.

Every robustness test goes through here, never through an inner function: the contract is what
the command prints and the code it exits with (the first round lost an exit code between click
and ``main`` while the inner tests passed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def exportscreen_command() -> str:
    """The installed console script (beside the interpreter running the tests, else on PATH)."""
    beside = Path(sys.executable).parent / "exportscreen"
    if beside.exists():
        return str(beside)
    found = shutil.which("exportscreen")
    if found is None:  # pragma: no cover - the Makefile installs it
        raise RuntimeError("the exportscreen command is not installed; run 'make test'")
    return found


@dataclass(frozen=True)
class Outcome:
    """What one command run left: exit code, standard output and standard error."""

    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        """The non-empty stderr lines."""
        return [line for line in self.err.splitlines() if line.strip()]

    def assert_one_line_error(self, code: int, *fragments: str) -> str:
        """Exit ``code``, exactly one ``Error:`` line on stderr (no traceback) holding each fragment."""
        assert self.code == code, f"exit {self.code}, wanted {code}\nstdout: {self.out}\nstderr: {self.err}"
        assert "Traceback" not in self.err, self.err
        errors = [line for line in self.error_lines if line.startswith("Error:")]
        assert len(errors) == 1, f"wanted one Error: line, got:\n{self.err}"
        for fragment in fragments:
            assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"
        return errors[0]


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with its own exportscreen and Prefect homes (nothing of the user's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPORTSCREEN_", "PREFECT_"))}
    env.update(
        EXPORTSCREEN_HOME=str(home / "exportscreen"),
        PREFECT_HOME=str(home / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        COLUMNS="200",
        EXPORTSCREEN_LANG="en",  # English unless a test asks for Norwegian (env=...)
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], home: Path, *, env: dict[str, str] | None = None, timeout: float = 300, cwd: Path | None = None,
    stdin: str | None = None,
) -> Outcome:
    """Run ``exportscreen ARGS`` with ``home`` as its data folder; ``env`` adds or overrides variables.

    ``stdin`` is the text given on standard input (none when None).
    """
    environment = cli_env(home)
    if env:
        environment.update(env)
    done = subprocess.run(
        [exportscreen_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        cwd=cwd,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)
