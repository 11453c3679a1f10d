"""The project-assessment report (schema ``project-1.0``): assessments -> ``ProjectReportOut`` -> JSON.

The terminal and HTML renderers draw from the same models. Each project carries its three
area levels with every rule that fired and its evidence, the suggested measures in English and
Norwegian, who took part (by country group; people appear by register row, never with their
citizenships), the rows that could not be read, and the description's own screening in the
layout of the screening report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, Field, SerializationInfo, field_serializer

from classifiers.projects.types import ALL_LEVELS, AREA_TITLES, AREAS, ProjectAssessment
from classifiers.types import DOCUMENT_OUTCOMES
from reports.render.json_report import _evidence, document_out, write_text_atomically
from reports.run import FROZEN, REPORT_RUN_FIELDS, RunInfo
from reports.types import AUTHENTICITY_NOTICE, DocumentOut, EvidenceOut

PROJECT_SCHEMA_VERSION = "project-1.0"
PROJECT_JSON_FILENAME = "assessment.json"


class AreaFindingOut(BaseModel):
    """One rule that fired for a risk area."""

    model_config = FROZEN
    level: str = Field(description="none | low | elevated | high | not_assessed")
    rule: str = Field(description="The rule's id, e.g. listed_technology_outside_eea_nato.")
    explanation: str = Field(description="What was found, in a sentence or two.")
    evidence: list[EvidenceOut] = Field(description="The sentences or rows it rests on.")
    measures: list[str] = Field(description="Ids of the suggested measures.")


class AreaOut(BaseModel):
    """One risk area's level and the rules that set it."""

    model_config = FROZEN
    area: str = Field(description="knowledge_transfer | malign_influence | ethics")
    title: str = Field(description="The EU area's name, e.g. '(b) malign influence'.")
    level: str = Field(description="none | low | elevated | high | not_assessed")
    note: str = Field(description="What was not assessed, or ''.")
    findings: list[AreaFindingOut] = Field(description="Every rule that fired, highest level first.")


class MeasureOut(BaseModel):
    """A suggested measure."""

    model_config = FROZEN
    id: str
    who: str = Field(description="Who decides or acts.")
    en: str
    nb: str


class ParticipantOut(BaseModel):
    """A partner, person or named country as the rules saw it (no citizenships)."""

    model_config = FROZEN
    source: str = Field(description="partners | people | description")
    label: str = Field(description="Where to find it (file and row, or sentence).")
    group: str = Field(description="norway | eea_nato | other | sanctioned | unknown")
    role: str
    country: str | None = Field(description="Country code of a partner or named country; null for people.")
    regime: str = Field(description="The sanctions regulation, when the group is sanctioned.")


class ProjectOut(BaseModel):
    """The assessment of one project."""

    model_config = FROZEN
    path: str
    status: str = Field(description="assessed | failed")
    error: str | None
    decision: str = Field(description="Outcome in the DOMAIN vocabulary.")
    needs_review: bool
    areas: list[AreaOut]
    measures: list[MeasureOut]
    participants: list[ParticipantOut]
    reasons: list[str]
    inputs: dict[str, str] = Field(description="Input -> sha256 (description, partners, people, entity lists).")
    quarantined: list[str] = Field(description="Rows or files not read as given, with reasons.")
    screening: DocumentOut | None = Field(description="The description screened like a manuscript.")


class ProjectSummaryOut(BaseModel):
    """Counts over the projects."""

    model_config = FROZEN
    projects: int
    by_decision: dict[str, int]
    by_level: dict[str, dict[str, int]] = Field(description="area -> level -> count")
    failed: int
    needs_review: int
    quarantined: int = Field(description="Rows or files not read as given, over all projects.")


class ProjectReportOut(BaseModel):
    """The whole assessment report."""

    model_config = FROZEN
    schema_version: str
    authenticity_notice: str
    run: RunInfo
    summary: ProjectSummaryOut
    projects: list[ProjectOut]

    @field_serializer("run")
    def _run_header(self, run: RunInfo, info: SerializationInfo) -> dict[str, Any]:
        return run.model_dump(mode=info.mode, include=set(REPORT_RUN_FIELDS))


def _project(a: ProjectAssessment) -> ProjectOut:
    return ProjectOut(
        path=a.path, status=a.status, error=a.error, decision=a.decision, needs_review=a.needs_review,
        areas=[AreaOut(area=x.area, title=AREA_TITLES[x.area], level=x.level, note=x.note,
                       findings=[AreaFindingOut(level=f.level, rule=f.rule, explanation=f.explanation,
                                                evidence=[_evidence(e) for e in f.evidence], measures=list(f.measures))
                                 for f in x.findings])
               for x in a.areas],
        measures=[MeasureOut(id=m.id, who=m.who, en=m.en, nb=m.nb) for m in a.measures],
        participants=[ParticipantOut(source=p.source, label=p.label, group=p.group, role=p.role, country=p.country,
                                     regime=p.regime) for p in a.participants],
        reasons=list(a.reasons), inputs=dict(sorted(a.inputs.items())), quarantined=list(a.quarantined),
        screening=document_out(a.screening) if a.screening is not None else None,
    )


def _summary(projects: Sequence[ProjectOut]) -> ProjectSummaryOut:
    by_decision = dict.fromkeys(DOCUMENT_OUTCOMES, 0)
    by_level = {area: dict.fromkeys(ALL_LEVELS, 0) for area in AREAS}
    for p in projects:
        by_decision[p.decision] += 1
        for area in p.areas:
            by_level[area.area][area.level] += 1
    return ProjectSummaryOut(projects=len(projects), by_decision=by_decision, by_level=by_level,
                             failed=sum(p.status == "failed" for p in projects),
                             needs_review=sum(p.needs_review for p in projects),
                             quarantined=sum(len(p.quarantined) for p in projects))


def build_project_report(assessments: Iterable[ProjectAssessment], run: RunInfo) -> ProjectReportOut:
    """Convert assessments to the report model (projects in input order)."""
    projects = [_project(a) for a in assessments]
    return ProjectReportOut(schema_version=PROJECT_SCHEMA_VERSION, authenticity_notice=AUTHENTICITY_NOTICE, run=run,
                            summary=_summary(projects), projects=projects)


def project_json(report: ProjectReportOut) -> str:
    """The report as JSON text (2-space indent, ASCII-only, final newline)."""
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def write_project_json(report: ProjectReportOut, out: Path | IO[str]) -> Path | None:
    """Write the JSON to a stream, or ``assessment.json`` in a folder; returns the file written."""
    text = project_json(report)
    if not isinstance(out, Path):
        out.write(text)
        return None
    path = out / PROJECT_JSON_FILENAME if out.is_dir() else out
    write_text_atomically(path, text)
    return path
