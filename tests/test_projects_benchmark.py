"""The project benchmark (tests/benchmarks/projects) is well formed and big enough (issue 15)."""

from __future__ import annotations

from extractors.projects.partners import read_partners
from tests.benchmarks.projects_eval import AREAS, project_cases

LEVELS = {"none", "low", "elevated", "high"}
DECISIONS = {"review_required", "catch_all_review", "case_by_case", "no_listed_technology", "exempt",
             "blocked_classified"}
CASES = project_cases()


def test_every_case_is_complete() -> None:
    problems = []
    for case in CASES:
        label, where = case.label, case.folder.name
        if label.get("id") != where or label.get("language") not in ("en", "nb") or label.get("split") not in (
                "tune", "test", "holdout", "holdout2", "holdout3", "holdout4", "holdout5"):
            problems.append(f"{where}: id, language or split")
        if set(label.get("areas", {})) != set(AREAS) or not set(label["areas"].values()) <= LEVELS:
            problems.append(f"{where}: a level per area from {sorted(LEVELS)}")
        if set(label.get("rationale", {})) != set(AREAS) or not all(label["rationale"].values()):
            problems.append(f"{where}: a one-line rationale per area")
        if label.get("decision") not in DECISIONS or not label.get("source") or not label.get("licence"):
            problems.append(f"{where}: decision, source and licence")
        if not case.description.is_file() or case.side("partners") is None:
            problems.append(f"{where}: description and partners.csv")
        elif read_partners(case.side("partners")).quarantined:  # type: ignore[arg-type]
            problems.append(f"{where}: partners.csv has rows that do not read")
    assert problems == []


def test_size_languages_splits_and_high_cases() -> None:
    assert len(CASES) >= 40
    norwegian = [c for c in CASES if c.label["language"] == "nb"]
    assert len(norwegian) >= 0.2 * len(CASES)
    test = [c for c in CASES if c.label["split"] == "test"]
    assert len(test) >= 12
    for area in AREAS:  # the recall target for "high" needs high cases in the untouched split
        assert any(c.label["areas"][area] == "high" for c in test), area
