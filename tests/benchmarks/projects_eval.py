"""``make eval`` (projects part): agreement of ``assess`` with the labelled project benchmark (issue 15).

Each case in ``tests/benchmarks/projects/cases/<id>/`` has a description, a partners file,
sometimes a people register, and ``label.json`` with the expected level per risk area and the
expected outcome, written blind from ``RULES.md``. The sample entity list
(``flows/project_examples/entities/entities_sample.csv``) is imported into a temporary home
first. Reported per split: exact
agreement per area, recall of ``high`` (the target is 1.0 on the test split), and the share of
low-risk projects (labelled ``none`` or ``low`` in an area) raised to ``elevated`` or ``high``
(the target is at most 10 %). Look at the test split only as totals.

    python -m tests.benchmarks.projects_eval [--split tune|test|holdout|...|holdout5|all] [--verbose]

``holdout`` to ``holdout4`` (20 cases each, written blind after the product was built) were
each measured once as totals, then used for development. ``holdout5`` (written blind in the
ninth session) was measured once as totals and is the blind set left.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.paths import TESTS

PROJECTS = TESTS / "benchmarks" / "projects"
SAMPLE_ENTITIES = TESTS.parent / "flows" / "project_examples" / "entities" / "entities_sample.csv"
AREAS = ("knowledge_transfer", "malign_influence", "ethics")
RAISED = frozenset({"elevated", "high"})
LOW = frozenset({"none", "low"})


@dataclass(frozen=True)
class ProjectCase:
    """One labelled project."""

    folder: Path
    label: dict

    @property
    def description(self) -> Path:
        """The description file."""
        return next(p for p in sorted(self.folder.iterdir()) if p.stem == "description")

    def side(self, name: str) -> Path | None:
        """``partners.csv`` or ``people.csv`` when present."""
        path = self.folder / f"{name}.csv"
        return path if path.is_file() else None


def project_cases(root: Path = PROJECTS / "cases") -> list[ProjectCase]:
    """Every labelled project, by id."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        label_file = folder / "label.json"
        if label_file.is_file():
            found.append(ProjectCase(folder, json.loads(label_file.read_text(encoding="utf-8"))))
    return found


def assess_cases(cases: list[ProjectCase]) -> list[tuple[ProjectCase, dict[str, str], str]]:
    """Assess every case (no store) with the sample entity list; (case, levels, decision) each."""
    home = tempfile.mkdtemp(prefix="exportscreen-projects-")
    os.environ["EXPORTSCREEN_HOME"] = home
    from flows.assess import AssessOptions, ProjectJob, assess_job, load_lists
    from flows.pipeline import make_context
    from flows.settings import entities_root
    from itemlists.entities.store import EntityStore

    EntityStore(entities_root()).import_file(SAMPLE_ENTITIES, "SAMPLE", "benchmark")
    lists = load_lists(AssessOptions())
    context = make_context()
    out = []
    for case in cases:
        partners, people = case.side("partners"), case.side("people")
        job = ProjectJob(description=str(case.description), partners=str(partners) if partners else None,
                         people=str(people) if people else None)
        assessment, _ = assess_job(job, context, lists)
        out.append((case, {a.area: a.level for a in assessment.areas}, assessment.decision))
    return out


def totals(results: list[tuple[ProjectCase, dict[str, str], str]]) -> dict[str, object]:
    """Agreement per area, recall of high, low-risk raised, outcome agreement."""
    report: dict[str, object] = {"projects": len(results)}
    for area in AREAS:
        pairs = [(c.label["areas"][area], got[area]) for c, got, _ in results]
        highs = [g for e, g in pairs if e == "high"]
        lows = [g for e, g in pairs if e in LOW]
        report[area] = {
            "agreement": f"{sum(e == g for e, g in pairs)}/{len(pairs)}",
            "high_recall": f"{sum(g == 'high' for g in highs)}/{len(highs)}",
            "low_raised": f"{sum(g in RAISED for g in lows)}/{len(lows)}",
            "confusion": dict(sorted(Counter(f"{e}->{g}" for e, g in pairs if e != g).items())),
        }
    lows_any = [got for c, got, _ in results if all(c.label["areas"][a] in LOW for a in AREAS)]
    report["low_risk_projects_raised"] = f"{sum(any(g[a] in RAISED for a in AREAS) for g in lows_any)}/{len(lows_any)}"
    report["outcome_agreement"] = f"{sum(c.label.get('decision') == d for c, _, d in results)}/{len(results)}"
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the totals (and, with --verbose, each tune case)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune",
                        choices=("tune", "test", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "all"))
    parser.add_argument("--verbose", action="store_true",
                        help="One line per case (every split has had its blind first measurement).")
    args = parser.parse_args(argv)
    cases = [c for c in project_cases() if args.split == "all" or c.label["split"] == args.split]
    results = assess_cases(cases)
    if args.verbose and args.split != "all":  # every split has had its first measurement
        for case, got, decision in results:
            expected = case.label["areas"]
            marks = " ".join(f"{a[:2]}:{expected[a]}->{got[a]}{'' if expected[a] == got[a] else '!'}" for a in AREAS)
            print(f"{case.label['id']:6} {marks}  {case.label.get('decision')}->{decision}")
    print(json.dumps({"split": args.split, **totals(results)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
