"""One finding in the HTML report: its evidence, provision, score features and thresholds.

The block is a ``<details>`` element a reviewer can fold (flags start open).
"""

from __future__ import annotations

from reports.i18n import _, level_name
from reports.render.html_text import esc, highlight, table
from reports.types import AUTHENTICITY_NOTICE, EvidenceOut, FeatureOut, FindingOut, ThresholdOut


def _where(evidence: EvidenceOut) -> str:
    page = (_("page {page}").format(page=evidence.page) if evidence.page is not None
            else _("line {line}").format(line=evidence.line) if evidence.line is not None else _("no page numbers"))
    if evidence.page is None and evidence.line is not None:
        return page  # the file's own line says more than a sentence count
    sentence = ", " + _("sentence {n}").format(n=evidence.sentence) if evidence.sentence is not None else ""
    return f"{page}{sentence}"


def _evidence_block(finding: FindingOut) -> str:
    quantities = [(t.found_text, "qty") for t in finding.thresholds if t.found_text]
    first = finding.evidence
    more = "".join(
        f"<li>{esc(_where(ev))}: {highlight(ev.text, [(ev.matched, 'term')])} "
        f'<span class="muted small">({esc(ev.matched)} ~ {esc(ev.term)}, {ev.similarity:.3f})'
        "</span></li>"
        for ev in finding.evidence_items[1:]
    )
    return (
        f"<h4>{esc(_('In the document: {place}').format(place=_where(first)))}</h4>"
        f"<blockquote>{highlight(first.text, [(first.matched, 'term'), *quantities])}</blockquote>"
        f'<p class="small muted">'
        + (_("marked {matched} ({grade}): a security-grade marking, not a list match").format(
            matched=f"<q>{esc(first.matched)}</q>", grade=esc(first.term)) if finding.rule == "classified_marking"
           else _("matched {matched} to list term {term}, similarity {similarity}").format(
            matched=f"<q>{esc(first.matched)}</q>", term=f"<q>{esc(first.term)}</q>",
            similarity=f"{first.similarity:.3f}"))
        + "</p>"
        + (f'<h4>{esc(_("More evidence"))}</h4><ul class="small">{more}</ul>' if more else "")
    )


def _provision_block(finding: FindingOut) -> str:
    from itemlists.authentic import authentic_name, authentic_url

    label = _("List {label}").format(label=f"{finding.list}@{finding.list_version}")
    url = authentic_url(finding.list, finding.list_version)
    link = (f' {esc(_("Authentic text:"))} <a href="{esc(url)}" rel="noopener noreferrer">'
            f"{esc(authentic_name(finding.list))}</a>." if url else "")
    return (
        f"<h4>{esc(_('Provision'))} <code>{esc(finding.code)}</code> ({esc(label)})</h4>"
        f"<blockquote>{esc(finding.provision_text)}</blockquote>"
        f'<p class="small muted">{esc(_(AUTHENTICITY_NOTICE))}{link}</p>'
    )


def _contribution(feature: FeatureOut) -> str:
    value = feature.contribution
    css = "contrib-pos" if value > 0 else "contrib-neg" if value < 0 else ""
    return f'<td class="num {css}">{feature.contribution:+.3f}</td>'


#: A feature "moved" the score when its contribution is at least this large (either sign).
MOVED = 0.05


def _features_table(features: list[FeatureOut]) -> str:
    """What moved the score (a short list), with every feature behind a toggle (they are all in the JSON)."""
    if not features:
        return f'<p class="muted small">{esc(_("No score features recorded."))}</p>'
    moved = sorted((f for f in features if abs(f.contribution) >= MOVED and f.name != "bias"),
                   key=lambda f: -abs(f.contribution))
    items = "".join(f"<li>{_contribution_text(f)} <code>{esc(f.name)}</code>: {esc(f.detail)}</li>" for f in moved)
    summary = (f'<p class="small"><strong>{esc(_("What moved the score"))}</strong></p>'
               f'<ul class="moved small">{items}</ul>' if moved else
               f'<p class="small muted">{esc(_("No single feature moved the score by 0.05 or more."))}</p>')
    rows = "".join(
        f"<tr><td><code>{esc(f.name)}</code></td><td class=num>{f.value:.4g}</td>"
        f"{_contribution(f)}<td>{esc(f.detail)}</td></tr>"
        for f in features
    )
    headers = (f"<th>{esc(_('feature'))}</th><th class=num>{esc(_('value'))}</th>"
               f"<th class=num>{esc(_('contribution'))}</th><th>{esc(_('what was measured'))}</th>")
    every = esc(_("All {n} score features").format(n=len(features)))
    return (f'{summary}<details class="all-features"><summary class="small">{every}</summary>'
            f"{table(_('Score features'), headers, rows)}</details>")


def _contribution_text(feature: FeatureOut) -> str:
    css = "contrib-pos" if feature.contribution > 0 else "contrib-neg"
    return f'<span class="{css}">{feature.contribution:+.2f}</span>'



def _met(check: ThresholdOut) -> str:
    if check.met is None:
        word, css = _("not stated"), "none"
    else:
        word, css = (_("met"), "true") if check.met else (_("not met"), "false")
    return f'<td class="met-{css}">{esc(word)}</td>'


def _thresholds_table(thresholds: list[ThresholdOut]) -> str:
    if not thresholds:
        return f'<p class="muted small">{esc(_("No numeric thresholds compared."))}</p>'
    rows = "".join(
        f"<tr><td><code>{esc(t.code)}</code></td><td>{esc(t.quantity)}</td>"
        f"<td>{esc(t.comparator)} {esc(t.required_text)}</td>"
        f"<td>{esc(t.found_text) or '-'}</td>{_met(t)}</tr>"
        for t in thresholds
    )
    notes = "".join(f"<li>{esc(t.readable())}</li>" for t in thresholds)
    headers = "".join(f"<th>{esc(h)}</th>" for h in (_("provision"), _("quantity"), _("required"), _("found"),
                                                        _("result")))
    return table(_("Thresholds compared"), headers, rows) + f'<ul class="small muted">{notes}</ul>'


def _finding_footer(finding: FindingOut) -> str:
    rule = f'<p class="small">{esc(_("Rule fired:"))} <code>{esc(finding.rule)}</code>'
    if not finding.list:
        return rule + "</p>"
    return (
        f"{rule}; {esc(_('entry'))} <code>{esc(finding.entry_code)}</code>; {esc(_('list version'))} "
        f"<code>{esc(finding.list)}@{esc(finding.list_version)}</code></p>"
    )


def finding_block(anchor: str, finding: FindingOut) -> str:
    """A finding as a ``<details>`` element with id ``anchor`` (open for a flag)."""
    is_open = " open" if finding.level == "flag" else ""
    provision = f"<div>{_provision_block(finding)}</div>" if finding.list else ""
    return (
        f'<details class="finding" id="{anchor}"{is_open}><summary>'
        f'<span class="score">{"-" if finding.rule == "classified_marking" else f"{finding.score:.3f}"}</span> '
        f'<span class="level-{esc(finding.level)}">{esc(level_name(finding.level))}</span> '
        f"<code>{esc(finding.code)}</code> <span class=muted>{esc(_('rule'))} {esc(finding.rule)}</span> "
        f"&mdash; {esc(finding.explanation)}</summary><div class=body>"
        + (f'<p class="suppressed"><strong>{esc(_("Suppressed as a false positive:"))}</strong> '
           f"{esc(finding.suppressed_by)}</p>" if finding.suppressed_by else "")
        + f'<div class="side"><div>{_evidence_block(finding)}</div>{provision}</div>'
        f"{_features_table(finding.features)}{_thresholds_table(finding.thresholds)}"
        f"{_finding_footer(finding)}</div></details>"
    )
