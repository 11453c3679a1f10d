"""Assessing project descriptions: pair each with its partners and people, assess, store, in batches.

``assess_in_batches`` is the local loop; the Prefect flow ``assess_projects``
(``flows.prefect_flows``) runs the same batches as tasks. Each project: the description is read
and screened like a manuscript (``flows.pipeline``), its partners file and people register are
read, the entity lists are matched, and ``classifiers.projects`` sets the levels. A description
that cannot be read is a ``failed`` assessment; a bad partners row is quarantined with its
reason and the project is still assessed (its partner counted as outside EEA/NATO).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from classifiers import classify
from classifiers.model import load_scorer
from classifiers.projects.assess import assess, failed_assessment
from classifiers.projects.gather import SideInputs, gather
from classifiers.projects.types import ProjectAssessment
from classifiers.settings import ScreeningSettings, cutoffs, make_settings
from extractors import read_document
from extractors.analysis.analyse import analyse
from extractors.errors import ExtractionError
from extractors.projects.partners import read_partners
from extractors.shares.people import read_register
from extractors.shares.types import Quarantine
from flows.pipeline import DEFAULT_MAX_PAGES, ScreeningContext, make_context
from flows.settings import database_url as configured_url
from flows.settings import entities_root
from itemlists.countries import CountryGroups, load_country_groups
from itemlists.entities.match import DEFAULT_THRESHOLD, alias_table
from itemlists.entities.store import EntityStore, file_sha256
from reports.run import RunInfo

#: Called after each batch with the number of projects just finished (set by the CLI).
ProgressListener = Callable[[int], None]
PARTNER_SUFFIXES = (".csv", ".tsv", ".txt")


class ProjectJob(BaseModel):
    """One project to assess: the description and its side files (a flow parameter)."""

    model_config = ConfigDict(frozen=True)

    description: str = Field(description="The project description (PDF, DOCX, LaTeX, Markdown, text).")
    partners: str | None = Field(default=None, description="Its partners CSV, or None when not given.")
    people: str | None = Field(default=None, description="Its people register, or None.")
    note: str = Field(default="", description="Why a side file is missing (said in the result), or ''.")


class AssessOptions(BaseModel):
    """What every project of a run is checked against (a flow parameter)."""

    model_config = ConfigDict(frozen=True)

    entity_lists: tuple[str, ...] | None = Field(
        default=None, description="Entity lists to check by name; None: every imported list.")
    threshold: float = Field(default=DEFAULT_THRESHOLD, ge=0.5, le=1.0,
                             description="Lowest fuzzy similarity of an entity-list hit.")
    max_pages: int = Field(default=DEFAULT_MAX_PAGES, ge=1, description="Page limit per description.")


@dataclass(frozen=True, slots=True)
class _Lists:
    side: SideInputs
    groups: CountryGroups
    inputs: dict[str, str]


def pair_jobs(descriptions: Sequence[Path], partners: Path | None = None, partners_dir: Path | None = None,
              people: Path | None = None, people_dir: Path | None = None) -> list[ProjectJob]:
    """One job per description, with ``partners`` (one file) or ``partners_dir/<stem>.csv``; the same for people.

    Files inside ``partners_dir`` or ``people_dir`` are side files, not descriptions, when those
    folders lie inside a folder given as input.
    """
    side = [d.resolve() for d in (partners_dir, people_dir) if d is not None]
    kept = [d for d in descriptions if not any(d.resolve().is_relative_to(s) for s in side)]
    return [_job(d, partners, partners_dir, people, people_dir) for d in kept]


def _job(description: Path, partners: Path | None, partners_dir: Path | None, people: Path | None,
         people_dir: Path | None) -> ProjectJob:
    notes = []
    if partners is None and partners_dir is not None:
        partners = _beside(partners_dir, description.stem)
        if partners is None:
            notes.append(f"no partners file {description.stem}.csv in {partners_dir}")
    if people is None and people_dir is not None:
        people = _beside(people_dir, description.stem)
    return ProjectJob(description=str(description), partners=str(partners) if partners else None,
                      people=str(people) if people else None, note="; ".join(notes))


def _beside(folder: Path, stem: str) -> Path | None:
    return next((folder / f"{stem}{s}" for s in PARTNER_SUFFIXES if (folder / f"{stem}{s}").is_file()), None)


#: Alias tables already built in this process, by root and list versions (a real sanctions list
#: has hundreds of thousands of names: normalising them once per process, not once per batch).
_ALIASES: dict[tuple[str, tuple[str, ...]], pl.DataFrame] = {}


def load_lists(options: AssessOptions) -> _Lists:
    """The entity lists (aliases) and country groups of a run; ``EntityListError`` when a named list is missing."""
    store = EntityStore(entities_root())
    installed = store.installed()
    names = list(options.entity_lists) if options.entity_lists is not None else sorted(installed)
    labels = tuple(f"{n}@{installed[n].version}" if n in installed else n for n in names)
    key = (str(store.root), labels)
    if names and key not in _ALIASES:
        _ALIASES[key] = alias_table(store.frame(names))
    inputs = {f"entities:{n}@{installed[n].version}": installed[n].source_sha256 for n in names}
    if names:
        inputs["entity_threshold"] = f"{options.threshold:.2f}"
    side = SideInputs(aliases=_ALIASES.get(key), entity_lists=labels, threshold=options.threshold)
    return _Lists(side, load_country_groups(), inputs)


def assess_job(job: ProjectJob, context: ScreeningContext, lists: _Lists) -> tuple[ProjectAssessment, str | None]:
    """Assess one project; returns it with the description's text (None when unreadable)."""
    inputs = dict(lists.inputs)
    try:
        document = read_document(job.description, max_pages=context.max_pages, limits=context.limits,
                                 pdf_engine=context.settings.pdf_engine)
    except ExtractionError as exc:
        return failed_assessment(job.description, str(exc), inputs), None
    inputs["description"] = document.sha256
    side, quarantined = _side_inputs(job, lists.side, inputs)
    analysis = analyse(document, context.pipeline, progress=context.progress)
    screening = classify(analysis, context.reference, context.settings)
    side = dataclasses.replace(side, flag_threshold=_flag_threshold(context.settings))
    facts = gather(analysis, screening, side, lists.groups)
    notes = tuple(f"{q.file}{f' row {q.row}' if q.row else ''}: {q.reason}" for q in quarantined)
    notes += (f"{job.description}: {job.note}",) if job.note else ()
    return assess(facts, job.description, inputs, notes), document.text


def _flag_threshold(settings: ScreeningSettings) -> float:
    """The flag threshold the screening used (the user's, else the fitted scorer's)."""
    scorer = load_scorer() if settings.scorer == "fitted" else None
    return cutoffs(settings, (scorer.cutoff, scorer.threshold) if scorer else None).threshold


def _side_inputs(job: ProjectJob, base: SideInputs, inputs: dict[str, str]) -> tuple[SideInputs, list[Quarantine]]:
    quarantined: list[Quarantine] = []
    partners = people = None
    if job.partners is not None:
        read = read_partners(job.partners)
        quarantined += read.quarantined
        partners = read.partners if not (read.partners.is_empty() and read.quarantined) else None
        if Path(job.partners).is_file():
            inputs["partners"] = file_sha256(Path(job.partners))
    if job.people is not None:
        register = read_register(job.people)
        quarantined += register.quarantined
        people = register.people
        if Path(job.people).is_file():
            inputs["people"] = file_sha256(Path(job.people))
    side = SideInputs(partners=partners, partners_file=Path(job.partners).name if job.partners else "partners",
                      people=people, people_file=Path(job.people).name if job.people else "people",
                      aliases=base.aliases, entity_lists=base.entity_lists, threshold=base.threshold,
                      flag_threshold=base.flag_threshold)
    return side, quarantined


def assess_batch(jobs: list[ProjectJob], options: AssessOptions, run: RunInfo, database_url: str | None = None,
                 index: int = 0) -> list[ProjectAssessment]:
    """Assess one batch and store it in one transaction (``index`` names it in Prefect)."""
    context = make_context(make_settings(**run.settings), options.max_pages)
    lists = load_lists(options)
    done = [assess_job(job, context, lists) for job in jobs]
    results = [a for a, _ in done]
    if run.store:
        from reports.store import open_store
        from reports.store.assessments import save_assessments

        texts = {a.inputs["description"]: t for a, t in done if t is not None and "description" in a.inputs}
        with open_store(configured_url(database_url)) as store:
            save_assessments(store, run, results, texts)
    return results


def assess_in_batches(jobs: list[ProjectJob], options: AssessOptions, run: RunInfo, batch_size: int = 8,
                      database_url: str | None = None, runner: Callable[..., list[ProjectAssessment]] = assess_batch,
                      progress: ProgressListener | None = None) -> list[ProjectAssessment]:
    """Assess projects batch by batch (each batch one store transaction; one Prefect task in the flow)."""
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, not {batch_size!r}")
    results: list[ProjectAssessment] = []
    for index, start in enumerate(range(0, len(jobs), batch_size)):
        batch = jobs[start:start + batch_size]
        results += runner(batch, options, run, database_url, index)
        if progress is not None:
            progress(len(batch))
    return results
