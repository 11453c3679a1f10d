"""The one file-hash helper: SHA-256 of a file's bytes, read in blocks (bounded memory)."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: Bytes read at a time.
CHUNK = 1024 * 1024


def fingerprint(path: str | Path, head_bytes: int = 0) -> tuple[str, int, bytes]:
    """Hex SHA-256, size and first ``head_bytes`` bytes of a file, in one pass.

    Raises:
        OSError: The file cannot be read.
    """
    digest = hashlib.sha256()
    size, head = 0, b""
    with Path(path).open("rb") as stream:
        while chunk := stream.read(CHUNK):
            if not head:
                head = chunk[:head_bytes]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size, head


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of the file at ``path`` (raises OSError when it cannot be read)."""
    return fingerprint(path)[0]
