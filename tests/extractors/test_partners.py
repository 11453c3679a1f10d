"""Partners files: countries as people write them, Norwegian headers, and rows quarantined with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.projects.countries import country_mentions, resolve_country
from extractors.projects.partners import read_partners, role_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


@pytest.mark.parametrize(("written", "code"), [
    ("CN", "CN"), ("chn", "CN"), ("Kina", "CN"), ("China", "CN"), ("Russland", "RU"), ("Russian Federation", "RU"),
    ("Iran", "IR"), ("Iran, Islamic Republic of", "IR"), ("USA", "US"), ("United States", "US"), ("Sveits", "CH"),
    ("Tyskland", "DE"), ("Storbritannia", "GB"), ("Sør-Korea", "KR"), ("South Korea", "KR"), ("Nord-Korea", "KP"),
    ("Hviterussland", "BY"), ("  norge ", "NO"), ("Türkiye", "TR"),
    ("Mosambik", "MZ"), ("Elfenbenskysten", "CI"), ("Den russiske føderasjon", "RU"),  # pycountry's bokmål names
    ("Atlantis", None), ("", None), ("Europe", None), ("Moskva", None),  # a city is not a country
])
def test_countries_resolve_from_codes_and_english_or_norwegian_names(written: str, code: str | None) -> None:
    assert resolve_country(written) == code


@pytest.mark.parametrize(("text", "codes"), [
    ("Prosjektet gjennomføres i samarbeid med et universitet i Iran og russiske gjesteforskere.", ["IR", "RU"]),
    ("We work with Chinese partners and the University of Tehran.", ["CN", "IR"]),
    ("Our partners in the US and Germany.", ["US", "DE"]),
    ("Let us use fine china and french fries.", []),
    ("Den kinesiske partneren og to iranere.", ["CN", "IR"]),
    ("An island off Turkey and Jordan.", []),
    ("Feltarbeidet ledes av et universitet i Maputo, Mosambik.", ["MZ"]),
    ("Prosjektet dekker reiser for de sentralafrikanske deltakerne.", ["CF"]),
])
def test_countries_named_in_text(text: str, codes: list[str]) -> None:
    assert [m.code for m in country_mentions(text)] == codes


def test_bad_rows_are_quarantined_with_their_reason_and_still_returned() -> None:
    read = read_partners(FIXTURES / "partners_bad_rows.csv")
    rows = read.partners.select("organisation", "country_code", "role", "source_row").rows()
    assert rows == [("NTNU", "NO", "host", 2), ("Sharif University", "IR", "partner", 3),
                    ("Harbin Inst. of Technology", "CN", "partner", 4), ("Atlantis Institute", None, "partner", 5),
                    (None, "DE", "partner", 6), ("TU Delft", "NL", "boss", 7)]
    reasons = {q.row: q.reason for q in read.quarantined}
    assert reasons == {
        5: "'country' 'Atlantis' is not a country code or name known here; write an ISO code such as CN or a name "
           "such as 'Kina' (the partner is treated as outside EEA/NATO until then)",
        6: "'organisation' is empty; fill in the partner's name",
        7: "'role' 'boss' is not one of partner, subcontractor, funder, host, visiting",
    }
    assert "contact" not in read.partners.columns  # no rule needs it: not kept


def test_norwegian_headers_and_roles_and_semicolons() -> None:
    read = read_partners(FIXTURES / "partners_norwegian_headers.csv")
    assert read.quarantined == []
    assert read.partners.select("organisation", "country_code", "role").rows() == [
        ("Universitetet i Bergen", "NO", "host"), ("Ocean University of China", "CN", "partner"),
        ("Kiel University", "DE", "subcontractor")]


def test_the_research_councils_form_roles_are_read(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text("organisation,country,role\nSINTEF,NO,Project owner\nNTNU,NO,R&D partner\n"
                    "Equinor,NO,User partner\nKripos,NO,End user\nOslo kommune,NO,Brukerpartner\n"
                    "Lyse,NO,FoU-partner\n", encoding="utf-8")
    read = read_partners(path)
    assert read.quarantined == []
    assert read.partners["role"].to_list() == ["host", "partner", "partner", "partner", "partner", "partner"]


@pytest.mark.parametrize(("written", "role"), [
    ("applicant institution", "host"), ("applicant / project owner", "host"), ("søker/prosjektansvarlig", "host"),
    ("industripartner", "partner"), ("akademisk partner", "partner"), ("partner (own funds)", "partner"),
    ("industry partner and main funder", "funder"), ("brukerpartner og medfinansiør", "funder"),
    ("boss", None),
])
def test_roles_as_application_forms_write_them(written: str, role: str | None) -> None:
    """A row that funds is a funder (its name is checked as a source of money); an unknown role is None."""
    assert role_of(written) == role


@pytest.mark.parametrize(("name", "message"), [
    ("partners_no_columns.csv", "missing required column(s) 'organisation', 'country', 'role' (found 'firm', "
                                 "'where'); a partners file needs the columns organisation,country,role"),
    ("no_such_file.csv", "no such partners file; check the --partners path"),
])
def test_an_unreadable_file_is_one_quarantine_record(name: str, message: str) -> None:
    read = read_partners(FIXTURES / name)
    assert read.partners.is_empty()
    assert len(read.quarantined) == 1 and read.quarantined[0].row is None
    assert message in read.quarantined[0].reason
