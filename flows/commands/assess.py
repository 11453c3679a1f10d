"""``exportscreen assess``: research-security assessment of project descriptions (grant applications)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

from classifiers.projects.types import ProjectAssessment
from classifiers.settings import make_settings
from flows.commands.pdf_engine import chosen_pdf_engine, pdf_engine_option
from flows.commands.screen import _check_store, _inputs
from flows.commands.units import resolve_units, unit_options
from flows.errors import EXIT_FAILED_INPUTS, EXIT_OK, EXIT_REVIEW
from flows.pipeline import DEFAULT_MAX_PAGES
from flows.runner import RUNNERS, choose_runner
from reports.run import RunInfo

FORMATS = ("terminal", "json", "html")


def assess_exit_code(assessments: list[ProjectAssessment]) -> int:
    """3 when a description failed or a row or file was not read, else 1 when any needs review, else 0."""
    if any(a.status == "failed" or a.quarantined for a in assessments):
        return EXIT_FAILED_INPUTS
    return EXIT_REVIEW if any(a.needs_review for a in assessments) else EXIT_OK


def _file(option: str, path: Path | None) -> Path | None:
    if path is not None and not path.is_file():
        raise click.BadParameter(f"{str(path)!r} is not a file; check the path", param_hint=option)
    return path


def _folder(option: str, path: Path | None) -> Path | None:
    if path is not None and not path.is_dir():
        raise click.BadParameter(f"{str(path)!r} is not a folder; check the path", param_hint=option)
    return path


def _emit(assessments: list[ProjectAssessment], run: RunInfo, fmt: str, out_dir: Path | None) -> Path | None:
    from reports.render.project_html import write_project_html
    from reports.render.project_report import build_project_report, write_project_json
    from reports.render.project_terminal import render_projects

    if fmt == "terminal":
        render_projects(assessments, run, Console(file=sys.stdout))
        return None
    if fmt == "json":
        report = build_project_report(assessments, run)
        return write_project_json(report, out_dir if out_dir is not None else sys.stdout)
    assert out_dir is not None
    return write_project_html(assessments, run, out_dir)


@click.command("assess")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--partners", type=click.Path(path_type=Path), help="The partners CSV (organisation,country,role"
              "[,funding_source,contact]) of a single project, or of every project given.")
@click.option("--partners-dir", type=click.Path(path_type=Path),
              help="Folder with one partners file per project, named like the description (app1.pdf -> app1.csv).")
@click.option("--people", type=click.Path(path_type=Path),
              help="People register (email,citizenships,organisation_type,in_norway) for the project's staff.")
@click.option("--people-dir", type=click.Path(path_type=Path), help="Folder with one people register per project.")
@click.option("--entities", "entity_lists", multiple=True, metavar="LIST",
              help="Entity list to check (by its imported name; repeat for more). Default: every imported list.")
@click.option("--entity-threshold", type=click.FloatRange(0.5, 1.0), default=0.88, show_default=True,
              help="Lowest name similarity (0.5-1) for a partner to match an entity-list entry.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True,
              help="Report format (html writes assessment.html into --out; json to stdout or --out).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for report files.")
@click.option("--max-pages", type=click.IntRange(min=1), default=DEFAULT_MAX_PAGES, show_default=True,
              help="Descriptions with more pages fail with a reason instead of being read.")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Projects per batch (one store transaction; one Prefect task with --runner prefect).")
@click.option("--runner", type=click.Choice(RUNNERS), default=None,
              help="local: batches in this process; prefect: the flow assess_projects on PREFECT_API_URL; "
              "auto (default): prefect when PREFECT_API_URL is set.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Also record the assessments in the results store (a review case per project).")
@click.option("--database", metavar="URL", default=None, help="Results store URL (default: the configured one).")
@click.option("--run-id", default=None, help="Resume a run: projects already stored under this id are skipped.")
@pdf_engine_option
@unit_options
def assess_command(inputs: tuple[Path, ...], partners: Path | None, partners_dir: Path | None, people: Path | None,
                   people_dir: Path | None, entity_lists: tuple[str, ...], entity_threshold: float, fmt: str,
                   out_dir: Path | None, max_pages: int, batch_size: int, runner: str | None, store: bool,
                   database: str | None, run_id: str | None, unit: str | None, unit_map: Path | None,
                   pdf_engine: str | None) -> None:
    """Assess project descriptions for research-security risk, partners and all.

    Each project gets an outcome and a level (none, low, elevated, high, not_assessed) for the
    three EU risk areas: (a) unwanted transfer of knowledge and technology, (b) malign
    influence, (c) ethics and integrity; every level with its evidence, the rule that fired,
    and suggested measures in Norwegian and English. Without a partners file, the partner part
    of (a) and (b) is not assessed, and the report says so.
    """
    from flows.assess import AssessOptions, assess_in_batches, pair_jobs

    if fmt == "html" and out_dir is None:
        raise click.UsageError("--format html writes files; give --out DIR")
    if partners is not None and partners_dir is not None:
        raise click.UsageError("give --partners (one file) or --partners-dir (a folder), not both")
    _file("--partners", partners)
    _file("--people", people)
    _folder("--partners-dir", partners_dir)
    _folder("--people-dir", people_dir)
    paths, missing = _inputs(inputs)
    options = AssessOptions(entity_lists=entity_lists or None, threshold=entity_threshold, max_pages=max_pages)
    from flows.assess import load_lists

    load_lists(options)  # an entity list that is not imported stops here, before any work
    chosen = choose_runner(runner)
    _check_store(store, database)
    settings = make_settings(pdf_engine=chosen_pdf_engine(pdf_engine))
    units = resolve_units(unit, unit_map).to_record()
    run = RunInfo(run_id=run_id or uuid.uuid4().hex[:12], settings=settings.model_dump(), store=store,
                  units=units if any(units.values()) else {})
    jobs = pair_jobs(paths, partners, partners_dir, people, people_dir)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task("Assessing", total=len(jobs))
        if chosen == "prefect":
            from flows.prefect_flows import assess_projects, run_flow

            results = run_flow(assess_projects, jobs, options, run, batch_size, database)
        else:
            results = assess_in_batches(jobs, options, run, batch_size, database,
                                        progress=lambda n: progress.advance(bar, n))
    from classifiers.projects.assess import failed_assessment

    results += [failed_assessment(str(p), f"{p}: no such file or folder; check the path") for p in missing]
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    from flows.commands.screen import finished_run

    written = _emit(results, finished_run(run, [a.screening for a in results if a.screening is not None]), fmt,
                    out_dir)
    if written is not None:
        click.echo(f"Report written: {written}", err=True)
    sys.exit(assess_exit_code(results))
