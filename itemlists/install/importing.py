"""Install list versions atomically: user imports (any ``SOURCE_FORMATS`` file) and the build's output.

A version is written to a temporary directory beside its final place, checked, and moved in
with ``os.replace``; only then is ``installed.json`` switched (also through a temporary file
and ``os.replace``). Anything that fails before the switch leaves the installed data as it was.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from extractors.documents.hashing import sha256_file
from itemlists.derive.tables import DERIVED_TABLES, DERIVED_VERSION, derived_frames
from itemlists.errors import ListImportError, ListValidationError
from itemlists.install.store import INSTALLED
from itemlists.install.validate import validate
from itemlists.sources import SourceRequest, detect_format, get_format
from itemlists.types import LIST_IDS, ListManifest

log = logging.getLogger(__name__)

AUTHENTIC = (
    "Only the texts published in the Official Journal of the European Union (EUR-Lex) and on "
    "Lovdata are authentic; this copy is for screening support only."
)


def import_list(
    path: Path, list_id: str, version: str | None = None, *, root: Path, source_format: str | None = None
) -> ListManifest:
    """Validate a list file and install it as the current version of ``list_id``.

    Args:
        path: A file in one of ``itemlists.sources.SOURCE_FORMATS`` (JSON lines / JSON array
            of provisions, an official List I or II PDF, ...).
        list_id: "I", "II" or "III". Importing List III replaces a provisional one as current.
        version: Version label; default the one the file states.
        root: Install root: the user's import folder (``flows.settings.itemlists_root``).
        source_format: A ``SOURCE_FORMATS`` name; default detected from the file.

    Returns:
        The installed version's manifest.

    Raises:
        ListImportError: Not a list, truncated or unreadable; nothing installed.
        ListValidationError: Duplicate codes, missing parents, ...; nothing installed.
    """
    if list_id not in LIST_IDS:
        raise ListImportError(f"unknown list {list_id!r}; use one of {', '.join(LIST_IDS)}")
    if not path.is_file():
        raise ListImportError(f"{str(path)!r} does not exist or is not a file")
    reader = get_format(source_format or detect_format(path, list_id))
    data = reader.read(SourceRequest((path,), list_id, version))
    provisions = data.provisions
    if provisions.height == 0:
        raise ListImportError(f"{path.name!r} holds no List {list_id} provisions: not a list")
    problems = data.problems + validate(provisions, data.where)
    if problems:
        raise ListValidationError([f"{path.name}: {p}" for p in problems])
    manifest = _imported_manifest(path, list_id, provisions)
    frames = {"provisions": provisions, **derived_frames(provisions, data.definitions)}
    install(root, manifest, frames, {}, data.report)
    log.info("installed %s from %s", manifest.label, path.name)
    return manifest


def _imported_manifest(path: Path, list_id: str, provisions: pl.DataFrame) -> ListManifest:
    label = str(provisions["version"][0])
    return ListManifest(
        list=list_id,
        version=label,
        title=f"List {list_id} {label} (imported from {path.name})",
        source_file=path.name,
        source_sha256=sha256_file(path),
        attribution=AUTHENTIC,
        built_at=now_iso(),
        provision_count=provisions.height,
        entry_count=provisions["entry_code"].n_unique(),
    )


def now_iso() -> str:
    """Current UTC time, ISO 8601, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def install(
    root: Path,
    manifest: ListManifest,
    frames: dict[str, pl.DataFrame],
    extras: dict[str, Any],
    report: dict[str, Any] | None = None,
    make_current: bool = True,
) -> Path:
    """Write a version directory atomically and (optionally) make it current.

    Args:
        root: The store root (bundled data dir or user root).
        manifest: Its manifest; ``files`` (name -> sha256) is added to manifest.json.
        frames: Name -> frame, written as ``<name>.parquet``.
        extras: More manifest.json keys ("repairs", "sources", ...).
        report: Written as build_report.json (repair log, parse problems), when given.
        make_current: Switch installed.json to this version afterwards.

    Returns:
        The final version directory.
    """
    base = root / manifest.list
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{manifest.version}-", dir=base))
    tmp.chmod(0o755)  # mkdtemp makes it private; installed data is world-readable
    try:
        files = _write_frames(tmp, frames)
        if all(name in frames for name in DERIVED_TABLES):
            extras = {**extras, "derived_version": DERIVED_VERSION}
        document = {**manifest.model_dump(mode="json"), **extras, "files": files}
        _write_json(tmp / "manifest.json", document)
        if report is not None:
            _write_json(tmp / "build_report.json", report)
        final = base / manifest.version
        _swap_in(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if make_current:
        set_current(root, manifest.list, manifest.version)
    return final


def _write_frames(folder: Path, frames: dict[str, pl.DataFrame]) -> dict[str, str]:
    """Write each frame as ``<name>.parquet`` in ``folder``; file name -> sha256."""
    files = {}
    for name, frame in frames.items():
        target = folder / f"{name}.parquet"
        frame.write_parquet(target, statistics=False)
        files[target.name] = sha256_file(target)
    return files


def _write_json(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")


def _swap_in(tmp: Path, final: Path) -> None:
    if not final.exists():
        os.replace(tmp, final)
        return
    old = Path(tempfile.mkdtemp(prefix=f".old-{final.name}-", dir=final.parent))
    os.replace(final, old / "v")
    try:
        os.replace(tmp, final)
    except OSError:
        os.replace(old / "v", final)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def set_current(root: Path, list_id: str, version: str) -> None:
    """Point ``installed.json`` in ``root`` at ``list_id@version`` (atomic replace)."""
    path = root / INSTALLED
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current[list_id] = version
    fd, tmp = tempfile.mkstemp(prefix=".installed-", suffix=".json", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(dict(sorted(current.items())), handle, indent=2)
        handle.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
