"""Regenerate the bundled demo documents in flows/examples (PDF and DOCX need generating).

Run: .venv/bin/python -m tests.make_examples
The texts are original, written for the demo: two describe listed technology above its
thresholds, one a project below them, two are ordinary research from other fields.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as DocxDocument
from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "flows" / "examples"

LASER_PAGES = [
    (
        "A 2 kW single-mode continuous wave fibre laser at 1070 nm\n\n"
        "Abstract. We report a continuous wave (CW) ytterbium-doped fibre laser that emits 2.1 kW of "
        "output power in a single transverse mode at a wavelength of 1070 nm. The oscillator and "
        "the main amplifier are built from large-mode-area double-clad fibre pumped by wavelength "
        "stabilised laser diodes at 976 nm."
    ),
    (
        "Methods. The fibre laser cavity is formed by two fibre Bragg gratings. We describe how the "
        "pump combiner was produced, how the gratings were written and how the output power of the "
        "laser was scaled from 500 W to 2.1 kW while keeping a beam quality M2 below 1.2. The "
        "wall-plug efficiency exceeded 35 %. These development and production details allow others "
        "to build the same non-tunable continuous wave laser."
    ),
]

BEES = (
    "Foraging behaviour of honey bee colonies in alpine meadows\n\n"
    "We followed twelve honey bee colonies through one summer. Drones left the hives in the "
    "afternoon while workers foraged on clover and heather. Colony weight, brood area and pollen "
    "loads were recorded weekly, and we relate them to flowering time and temperature. The "
    "results matter for beekeepers who move hives between lowland and mountain pastures."
)

SURVEY = [
    "Trust in local government after municipal mergers",
    "We surveyed 2,400 residents in eight merged municipalities about their trust in local "
    "councils. Respondents in peripheral villages reported lower trust than those in the new "
    "administrative centres. Interviews with council members point to longer travel to services "
    "and a feeling of being overlooked. We discuss what this means for future reforms.",
]


#: A grant application for the project-assessment demo (``exportscreen assess``), with its
#: partners file in flows/project_examples/partners/.
LASER_APPLICATION_PAGES = [
    (
        "Project description: KiloBeam - kilowatt single-mode fibre lasers for metal additive manufacturing\n\n"
        "Applicant: a Norwegian university (Department of Electronic Systems). Call: Research Council of "
        "Norway, Researcher Project for Technological Convergence, 2027-2031.\n\n"
        "Objectives. The project develops a continuous wave (CW) ytterbium-doped fibre laser that emits "
        "3 kW of output power in a single transverse mode at a wavelength of 1070 nm, with a beam quality "
        "M2 below 1.1 and a wall-plug efficiency above 30 %, for selective laser melting of titanium. "
        "Technology readiness is expected to reach TRL 6 in an industrial pilot."
    ),
    (
        "Work packages. WP1 large-mode-area fibre and pump combiner design (Friedrich Schiller University "
        "Jena). WP2 power scaling and suppression of transverse mode instability, in collaboration with "
        "Harbin Institute of Technology, whose two PhD candidates will spend a year in Trondheim and receive "
        "the amplifier designs and test data. WP3 process trials with an additive-manufacturing company. "
        "WP4 open publication of the results.\n\n"
        "Funding. The Research Council of Norway (NOK 16 million) and the university's own contribution. "
        "Harbin Institute of Technology covers the travel of its researchers."
    ),
]
HAVBRUK_APPLICATION = (
    "# Prosjektbeskrivelse: Sensorer for fiskevelferd i havbruk\n\n"
    "Prosjektet utvikler rimelige sensorer for oksygen, temperatur og svømmeatferd i merder for laks, "
    "og maskinlæringsmodeller som varsler oppdretteren om dårlig fiskevelferd.\n\n"
    "## Samarbeid\n"
    "Prosjektet gjennomføres i samarbeid med Ocean University of China, som bidrar med data fra "
    "oppdrett av storvokst gulfisk, og Havforskningsinstituttet. Finansiering fra Forskningsrådet "
    "(Havbruk) og egenandel fra partnerne.\n"
)


def write_pdf(path: Path, pages: list[str]) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


def write_docx(path: Path, paragraphs: list[str]) -> None:
    doc = DocxDocument()
    doc.add_heading(paragraphs[0], level=1)
    for para in paragraphs[1:]:
        doc.add_paragraph(para)
    doc.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_pdf(OUT / "fibre_laser_manuscript.pdf", LASER_PAGES)
    write_docx(OUT / "municipal_trust_survey.docx", SURVEY)
    (OUT / "honey_bee_foraging.txt").write_text(BEES + "\n", encoding="utf-8")
    projects = OUT.parent / "project_examples" / "applications"
    projects.mkdir(parents=True, exist_ok=True)
    write_pdf(projects / "kilobeam_application.pdf", LASER_APPLICATION_PAGES)
    (projects / "havbruk_sensorer.md").write_text(HAVBRUK_APPLICATION, encoding="utf-8")


if __name__ == "__main__":
    main()
