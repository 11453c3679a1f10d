"""Build explained ``Finding`` records from scored provision paths and their matches."""

from __future__ import annotations

import polars as pl

from classifiers.score import (
    ANCESTOR_MISSED_PENALTY,
    BIAS,
    CHEMICAL_BONUS,
    EVIDENCE_SLOPE,
    KIND_UNSTATED_PENALTY,
    NO_ITEM_PENALTY,
    OTHER_BRANCH_PENALTY,
    OWN_UNVERIFIED_PENALTY,
    PURPOSE_UNSTATED_PENALTY,
    THRESHOLD_MET_BONUS,
    THRESHOLD_MISSED_PENALTY,
    UNCONDITIONAL_ITEM_BONUS,
    UNVERIFIED_PENALTY,
    dedupe_nested,
)
from classifiers.settings import ScreeningSettings
from classifiers.types import Evidence, Feature, Finding, ThresholdCheck
from extractors.types import Sentence
from itemlists.reference import Reference


def _on_path(matches: pl.DataFrame, row: dict) -> pl.DataFrame:
    code = row["code"]
    return matches.filter(
        (pl.col("list") == row["list"])
        & pl.col("term_norm").is_in(row["path_terms"])
        & ((pl.lit(code) == pl.col("code")) | pl.lit(code).str.starts_with(pl.col("code") + "."))
    )


def _evidence(path_matches: pl.DataFrame, sentences: tuple[Sentence, ...], limit: int) -> tuple[Evidence, ...]:
    rows = (
        dedupe_nested(path_matches)
        .sort(["contrib", "sentence", "start", "term_norm"], descending=[True, False, False, False])
        .unique(subset=["sentence"], keep="first", maintain_order=True)
        .head(limit)
    )
    out = []
    for r in rows.iter_rows(named=True):
        sent = sentences[r["sentence"]]
        out.append(Evidence(sent.text, sent.page, sent.index, r["text"], r["term"], round(r["similarity"], 3)))
    return tuple(out)


def _features(row: dict) -> tuple[Feature, ...]:
    evidence = row["evidence"]
    item = bool(row["item_named"])
    raw_grade = row.get("item_grade")
    grade = float(raw_grade) if raw_grade is not None else float(item)
    return (
        Feature("bias", 1.0, BIAS, "Starting point of the logistic score (no evidence: about 0.05)."),
        Feature(
            "term_evidence",
            round(evidence, 3),
            round(EVIDENCE_SLOPE * evidence, 3),
            f"{row['distinct_terms']} distinct term(s) of this provision path matched; sum of "
            f"weight x similarity, decayed by rank = {evidence:.2f}.",
        ),
        Feature(
            "item_named",
            grade,
            round(-NO_ITEM_PENALTY * (1.0 - grade), 3),
            f"The document names the item of {row.get('item_level') or 'this path'}."
            if item
            else f"The item of {row.get('item_level') or 'this path'} (its head noun phrase) is not named.",
        ),
        Feature(
            "thresholds_met",
            float(row["thr_met"]),
            round(THRESHOLD_MET_BONUS * min(row["thr_met"], 2), 3),
            f"{row['thr_met']} numeric condition(s) on this path met by quantities in the document.",
        ),
        Feature(
            "thresholds_not_met",
            float(row["thr_missed"]),
            -(THRESHOLD_MISSED_PENALTY if row["thr_missed"] else 0.0)
            - (ANCESTOR_MISSED_PENALTY if row.get("thr_missed_above") else 0.0),
            f"{row['thr_missed']} condition(s) clearly not met ({row.get('thr_missed_above') or 0} of them on a "
            f"broader provision); {row['thr_unstated']} not stated in the document.",
        ),
        Feature(
            "military_use",
            float(row.get("military_adjust") or 0.0),
            round(float(row.get("military_adjust") or 0.0), 3),
            "List I: military-use context in the document."
            if (row.get("military_adjust") or 0) > 0
            else (
                "List I: no military-use context in the document."
                if row.get("military_adjust")
                else "Not a List I path."
            ),
        ),
        Feature(
            "chemical_named",
            float(bool(row.get("chemical_named"))),
            CHEMICAL_BONUS if row.get("chemical_named") else 0.0,
            "A listed chemical (identified by CAS number) is named exactly."
            if row.get("chemical_named")
            else "No listed chemical named exactly.",
        ),
        Feature(
            "unconditional_item",
            float(bool(row.get("unconditional_item"))),
            UNCONDITIONAL_ITEM_BONUS if row.get("unconditional_item") else 0.0,
            f"The item is named, and the entries it is specified by or for ({row['reference_met']}) are "
            "flagged in this document."
            if row.get("unconditional_item") and row.get("reference_met")
            else "The provision has no numeric conditions and its item is named with a specific term."
            if row.get("unconditional_item")
            else "Not applicable (conditions to check, or the item is not named specifically).",
        ),
        Feature(
            "conditions_unverified",
            float(bool(row.get("unverified"))),
            -UNVERIFIED_PENALTY if row.get("unverified") else 0.0,
            "The provision has conditions (numbers, sub-items or another entry's specification) and the "
            "document states none of the quantities they measure."
            if row.get("unverified")
            else "Conditions compared with the document's quantities, or the provision has none.",
        ),
        Feature(
            "own_conditions_unverified",
            float(bool(row.get("own_unverified"))),
            -OWN_UNVERIFIED_PENALTY if row.get("own_unverified") else 0.0,
            f"{row.get('thr_own_unstated') or 0} condition(s) of {row['code']} itself are not stated in the "
            "document; only conditions of broader provisions were compared."
            if row.get("own_unverified")
            else "The provision's own conditions were compared, or it has none of its own.",
        ),
        Feature(
            "purpose_unstated",
            float(row.get("purpose_unstated") or 0),
            round(-PURPOSE_UNSTATED_PENALTY * min(row.get("purpose_unstated") or 0, 2), 3),
            f"{row['purpose_unstated']} provision(s) on this path say what the item must be for or contain, "
            f"and the document does not say it, first {row['purpose_detail']}."
            if row.get("purpose_unstated")
            else "The document states what the item is for or contains wherever this path requires it.",
        ),
        Feature(
            "kind_unstated",
            float(row.get("kind_unstated") or 0),
            round(-KIND_UNSTATED_PENALTY * min(row.get("kind_unstated") or 0, 2), 3),
            f"{row['kind_unstated']} provision(s) on this path name a kind of item the document does not "
            f"state, first {row['kind_detail']}."
            if row.get("kind_unstated")
            else "The document states the kind of item wherever this path's provisions qualify it.",
        ),
        Feature(
            "other_branch",
            float(row.get("other_branch") or 0),
            -OTHER_BRANCH_PENALTY if row.get("other_branch") else 0.0,
            f"The document states the kind of item of a sibling provision instead of {row['kind_detail']}."
            if row.get("other_branch")
            else "No sibling provision fits the document better.",
        ),
        Feature(
            "specificity",
            round(row["best_contrib"], 3),
            0.0,
            "Strongest single term (weight x similarity); included in term_evidence.",
        ),
        Feature(
            "negated_mentions",
            float(row["negated_terms"]),
            0.0,
            f"{row['negated_terms']} term(s) matched only in negated context and were ignored.",
        ),
    )


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


def _explanation(
    row: dict,
    evidence: tuple[Evidence, ...],
    checks: tuple[ThresholdCheck, ...],
    level: str,
    settings: ScreeningSettings,
) -> str:
    pairs = dict.fromkeys(f"'{e.matched}' ~ '{e.term}'" for e in evidence)
    words = ", ".join(list(pairs)[:3])
    stated = [c.describe() for c in checks if c.met is not None]
    numbers = f" Thresholds: {'; '.join(stated)}." if stated else (" Threshold not stated." if checks else "")
    if level == "flag":
        verdict = f"at or above the threshold {settings.threshold:.2f}: flagged"
    elif row["thr_missed"]:
        verdict = "reported as a near-miss because a numeric condition is clearly not met"
    elif row["score"] >= settings.threshold and _civil_list_one(row):
        verdict = "reported as a near-miss because List I needs a military-use context and the document has none"
    elif row["score"] >= settings.threshold:
        verdict = "reported as a near-miss because the document does not name the provision's item"
    else:
        verdict = f"between the cutoff {settings.cutoff:.2f} and the threshold {settings.threshold:.2f}: near-miss"
    return (
        f"{row['distinct_terms']} term(s) of {row['code']} (List {row['list']}@{row['version']}) and its "
        f"parent provisions found, e.g. {words}.{numbers} Score {row['score']:.3f} is {verdict}."
    )


def _may_flag(row: dict) -> bool:
    """Whether a path may flag at all, whatever its score.

    A path whose numeric conditions are clearly not met is a near-miss, never a flag; so is
    one whose item the document never names, not even by its head noun ("transmit/receive
    modules" for a paper on radar front-ends): the link between text and entry must be close
    and clear (DOMAIN.md), and matching numbers alone do not make it so. Nor does a List I
    path flag without a military-use context.
    """
    named = row.get("item_grade") is None or row["item_grade"] > 0.0
    return not row["thr_missed"] and named and not _civil_list_one(row)


def _civil_list_one(row: dict) -> bool:
    """A List I path in a document without any military-use context.

    List I covers items "specially designed or modified for military use": a civil drone or
    an industrial authentication protocol names ML10 or ML11 words but is not such an item,
    so the path is reported as a near-miss at most.
    """
    return row["list"] == "I" and (row.get("military_adjust") or 0.0) < 0.0


def build_findings(
    paths: pl.DataFrame,
    matches: pl.DataFrame,
    compared: pl.DataFrame,
    sentences: tuple[Sentence, ...],
    reference: Reference,
    settings: ScreeningSettings,
) -> list[Finding]:
    """Turn provision paths scoring at least ``cutoff`` into findings, strongest first."""
    findings = []
    for row in paths.filter(pl.col("score") >= settings.cutoff).head(settings.max_findings).iter_rows(named=True):
        evidence = _evidence(_on_path(matches, row), sentences, settings.max_evidence)
        if not evidence:
            continue
        checks = _checks(compared, row)
        level = "flag" if row["score"] >= settings.threshold and _may_flag(row) else "near_miss"
        findings.append(
            Finding(
                code=row["code"],
                entry_code=row["entry_code"],
                list=row["list"],
                list_version=row["version"],
                provision_text=_provision_text(reference, row["list"], row["code"]),
                score=round(min(row["score"], 0.999), 3),
                level=level,
                rule="list_match",
                evidence=evidence,
                features=_features(row),
                thresholds=checks,
                explanation=_explanation(row, evidence, checks, level, settings),
            )
        )
    return findings
