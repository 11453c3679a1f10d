"""The one file-hash helper: SHA-256 of a file's bytes, read in blocks (bounded memory)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of the file at ``path`` (raises OSError when it cannot be read)."""
    with Path(path).open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
