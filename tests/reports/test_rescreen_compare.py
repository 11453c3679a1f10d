"""Comparing a document's findings before and after re-screening (reports.store.changes)."""

from __future__ import annotations

import dataclasses
from typing import TypedDict

import pytest

from classifiers.types import Finding
from reports.store.changes import compare_findings, finding_key
from tests.reports.test_store_factory import make_finding

OLD_VERSION, NEW_VERSION = "2021", "2025-11-15"


def old(code: str, score: float = 0.7, level: str = "flag", list_id: str = "II") -> Finding:
    return dataclasses.replace(make_finding(code, "fibre laser", score, level, OLD_VERSION), list=list_id)


def new(code: str, score: float = 0.7, level: str = "flag", list_id: str = "II") -> Finding:
    return dataclasses.replace(make_finding(code, "fibre laser", score, level, NEW_VERSION), list=list_id)


class Case(TypedDict):
    name: str
    before: list[Finding]
    after: list[Finding]
    expected: list[tuple[str, str, tuple[str, ...]]]  # kind, key, details


CASES: list[Case] = [
    {"name": "only the list version changed", "before": [old("6A005.b")], "after": [new("6A005.b")], "expected": []},
    {"name": "score below 3 decimals", "before": [old("6A005.b", 0.7001)], "after": [new("6A005.b", 0.7004)],
     "expected": []},
    {"name": "score", "before": [old("6A005.b", 0.7)], "after": [new("6A005.b", 0.75)],
     "expected": [("changed", "II 6A005", ("score 0.700 -> 0.750",))]},
    {"name": "code within the entry", "before": [old("6A005.a.6")], "after": [new("6A005.b.6")],
     "expected": [("changed", "II 6A005", ("code 6A005.a.6 -> 6A005.b.6",))]},
    {"name": "level and score", "before": [old("3A201.a.2.b", 0.736)],
     "after": [new("3A201.a.2", 0.55, "near_miss")],
     "expected": [("changed", "II 3A201", ("code 3A201.a.2.b -> 3A201.a.2", "level flag -> near_miss",
                                          "score 0.736 -> 0.550"))]},
    {"name": "new and disappeared", "before": [old("2E003.b.2.c.2")], "after": [new("1B228.a")],
     "expected": [("new", "II 1B228", ()), ("disappeared", "II 2E003", ())]},
    {"name": "moved from List III to List II", "before": [old("4A506.a.1", list_id="III")],
     "after": [new("4A506.a.1")],
     "expected": [("new", "II 4A506", ("from List III 4A506",)),
                  ("disappeared", "III 4A506", ("now under List II 4A506",))]},
    {"name": "nothing before", "before": [], "after": [new("6A005.b"), new("4A506.a")],
     "expected": [("new", "II 6A005", ()), ("new", "II 4A506", ())]},
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_compare_findings(case: Case) -> None:
    changes = compare_findings(case["before"], case["after"])
    assert [(c.kind, c.key, c.details) for c in changes] == case["expected"]
    for c in changes:
        assert (c.old is None) == (c.kind == "new") and (c.new is None) == (c.kind == "disappeared")


def test_rule_findings_are_keyed_by_their_rule_code() -> None:
    rule = dataclasses.replace(make_finding("catch_all", "military"), entry_code="", list="")
    assert finding_key(rule) == "rule catch_all"
    (gone,) = compare_findings([rule], [])
    assert gone.kind == "disappeared" and gone.describe().startswith("DISAPPEARED -   catch_all [flag 0.820]")


def test_describe_marks_suppressed_findings_and_to_dict_is_json_ready() -> None:
    after = dataclasses.replace(new("4A506.a.1"), suppressed_by="suppression 3: suppressed for all documents")
    (change,) = compare_findings([], [after])
    assert change.describe() == "NEW         II  4A506.a.1 [flag 0.700] SUPPRESSED 'fibre laser'"
    data = change.to_dict()
    assert data["new"]["suppressed_by"].startswith("suppression 3") and data["old"] is None
