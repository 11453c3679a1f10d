"""People registers (issue 12, defect 9): rows of one person are merged, never dropped.

Through the installed command: a second row for kari@uni.no with another citizenship (IR) is
no longer dropped as a duplicate, so the grant to kari needs a sanctions review, and the merge
is reported with the rows and the e-mail but without citizenships; a person with an empty
citizenship field is an unknown recipient. Then Hypothesis builds registers of valid, invalid
and broken rows (several per person) and reads them in-process with the invariant: no
exception, every person once with every valid row's citizenships, the reading that leads to
review where rows disagree, every bad row quarantined at its line, no citizenship in a notice.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.shares.people import EXEMPT_ORGANISATIONS, ORGANISATION_TYPES, read_register
from tests.robustness.cli import Outcome

FUZZ = os.environ.get("EXPORTSCREEN_FUZZ") == "1"
HEADER = ["email", "citizenships", "organisation_type", "in_norway"]
EXPORT = """\
Resource Path,Item Type,Permission,User Name,User E-mail,User or Group Type,Link ID,Link Type,AccessViaLinkID
sites/Lab/Shared Documents/a.docx,docx,Edit,Kari,kari@uni.no,Guest,,,
sites/Lab/Shared Documents/b.docx,docx,Edit,Per,per@uni.no,Guest,,,
"""
CODE = re.compile(r"\b(NO|IR)\b")


def test_second_row_with_a_sanctioned_citizenship_is_merged_not_dropped(
    cli: Callable[..., Outcome], tmp_path: Path
) -> None:
    (tmp_path / "shares.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "email,citizenships,organisation_type,in_norway\n"
        "kari@uni.no,NO,university,yes\n"
        "per@uni.no,,university,yes\n"
        "Kari@Uni.no,IR,university,yes\n", encoding="utf-8")
    out = cli("shares", "scan", str(tmp_path / "shares.csv"), "--people", str(tmp_path / "people.csv"),
              "--format", "json", "--no-store")
    assert "Traceback" not in out.err, out.err
    assert out.code == 1, out.err  # grants need review, nothing quarantined
    document = json.loads(out.out)
    assert document["quarantined"] == []  # no "duplicate e-mail" row any more
    grants = {g["grantee"]: g for g in document["grants"]}
    kari, per = grants["kari@uni.no"], grants["per@uni.no"]
    assert (kari["decision"], kari["rule"]) == ("sanctions_review", "sanctioned_citizenship")
    notice = "rows 2, 4 are the same person (kari@uni.no) and were merged: the citizenships of every row are used"
    assert f"people register: {notice}" in kari["reasons"]
    assert document["summary"]["notices"] == [f"{tmp_path / 'people.csv'}: {notice}"]
    assert not CODE.search(json.dumps(document["summary"]["notices"]) + out.err)  # the notice names no citizenship
    assert (per["decision"], per["rule"]) == ("unknown_recipient", "unknown_recipient")
    assert "per@uni.no is in the people register but no citizenship is recorded" in per["reasons"][0]


# --- Hypothesis: generated registers through the reader, in-process --------------------------------

CODES = ("NO", "SE", "IR", "CN", "DE", "US")
YES, NO = ("yes", "Ja", "TRUE", "1", "y"), ("no", "Nei", "false", "0", "N")
ROW_KINDS = ("valid", "valid", "valid", "bad_code", "bad_type", "bad_bool", "no_email", "extra", "missing",
             "quote", "blank")


@dataclass
class Person:
    """What the register must give for one person."""

    lines: list[int] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    types: list[str] = field(default_factory=list)
    places: list[bool] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)


@dataclass
class Register:
    text: str
    people: dict[str, Person]
    bad: list[int]


def cell(value: str, sep: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in (sep, '"', "\n", "\r")) else value


@st.composite
def registers(draw: st.DrawFn) -> Register:
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(ROW_KINDS)), min_size=1, max_size=30))
    lines, bad = [sep.join(HEADER)], []
    people: dict[str, Person] = {}
    for at, (who, kind) in enumerate(rows, start=2):
        email = f"p{who}@uni.no"
        written = draw(st.sampled_from([email, email.upper(), f" {email} "]))
        codes = draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))
        org = draw(st.sampled_from(ORGANISATION_TYPES))
        place = draw(st.booleans())
        fields = [written, ";".join(codes), org, draw(st.sampled_from(YES if place else NO))]
        if kind == "bad_code":
            fields[1] = ";".join([*codes, "ZZ"])
        elif kind == "bad_type":
            fields[2] = "ministry"
        elif kind == "bad_bool":
            fields[3] = "maybe"
        elif kind == "no_email":
            fields[0] = "not-an-address"
        cells = [cell(f, sep) for f in fields]
        text = sep.join(cells)
        if kind == "extra":
            text = sep.join([*cells, "x", "y"])
        elif kind == "missing":
            text = sep.join(cells[:2])
        elif kind == "quote":
            text = sep.join([*cells[:2], '"' + cells[2], cells[3]])  # an opening quote never closed
        elif kind == "blank":
            text = ""
        lines.append(text)
        if kind == "blank":
            continue
        person = people.setdefault(email, Person())
        if kind == "valid":
            person.lines.append(at)
            person.codes |= set(codes)
            person.types.append(org)
            person.places.append(place)
            continue
        bad.append(at)
        if kind not in ("no_email", "quote"):  # the row still names the person: they are not fully known
            person.unread.append(at)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return Register(newline.join(lines) + newline, {e: p for e, p in people.items() if p.lines}, bad)


@settings(max_examples=2000 if FUZZ else 50, deadline=None, derandomize=not FUZZ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(), bom=st.booleans())
def test_generated_registers_merge_every_valid_row(register: Register, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_text(("\ufeff" if bom else "") + register.text, encoding="utf-8")
        read = read_register(path)  # must not raise
    got = {r["email"]: r for r in read.people.to_dicts()}
    assert set(got) == set(register.people)
    for email, want in register.people.items():
        row = got[email]
        assert row["citizenships"] == sorted(want.codes), email
        assert row["in_norway"] == all(want.places), email
        risky = [t for t in want.types if t not in EXEMPT_ORGANISATIONS]
        assert row["organisation_type"] == (risky or want.types)[0], email
        assert row["source_row"] == want.lines[0]
        assert (row["unread_rows"] or []) == want.unread, email
        note = row["register_note"]
        if len(want.lines) > 1:
            assert note.startswith(f"rows {', '.join(map(str, want.lines))} are the same person ({email})"), note
            assert not re.search(r"\b[A-Z]{2}\b", note), note  # no citizenship in a notice
        else:
            assert note is None
    assert sorted(q.row or 0 for q in read.quarantined) == register.bad
    assert all(q.reason and "\n" not in q.reason and "ZZ" not in q.reason for q in read.quarantined)
    assert len(read.notices) == sum(len(p.lines) > 1 for p in register.people.values())
