"""Installed list versions: the bundled data overlaid by the user's imports.

Layout of each root (bundled ``itemlists/data`` and the user's import folder, which the
caller names: ``flows.settings.itemlists_root``)::

    installed.json                      {"II": "2025-11-15", ...}  the current version per list
    <LIST>/<version>/manifest.json      ListManifest + "files" (name -> sha256) + "repairs"
    <LIST>/<version>/provisions.parquet PROVISION_SCHEMA
    <LIST>/<version>/{terms,definitions,thresholds}.parquet   when built
    <LIST>/<version>/<table>.parquet    the derived tables (itemlists.derive.tables), when
                                        manifest.json's "derived_version" is DERIVED_VERSION

Later roots override earlier ones: a user's installed.json entry wins over the bundled one,
and a user's version directory shadows a bundled one with the same label. Frames are cached
per process, keyed by file path and modification time, so a store is cheap to create.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from itemlists.derive.tables import DERIVED_TABLES, DERIVED_VERSION
from itemlists.errors import ListNotInstalledError
from itemlists.install.validate import check_files
from itemlists.types import PROVISION_SCHEMA, TERM_SCHEMA, ListManifest

BUNDLED_ROOT = Path(__file__).parents[1] / "data"
INSTALLED = "installed.json"
REBUILD_HINT = "run 'make itemlists' (or 'exportscreen itemlists import FILE --list X')"


def split_label(label: str) -> tuple[str, str | None]:
    """``"II@2021"`` -> ``("II", "2021")``; ``"II"`` -> ``("II", None)``."""
    list_id, _, version = label.partition("@")
    return list_id.strip(), (version.strip() or None)


class ListStore:
    """Read-only view of the installed list versions across roots (later roots win)."""

    def __init__(self, roots: Sequence[Path]) -> None:
        """Create a store over ``roots``, e.g. ``[BUNDLED_ROOT, <user's import folder>]``."""
        self.roots = list(roots)

    def installed(self) -> dict[str, ListManifest]:
        """The current version's manifest of each installed list, keyed by list id."""
        current: dict[str, str] = {}
        for root in self.roots:
            current.update(_read_installed(root))
        if not current:
            roots = ", ".join(str(r) for r in self.roots)
            raise ListNotInstalledError(f"no item lists are installed in {roots}; {REBUILD_HINT}")
        return {list_id: self.manifest(list_id, version) for list_id, version in sorted(current.items())}

    def versions(self, list_id: str) -> list[ListManifest]:
        """Every installed version of ``list_id``, oldest label first."""
        return [self.manifest(list_id, v) for v in sorted(self._version_dirs(list_id))]

    def resolve_label(self, label: str) -> tuple[str, str | None]:
        """``"II@2025"`` -> ``("II", "2025-11-15")``: a version given by a unique prefix, as people write it.

        An exact version wins; a prefix two versions share is refused, naming both.
        """
        list_id, version = split_label(label)
        if version is None:
            return list_id, None
        known = sorted(self._version_dirs(list_id))
        if version in known:
            return list_id, version
        matches = [v for v in known if v.startswith(version)]
        if len(matches) == 1:
            return list_id, matches[0]
        if len(matches) > 1:
            raise ListNotInstalledError(f"{label!r} names more than one installed version "
                                        f"({', '.join(f'{list_id}@{m}' for m in matches)}); write more of it")
        return list_id, version  # the caller's lookup says it is not installed, listing what is

    def manifest(self, list_id: str, version: str | None = None) -> ListManifest:
        """The manifest of one version (the current one when ``version`` is None)."""
        directory = self.directory(list_id, version)
        return ListManifest.model_validate(_manifest_json(directory))

    def manifest_extras(self, list_id: str, version: str | None = None) -> dict[str, Any]:
        """The manifest.json keys beyond ``ListManifest`` ("files", "repairs", "sources")."""
        raw = _manifest_json(self.directory(list_id, version))
        return {k: v for k, v in raw.items() if k not in ListManifest.model_fields}

    def provisions(self, list_id: str, version: str | None = None) -> pl.DataFrame:
        """The provisions frame (``PROVISION_SCHEMA``) of one version."""
        return self._frame(list_id, version, "provisions.parquet", required=True)

    def terms(self, list_id: str, version: str | None = None) -> pl.DataFrame:
        """The term index (``TERM_SCHEMA``); empty when it was not built."""
        frame = self._frame(list_id, version, "terms.parquet", required=False)
        return frame if frame.width else pl.DataFrame(schema=TERM_SCHEMA)

    def definitions(self, list_id: str, version: str | None = None) -> pl.DataFrame:
        """Defined terms of one version (see ``itemlists.derive.definitions``); may be empty."""
        from itemlists.derive.definitions import DEFINITION_SCHEMA

        frame = self._frame(list_id, version, "definitions.parquet", required=False)
        return frame if frame.width else pl.DataFrame(schema=DEFINITION_SCHEMA)

    def thresholds(self, list_id: str, version: str | None = None) -> pl.DataFrame:
        """Parsed thresholds of one version; an empty frame when absent."""
        return self._frame(list_id, version, "thresholds.parquet", required=False)

    def derived(self, list_id: str, version: str | None = None) -> dict[str, pl.DataFrame] | None:
        """The derived tables saved at install (``itemlists.derive.tables``), or None.

        None when they were not saved or are of another ``DERIVED_VERSION`` (a version
        installed by another release): the caller computes them.
        """
        extras = self.manifest_extras(list_id, version)
        files = extras.get("files", {})
        names = [f"{name}.parquet" for name in DERIVED_TABLES]
        if extras.get("derived_version") != DERIVED_VERSION or not all(name in files for name in names):
            return None
        return {name: self._frame(list_id, version, f"{name}.parquet", required=True) for name in DERIVED_TABLES}

    def resolve(self, label: str) -> ListManifest:
        """Manifest for ``"II@2021"``, ``"II@2025"`` (a unique prefix) or ``"II"`` (current version)."""
        list_id, version = self.resolve_label(label)
        return self.manifest(list_id, version)

    def current_version(self, list_id: str) -> str:
        """The current version label of ``list_id``."""
        version = None
        for root in self.roots:
            version = _read_installed(root).get(list_id, version)
        if version is None:
            raise ListNotInstalledError(f"list {list_id!r} is not installed; {REBUILD_HINT}")
        return version

    def directory(self, list_id: str, version: str | None = None) -> Path:
        """The directory holding one version (the last root that has it)."""
        version = version or self.current_version(list_id)
        found = self._version_dirs(list_id).get(version)
        if found is None:
            known = sorted(self._version_dirs(list_id))
            raise ListNotInstalledError(
                f"list version {list_id}@{version!r} is not installed (installed: {known!r}); {REBUILD_HINT}"
            )
        return found

    def _version_dirs(self, list_id: str) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for root in self.roots:
            base = root / list_id
            if base.is_dir():
                for child in base.iterdir():
                    if (child / "manifest.json").is_file() and not child.name.startswith("."):
                        found[child.name] = child
        return found

    def _frame(self, list_id: str, version: str | None, name: str, required: bool) -> pl.DataFrame:
        directory = self.directory(list_id, version)
        path = directory / name
        if not path.is_file():
            if required:
                raise ListNotInstalledError(f"{path} is missing; {REBUILD_HINT}")
            return pl.DataFrame()
        stat = path.stat()
        _verify_once(str(directory), _manifest_mtime(directory))
        return _load(str(path), stat.st_mtime_ns, stat.st_size)


def _manifest_json(directory: Path) -> dict[str, Any]:
    path = directory / "manifest.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        ListManifest.model_validate(raw)
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise ListNotInstalledError(f"{path} is damaged ({exc.__class__.__name__}); {REBUILD_HINT}") from exc
    return dict(raw)


def _manifest_mtime(directory: Path) -> int:
    return (directory / "manifest.json").stat().st_mtime_ns


@lru_cache(maxsize=64)
def _verify_once(directory: str, manifest_mtime: int) -> None:
    """Check the sha256 of every data file once per process and manifest version."""
    files = _manifest_json(Path(directory)).get("files", {})
    problems = check_files(Path(directory), files)
    if problems:
        raise ListNotInstalledError(f"{problems[0]}; {REBUILD_HINT}")


@lru_cache(maxsize=64)
def _load(path: str, mtime_ns: int, size: int) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # Polars/Arrow raise several kinds for a damaged file
        raise ListNotInstalledError(f"{path} is not readable Parquet ({exc!r}); {REBUILD_HINT}") from exc
    if path.endswith("provisions.parquet") and list(frame.columns) != list(PROVISION_SCHEMA):
        raise ListNotInstalledError(f"{path} does not have the provisions columns; {REBUILD_HINT}")
    return frame


def _read_installed(root: Path) -> dict[str, str]:
    path = root / INSTALLED
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ListNotInstalledError(f"{path} is damaged ({exc!r}); {REBUILD_HINT}") from exc
    return {str(k): str(v) for k, v in data.items()}
