"""Expand the paths a user gives (files and folders) into the list of files to screen."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

logger = logging.getLogger(__name__)

#: Files that operating systems leave in folders; never documents.
SYSTEM_FILES = frozenset({"Thumbs.db", "desktop.ini", "Icon\r"})


class PathScan(NamedTuple):
    """What :func:`iter_paths` found; unpacks as ``files, missing = iter_paths(inputs)``.

    Attributes:
        files: Files to screen, in input order, each folder's files sorted. Files that exist
            but cannot be read, and folders that could not be listed, are included too:
            ``read_document`` then raises an ``ExtractionError`` saying why, so each gets a
            ``failed`` result rather than vanishing.
        missing: Inputs that do not exist, as given; record each as ``failed``.
    """

    files: list[Path]
    missing: list[Path]


def iter_paths(inputs: Iterable[str | Path]) -> PathScan:
    """Expand files and folders into the files to screen; never raises for a bad path.

    Folders are walked recursively in sorted order, skipping hidden files and folders (names
    starting with ``.``), operating-system litter (:data:`SYSTEM_FILES`) and symbolic links to
    folders (which could loop). A hidden file named explicitly is kept. A file reached twice
    (named and inside a named folder) is listed once, where it first appears.

    Args:
        inputs: Paths as the user gave them.

    Returns:
        The files and the missing inputs (see :class:`PathScan`).
    """
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path)
        elif path.exists() or path.is_symlink():
            found = [path]  # a file, or a dangling link: read_document says which
        else:
            missing.append(path)
            continue
        for file in found:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return PathScan(files, missing)


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted; folders that cannot be listed are returned as paths."""
    found: list[Path] = []

    def unlistable(error: OSError) -> None:
        logger.warning("cannot list folder %s: %s", error.filename, error.strerror)
        found.append(Path(error.filename))

    for root, dirs, names in os.walk(folder, onerror=unlistable):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        found.extend(
            base / name
            for name in sorted(names)
            if not name.startswith(".") and name not in SYSTEM_FILES
        )
    return found


def _identity(path: Path) -> Path:
    """The resolved path, used to list a file reached twice only once."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop; keep the path as given
        return path.absolute()
