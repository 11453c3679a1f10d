r"""Render siunitx macros and inline math as the plain text a reader sees.

``\SI{2.1}{\kilo\watt}`` and ``\qty{2.1}{\kilo\watt}`` become ``2.1 kW``,
``\num{3e-5}`` becomes ``3×10^-5`` and ``$2.1\,\mathrm{kW}$`` becomes ``2.1 kW``, so the
quantity extractor finds numbers with units in LaTeX as it does in PDF text.
"""

from __future__ import annotations

import re

_PREFIXES = {
    "quecto": "q", "ronto": "r", "yocto": "y", "zepto": "z", "atto": "a", "femto": "f",
    "pico": "p", "nano": "n", "micro": "µ", "milli": "m", "centi": "c", "deci": "d",
    "deca": "da", "deka": "da", "hecto": "h", "kilo": "k", "mega": "M", "giga": "G",
    "tera": "T", "peta": "P", "exa": "E", "zetta": "Z", "yotta": "Y", "ronna": "R",
    "quetta": "Q",
}
_UNITS = {
    "metre": "m", "meter": "m", "gram": "g", "kilogram": "kg", "second": "s", "ampere": "A",
    "kelvin": "K", "mole": "mol", "candela": "cd", "hertz": "Hz", "newton": "N",
    "pascal": "Pa", "joule": "J", "watt": "W", "coulomb": "C", "volt": "V", "farad": "F",
    "ohm": "Ω", "siemens": "S", "weber": "Wb", "tesla": "T", "henry": "H",
    "degreeCelsius": "°C", "celsius": "°C", "lumen": "lm", "lux": "lx", "becquerel": "Bq",
    "gray": "Gy", "sievert": "Sv", "katal": "kat", "radian": "rad", "steradian": "sr",
    "percent": "%", "degree": "°", "arcminute": "′", "arcsecond": "″", "decibel": "dB",
    "bel": "B", "neper": "Np", "electronvolt": "eV", "dalton": "Da", "atomicmassunit": "u",
    "litre": "L", "liter": "L", "hour": "h", "minute": "min", "day": "d", "hectare": "ha",
    "tonne": "t", "angstrom": "Å", "bar": "bar", "barn": "b", "knot": "kn",
    "nauticalmile": "M", "mmHg": "mmHg", "byte": "B", "bit": "bit", "astronomicalunit": "au",
    "clight": "c", "elementarycharge": "e",
}
_POWERS = {"squared": "²", "cubed": "³"}
_PRE_POWERS = {"square": "²", "cubic": "³"}

_SYMBOLS = {
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "mu": "µ", "Omega": "Ω", "omega": "ω",
    "alpha": "α", "beta": "β", "gamma": "γ", "Gamma": "Γ", "delta": "δ", "Delta": "Δ",
    "epsilon": "ε", "varepsilon": "ε", "eta": "η", "theta": "θ", "kappa": "κ",
    "lambda": "λ", "Lambda": "Λ", "nu": "ν", "pi": "π", "rho": "ρ", "sigma": "σ",
    "Sigma": "Σ", "tau": "τ", "phi": "φ", "varphi": "φ", "Phi": "Φ", "chi": "χ", "psi": "ψ",
    "Psi": "Ψ", "xi": "ξ", "zeta": "ζ", "circ": "°", "degree": "°", "le": "≤", "leq": "≤",
    "leqslant": "≤", "ge": "≥", "geq": "≥", "geqslant": "≥", "lt": "<", "gt": ">",
    "approx": "≈", "sim": "~", "simeq": "≃", "ll": "≪", "gg": "≫", "neq": "≠", "ne": "≠",
    "infty": "∞", "to": "→", "rightarrow": "→", "propto": "∝", "partial": "∂",
    "hbar": "ħ", "ell": "ℓ", "prime": "′", "percent": "%",
}
_TEXT_WRAPPERS = re.compile(
    r"\\(?:mathrm|text|textrm|mathit|mathbf|mathsf|mathtt|mathcal|operatorname|mbox|textit|"
    r"textbf|boldsymbol|mathbb|mathup|up|unit|si)\s*\{([^{}]*)\}"
)
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"([\^_])\s*\{([^{}]*)\}")
_MATH_SPACE = re.compile(r"\\[,;:> ]|~|\\quad|\\qquad")
_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_OPTIONS = r"(?:\s*\[[^\[\]]*\])?"
_ARG = r"\s*\{([^{}]*)\}"
_UNIT_ARG = r"\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
_QUANTITY = re.compile(r"\\(?:SI|qty)" + _OPTIONS + _ARG + _OPTIONS + _UNIT_ARG)
_QUANTITY_RANGE = re.compile(r"\\(?:SIrange|qtyrange)" + _OPTIONS + _ARG + _ARG + _UNIT_ARG)
_NUMBER_RANGE = re.compile(r"\\numrange" + _OPTIONS + _ARG + _ARG)
_NUMBER = re.compile(r"\\num" + _OPTIONS + _ARG)
_UNIT_ONLY = re.compile(r"\\(?:si|unit)" + _OPTIONS + _UNIT_ARG)
_ANGLE = re.compile(r"\\ang" + _OPTIONS + _ARG)
_EXPONENT = re.compile(r"^([+-]?[\d.,]*\d)\s*[eEdD]\s*([+-]?\d+)$")
_UNIT_TOKEN = re.compile(r"\\([a-zA-Z]+)(?:\s*\{([^{}]*)\})?|\^\s*\{?([^{}\s]+)\}?|([^\\^]+)")


def render_siunitx(text: str) -> str:
    r"""Replace siunitx macros (``\SI``, ``\qty``, ranges, ``\num``, ``\si``, ``\unit``)."""
    text = _QUANTITY_RANGE.sub(
        lambda m: f"{number(m[1])} {unit(m[3])} to {number(m[2])} {unit(m[3])}", text
    )
    text = _QUANTITY.sub(lambda m: f"{number(m[1])} {unit(m[2])}".rstrip(), text)
    text = _NUMBER_RANGE.sub(lambda m: f"{number(m[1])} to {number(m[2])}", text)
    text = _NUMBER.sub(lambda m: number(m[1]), text)
    text = _UNIT_ONLY.sub(lambda m: unit(m[1]), text)
    return _ANGLE.sub(lambda m: f"{number(m[1])}°", text)


def number(raw: str) -> str:
    r"""Render a siunitx number: ``3e-5`` -> ``3×10^-5``, ``1.5\times10^{3}`` -> ``1.5×10^3``."""
    raw = raw.strip()
    match = _EXPONENT.match(raw.replace(" ", ""))
    if match:
        mantissa, exponent = match.groups()
        return f"{mantissa}×10^{exponent.lstrip('+')}"
    return math_to_text(raw)


def unit(raw: str) -> str:
    r"""Render a siunitx unit: ``\kilo\watt\per\square\metre`` -> ``kW/m²``."""
    out: list[str] = []
    prefix = pre_power = ""
    after_unit = False  # a unit written right after another one is joined with "·"
    for macro, argument, power, literal in _UNIT_TOKEN.findall(raw):
        if power or macro in ("tothe", "raiseto"):
            out.append(f"^{power or argument}")
        elif literal:
            out.append(literal.replace("~", "·").replace(".", "·").strip())
            after_unit = True
        elif macro in _PREFIXES:
            prefix += _PREFIXES[macro]
        elif macro in _PRE_POWERS:
            pre_power = _PRE_POWERS[macro]
        elif macro in _POWERS:
            out.append(_POWERS[macro])
        elif macro == "per":
            out.append("/")
            after_unit = False
        elif macro in _UNITS or macro in _SYMBOLS:
            symbol = _UNITS.get(macro) or _SYMBOLS[macro]
            out.append(("·" if after_unit else "") + prefix + symbol + pre_power)
            prefix = pre_power = ""
            after_unit = True
    return "".join(out).strip("·")


def _unwrapped(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    return ("{}" if before.isalpha() else "") + match[1]


#: Inline math in prose that is not LaTeX source (an arXiv abstract pasted as text, Markdown):
#: on one line, with a command ("\sqrt") or a numeric power ("10^{-4}") inside, so "$5 and
#: $10" and a shell's "${HOME} ... $PATH" stay as written.
_PROSE_MATH = re.compile(
    r"(?<![\\$])\$(?!\$)([^$\n]{0,300}?(?:\\[a-zA-Z]|\^\{?[-−]?\d)[^$\n]{0,300}?)(?<!\\)\$(?!\$)"
    r"|\\\(([^\n]{1,300}?)\\\)"
)


def prose_math_to_text(text: str) -> str:
    r"""Inline LaTeX math in a text or Markdown file as text: ``15 fT/$\sqrt{\mbox{Hz}}$`` -> ``15 fT/√Hz``."""
    if "$" not in text and "\\(" not in text:
        return text
    return _PROSE_MATH.sub(lambda m: math_to_text(m[1] or m[2] or ""), text)


def math_to_text(math: str) -> str:
    r"""Render simple inline math as text: ``2.1\,\mathrm{kW}`` -> ``2.1 kW``.

    Greek letters and relations become their Unicode symbols, ``\frac{a}{b}`` becomes
    ``a/b`` and ``10^{-5}`` becomes ``10^-5``; other commands are dropped.
    """
    text = _MATH_SPACE.sub(" ", math).replace("\\!", "")
    for _ in range(10):  # innermost groups first; nesting deeper than this is not prose
        # "\mu\mbox{T}": the unwrapped "T" must not run into the command before it ("\muT").
        changed = _TEXT_WRAPPERS.sub(_unwrapped, text)
        changed = _FRAC.sub(r"\1/\2", changed)
        changed = _SQRT.sub(r"√\1", changed)
        changed = _SCRIPT.sub(r"\1\2", changed)
        if changed == text:
            break
        text = changed
    text = _COMMAND.sub(lambda m: _SYMBOLS.get(m[1], ""), text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()
