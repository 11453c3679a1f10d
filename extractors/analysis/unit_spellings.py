"""How units are written: prefix and base symbols, other units, words, and the lookup tables.

:data:`SYMBOLS` maps a written symbol (case-sensitive) and :data:`WORDS` a written word (lower
case) to the canonical symbol :mod:`extractors.analysis.units` works with. The tables only say
how units are spelled; conversion factors come from pint (:data:`SPECIAL` and :data:`BASES` give
the pint names).
"""

from __future__ import annotations

import re

# fmt: off
#: Prefix symbol -> pint prefix name (spelling only; pint supplies the factors).
PREFIXES = {
    "f": "femto", "p": "pico", "n": "nano", "µ": "micro", "m": "milli", "c": "centi",
    "k": "kilo", "M": "mega", "G": "giga", "T": "tera", "P": "peta", "E": "exa",
}
# fmt: on

# symbol, pint name, prefixes allowed in front of it (a short list keeps false hits down:
# "Es" is einsteinium in the annex, not exaseconds).
BASES = """
m meter nµmckpf|g gram µmk|s second fpnµm|Hz hertz kMGT|W watt nµmkMGT|J joule nµmkM
Pa pascal µmkMG|K kelvin mµ|V volt nµmkM|A ampere pnµmk|T tesla fpnµm|eV electron_volt kMGT
bit bit kMGT|byte byte kMGT|rad radian nµm|Gy gray mkM|Bq becquerel kMGT|Ci curie mµk
N newton mkM|Ω ohm mkM|F farad pnµm|H henry nµm|Torr torr m|bar bar mk|Gal galileo mµ
Wh watt_hour mkMG|SPS SPS kMGT|FLOPS FLOPS kMGTPE|L liter mµ
"""

# fmt: off
# canonical symbol -> pint expression, for units outside the prefix scheme.
SPECIAL = {
    "min": "minute", "h": "hour", "d": "day", "t": "tonne", "°": "degree", "°C": "degC",
    "°F": "degF", "arcsec": "arcsecond", "arcmin": "arcminute", "%": "percent",
    "ppm": "ppm", "ppb": "ppb", "‰": "permille", "kn": "knot", "nmi": "nautical_mile",
    "lb": "pound", "psi": "psi", "atm": "atmosphere", "rpm": "revolutions_per_minute",
    "dB": "", "dBc": "", "dBi": "", "dBm": "dBm", "dBW": "dBW", "√Hz": "hertz ** 0.5",
    "√h": "hour ** 0.5",
    "km/h": "kilometer / hour",
    # Absorbed dose in rad (0.01 Gy), as radiation-hardness papers write it ("10 Mrad(Si)");
    # "mrad" stays a milliradian, and nobody writes kilo- or megaradians.
    "krad(Si)": "kilodose_rad", "Mrad(Si)": "megadose_rad", "krad": "kilodose_rad", "Mrad": "megadose_rad",
}
# fmt: on

#: Other written symbols (case-sensitive) -> canonical symbol: sample rates as data sheets
#: write them ("2.5 GS/s", "500 MSa/s"; lower-case "ms/s" would be milliseconds per second).
_ALIASES = {
    f"{prefix}{written}": f"{prefix}SPS"
    for prefix in ("", "k", "M", "G", "T")
    for written in ("S/s", "Sa/s", "sa/s", "Sample/s", "Samples/s", "sample/s", "samples/s")
}

# Written words (lower case) -> canonical symbol. Plurals are added by _word_table().
_WORDS = """
micron:µm|minute:min|min:min|minutter:min|hour:h|hr:h|timer:h|day:d|døgn:d|tonne:t|tonn:t
ton:t|kilo:kg|degree:°|deg:°|grader:°|degrees c:°C|degrees celsius:°C|degree celsius:°C
celsius:°C|grader c:°C|grader celsius:°C|°c:°C|℃:°C|ºc:°C|oc:°C|fahrenheit:°F|°f:°F
arc second:arcsec|arc-second:arcsec|arcsecond:arcsec|arcsec:arcsec|″:arcsec
arc minute:arcmin|arc-minute:arcmin|arcminute:arcmin|arcmin:arcmin|′:arcmin|percent:%
per cent:%|prosent:%|%:%|ppm:ppm|ppb:ppb|per mil:‰|per mille:‰|permille:‰|promille:‰|‰:‰
knot:kn|knop:kn|nautical mile:nmi|kph:km/h|lb:lb|lbs:lb|pound:lb|psi:psi|atm:atm
atmosphere:atm|rpm:rpm|r.p.m.:rpm|revolutions per minute:rpm|rev/min:rpm|ohm:Ω|litre:L
liter:L|millilitre:mL|milliliter:mL|ml:mL|square millimetre:mm²|square millimeter:mm²
square centimetre:cm²|square centimeter:cm²|square metre:m²|square meter:m²|mbps:Mbit/s
cubic metre:m³|cubic meter:m³|cubic centimetre:cm³|cubic centimeter:cm³|gbps:Gbit/s
gb/s:Gbit/s|mb/s:Mbit/s|tb/s:Tbit/s|sps:SPS|msps:MSPS|gsps:GSPS|ksps:kSPS|bits:bit
ohm cm:Ω·cm|ohm-cm:Ω·cm|atom %:%|at.%:%|at. %:%|at%:%|wt%:%|wt.%:%|wt. %:%|wt %:%|vol%:%
vol.%:%|mol%:%|mns:MN·s|kns:kN·s|ns/kg:N·s/kg
giga samples per second:GSPS|mega samples per second:MSPS|samples per second:SPS
megasamples per second:MSPS|gigasamples per second:GSPS
"""
# Word stems that take a prefix word ("nanometre", "mikrosekunder").
_STEMS = """metre:m|meter:m|watt:W|hertz:Hz|second:s|sekund:s|joule:J|gram:g|pascal:Pa
kelvin:K|volt:V|ampere:A|amp:A|tesla:T|radian:rad|bar:bar|gray:Gy|newton:N|electronvolt:eV"""
# fmt: off
_PREFIX_WORDS = {
    "": "", "femto": "f", "pico": "p", "nano": "n", "micro": "µ", "mikro": "µ", "milli": "m",
    "centi": "c", "kilo": "k", "mega": "M", "giga": "G", "tera": "T",
}
# fmt: on


def _symbol_table() -> dict[str, str]:
    """Written symbol (case-sensitive) -> (canonical symbol); µ also as "u" and Greek "μ"."""
    table: dict[str, str] = {}
    for entry in re.split(r"[|\n]", BASES.strip()):
        symbol, _, prefixes = entry.split()
        for prefix in ["", *prefixes]:
            canonical = prefix + symbol
            table[canonical] = canonical
            if prefix == "µ":
                table["u" + symbol] = table["μ" + symbol] = canonical
    for symbol in SPECIAL:
        table[symbol] = symbol
    return table | _ALIASES


def _word_table() -> dict[str, str]:
    """Written word (lower case) -> canonical symbol, with plurals (en "s", nb "er")."""
    pairs = [p.split(":") for p in re.split(r"[|\n]", _WORDS.strip())]
    for stem in re.split(r"[|\n]", _STEMS.strip()):
        word, symbol = stem.split(":")
        pairs += [[p + word, q + symbol] for p, q in _PREFIX_WORDS.items() if q + symbol in SYMBOLS]
    table: dict[str, str] = {}
    for word, symbol in pairs:
        table[word] = symbol
        if word[-1].isalpha() and word not in ("kilo", "min", "psi"):
            table.setdefault(word + "s", symbol)
            table.setdefault(word + "er", symbol)
    table["hertzs"] = table.pop("hertzs", "Hz")
    return table


SYMBOLS = _symbol_table()
WORDS = _word_table()
