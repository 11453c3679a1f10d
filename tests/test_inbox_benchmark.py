"""The research-office inbox benchmark (tests/benchmarks/inbox) is well formed: labels, files, licences, splits."""

from __future__ import annotations

import re

import pytest

from tests.benchmarks.inbox import CLASSES, KEYS, cases, expected_split

ENTRY = re.compile(r"^(?:\d[A-E]\d{3}|ML\d{1,2})$")
ALL = list(cases())


@pytest.mark.skipif(not ALL, reason="no benchmark sets yet")
def test_every_label_is_complete_and_its_file_is_there() -> None:
    problems = []
    for case in ALL:
        label, where = case.label, f"{case.path.parent.parent.name}/{case.label.get('id')}"
        if sorted(label) != sorted(KEYS):
            problems.append(f"{where}: keys {sorted(set(label) ^ set(KEYS))}")
            continue
        if label["class"] not in CLASSES or label["language"] not in ("en", "nb"):
            problems.append(f"{where}: class or language")
        if label["split"] != expected_split(label["id"]):
            problems.append(f"{where}: split should be {expected_split(label['id'])}")
        if not case.path.is_file():
            problems.append(f"{where}: missing file {label['file']}")
        if not (label["licence"] and label["source_url"] and label["attribution"] and label["rationale"]):
            problems.append(f"{where}: licence, source, attribution and rationale are required")
        if label["class"] == "controlled" and not label["expected_entry_codes"]:
            problems.append(f"{where}: a controlled text names its entry families")
        problems += [f"{where}: {c!r} is no entry code" for c in label["expected_entry_codes"] if not ENTRY.match(c)]
    assert problems == []


@pytest.mark.skipif(not ALL, reason="no benchmark sets yet")
def test_ids_are_unique_and_name_their_set() -> None:
    ids = [c.label["id"] for c in ALL]
    assert len(ids) == len(set(ids))
    assert all(c.label["id"].startswith(c.path.parent.parent.name + "-") for c in ALL)
