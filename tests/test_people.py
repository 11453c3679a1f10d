"""The people register: formats, validation, quarantine reasons without citizenship values."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from extractors.people import PEOPLE_SCHEMA, read_people
from tests.benchmarks.gen_purview import write_people_csv

FIXTURES = Path(__file__).parent / "fixtures" / "shares"


def test_csv_register_valid_rows() -> None:
    people, _ = read_people(FIXTURES / "people_register.csv")
    assert dict(people.schema) == PEOPLE_SCHEMA
    by_email = {r["email"]: r for r in people.to_dicts()}
    assert by_email["kari@uni.no"]["citizenships"] == ["NO"]
    assert by_email["ali.rezaei@ut.ac.ir"] == {
        "email": "ali.rezaei@ut.ac.ir", "citizenships": ["IR", "NO"], "organisation_type": "research_institute",
        "in_norway": True, "source_row": 5}
    assert by_email["anna.schmidt@fau.de"]["organisation_type"] == "health_enterprise"


CASES = [
    (7, "'citizenships' has an unknown ISO 3166-1 alpha-2 code (position 2)"),
    (8, "'organisation_type' is not one of university, college"),
    (9, "'in_norway' is not yes/no/true/false/1/0"),
    (10, "'email' is empty or not an e-mail address"),
    (11, "duplicate e-mail; the person's first row is used"),
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
