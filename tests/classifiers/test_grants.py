"""The grant rules (DOMAIN.md, issue 6 part 4), one table-driven case per rule.

Inputs are real: a Purview audit export in the Management Activity API's JSON-lines form,
read by the production reader; a people register CSV read by ``read_people``; content results
as ``DocumentResult`` records (what screening returns) matched to the shared objects.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

import polars as pl
import pytest

from classifiers.grants import (
    GRANT_OUTCOMES,
    GRANT_RULES,
    GrantRule,
    content_frame,
    decide_grants,
    match_objects,
    results_frame,
    rule_chain,
    shared_objects,
)
from classifiers.grants import rules as rules_module
from classifiers.types import DocumentResult, Evidence, Finding
from extractors.shares import read_exports_result
from extractors.shares.people import read_people
from itemlists.countries import load_country_groups

SITE = "https://uni.sharepoint.com/sites/lab/Shared Documents"
PEOPLE = """email,citizenships,organisation_type,in_norway
kari@uni.no,NO,university,yes
ali@uni.no,NO;IR,university,yes
reza@uni.no,IR,university,yes
john@uni.no,US,university,yes
anna@uni.no,DE,university,yes
anna.abroad@fau.de,DE,university,no
hans@firm.de,DE,company,yes
wei@uni.no,CN,university,yes
ghost@uni.no,,university,yes
olga@uni.no,UA,university,yes
"""
# Shared objects and what screening found in them.
CONTENT = {
    "rifle-sight.docx": ("review_required", [("ML5.a", "ML5", "I")]),
    "fibre-laser.docx": ("review_required", [("6A005.a.6", "6A005", "II")]),
    "qubits.docx": ("review_required", [("4A506.a.1", "4A506", "III")]),
    "bees.txt": ("no_listed_technology", []),
    "graded.docx": ("blocked_classified", [("classified_marking", "", "")]),
    "drone-notes.docx": ("catch_all_review", [("catch_all", "", "")]),
}


class Case(TypedDict):
    name: str
    operation: str
    grantee: str | None
    file: str
    decision: str
    rule: str
    says: list[str]


CASES: list[Case] = [
    {"name": "norwegian", "operation": "SharingSet", "grantee": "kari@uni.no", "file": "rifle-sight.docx",
     "decision": "no_licence_required", "rule": "norwegian_citizen", "says": ["Norwegian citizen (citizenships NO)"]},
    {"name": "dual Norway + Iran", "operation": "SharingSet", "grantee": "ali@uni.no", "file": "bees.txt",
     "decision": "sanctions_review", "rule": "sanctioned_citizenship",
     "says": ["citizenship IR of a country under Norwegian sanctions", "FOR-2007-02-09-149",
              "besides Norwegian citizenship (NO)",
              "special rule (IR): Iranian nationals always need a prior licence"]},
    {"name": "Iranian", "operation": "SharingSet", "grantee": "reza@uni.no", "file": "fibre-laser.docx",
     "decision": "sanctions_review", "rule": "sanctioned_citizenship", "says": ["citizenship IR"]},
    {"name": "List I to a NATO citizen", "operation": "SharingSet", "grantee": "john@uni.no",
     "file": "rifle-sight.docx", "decision": "licence_review", "rule": "list_one_content",
     "says": ["List I (defence) content (ML5 (List I)) shared with a citizen of US",
              "exemption does not apply to List I"]},
    {"name": "List II to an EEA citizen in Norway at a university", "operation": "SharingSet",
     "grantee": "anna@uni.no", "file": "fibre-laser.docx", "decision": "exempt", "rule": "eea_nato_exemption",
     "says": ["List II/III content (6A005 (List II))", "EEA or NATO country (DE) at a university"]},
    {"name": "List III to a NATO citizen in Norway", "operation": "SharingSet", "grantee": "john@uni.no",
     "file": "qubits.docx", "decision": "exempt", "rule": "eea_nato_exemption", "says": ["4A506 (List III)"]},
    {"name": "EEA citizen abroad", "operation": "SharingSet", "grantee": "anna.abroad@fau.de",
     "file": "fibre-laser.docx", "decision": "licence_review", "rule": "listed_content",
     "says": ["the grantee is not in Norway"]},
    {"name": "EEA citizen at a company", "operation": "SharingSet", "grantee": "hans@firm.de",
     "file": "fibre-laser.docx", "decision": "licence_review", "rule": "listed_content",
     "says": ["organisation is a company, not a university"]},
    {"name": "citizen of neither", "operation": "SharingSet", "grantee": "wei@uni.no", "file": "fibre-laser.docx",
     "decision": "licence_review", "rule": "listed_content", "says": ["a citizen of CN", "no EEA or NATO citizenship"]},
    {"name": "catch-all cues", "operation": "SharingSet", "grantee": "anna@uni.no", "file": "drone-notes.docx",
     "decision": "licence_review", "rule": "listed_content", "says": ["catch-all cues"]},
    {"name": "no listed technology", "operation": "SharingSet", "grantee": "wei@uni.no", "file": "bees.txt",
     "decision": "no_licence_required", "rule": "no_listed_technology", "says": ["no listed technology"]},
    {"name": "never screened", "operation": "SharingSet", "grantee": "wei@uni.no", "file": "unknown.docx",
     "decision": "content_not_screened", "rule": "content_not_screened", "says": ["never screened"]},
    {"name": "graded content, even for a Norwegian", "operation": "SharingSet", "grantee": "kari@uni.no",
     "file": "graded.docx", "decision": "licence_review", "rule": "classified_content",
     "says": ["security-grade marking"]},
    {"name": "guest account of a Norwegian", "operation": "SharingSet",
     "grantee": "kari_uni.no#EXT#@uni.onmicrosoft.com", "file": "rifle-sight.docx",
     "decision": "no_licence_required", "rule": "norwegian_citizen", "says": ["Norwegian citizen"]},
    {"name": "anyone-link", "operation": "AnonymousLinkCreated", "grantee": None, "file": "bees.txt",
     "decision": "unknown_recipient", "rule": "unknown_recipient", "says": ["an anyone-link"]},
    {"name": "organisation link", "operation": "CompanyLinkCreated", "grantee": None, "file": "bees.txt",
     "decision": "unknown_recipient", "rule": "unknown_recipient", "says": ["organisation-wide link"]},
    {"name": "not in the register", "operation": "SharingSet", "grantee": "stranger@example.org",
     "file": "fibre-laser.docx", "decision": "unknown_recipient", "rule": "unknown_recipient",
     "says": ["stranger@example.org is not in the people register"]},
    {"name": "no citizenship recorded", "operation": "SharingSet", "grantee": "ghost@uni.no",
     "file": "fibre-laser.docx", "decision": "unknown_recipient", "rule": "unknown_recipient",
     "says": ["no citizenship is recorded"]},
    {"name": "connection by e-mail domain", "operation": "SharingSet", "grantee": "ivan@msu.ru",
     "file": "bees.txt", "decision": "sanctions_review", "rule": "sanctioned_connection",
     "says": ["e-mail domain msu.ru is a connection to Russian Federation", "FOR-2014-08-15-1076"]},
    {"name": "targeted regime only", "operation": "SharingSet", "grantee": "olga@uni.no",
     "file": "fibre-laser.docx", "decision": "licence_review", "rule": "listed_content",
     "says": ["a citizen of UA"]},
]


def _record(n: int, operation: str, grantee: str | None, file: str, user: str | None = "ola@uni.no",
            time: str = "2024-03-05T10:00:00") -> dict[str, object]:
    record: dict[str, object] = {
        "CreationTime": time, "Id": f"id-{n}", "Operation": operation, "RecordType": 14,
        "ObjectId": f"{SITE}/{file}", "SiteUrl": "https://uni.sharepoint.com/sites/lab/",
        "SourceRelativeUrl": "Shared Documents", "SourceFileName": file, "ItemType": "File",
        "EventData": "<Type>View</Type>",
    }
    if user is not None:
        record["UserId"] = user
    if grantee is not None:
        record |= {"TargetUserOrGroupName": grantee, "TargetUserOrGroupType": "Guest"}
    return record


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _finding(code: str, entry: str, lst: str) -> Finding:
    rule = "list_match" if lst else code
    return Finding(code=code, entry_code=entry, list=lst, list_version="test", provision_text="", score=0.9,
                   level="flag", rule=rule, evidence=(Evidence("text", 1, 0, "m", "t", 0.9),))


def content_for(grants: pl.DataFrame) -> pl.DataFrame:
    """Content frame: every object named in CONTENT has that screening result."""
    results = [
        (name, DocumentResult(path=name, status="screened", decision=decision, sha256=f"sha-{name}",
                              findings=tuple(_finding(*f) for f in findings), itemlist_versions={"II": "test"}),
         "content folder")
        for name, (decision, findings) in CONTENT.items()
    ]
    candidates = pl.DataFrame({"target": list(CONTENT), "ref": list(CONTENT)})
    return content_frame(match_objects(shared_objects(grants), candidates), results_frame(results))


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder = tmp_path_factory.mktemp("grants")
    export = _write(folder / "audit.jsonl", [_record(i, c["operation"], c["grantee"], c["file"])
                                             for i, c in enumerate(CASES)])
    people = folder / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    read = read_exports_result([export])
    register, bad = read_people(people)
    assert not read.quarantined and not bad
    return decide_grants(read.grants, register, content_for(read.grants), load_country_groups().frame())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule(decided: pl.DataFrame, case: Case) -> None:
    row = decided.filter(pl.col("source_record_id") == f"id-{CASES.index(case)}").to_dicts()[0]
    assert (row["decision"], row["rule"]) == (case["decision"], case["rule"]), row["reasons"]
    text = " | ".join(row["reasons"])
    for fact in case["says"]:
        assert fact in text
    assert row["reasons"][0].startswith(f"{case['decision']}: ")
    assert row["exporter"] == "ola@uni.no" and "exporter: ola@uni.no (granted the access)" in text
    assert row["needs_review"] is (case["decision"] in ("sanctions_review", "licence_review", "unknown_recipient",
                                                        "content_not_screened"))


def test_every_outcome_is_covered(decided: pl.DataFrame) -> None:
    assert set(decided["decision"]) == set(GRANT_OUTCOMES)


def test_findings_travel_with_the_grant(decided: pl.DataFrame) -> None:
    row = decided.filter(pl.col("object_name") == "rifle-sight.docx").to_dicts()[0]
    assert [(f["code"], f["list"]) for f in row["findings"]] == [("ML5.a", "I")]


def _decide_one(tmp_path: Path, records: list[dict[str, object]], people: str = PEOPLE,
                rules: Sequence[GrantRule] = GRANT_RULES) -> list[dict[str, object]]:
    export = _write(tmp_path / "audit.jsonl", records)
    (tmp_path / "people.csv").write_text(people, encoding="utf-8")
    read = read_exports_result([export])
    register, _ = read_people(tmp_path / "people.csv")
    out = decide_grants(read.grants, register, content_for(read.grants), load_country_groups().frame(), rules)
    return out.sort("source_row").to_dicts()


def test_unknown_grantor_is_a_reason_and_blocks_the_exemption(tmp_path: Path) -> None:
    (row,) = _decide_one(tmp_path, [_record(1, "SharingSet", "anna@uni.no", "fibre-laser.docx", user=None)])
    assert row["exporter"] is None and row["grantor_basis"] == "unknown"
    assert row["decision"] == "licence_review"
    assert "the grantor (exporter) is unknown" in row["reasons"][0]
    assert any("could not be determined (the export names none)" in r for r in row["reasons"])


def test_system_account_grantor(tmp_path: Path) -> None:
    (row,) = _decide_one(tmp_path, [_record(1, "SharingSet", "kari@uni.no", "bees.txt", user="app@sharepoint")])
    assert row["decision"] == "no_licence_required" and row["exporter"] is None
    assert any("a system account, app@sharepoint" in r for r in row["reasons"])


def test_revoked_grant(tmp_path: Path) -> None:
    rows = _decide_one(tmp_path, [
        _record(1, "SharingSet", "reza@uni.no", "fibre-laser.docx", time="2024-03-05T10:00:00"),
        _record(2, "SharingRevoked", "reza@uni.no", "fibre-laser.docx", time="2024-03-06T09:30:00"),
        _record(3, "SharingSet", "wei@uni.no", "fibre-laser.docx", time="2024-03-07T10:00:00"),
        _record(4, "SharingRevoked", "wei@uni.no", "fibre-laser.docx", time="2024-03-06T10:00:00"),
    ])
    assert len(rows) == 2  # revocations are not grants
    reza, wei = rows
    assert reza["revoked"] and str(reza["revoked_at"]).startswith("2024-03-06 09:30")
    assert "access was revoked at 2024-03-06T09:30:00Z" in reza["reasons"][-1]
    assert reza["decision"] == "sanctions_review"  # access existed until the revocation
    assert not wei["revoked"]  # the revocation came before this grant: a re-grant stays open


def test_no_citizenship_value_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _decide_one(tmp_path, [_record(i, c["operation"], c["grantee"], c["file"]) for i, c in enumerate(CASES)])
    codes = re.compile(r"\b(NO|IR|US|DE|CN|UA)\b")
    assert not [r.getMessage() for r in caplog.records if codes.search(r.getMessage())]


# The rule ids are part of every decision (the ``rule`` of the JSON contract and the store):
# this is the documented order, first match wins (classifiers/grants/rules.py).
DOCUMENTED_RULES = [
    ("grantor_own_access", "no_licence_required"),
    ("sanctioned_citizenship", "sanctions_review"),
    ("sanctioned_connection", "sanctions_review"),
    ("upload_only", "no_licence_required"),
    ("classified_content", "licence_review"),
    ("unknown_recipient", "unknown_recipient"),
    ("norwegian_citizen", "no_licence_required"),
    ("content_not_screened", "content_not_screened"),
    ("content_unreadable", "content_not_screened"),
    ("content_exempt", "exempt"),
    ("no_listed_technology", "no_licence_required"),
    ("list_one_content", "licence_review"),
    ("eea_nato_exemption", "exempt"),
    ("listed_content", "licence_review"),
]


def test_rule_table_is_the_documented_list() -> None:
    assert [(r.id, r.outcome) for r in GRANT_RULES] == DOCUMENTED_RULES
    assert re.findall(r"\[``(\w+)``\]", rules_module.__doc__ or "") == [r.id for r in GRANT_RULES]
    assert {r.outcome for r in GRANT_RULES} == set(GRANT_OUTCOMES)


def test_adding_a_rule_is_one_row(tmp_path: Path) -> None:
    embargo = GrantRule("embargoed_file", "licence_review", when=pl.col("object_name") == "bees.txt",
                        reason=pl.lit("licence_review: the file is under embargo"))
    at = [r.id for r in GRANT_RULES].index("unknown_recipient")
    table = (*GRANT_RULES[:at], embargo, *GRANT_RULES[at:])
    records = [_record(1, "SharingSet", "wei@uni.no", "bees.txt"), _record(2, "SharingSet", "ali@uni.no", "bees.txt"),
               _record(3, "SharingSet", "wei@uni.no", "fibre-laser.docx")]
    rows = _decide_one(tmp_path, records, rules=table)
    assert [(r["decision"], r["rule"]) for r in rows] == [
        ("licence_review", "embargoed_file"), ("sanctions_review", "sanctioned_citizenship"),
        ("licence_review", "listed_content")]
    assert rows[0]["reasons"] == ["licence_review: the file is under embargo",
                                  "content: 1 file(s) matched (bees.txt), from the content folder; checked against "
                                  "II@test", "exporter: ola@uni.no (granted the access)"]
    assert rows[0]["needs_review"]
    assert [(r["decision"], r["rule"]) for r in _decide_one(tmp_path, records[:1])] == [
        ("no_licence_required", "no_listed_technology")]


def test_a_malformed_rule_table_is_refused() -> None:
    with pytest.raises(ValueError, match="exactly one catch-all row"):
        rule_chain(GRANT_RULES[:-1])
    with pytest.raises(ValueError, match="exactly one catch-all row"):
        rule_chain((GRANT_RULES[-1], *GRANT_RULES))
    with pytest.raises(ValueError, match="outcome 'approved' is not one of"):
        GrantRule("approve_all", "approved", reason=pl.lit("approved"))
