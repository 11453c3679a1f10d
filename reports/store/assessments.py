"""Storing project assessments: a case per project (reviewed like a document's) plus its levels.

Each assessment is stored through the document writer (``save_result``): the description's
text is kept, a case is opened with the area findings and the screening's findings, and the
review commands, suppressions and the audit chain work on it unchanged. The case key joins the
run's settings with the digests of the partners file, the people register and the entity
lists, so the same description with another partners file is another case. A
``project_assessments`` row (append-only, copied into the audit chain) keeps the levels per
area, the rules that fired, the measures and the inputs with their sha256.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from classifiers.projects.assess import as_document_result
from classifiers.projects.types import ProjectAssessment
from reports.run import RunInfo
from reports.store.audit import digest, utc_now
from reports.store.models import ProjectAssessmentRow, Run
from reports.store.review import row_dict
from reports.store.store import Store
from reports.store.writer import SYSTEM_ACTOR, ensure_run, run_unit, save_result


def save_assessments(store: Store, run_info: RunInfo, assessments: Sequence[ProjectAssessment],
                     texts: Mapping[str, str] | None = None) -> list[int | None]:
    """Store a batch of assessments in one transaction; returns each one's case id (None when failed).

    Idempotent: a project already stored under this run and path is skipped.
    """
    texts = texts or {}
    with store._write() as (session, audit):
        run = ensure_run(session, audit, run_info)
        ids = []
        for assessment in assessments:
            done = session.scalar(select(ProjectAssessmentRow).where(
                ProjectAssessmentRow.run_id == run.id, ProjectAssessmentRow.path == assessment.path))
            if done is not None:
                ids.append(done.case_id)
                continue
            key = digest({"settings": run.settings_hash, "inputs": _side_inputs(assessment)})
            case_id = save_result(session, audit, run, as_document_result(assessment), texts, case_key=key)
            row = _row(run, case_id, assessment)
            session.add(row)
            session.flush()
            audit.append("assessment.stored", "assessment", row.id, SYSTEM_ACTOR, {"assessment": row_dict(row)})
            ids.append(case_id)
    return ids


def _side_inputs(assessment: ProjectAssessment) -> dict[str, str]:
    return {k: v for k, v in sorted(assessment.inputs.items()) if k != "description"}


def _row(run: Run, case_id: int | None, a: ProjectAssessment) -> ProjectAssessmentRow:
    return ProjectAssessmentRow(
        run_id=run.id, case_id=case_id, path=a.path, status=a.status, decision=a.decision,
        levels={area.area: area.level for area in a.areas},
        rules={area.area: [f.rule for f in area.findings] for area in a.areas},
        measures=[m.id for m in a.measures], inputs=dict(sorted(a.inputs.items())),
        entity_lists=sorted(k.removeprefix("entities:") for k in a.inputs if k.startswith("entities:")),
        participants=dict(sorted(Counter(p.group for p in a.participants).items())),
        quarantined=list(a.quarantined), at=utc_now(), unit=run_unit(run, a.path),
    )


def assessed_case_ids(session: Session) -> set[int]:
    """Cases opened for project assessments (re-screening leaves them to ``assess``)."""
    return {i for i in session.scalars(select(ProjectAssessmentRow.case_id)) if i is not None}
