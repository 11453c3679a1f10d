"""Only flows read the environment: the packages below it get values passed in (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\(")


def test_only_flows_reads_the_environment() -> None:
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("extractors", "classifiers", "itemlists", "reports")
        for path in (ROOT / package).rglob("*.py")
        if READS.search(path.read_text(encoding="utf-8"))
    )
    assert readers == [], f"read the environment outside flows: {readers}"
