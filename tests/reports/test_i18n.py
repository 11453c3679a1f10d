"""The language people read: the gettext catalogs, the choice of language, and output in both.

The catalog tests fail when a string marked in code has no Norwegian translation, when a
translation loses or renames a ``{placeholder}`` (that would raise at run time in Norwegian only),
or when the compiled ``.mo`` no longer matches its ``.po`` (run ``make catalogs``). The output
tests go through the installed ``exportscreen`` command, in both languages, and the HTML through
headless Chromium.
"""

from __future__ import annotations

import gettext
import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from flows.settings import language
from reports.i18n import LOCALE_DIR, OUTCOME_NAMES, current_lang, outcome_name, set_lang, using_lang
from reports.i18n_extract import messages, template_messages
from tests.reports.test_reports import chromium
from tests.robustness.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("flows", "extractors", "classifiers", "itemlists", "reports")
PO = LOCALE_DIR / "nb" / "LC_MESSAGES" / "exportscreen.po"
MO = PO.with_suffix(".mo")
EXAMPLES = ROOT / "flows" / "examples"
FIELD = re.compile(r"\{(\w*)[^}]*\}")


def _marked() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found.update(message for _line, _function, message in messages(path.read_text(encoding="utf-8")))
    for template in (ROOT / "flows" / "web" / "templates").glob("*.html"):
        found.update(template_messages(template.read_text(encoding="utf-8")))
    return found


def _catalog() -> dict[str | tuple[str, ...], object]:
    with PO.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def test_every_marked_string_has_a_norwegian_translation() -> None:
    catalog = _catalog()
    marked = _marked()
    assert len(marked) > 150  # the extractor finds strings inside f-strings too
    untranslated = sorted(str(m) for m in marked if m not in catalog or not any(_strings(catalog[m])))
    assert not untranslated, f"no Norwegian for {untranslated[:5]}: run 'make catalogs' and translate them"
    fuzzy = sorted(str(k) for k, m in catalog.items() if getattr(m, "fuzzy", False))
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy[:5]}"
    obsolete = sorted(str(k) for k in catalog if k not in marked)
    assert not obsolete, f"translations of strings no longer in the code: {obsolete[:5]}: run 'make catalogs'"


def _strings(message: object) -> tuple[str, ...]:
    value = getattr(message, "string", "")
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def test_translations_keep_every_placeholder() -> None:
    for key, message in _catalog().items():
        sources = key if isinstance(key, tuple) else (key,)
        wanted = {name for source in sources for name in FIELD.findall(source)}
        for translated in _strings(message):
            assert set(FIELD.findall(translated)) <= wanted, (key, translated)
            if len(sources) == 1:  # a plural may leave the number out of one form; a plain string may not
                assert set(FIELD.findall(translated)) == wanted, (key, translated)


def test_the_compiled_catalog_matches_its_source() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for key, message in _catalog().items():
        if isinstance(key, tuple):
            assert compiled.ngettext(key[0], key[1], 1) == _strings(message)[0], f"{key}: run 'make catalogs'"
            assert compiled.ngettext(key[0], key[1], 2) == _strings(message)[1], f"{key}: run 'make catalogs'"
        else:
            assert compiled.gettext(key) == _strings(message)[0], f"{key!r} is stale in the .mo: run 'make catalogs'"


def test_every_outcome_has_a_distinct_name_in_each_language() -> None:
    for lang in ("en", "nb"):
        names = [outcome_name(code, lang) for code in OUTCOME_NAMES]
        assert len(set(names)) == len(names), lang
    assert outcome_name("review_required", "nb") == "Må vurderes"
    assert outcome_name("case_by_case", "nb") == "Vurderes konkret"
    assert outcome_name("exempt", "nb") == "Unntatt"
    assert outcome_name("no_such_code", "nb") == "no_such_code"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"EXPORTSCREEN_LANG": "nb"}, "nb"),
        ({"EXPORTSCREEN_LANG": "no"}, "nb"),
        ({"EXPORTSCREEN_LANG": "en", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nb"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"EXPORTSCREEN_LANG": "klingon"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_comes_from_the_setting_then_the_locale(environment: dict[str, str], expected: str) -> None:
    assert language(environment) == expected


def test_a_context_can_speak_another_language_than_the_process() -> None:
    assert current_lang() == "en"
    with using_lang("nb"):
        assert current_lang() == "nb" and outcome_name("exempt") == "Unntatt"
    assert current_lang() == "en" and outcome_name("exempt") == "Exempt"
    set_lang("nb")
    assert outcome_name("exempt") == "Unntatt"
    with pytest.raises(ValueError, match="not one of"):
        set_lang("de")


# ---------------------------------------------------------------- through the installed command


def test_terminal_report_in_both_languages(tmp_path: Path) -> None:
    manuscript = EXAMPLES / "fibre_laser_manuscript.pdf"
    english = run_cli(["screen", str(manuscript)], tmp_path / "en")
    assert english.code == 1, english.err
    assert "Licence review required (review_required)" in english.out and "Provision" in english.out
    assert "flag" in english.out and "Må vurderes" not in english.out
    # The option, the setting and a Norwegian locale each give Norwegian.
    for args, env in ((["--lang", "nb"], {}), ([], {"EXPORTSCREEN_LANG": "nb"}),
                      ([], {"EXPORTSCREEN_LANG": "", "LANG": "nb_NO.UTF-8"})):
        norsk = run_cli([*args, "screen", str(manuscript)], tmp_path / f"nb{len(args)}{len(env)}", env=env)
        assert norsk.code == 1, norsk.err
        assert "Må vurderes (review_required)" in norsk.out, (args, env)
        assert "Bestemmelse" in norsk.out and "Belegg" in norsk.out and "treff" in norsk.out
        assert "s. 1, samsvarte" in norsk.out and "Licence review required" not in norsk.out
    # JSON keeps its vocabulary whatever the language.
    data = json.loads(run_cli(["--lang", "nb", "screen", str(manuscript), "--format", "json"], tmp_path / "js").out)
    assert data["documents"][0]["decision"] == "review_required"
    assert data["documents"][0]["findings"][0]["level"] == "flag"


def test_review_commands_speak_norwegian_and_show_a_case_as_html(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(["screen", str(EXAMPLES / "fibre_laser_manuscript.pdf")], home).code == 1
    nb = {"EXPORTSCREEN_LANG": "nb"}
    queue = run_cli(["review", "list"], home, env=nb)
    assert queue.code == 0, queue.err
    header, row = queue.out.splitlines()[:2]
    assert re.split(r"\s{2,}", header.strip())[:3] == ["ID", "Status", "Skår"] and "Utfall av screening" in header
    assert "Åpen" in row and "Må vurderes" in row
    case = row.split()[0]
    decided = run_cli(["review", "decide", case, "--outcome", "licence_required", "--reason", "6A005 oppfylt",
                       "--reviewer", "kari"], home, env=nb)
    assert decided.out.strip() == f"sak {case}: Åpen -> Lisensplikt av kari", decided.err
    shown = run_cli(["review", "show", case], home, env=nb)
    assert f"Sak {case}:" in shown.out and "[Lisensplikt]" in shown.out and "Historikk:" in shown.out
    english = run_cli(["review", "show", case], home)
    assert f"Case {case}:" in english.out and "[Licence required]" in english.out
    page = tmp_path / "case.html"
    written = run_cli(["review", "show", case, "--format", "html", "--out", str(page)], home, env=nb)
    assert written.code == 0 and page.is_file(), written.err
    html = page.read_text(encoding="utf-8")
    assert '<html lang="nb">' in html
    assert "Saksstatus:" in html and "Lisensplikt" in html and "6A005 oppfylt" in html and "kari" in html
    assert "Avgjort «Lisensplikt» av kari" in html


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_reports_in_both_languages_in_headless_chromium(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for lang in ("en", "nb"):
        out = tmp_path / lang
        done = run_cli(["--lang", lang, "screen", str(EXAMPLES), "--format", "html", "--out", str(out)], home)
        assert done.code == 1, done.err
        text = _visible_text(out / "report.html", tmp_path / f"profile-{lang}")
        if lang == "nb":
            for words in ("Rapport fra eksportkontrollscreening", "Sammendrag", "Må vurderes", "Utfall:",
                          "Hva som flyttet skåren", "Ingen listeført teknologi", "Bestemmelse"):
                assert words in text, words
            assert "Summary" not in text and "Verdict:" not in text
        else:
            for words in ("Export-control screening report", "Summary", "Licence review required", "Verdict:",
                          "What moved the score", "No listed technology"):
                assert words in text, words


def _visible_text(page: Path, profile: Path) -> str:
    """The page's text as Chromium lays it out (the DOM after parsing, tags removed)."""
    command = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '<html lang="' in done.stdout[:80]
    return " ".join(re.sub(r"<[^>]+>", " ", done.stdout).split())


def test_one_long_pdf_shows_progress_by_page(tmp_path: Path) -> None:
    from tests.make_examples import write_pdf

    pdf = tmp_path / "long.pdf"
    write_pdf(pdf, [f"Page {n}. The survey asked residents about trust in their council." for n in range(1, 31)])
    # TTY_COMPATIBLE makes rich draw its progress bar although stderr is a pipe here.
    for lang, words in (("en", "Reading long.pdf: page"), ("nb", "Leser long.pdf: side")):
        done = run_cli(["--lang", lang, "screen", str(pdf)], tmp_path / lang, env={"TTY_COMPATIBLE": "1"})
        assert done.code == 0, done.err
        drawn = done.err.replace("\r", "\n")
        assert words in drawn and (" of 30" if lang == "en" else " av 30") in drawn, drawn[-500:]
