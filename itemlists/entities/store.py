"""Imported entity lists on disk: one folder per list and version, with provenance.

Layout under the root (``flows.settings.entities_root``: ``$EXPORTSCREEN_HOME/entities``)::

    installed.json                     {"OS": "2026-12-01", ...}   the current version per list
    <NAME>/<VERSION>/entities.parquet  ENTITY_SCHEMA
    <NAME>/<VERSION>/manifest.json     EntityListManifest (source file, sha256, counts)

An import is written to a temporary folder and moved into place, then ``installed.json`` is
replaced atomically, so a failed import leaves every installed list as it was. Re-importing
the same file under the same name and version is a no-op; another file under an existing
version is refused (give a new --version).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from pydantic import ValidationError

from itemlists.entities import detect_format, get_format
from itemlists.entities.types import ENTITY_SCHEMA, EntityListManifest
from itemlists.errors import EntityListError

INSTALLED = "installed.json"
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def _check_label(kind: str, value: str) -> str:
    if not _LABEL.match(value):
        raise EntityListError(f"{kind} {value!r} must be 1-40 letters, digits, '.', '_' or '-' "
                              "(e.g. --name OS --version 2026-12-01)")
    return value


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class EntityStore:
    """The imported entity lists under ``root`` (created on first import)."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` (``flows.settings.entities_root()``)."""
        self.root = root

    def installed(self) -> dict[str, EntityListManifest]:
        """The current version's manifest of each imported list, by name."""
        return {name: self.manifest(name, version) for name, version in sorted(self._current().items())}

    def manifest(self, name: str, version: str) -> EntityListManifest:
        """The manifest of ``name@version``; ``EntityListError`` when missing or damaged."""
        path = self.root / name / version / "manifest.json"
        try:
            return EntityListManifest.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise EntityListError(f"entity list {name}@{version} is not imported; see 'exportscreen entities "
                                  "list'") from None
        except (ValidationError, ValueError) as exc:
            raise EntityListError(f"entity list {name}@{version} is damaged ({str(exc).splitlines()[0]}); "
                                  "import it again under a new --version") from None

    def import_file(
        self, path: Path, name: str, version: str, fmt: str | None = None
    ) -> tuple[EntityListManifest, bool]:
        """Import ``path`` as ``name@version`` and make it the current version of ``name``.

        Returns:
            The manifest, and False when the same file was already imported under that label.

        Raises:
            EntityListError: Bad name or version, unreadable file, unknown format, or the
                label already holds another file. Nothing installed is changed.
        """
        _check_label("--name", name)
        _check_label("--version", version)
        if not path.is_file():
            raise EntityListError(f"{str(path)!r}: no such file; check the path")
        sha = file_sha256(path)
        target = self.root / name / version
        if target.exists():
            existing = self.manifest(name, version)
            if existing.source_sha256 != sha:
                raise EntityListError(f"{name}@{version} is already imported from another file (sha256 "
                                      f"{existing.source_sha256[:12]}...); give a new --version")
            self._set_current(name, version)
            return existing, False
        chosen = fmt or detect_format(path)
        frame, skipped = get_format(chosen)(path)
        if frame.is_empty():
            raise EntityListError(f"{str(path)!r} holds no organisation ({sum(skipped.values())} records skipped: "
                                  f"{dict(skipped)}); check the file and --format")
        manifest = EntityListManifest(
            name=name, version=version, format=chosen, source_file=str(path), source_sha256=sha,
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"), entities=frame.height,
            names=frame.height + int(frame["aliases"].list.len().sum()), skipped=sum(skipped.values()),
            skipped_reasons=dict(sorted(skipped.items())),
        )
        self._write_version(target, frame, manifest)
        self._set_current(name, version)
        return manifest, True

    def frame(self, names: Sequence[str] | None = None) -> pl.DataFrame:
        """Entities of the current version of each list (or of ``names``), with ``list_name`` ("OS@2026-12-01")."""
        current = self._current()
        wanted = list(names) if names else sorted(current)
        unknown = [n for n in wanted if n not in current]
        if unknown:
            known = ", ".join(sorted(current)) or "none imported yet"
            raise EntityListError(f"entity list(s) {', '.join(map(repr, unknown))} not imported (imported: {known}); "
                                  "run 'exportscreen entities import FILE --name NAME --version V'")
        frames = [self._read(n, current[n]) for n in wanted]
        empty = pl.DataFrame(schema={**ENTITY_SCHEMA, "list_name": pl.String()})
        return pl.concat(frames) if frames else empty

    def _read(self, name: str, version: str) -> pl.DataFrame:
        path = self.root / name / version / "entities.parquet"
        try:
            frame = pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise EntityListError(f"entity list {name}@{version} cannot be read ({str(exc).splitlines()[0][:120]}); "
                                  "import it again under a new --version") from None
        if dict(frame.schema) != ENTITY_SCHEMA:
            raise EntityListError(f"entity list {name}@{version} has unexpected columns; import it again")
        return frame.with_columns(list_name=pl.lit(f"{name}@{version}"))

    def _current(self) -> dict[str, str]:
        path = self.root / INSTALLED
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise EntityListError(f"{str(path)!r} is damaged; fix or remove it and import the lists again") from None
        return {str(k): str(v) for k, v in data.items()}

    def _set_current(self, name: str, version: str) -> None:
        current = {**self._current(), name: version}
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.root, prefix=".installed-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(dict(sorted(current.items())), out, indent=2)
        os.replace(temp, self.root / INSTALLED)

    def _write_version(self, target: Path, frame: pl.DataFrame, manifest: EntityListManifest) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
        try:
            frame.write_parquet(temp / "entities.parquet")
            (temp / "manifest.json").write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
            os.replace(temp, target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
