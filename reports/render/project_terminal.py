"""The project assessment in the terminal: per project the outcome, the three areas and the measures."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from classifiers.projects.types import ProjectAssessment
from reports.i18n import _, area_name, current_lang, ngettext, outcome_name
from reports.render.project_report import ProjectOut, build_project_report
from reports.render.terminal import printable
from reports.run import RunInfo

LEVEL_STYLES = {"high": "bold red", "elevated": "yellow", "low": "green", "none": "dim", "not_assessed": "dim italic"}
DECISION_STYLES = {"review_required": "bold red", "blocked_classified": "bold white on red", "failed": "bold red",
                   "catch_all_review": "yellow", "case_by_case": "yellow"}


def _areas(project: ProjectOut) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column(_("area"), ratio=2)
    table.add_column(_("level"), ratio=1, min_width=12, no_wrap=True)
    table.add_column(_("rule and evidence"), ratio=6)
    for area in project.areas:
        top = area.findings[0] if area.findings else None
        why = Text(printable(top.explanation) if top else "")
        if top and top.evidence and top.evidence[0].text and top.level != "none":
            first = top.evidence[0]
            where = _("page {page}").format(page=first.page) + ": " if first.page else ""
            why.append(f"\n  {where}{printable(first.text)[:160]}", style="dim")
        if area.note:
            why.append(f"\n  {printable(area.note)}", style="italic")
        table.add_row(area_name(area.area), Text(outcome_name(area.level), style=LEVEL_STYLES.get(area.level, "")),
                      why)
    return table


def render_project(project: ProjectOut, console: Console) -> None:
    """One project: outcome, areas, what could not be read, measures."""
    console.print(Text.assemble(Text(printable(project.path), style="bold"), "  ",
                                Text(f"{outcome_name(project.decision)} ({project.decision})",
                                     style=DECISION_STYLES.get(project.decision, "green"))))
    if project.status == "failed":
        console.print(Text(f"  {_('could not be read:')} {printable(project.error or '')}", style="red"))
        return
    console.print(_areas(project))
    for line in project.quarantined:
        console.print(Text(f"  {_('not read as given:')} {printable(line)}", style="red"))
    nb = current_lang() == "nb"
    for measure in project.measures:
        console.print(Text(f"  {_('measure')} ({measure.who}): {measure.nb if nb else measure.en}"))


def render_projects(assessments: Iterable[ProjectAssessment], run: RunInfo, console: Console) -> None:
    """Every project, then a one-line summary."""
    report = build_project_report(assessments, run)
    for project in report.projects:
        render_project(project, console)
        console.print()
    s = report.summary
    projects = ngettext("{n} project", "{n} projects", s.projects).format(n=s.projects)
    console.print(Text(projects + ": " + _("{n} need review, {failed} failed, {rows} row(s) not read as given.").format(
        n=s.needs_review, failed=s.failed, rows=s.quarantined), style="bold"))
