"""Build explained ``Finding`` records from scored provision paths and their matches."""

from __future__ import annotations

import polars as pl

from classifiers.documents import explain_features
from classifiers.match import Matches
from classifiers.model import explain_model
from classifiers.score import dedupe_nested
from classifiers.settings import Cutoffs, ScreeningSettings
from classifiers.types import Evidence, Finding, ThresholdCheck
from extractors.types import Sentence
from itemlists.types import Reference


def _on_path(matches: Matches, row: dict) -> Matches:
    """The matches of a path's terms on its provision or an ancestor (the path's evidence)."""
    code = row["code"]
    pairs = matches.pairs.with_row_index("pair").filter(
        (pl.col("list") == row["list"])
        & pl.col("term_norm").is_in(row["path_terms"])
        & ((pl.lit(code) == pl.col("code")) | pl.lit(code).str.starts_with(pl.col("code") + "."))
    )
    return matches.take(matches.rows.filter(pl.col("pair").is_in(pairs["pair"])))


#: The match columns the evidence reads.
_EVIDENCE_COLUMNS = ("sentence", "start", "text", "term", "term_norm", "similarity", "contrib")


def _evidence(path_matches: Matches, sentences: tuple[Sentence, ...], limit: int) -> tuple[Evidence, ...]:
    rows = (
        dedupe_nested(path_matches)
        .frame(_EVIDENCE_COLUMNS)
        .sort(["contrib", "sentence", "start", "term_norm"], descending=[True, False, False, False])
        .unique(subset=["sentence"], keep="first", maintain_order=True)
        .head(limit)
    )
    out = []
    for r in rows.iter_rows(named=True):
        sent = sentences[r["sentence"]]
        out.append(Evidence(sent.text, sent.page, sent.index, r["text"], r["term"], round(r["similarity"], 3),
                            line=sent.line))
    return tuple(out)


def _checks(compared: pl.DataFrame, row: dict) -> tuple[ThresholdCheck, ...]:
    if compared.height == 0:
        return ()
    rows = compared.filter((pl.col("list") == row["list"]) & (pl.col("target") == row["code"])).sort("code")
    return tuple(
        ThresholdCheck(
            code=r["code"],
            quantity=r["quantity"],
            comparator=r["comparator"],
            required=r["value"],
            unit=r["unit"],
            found=r["found"],
            found_text=r["found_text"] or "",
            met=r["met"],
        )
        for r in rows.iter_rows(named=True)
    )


def _provision_text(reference: Reference, list_id: str, code: str) -> str:
    """The provision with its ancestors, one per line, so the whole condition can be read."""
    parts = code.split(".")
    chain = [".".join(parts[: i + 1]) for i in range(len(parts))]
    rows = reference.provisions.filter((pl.col("list") == list_id) & pl.col("code").is_in(chain))
    texts = dict(zip(rows["code"].to_list(), rows["text"].to_list(), strict=True))
    return "\n".join(f"{c} {texts[c]}" for c in chain if texts.get(c))


def shown_score(score: float) -> float:
    """The score a finding carries and its sentence states: capped at 0.999 (never certainty), 3 decimals."""
    return round(min(score, 0.999), 3)


def _explanation(
    row: dict,
    evidence: tuple[Evidence, ...],
    checks: tuple[ThresholdCheck, ...],
    level: str,
    cut: Cutoffs,
) -> str:
    pairs = dict.fromkeys(f"'{e.matched}' ~ '{e.term}'" for e in evidence)
    words = ", ".join(list(pairs)[:3])
    stated = [c.describe() for c in checks if c.met is not None]
    numbers = f" Thresholds: {'; '.join(stated)}." if stated else (" Threshold not stated." if checks else "")
    if level == "flag":
        verdict = f"at or above the threshold {cut.threshold:.2f}: flagged"
    elif row["thr_missed"]:
        verdict = "reported as a near-miss because a numeric condition is clearly not met"
    elif row["score"] >= cut.threshold and _civil_list_one(row):
        verdict = "reported as a near-miss because List I needs a military-use context and the document has none"
    elif row["score"] >= cut.threshold and row.get("unverified"):
        verdict = (
            "reported as a near-miss because the provision has conditions and the document states none "
            "of the quantities they measure"
        )
    elif row["score"] >= cut.threshold and row.get("contradicted"):
        verdict = (
            "reported as a near-miss because the document says its item lacks a criterion of the provision "
            "(\"untethered\" against \"with a tether\")"
        )
    elif row["score"] >= cut.threshold and row.get("deciding_unstated"):
        verdict = (
            "reported as a near-miss because the provision is controlled only under one of its sub-items "
            "(or another entry's specification) and the document meets none of them"
        )
    elif row["score"] >= cut.threshold:
        verdict = "reported as a near-miss because the document does not name the provision's item"
    else:
        verdict = f"between the cutoff {cut.cutoff:.2f} and the threshold {cut.threshold:.2f}: near-miss"
    return (
        f"{row['distinct_terms']} term(s) of {row['code']} (List {row['list']}@{row['version']}) and its "
        f"parent provisions found, e.g. {words}.{numbers} Score {shown_score(row['score']):.3f} is {verdict}."
    )


def may_flag(row: dict) -> bool:
    """Whether a path may flag at all, whatever its score.

    A path whose numeric conditions are clearly not met is a near-miss, never a flag; so is
    one whose item the document never names, not even by its head noun ("transmit/receive
    modules" for a paper on radar front-ends): the link between text and entry must be close
    and clear (DOMAIN.md), and matching numbers alone do not make it so. Nor does a List I
    path flag without a military-use context, nor one whose conditions the document never
    speaks to (``conditions_unverified``: it states none of the quantities they measure), nor
    one that ends at a provision with sub-items, which is controlled only under one of them
    (``deciding_unstated``: classifiers.documents.conditions_unverified): the item may be
    controlled but nothing shows it is; nor one whose "with a X" criterion the document
    negates (``contradicted``: classifiers.documents.criteria).
    An item listed whatever its parameters has no such conditions and may flag.
    """
    named = row.get("item_grade") is None or row["item_grade"] > 0.0
    undecided = row.get("unverified") or row.get("deciding_unstated") or row.get("contradicted")
    return not row["thr_missed"] and named and not _civil_list_one(row) and not undecided


def _civil_list_one(row: dict) -> bool:
    """A List I path in a document without any military-use context.

    List I covers items "specially designed or modified for military use": a civil drone or
    an industrial authentication protocol names ML10 or ML11 words but is not such an item,
    so the path is reported as a near-miss at most.
    """
    return row["list"] == "I" and (row.get("military_adjust") or 0.0) < 0.0


def build_findings(
    paths: pl.DataFrame,
    matches: Matches,
    compared: pl.DataFrame,
    sentences: tuple[Sentence, ...],
    reference: Reference,
    settings: ScreeningSettings,
    cut: Cutoffs,
) -> list[Finding]:
    """Turn provision paths scoring at least ``cutoff`` into findings, strongest first."""
    findings = []
    for row in paths.filter(pl.col("score") >= cut.cutoff).head(settings.max_findings).iter_rows(named=True):
        evidence = _evidence(_on_path(matches, row), sentences, settings.max_evidence)
        if not evidence:
            continue
        checks = _checks(compared, row)
        level = "flag" if row["score"] >= cut.threshold and may_flag(row) else "near_miss"
        findings.append(
            Finding(
                code=row["code"],
                entry_code=row["entry_code"],
                list=row["list"],
                list_version=row["version"],
                provision_text=_provision_text(reference, row["list"], row["code"]),
                score=shown_score(row["score"]),
                level=level,
                rule="list_match",
                evidence=evidence,
                features=explain_model(row, explain_features(row)) if "model_z" in row else explain_features(row),
                thresholds=checks,
                explanation=_explanation(row, evidence, checks, level, cut),
            )
        )
    return findings
