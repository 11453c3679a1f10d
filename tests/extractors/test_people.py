"""The people register: formats, validation, merged rows, quarantine reasons without citizenship values."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import polars as pl
import pytest

from extractors.shares.people import PEOPLE_SCHEMA, read_people, read_register
from tests.benchmarks.gen_purview import write_people_csv
from tests.paths import FIXTURES

FIXTURES = FIXTURES / "shares"


def test_csv_register_valid_rows() -> None:
    people, _ = read_people(FIXTURES / "people_register.csv")
    assert dict(people.schema) == PEOPLE_SCHEMA
    by_email = {r["email"]: r for r in people.to_dicts()}
    assert by_email["kari@uni.no"]["citizenships"] == ["NO", "SE"]  # rows 2 and 11 merged
    assert by_email["ali.rezaei@ut.ac.ir"] == {
        "email": "ali.rezaei@ut.ac.ir", "citizenships": ["IR", "NO"], "organisation_type": "research_institute",
        "in_norway": True, "source_row": 5, "register_note": None, "unread_rows": None}
    assert by_email["anna.schmidt@fau.de"]["organisation_type"] == "health_enterprise"


CASES = [
    (7, "'citizenships' has an unknown ISO 3166-1 alpha-2 code (position 2)"),
    (8, "'organisation_type' is not one of university, college"),
    (9, "'in_norway' is not yes/no/true/false/1/0"),
    (10, "'email' is empty or not an e-mail address"),
]


@pytest.mark.parametrize(("row", "reason"), CASES)
def test_bad_rows_are_quarantined(row: int, reason: str) -> None:
    _, quarantined = read_people(FIXTURES / "people_register.csv")
    assert reason in {q.row: q.reason for q in quarantined}[row]


def test_reasons_never_contain_citizenship_values() -> None:
    _, quarantined = read_people(FIXTURES / "people_register.csv")
    assert not any(code in q.reason for q in quarantined for code in ("ZZ", "SE", "US"))


def test_excel_semicolon_bom_and_guest_upn() -> None:
    people, quarantined = read_people(FIXTURES / "people_excel.csv")
    assert quarantined == []
    assert people.select("email", "citizenships").rows() == [("kari@uni.no", ["NO"]), ("john@mit.edu", ["GB", "US"])]


def test_json_register_with_lists() -> None:
    people, quarantined = read_people(FIXTURES / "people_register.json")
    assert quarantined == [] and people["citizenships"].to_list() == [["DE", "NO"], ["RU"]]


def test_missing_column_missing_file_and_not_a_register(tmp_path: Path) -> None:
    no_column = tmp_path / "people.csv"
    no_column.write_text("email,citizenships,in_norway\nkari@uni.no,NO,yes\n")
    _, q1 = read_people(no_column)
    _, q2 = read_people(tmp_path / "absent.csv")
    _, q3 = read_people(FIXTURES / "purview_api.jsonl")
    assert "missing required column(s) 'organisation_type'" in q1[0].reason
    assert "no such file" in q2[0].reason
    assert "no record has the required key(s)" in q3[-1].reason


def test_nothing_is_logged_about_citizenship(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    read_people(FIXTURES / "people_register.csv")
    assert "IR" not in caplog.text and "CN" not in caplog.text


def test_generated_register(tmp_path: Path) -> None:
    people, quarantined = read_people(write_people_csv(tmp_path / "people.csv", 1_000))
    assert people.height == 1_000 and quarantined == []
    assert people["email"].str.contains("[A-Z]").sum() == 0


def _register(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("email,citizenships,organisation_type,in_norway\n" + text, encoding="utf-8")
    return path


def test_rows_of_one_person_are_merged_and_reported_without_citizenships(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = _register(tmp_path, "kari@uni.no,NO,university,yes\nper@uni.no,SE,college,yes\n"
                               "KARI@uni.no,IR,university,yes\n")
    register = read_register(path)
    assert register.quarantined == []
    kari = register.people.filter(pl.col("email") == "kari@uni.no").to_dicts()[0]
    assert (kari["citizenships"], kari["source_row"]) == (["IR", "NO"], 2)
    note = "rows 2, 4 are the same person (kari@uni.no) and were merged: the citizenships of every row are used"
    assert kari["register_note"] == note
    assert register.notices == [f"{path}: {note}"]
    assert note in caplog.text
    assert not re.search(r"\b[A-Z]{2}\b", caplog.text + note)  # no citizenship in a notice or the log


def test_conflicting_rows_take_the_reading_that_leads_to_review(tmp_path: Path) -> None:
    path = _register(tmp_path, "kari@uni.no,NO,university,yes\nkari@uni.no,,company,no\nkari@uni.no,DE,other,yes\n")
    kari = read_register(path).people.to_dicts()[0]
    assert (kari["organisation_type"], kari["in_norway"], kari["citizenships"]) == ("company", False, ["DE", "NO"])
    note = kari["register_note"]
    assert "disagree on organisation_type, so the reading that leads to review is used (company)" in note
    assert "disagree on in_norway, so the reading that leads to review is used (not in Norway)" in note


def test_empty_citizenship_is_unknown_and_unread_rows_are_kept(tmp_path: Path) -> None:
    path = _register(tmp_path, "per@uni.no,,university,yes\nkari@uni.no,NO,university,yes\n"
                               "kari@uni.no,ZZ,university,yes\n")
    register = read_register(path)
    rows = {r["email"]: r for r in register.people.to_dicts()}
    assert rows["per@uni.no"]["citizenships"] == []
    assert rows["kari@uni.no"]["unread_rows"] == [4] and [q.row for q in register.quarantined] == [4]


def test_bad_csv_row_is_quarantined_with_its_line(tmp_path: Path) -> None:
    path = _register(tmp_path, "kari@uni.no,NO,university,yes\nper@uni.no,SE,college,yes,extra,extra\n"
                               "ola@uni.no,NO,university,yes\n")
    people, quarantined = read_people(path)
    assert people["email"].to_list() == ["kari@uni.no", "ola@uni.no"]
    assert [(q.row, "6 fields where the header has 4 (2 extra)" in q.reason) for q in quarantined] == [(3, True)]
