"""The command-line contract, through the installed ``exportscreen``: exit codes, one-line errors.

Issue 12's defects 1-3, 7, 8 and 11, plus a table over every command and every documented exit
code. Each test runs the real command in a subprocess with its own home folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reports.run import RunInfo
from tests.robustness.cli import Outcome, cli_env, exportscreen_command, run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "flows" / "examples"
FLAGGED = EXAMPLES / "fibre_laser_manuscript.pdf"
BENIGN = EXAMPLES / "honey_bee_foraging.txt"
SHARES = ROOT / "tests" / "fixtures" / "shares"
PEOPLE = SHARES / "people_register.csv"
EXPORT = SHARES / "nextcloud_oc_share.csv"
#: Stand-ins in TABLE for a clean export and register (the fixtures hold bad rows on purpose).
CLEAN_EXPORT, CLEAN_PEOPLE = "{clean_export}", "{clean_people}"

Cli = Callable[..., Outcome]


@pytest.fixture(scope="module")
def screened_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store holding one screened, flagged document (made once; tests copy it)."""
    home = tmp_path_factory.mktemp("store-home")
    db = home / "store.sqlite3"
    out = run_cli(["screen", str(FLAGGED), "--database", f"sqlite:///{db}", "--format", "json"], home)
    assert out.code == 1, out.err
    return db


@pytest.fixture
def store_copy(screened_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(screened_store, copy)
    return copy


def _tamper(db: Path, sql: str) -> None:
    """What anyone holding the file can do: drop the guard triggers, then edit."""
    with sqlite3.connect(db) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(sql)


# Defect 1: audit verify exits 4 on a tampered log, and reports a non-JSON payload as broken.


def test_audit_verify_intact_exits_0(cli: Cli, store_copy: Path) -> None:
    out = cli("audit", "--database", f"sqlite:///{store_copy}", "verify")
    assert out.code == 0, out.err
    assert out.out.startswith("audit log intact:")


@pytest.mark.parametrize("tail", ["x", ""], ids=["payload-not-json", "payload-edited"])
def test_audit_verify_tampered_log_exits_4_with_one_line(cli: Cli, store_copy: Path, tail: str) -> None:
    edit = f"payload = payload || '{tail}'" if tail else "payload = replace(payload, ':', ': ')"
    _tamper(store_copy, f"UPDATE audit_log SET {edit} WHERE id = 1")
    out = cli("audit", "--database", f"sqlite:///{store_copy}", "verify")
    out.assert_one_line_error(4, "audit log broken at record 1")


def test_audit_verify_non_json_payload_with_recomputed_hash_is_broken(cli: Cli, store_copy: Path) -> None:
    """A forger who recomputes the hash over a payload that is no JSON still breaks verify, no traceback."""
    import reports.store  # noqa: F401 - first: reports.store.audit and reports.store import each other
    from reports.store.audit import GENESIS, record_hash
    from reports.store.models import AuditRecord

    with sqlite3.connect(store_copy) as conn:
        row = conn.execute("SELECT id, at, action, entity, entity_id, actor FROM audit_log WHERE id = 1").fetchone()
    record = AuditRecord(id=row[0], at=row[1], action=row[2], entity=row[3], entity_id=row[4], actor=row[5],
                         payload="{not json")
    _tamper(store_copy, f"UPDATE audit_log SET payload = '{{not json', hash = '{record_hash(GENESIS, record)}' "
                        "WHERE id = 1")
    out = cli("audit", "--database", f"sqlite:///{store_copy}", "verify", "--format", "json")
    out.assert_one_line_error(4, "audit log broken at record", "not")


# Defect 2 and 7: a local batch needs no Prefect server; a server that fails is one line, exit 4.


def test_folder_screen_runs_without_a_prefect_server_and_an_unwritable_home(cli: Cli, tmp_path: Path) -> None:
    missing_home = tmp_path / "no" / "such" / "home"
    env = {"HOME": str(missing_home), "PREFECT_HOME": str(missing_home / ".prefect")}
    out = cli("screen", str(EXAMPLES), "--no-store", "--format", "json", env=env)
    assert out.code == 1, out.err
    assert "Traceback" not in out.err and "uvicorn" not in out.err.lower()
    assert not missing_home.exists()


def test_prefect_runner_without_a_server_is_refused(cli: Cli) -> None:
    out = cli("screen", str(EXAMPLES), "--no-store", "--runner", "prefect")
    out.assert_one_line_error(4, "needs a Prefect server", "PREFECT_API_URL", "--runner local")


def test_unreachable_prefect_server_is_one_line_exit_4(cli: Cli) -> None:
    out = cli("screen", str(EXAMPLES), "--no-store", env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    out.assert_one_line_error(4, "Prefect server http://127.0.0.1:9/api failed", "--runner local")


def test_a_bad_runner_setting_is_one_line_exit_4(cli: Cli) -> None:
    out = cli("screen", str(BENIGN), "--no-store", env={"EXPORTSCREEN_RUNNER": "dask"})
    out.assert_one_line_error(4, "EXPORTSCREEN_RUNNER='dask' is not a runner")


def _descendants(pid: int) -> set[int]:
    """Every process whose parent chain leads to ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier} - found
        found |= children
        frontier = children
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_killed_folder_screen_leaves_no_process_behind(user_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(12):
        shutil.copy(BENIGN, folder / f"doc{i:02}.txt")
    args = [exportscreen_command(), "screen", str(folder), "--batch-size", "1", "--format", "json",
            "--database", f"sqlite:///{tmp_path / 'store.sqlite3'}"]
    process = subprocess.Popen(args, env=cli_env(user_home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        seen: set[int] = set()
        while time.monotonic() < deadline and process.poll() is None:
            seen |= _descendants(process.pid)
            if (tmp_path / "store.sqlite3").exists():
                break
            time.sleep(0.2)
        seen |= _descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        time.sleep(0.5)
        survivors = {pid for pid in seen if _alive(pid)}
        assert not survivors, f"processes outlived the killed screen: {survivors}"
    finally:
        if process.poll() is None:
            process.kill()


# Defect 3: a file that is not a database, in-memory and read-only URLs.

STORE_COMMANDS = [
    ["screen", str(BENIGN)],
    ["review", "--database", "{url}", "list"],
    ["audit", "--database", "{url}", "verify"],
    ["rescreen"],
    ["shares", "scan", str(EXPORT), "--people", str(PEOPLE)],
]


def _with_url(args: list[str], url: str) -> list[str]:
    if "{url}" in args:
        return [url if a == "{url}" else a for a in args]
    return [*args, "--database", url]


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: " ".join(a[:2]).split("/")[0])
def test_not_a_database_is_one_line_exit_4_in_every_command(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK\x03\x04 this is a word file, not a database" * 50)
    before = docx.read_bytes()
    out = cli(*_with_url(args, f"sqlite:///{docx}"))
    out.assert_one_line_error(4, str(docx), "cannot be used")
    assert docx.read_bytes() == before


@pytest.mark.parametrize("args", [STORE_COMMANDS[0], STORE_COMMANDS[2]], ids=["screen", "audit"])
def test_not_a_database_through_the_environment_and_as_default_store(
    cli: Cli, user_home: Path, tmp_path: Path, args: list[str]
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(4096))
    plain = [a for a in args if a not in ("--database", "{url}")]
    out = cli(*plain, env={"EXPORTSCREEN_DATABASE_URL": f"sqlite:///{junk}"})
    out.assert_one_line_error(4, "cannot be used")
    default = user_home / "exportscreen" / "exportscreen.sqlite3"
    default.parent.mkdir(parents=True)
    default.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))  # a damaged store
    out = cli(*plain)
    out.assert_one_line_error(4, str(default))


@pytest.mark.parametrize(
    ("url", "fragment"),
    [("sqlite://", "in-memory"), ("sqlite:///:memory:", "in-memory"), ("sqlite:///{dir}/s.sqlite3?mode=ro", "mode=ro")],
)
def test_urls_the_store_cannot_honour_are_refused(cli: Cli, tmp_path: Path, url: str, fragment: str) -> None:
    out = cli("screen", str(BENIGN), "--database", url.format(dir=tmp_path))
    out.assert_one_line_error(4, fragment)
    assert not (tmp_path / "s.sqlite3").exists()


# Defect 8: nothing screened is not a clearance.


def test_empty_folder_is_exit_3_nothing_screened(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text("x")
    out = cli("screen", str(empty))
    out.assert_one_line_error(3, "nothing screened", str(empty))


def test_folder_of_only_a_symlink_loop_is_exit_3(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "self").symlink_to(folder)
    out = cli("screen", str(folder))
    out.assert_one_line_error(3, "nothing screened")


# Defect 11: empty reason, one exit-code rule, CSP in the HTML report.


def test_empty_reason_or_reviewer_is_a_usage_error(cli: Cli, store_copy: Path) -> None:
    base = ["review", "--database", f"sqlite:///{store_copy}", "decide", "1", "--outcome", "cleared"]
    for extra, option in ([["--reason", "", "--reviewer", "kari"], "--reason"],
                          [["--reason", "   ", "--reviewer", "kari"], "--reason"],
                          [["--reason", "ok", "--reviewer", ""], "--reviewer"]):
        out = cli(*base, *extra)
        assert out.code == 2, out.err
        assert f"Invalid value for '{option}': must not be empty" in out.err


def test_html_report_forbids_scripts_by_content_security_policy(cli: Cli, tmp_path: Path) -> None:
    out = cli("screen", str(BENIGN), "--no-store", "--format", "html", "--out", str(tmp_path / "out"))
    assert out.code == 0, out.err
    html = (tmp_path / "out" / "report.html").read_text()
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">") in html
    assert "<script" not in html


# The table: every command, every documented exit code it can give.

TABLE = [
    (["screen", str(BENIGN), "--no-store"], 0),
    (["screen", str(FLAGGED), "--no-store"], 1),
    (["screen", str(BENIGN), "--no-such-option"], 2),
    (["screen", str(BENIGN), "does-not-exist.pdf", "--no-store"], 3),
    (["screen", str(FLAGGED), "does-not-exist.pdf", "--no-store"], 3),  # 3 outranks 1
    (["screen", str(BENIGN), "--database", "mysql://x/y"], 4),
    (["review", "list"], 0),
    (["review", "list", "--status", "nonsense"], 2),
    (["review", "show", "999"], 4),
    (["review", "decide", "999", "--outcome", "cleared", "--reason", "r", "--reviewer", "k"], 4),
    (["audit", "verify"], 0),
    (["audit", "verify", "--format", "xml"], 2),
    (["rescreen"], 0),
    (["rescreen", "--itemlist", "IX"], 4),
    (["rescreen", "--source", "nonsense"], 2),
    (["shares", "formats"], 0),
    (["shares", "scan", CLEAN_EXPORT, "--people", CLEAN_PEOPLE, "--no-store"], 1),
    (["shares", "scan", str(EXPORT), "--people", str(PEOPLE), "--no-store"], 3),  # 3 outranks 1
    (["shares", "scan", str(SHARES / "unknown_format.csv"), "--people", CLEAN_PEOPLE, "--no-store"], 3),
    (["shares", "scan", str(EXPORT), "--people", str(PEOPLE), "--database", "sqlite://"], 4),
    (["shares", "scan", str(EXPORT)], 2),
    (["shares", "schedule", "--folder", str(SHARES), "--people", str(PEOPLE), "--cron", "nope"], 2),
    (["itemlists"], 0),
    (["itemlists", "show", "6A005.b.6.b"], 0),
    (["itemlists", "show", "ZZ999"], 4),
    (["itemlists", "validate"], 0),
    (["itemlists", "import", "/no/such/file.json"], 2),
    (["users", "list"], 0),
    (["users", "add", "kari", "--role", "king"], 2),
    (["users", "add", "kari", "--role", "adviser", "--password-stdin"], 2),  # no password on stdin: too short
    (["users", "set", "nobody", "--lang", "en"], 4),
    (["serve", "--port", "0"], 2),
    (["serve", "--database", "mysql://x/y"], 4),
    (["--version"], 0),
    (["no-such-command"], 2),
]


@pytest.mark.parametrize(("args", "code"), TABLE, ids=[" ".join(a[:3]) for a, _ in TABLE])
def test_every_command_gives_its_documented_exit_code(
    cli: Cli, tmp_path: Path, args: list[str], code: int
) -> None:
    lines = EXPORT.read_text().splitlines(keepends=True)
    clean_export = tmp_path / "oc_share.csv"
    clean_export.write_text("".join(line for line in lines if "31.12.2024" not in line))
    clean_people = tmp_path / "people.csv"
    clean_people.write_text("email,citizenships,organisation_type,in_norway,name\n"
                            "niels@uni.no,NO,university,yes,Niels\nalice@uni.no,DE,university,yes,Alice\n")
    given = {CLEAN_EXPORT: str(clean_export), CLEAN_PEOPLE: str(clean_people)}
    out = cli(*(given.get(a, a) for a in args))
    assert out.code == code, f"exit {out.code}, wanted {code}\n{out.err}"
    assert "Traceback" not in out.err
    if code == 4:
        out.assert_one_line_error(4)


def test_rescreen_exit_codes_1_and_3(cli: Cli, tmp_path: Path) -> None:
    """1: a document re-screened from its stored text needs review; 3: one has no text and no file."""
    from classifiers.settings import ScreeningSettings
    from reports.store import open_store
    from tests.reports.test_store_factory import make_result

    text = FLAGGED_TEXT
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    run = RunInfo(run_id="old", settings=ScreeningSettings().model_dump())
    with open_store(url) as store:
        store.save_results(run, [make_result(str(tmp_path / "laser.txt"), text, versions={"II": "2021"})],
                           {make_result("x", text).sha256 or "": text})
    out = cli("rescreen", "--itemlist", "II", "--source", "text", "--database", url)
    assert out.code == 1, out.err
    with open_store(url) as store:
        store.save_results(run, [make_result(str(tmp_path / "vanished.txt"), "gone", versions={"II": "2021"})])
    out = cli("rescreen", "--itemlist", "II", "--database", url)
    assert out.code == 3, out.err
    assert "vanished.txt" in out.out and "Traceback" not in out.err


FLAGGED_TEXT = (
    "We report an ytterbium-doped fibre laser delivering 2.1 kW of continuous-wave output power with "
    "a wall-plug efficiency of 42 % and near-diffraction-limited beam quality. The fibre laser source "
    "is intended for the development of directed-energy systems."
)


def _command_paths() -> list[list[str]]:
    """Every command and sub-command of the registry in flows.commands, as argument lists."""
    import importlib

    import click

    from flows.commands import COMMANDS

    paths: list[list[str]] = []
    for name, target in sorted(COMMANDS.items()):
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        paths.append([name])
        if isinstance(command, click.Group):
            paths += [[name, sub] for sub in sorted(command.commands)]
    return paths


def test_every_registered_command_has_help_that_exits_0(cli: Cli) -> None:
    paths = _command_paths()
    assert len(paths) >= 15
    for path in paths:
        out = cli(*path, "--help")
        assert out.code == 0, f"{path}: {out.err}"
        assert out.out.startswith(f"Usage: exportscreen {' '.join(path)}"), out.out[:200]
    top = cli("--help")
    assert all(f"  {name}" in top.out for name in {p[0] for p in paths})
    assert "Exit codes:" in top.out


def test_max_findings_caps_and_the_report_says_so(tmp_path: Path) -> None:
    from tests.paths import EXAMPLES

    pdf = str(EXAMPLES / "fibre_laser_manuscript.pdf")
    done = run_cli(["screen", pdf, "--no-store", "--max-findings", "1", "--format", "json"], tmp_path)
    document = json.loads(done.out)["documents"][0]
    assert len(document["findings"]) == 1 and document["candidates"] > 1
    text = run_cli(["screen", pdf, "--no-store", "--max-findings", "1"], tmp_path)
    assert f"1 of {document['candidates']} provisions scoring at or above the cutoff" in " ".join(text.out.split())
    refused = run_cli(["screen", pdf, "--no-store", "--max-findings", "0"], tmp_path)
    assert refused.code == 2 and "--max-findings" in refused.err


def test_paths_are_stored_absolute_wherever_the_command_ran(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("Notes on bee foraging in spring.", encoding="utf-8")
    db = tmp_path / "store.sqlite3"
    done = run_cli(["screen", "docs/note.txt", "--database", f"sqlite:///{db}", "--format", "json"], tmp_path,
                   cwd=tmp_path)
    assert done.code == 0, done.err
    assert json.loads(done.out)["documents"][0]["path"] == str(folder / "note.txt")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM screenings").fetchone()[0] == str(folder / "note.txt")
