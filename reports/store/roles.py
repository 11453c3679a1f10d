"""Who may decide what (issue 17): a register of reviewers and their roles.

When the register exists (``reviewers.csv`` in the data folder, or the file
``$EXPORTSCREEN_REVIEWERS`` names), a decision or suppression by a name it does not hold is
refused, and a case that needs the security officer (a security-grade marking,
``blocked_classified``) or a sanctions question (its screening reasons name sanctions) can be
decided only by a ``security_officer`` or ``admin``; moving such a case back to ``in_review`` is
open to every listed reviewer. Without the register every name is accepted, as before, and the
audit log still records who decided.

The file: ``name,role`` with one reviewer per row; roles ``researcher``, ``adviser``,
``security_officer``, ``admin``. Researchers may not decide at all.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reports.errors import ReviewRefusedError

ROLES = ("researcher", "adviser", "security_officer", "admin")
#: Roles that may clear a case that needs the security officer.
SECURITY_ROLES = frozenset({"security_officer", "admin"})


class RegisterError(ValueError):
    """A reviewers file that cannot be used; the message names the file, row and what to do."""


@dataclass(frozen=True, slots=True)
class Reviewers:
    """The register: lower-cased name -> role, and the file it came from."""

    roles: Mapping[str, str]
    source: str

    def check(self, reviewer: str, outcome: str, decision: str, reasons: list[str]) -> None:
        """Refuse (``ReviewRefusedError``) a decision this reviewer may not record."""
        role = self.roles.get(reviewer.strip().lower())
        if role is None:
            raise ReviewRefusedError(
                f"reviewer {reviewer!r} is not in the reviewers register {self.source}; "
                "add them with their role (name,role) or ask an admin")
        if role == "researcher":
            raise ReviewRefusedError(f"reviewer {reviewer!r} is a researcher; a decision needs an adviser, "
                                     "a security officer or an admin")
        if outcome != "in_review" and needs_security_officer(decision, reasons) and role not in SECURITY_ROLES:
            raise ReviewRefusedError(
                f"only a security officer may decide this case ({_why(decision)}); {reviewer!r} is an {role}")


def needs_security_officer(decision: str, reasons: list[str]) -> bool:
    """A security-grade marking, or screening reasons that name sanctions."""
    return decision == "blocked_classified" or any("sanction" in r.lower() for r in reasons)


def _why(decision: str) -> str:
    if decision == "blocked_classified":
        return "it carries a security-grade marking"
    return "it raises a sanctions question"


def load_reviewers(path: Path) -> Reviewers | None:
    """The register at ``path``, or None when there is no such file."""
    if not path.is_file():
        return None
    roles: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if {f.strip().lower() for f in reader.fieldnames or ()} != {"name", "role"}:
                raise RegisterError(f"{path}: the header must be 'name,role'")
            for number, row in enumerate(reader, start=2):
                clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                name, role = clean.get("name", ""), clean.get("role", "").lower()
                if not name or role not in ROLES:
                    raise RegisterError(f"{path} row {number}: give a name and a role out of {', '.join(ROLES)}")
                roles[name.lower()] = role
    except UnicodeDecodeError:
        raise RegisterError(f"{path}: not UTF-8 text; save it as UTF-8 CSV") from None
    return Reviewers(roles, str(path))
