"""Issue 12, defects 4 and 5: decompression bombs and large text fail fast, the batch goes on.

Through the installed command: a 200 MB .docx bomb (200 KB on disk) and a .docx holding one
200 MB text node beside a good document; text over the character limit beside good text, with
a small limit from the environment and with the real default. Each over-limit document must
fail with a one-line reason naming it, the limit and the variable that raises it, and must
fail before the slow work starts (the bomb took over 4 minutes and 1.6 GB before).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.documents.limits import Limits
from tests.robustness.cli import Outcome
from tests.robustness.corpus import BENIGN_TEXT, LASER_TEXT, write_bomb_docx, write_text

Cli = Callable[..., Outcome]
#: Longest a failing-fast run may take: the command's own start (spaCy, lists, Prefect) is
#: about 5 s here; the defects ran for minutes.
FAST_SECONDS = 30


def screen(cli: Cli, *args: str, env: dict[str, str] | None = None) -> tuple[Outcome, dict[str, dict[str, Any]], float]:
    """Run ``exportscreen screen ARGS --format json``; return the outcome, results by file name, seconds."""
    started = time.monotonic()
    outcome = cli("screen", *args, "--format", "json", env=env, timeout=180)
    seconds = time.monotonic() - started
    assert "Traceback" not in outcome.err, outcome.err
    results = {Path(d["path"]).name: d for d in json.loads(outcome.out)["documents"]}
    return outcome, results, seconds


def test_docx_bombs_fail_fast_and_the_batch_goes_on(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bomb = write_bomb_docx(folder / "bomb.docx")
    node = write_bomb_docx(folder / "one-node.docx", paragraphs=1, paragraph_bytes=200_000_000)
    (folder / "good.txt").write_text(f"{LASER_TEXT}\n\n{BENIGN_TEXT}\n", encoding="utf-8")
    assert bomb.stat().st_size < 300_000

    outcome, results, seconds = screen(cli, str(folder))

    assert outcome.code == 3, outcome.err
    assert seconds < FAST_SECONDS
    assert results["good.txt"]["decision"] == "review_required"
    assert results["bomb.docx"]["decision"] == "failed"
    assert results["bomb.docx"]["error"] == (
        f"{bomb}: is too large to read: its text parts unpack to 191 MB, more than the limit of 100 MB"
        " (a decompression bomb, or not a manuscript); raise EXPORTSCREEN_MAX_UNPACKED_MB if it is genuine"
    )
    reason = results["one-node.docx"]["error"]
    assert reason.startswith(f"{node}: is too large to read: its text parts unpack to 191 MB"), reason
    assert "damaged" not in reason


def test_text_over_the_limit_fails_and_a_long_paragraph_is_screened(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    big = write_text(folder / "big.txt", 250_000)
    # 100,000 characters without a blank line: analysis was quadratic in a block (minutes).
    write_text(folder / "one-block.txt", 100_000, separator=" ")

    outcome, results, seconds = screen(cli, str(folder), env={"EXPORTSCREEN_MAX_TEXT_CHARS": "200000"})

    assert outcome.code == 3, outcome.err
    assert seconds < FAST_SECONDS  # about 7 s; the one block alone took 60 s before
    assert results["big.txt"]["decision"] == "failed"
    assert results["big.txt"]["error"] == (
        f"{big}: is too large to screen: it has 250,000 characters, more than the limit of 200,000 characters"
        " of text; split it, or raise EXPORTSCREEN_MAX_TEXT_CHARS if the machine can take it (screening takes"
        " about 30 s and 1.2 GB of memory per million characters)"
    )
    assert results["one-block.txt"]["decision"] == "review_required"
    assert results["one-block.txt"]["words"] > 15_000


def test_text_just_over_the_default_limit_fails_fast(cli: Cli, tmp_path: Path) -> None:
    limit = Limits().max_text_chars
    path = write_text(tmp_path / "thesis.txt", limit + 1)

    outcome, results, seconds = screen(cli, str(path))

    assert outcome.code == 3, outcome.err
    assert seconds < FAST_SECONDS
    assert results["thesis.txt"]["error"].startswith(
        f"{path}: is too large to screen: it has {limit + 1:,} characters, more than the limit of {limit:,}"
    )


def test_a_bad_limit_in_the_environment_is_one_error_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "good.txt"
    path.write_text(BENIGN_TEXT, encoding="utf-8")
    outcome = cli("screen", str(path), "--format", "json", env={"EXPORTSCREEN_MAX_TEXT_CHARS": "lots"})
    outcome.assert_one_line_error(4, "EXPORTSCREEN_MAX_TEXT_CHARS must be a whole number of at least 1, not 'lots'")


def test_a_single_long_document_shows_progress_on_a_terminal(user_home: Path, tmp_path: Path) -> None:
    """Defect 5: one big file is no silent wait; stderr on a terminal shows how far the analysis is."""
    import os
    import pty
    import subprocess

    from tests.robustness.cli import cli_env, exportscreen_command

    path = tmp_path / "long.txt"
    path.write_text((BENIGN_TEXT + "\n\n") * 60, encoding="utf-8")
    primary, secondary = pty.openpty()
    env = cli_env(user_home, TERM="xterm", COLUMNS="120")
    process = subprocess.Popen([exportscreen_command(), "screen", str(path), "--no-store", "--format", "json"],
                               env=env, stdout=subprocess.PIPE, stderr=secondary, stdin=subprocess.DEVNULL)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(primary)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0
    assert "Analysing long.txt" in shown
