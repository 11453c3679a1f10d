"""Project assessments in the results store (SQLite and PostgreSQL): a case each, levels kept, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from classifiers.projects.assess import assess
from classifiers.projects.facts import ProjectFacts
from classifiers.projects.participants import country_group
from classifiers.projects.types import Participant
from classifiers.types import DocumentResult, Evidence, Finding
from itemlists.countries import load_country_groups
from reports.run import RunInfo
from reports.store import open_store
from reports.store.assessments import save_assessments
from reports.store.models import ProjectAssessmentRow

EV = Evidence("We build a 3 kW fibre laser.", 1, 0, "fibre laser", "fibre lasers", 1.0)
LISTED = DocumentResult("app.md", "screened", "review_required", sha256="d" * 64, itemlist_versions={"II": "v"},
                        findings=(Finding("6A005.a.6.b", "6A005", "II", "v", "lasers", 0.8, "flag", "list_match",
                                          (EV,)),))


def _assessment(partner_country: str, partners_sha: str):  # type: ignore[no-untyped-def]
    group, regime = country_group(partner_country, load_country_groups())
    partner = Participant("partners", f"partners.csv row 2: X ({partner_country})", group, "partner",
                          partner_country, regime, EV)
    facts = ProjectFacts(screening=LISTED, participants=(partner,), partners_given=True)
    return assess(facts, "app.md", {"description": "d" * 64, "partners": partners_sha})


def test_an_assessment_is_a_case_with_its_levels_and_the_chain_holds(db_url: str) -> None:
    run = RunInfo(run_id="assess-1", settings={}, store=True)
    with open_store(db_url) as store:
        (case_id,) = save_assessments(store, run, [_assessment("CN", "p1")], {"d" * 64: "We build a 3 kW fibre laser."})
        assert save_assessments(store, run, [_assessment("CN", "p1")]) == [case_id]  # rerun: nothing twice
        # Another partners file for the same description is another case.
        (other,) = save_assessments(store, RunInfo(run_id="assess-2", settings={}, store=True),
                                    [_assessment("DE", "p2")])
        assert other != case_id
        detail = store.case(case_id)
        assert detail.summary.decision == "review_required"
        assert detail.findings[0].finding.code == "knowledge_transfer.listed_technology_outside_eea_nato"
        assert store.verify().ok
        assert store.documents() == []  # re-screening leaves project cases to `assess`
        with store.engine.connect() as conn:
            rows = conn.execute(select(ProjectAssessmentRow.levels, ProjectAssessmentRow.participants)).all()
        assert [r[0]["knowledge_transfer"] for r in rows] == ["high", "elevated"]
        assert rows[0][1] == {"other": 1}  # counts per group, no citizenship or country stored


def test_assessment_rows_are_append_only(db_url: str) -> None:
    with open_store(db_url) as store:
        save_assessments(store, RunInfo(run_id="a", settings={}, store=True), [_assessment("CN", "p1")])
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("UPDATE project_assessments SET decision = 'no_listed_technology'"))
