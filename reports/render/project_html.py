"""The project-assessment report as one self-contained HTML file (inline CSS, no scripts, no network).

Per project: the outcome, a table of the three risk areas with their levels and the rule that
set each, every rule with its evidence (folded, without JavaScript), the suggested measures in
Norwegian and English, who takes part by country group, the rows that could not be read, and
the description's own screening findings. Every string from an input goes through ``esc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from classifiers.projects.types import ProjectAssessment
from reports.i18n import _, area_name, current_lang, ngettext, outcome_name
from reports.render.html import _badge, _run_section, _utc, html_page
from reports.render.html_findings import finding_block
from reports.render.html_text import esc, highlight, table
from reports.render.json_report import write_text_atomically
from reports.render.project_report import AreaOut, ProjectOut, ProjectReportOut, build_project_report
from reports.run import RunInfo

PROJECT_HTML_FILENAME = "assessment.html"
LEVEL_CSS = """
.lv { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; border: 1px solid; }
.lv-high { background: #b3261e; color: #fff; border-color: #b3261e; }
.lv-elevated { color: #8a5300; border-color: #8a5300; }
.lv-low { color: #33691e; border-color: #33691e; }
.lv-none { color: #555; border-color: #999; }
.lv-not_assessed { color: #555; border-style: dashed; }
table.areas td { vertical-align: top; }
.measure .other { font-style: italic; }
"""
#: Screening findings shown per project (the rest are in the JSON).
SCREENING_FINDINGS_SHOWN = 5


def _level(level: str) -> str:
    return f'<span class="lv lv-{esc(level)}" title="{esc(level)}">{esc(outcome_name(level))}</span>'


def _area_row(area: AreaOut) -> str:
    top = area.findings[0] if area.findings else None
    said = esc(top.explanation) if top else ""
    note = f'<br><span class="small muted">{esc(area.note)}</span>' if area.note else ""
    return (f"<tr><td>{esc(area_name(area.area))}</td><td>{_level(area.level)}</td>"
            f"<td><code>{esc(top.rule) if top else '-'}</code></td><td>{said}{note}</td></tr>")


def _area_details(index: int, area: AreaOut) -> str:
    items = []
    for j, f in enumerate(area.findings, 1):
        evidence = "".join(
            f"<li>{esc(_('page {page}').format(page=e.page) + ': ' if e.page else '')}"
            f"{highlight(e.text, [(e.matched, 'term')])}</li>"
            for e in f.evidence)
        measures = f'<p class="small">{esc(_("measures:"))} {esc(", ".join(f.measures))}</p>' if f.measures else ""
        items.append(f'<details class="finding" id="p{index}-{esc(area.area)}-{j}"{" open" if j == 1 else ""}>'
                     f"<summary>{_level(f.level)} <code>{esc(f.rule)}</code></summary>"
                     f"<p>{esc(f.explanation)}</p><ul class=small>{evidence}</ul>{measures}</details>")
    return f"<h4>{esc(area_name(area.area))}: {_level(area.level)}</h4>" + "".join(items)


def _measures(project: ProjectOut) -> str:
    if not project.measures:
        return ""
    # The measures table has both languages: the run's first, the other beneath it.
    nb = current_lang() == "nb"
    items = "".join(
        f'<li class="measure"><strong>{esc(m.id.replace("_", " "))}</strong> ({esc(m.who)}): '
        f"{esc(m.nb if nb else m.en)}<br>"
        f'<span class="other" lang="{"en" if nb else "nb"}">{esc(m.en if nb else m.nb)}</span></li>'
        for m in project.measures)
    return f"<h3>{esc(_('Suggested measures'))}</h3><ol>{items}</ol>"


def _participants(project: ProjectOut) -> str:
    if not project.participants:
        return f'<p class="muted">{esc(_("No partners given or named."))}</p>'
    rows = "".join(f"<tr><td>{esc(p.label)}</td><td>{esc(p.group)}</td><td>{esc(p.role)}</td>"
                   f"<td class=small>{esc(p.regime)}</td></tr>" for p in project.participants)
    headers = "".join(f"<th>{esc(h)}</th>" for h in (_("partner, person or named country"), _("group"), _("role"),
                                                        _("sanctions regulation")))
    return table(_("Who takes part"), headers, rows)


def _screening(index: int, project: ProjectOut) -> str:
    doc = project.screening
    if doc is None:
        return ""
    shown = [f for f in doc.findings if f.list][:SCREENING_FINDINGS_SHOWN]
    blocks = "".join(finding_block(f"p{index}-s-{j}", f) for j, f in enumerate(shown, 1))
    listed = sum(1 for f in doc.findings if f.list)
    return (f"<h3>{esc(_('The description screened like a manuscript:'))} {_badge(doc.decision)}</h3>"
            f'<p class="small muted">'
            + esc(_("{shown} of {listed} list finding(s) shown; checked: {checked}").format(
                shown=len(shown), listed=listed, checked=doc.checked)) + "</p>"
            + (blocks or f'<p class="muted">{esc(_("No list findings above the cutoff."))}</p>'))


def _project_section(index: int, project: ProjectOut) -> str:
    if project.status == "failed":
        return (f'<article id="p{index}"><h2>{index}. {esc(project.path)}</h2><p>{esc(_("Outcome:"))} '
                f'{_badge("failed")}</p><p class="d-failed">{esc(_("Could not be read:"))} {esc(project.error or "")}'
                "</p></article>")
    rows = "".join(_area_row(a) for a in project.areas)
    quarantined = "".join(f"<li>{esc(q)}</li>" for q in project.quarantined)
    details = "".join(_area_details(index, a) for a in project.areas)
    return (
        f'<article id="p{index}"><h2>{index}. {esc(project.path)}</h2><p>{esc(_("Outcome:"))} '
        f"{_badge(project.decision)}</p>"
        + table(_("Risk areas"), "".join(f"<th>{esc(h)}</th>" for h in (_("area"), _("level"), _("rule"), _("why"))),
                rows).replace("<table>", '<table class="areas">', 1)
        + (f'<h3>{esc(_("Not read as given"))}</h3><ul class="d-failed">{quarantined}</ul>' if quarantined else "")
        + _measures(project) + f"<h3>{esc(_('Evidence per area'))}</h3>" + details + _participants(project)
        + _screening(index, project) + "</article>"
    )


def _summary(report: ProjectReportOut) -> str:
    rows = "".join(
        f'<tr><td class=num>{i}</td><td class="path"><a href="#p{i}">{esc(p.path)}</a></td>'
        f"<td>{_badge(p.decision)}</td>" + "".join(f"<td>{_level(a.level)}</td>" for a in p.areas)
        + ("<td></td>" * (3 - len(p.areas))) + "</tr>"
        for i, p in enumerate(report.projects, 1))
    s = report.summary
    headers = "<th class=num>#</th>" + "".join(f"<th>{esc(h)}</th>" for h in (
        _("project"), _("outcome"), _("(a) transfer"), _("(b) influence"), _("(c) ethics")))
    counts = (ngettext("{n} project", "{n} projects", s.projects).format(n=s.projects) + "; "
              + _("{n} need review; {failed} failed; {rows} row(s) not read as given.").format(
                  n=s.needs_review, failed=s.failed, rows=s.quarantined))
    return (f"<section id=summary><h2>{esc(_('Summary'))}</h2><p>{esc(counts)}</p>"
            + table(_("Projects"), headers, rows) + "</section>")


def render_project_html(assessments: Iterable[ProjectAssessment], run: RunInfo) -> str:
    """The whole report as one HTML document."""
    report = build_project_report(assessments, run)
    projects = "".join(_project_section(i, p) for i, p in enumerate(report.projects, 1))
    lead = _("run {run}, {at}. Levels per EU risk area (a) unwanted transfer of knowledge and technology, "
             "(b) malign influence, (c) ethics and integrity.").format(run=run.run_id,
                                                                         at=_utc(run.finished_at or run.started_at))
    return html_page(_("exportscreen project assessment {run}").format(run=run.run_id),
                     _("Research-security assessment of projects"), lead,
                     f"{_summary(report)}{projects}{_run_section(run)}", LEVEL_CSS)


def write_project_html(assessments: Iterable[ProjectAssessment], run: RunInfo, out_dir: Path) -> Path:
    """Write ``assessment.html`` into ``out_dir`` and return its path."""
    path = out_dir / PROJECT_HTML_FILENAME
    write_text_atomically(path, render_project_html(assessments, run))
    return path
