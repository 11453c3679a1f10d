"""``make bench`` row: entity-list import and matching at the size of a real sanctions list.

OpenSanctions' default collection holds a few hundred thousand organisations with their
aliases. This generates a plain entity list of ``--entities`` organisations (two aliases each,
invented names from a fixed seed), imports it, builds the alias table, and matches the
partners and the text of one project, as ``assess`` does. Reports seconds and peak memory
(resident set size) per step.

    python -m tests.benchmarks.bench_entities [--entities 200000]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from itemlists.entities.match import alias_table, match_names, mentions
from itemlists.entities.store import EntityStore

WORDS = ("Northern", "Precision", "Optics", "Institute", "Technology", "University", "Engineering", "Research",
         "Aerospace", "Photonics", "Materials", "Systems", "Defence", "Electronics", "Academy", "Physics",
         "Chemical", "Industrial", "Marine", "Nuclear", "Ural", "Volga", "Harbin", "Caspian", "Eastern", "Central")
COUNTRIES = ("RU", "IR", "CN", "BY", "KP", "SY")
TEXT = ("The project is carried out in collaboration with the Volga Photonics Institute of Technology and "
        "Caspian Advanced Materials Research Academy, with two PhD candidates from NUDT.")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write("name,country,aliases,list\n")
        for n in range(count):
            name = " ".join(rng.sample(WORDS, 4)) + f" {n}"
            acronym = "".join(w[0] for w in name.split()[:4]) + str(n % 97)
            out.write(f"{name},{rng.choice(COUNTRIES)},{acronym};{name.upper()} LLC,BENCH\n")


def main() -> None:
    """Generate, import, index and match; print one line per step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.csv"
        _write(source, args.entities)
        store = EntityStore(Path(tmp) / "entities")
        steps = []
        start = time.perf_counter()
        store.import_file(source, "BENCH", "1")
        steps.append(("import", time.perf_counter() - start))
        start = time.perf_counter()
        aliases = alias_table(store.frame())
        steps.append((f"alias table ({aliases.height} names)", time.perf_counter() - start))
        start = time.perf_counter()
        match_names(["Volga Photonics Institute of Technology", "University of Oslo", "Harbin Inst. of Technology",
                     "Fraunhofer ILT", "NUDT"], aliases)
        steps.append(("match 5 partner names", time.perf_counter() - start))
        start = time.perf_counter()
        mentions([TEXT] * 60, aliases)
        steps.append(("find names in 60 sentences (first project)", time.perf_counter() - start))
        start = time.perf_counter()
        mentions([TEXT.replace("Volga", "Kama")] * 60, aliases)
        steps.append(("find names in 60 sentences (next project)", time.perf_counter() - start))
    print(f"entity lists: {args.entities} organisations (2 cores; peak RSS {_rss_mb():.0f} MB)")
    for label, seconds in steps:
        print(f"  {label:40s} {seconds:7.2f} s")


if __name__ == "__main__":
    main()
