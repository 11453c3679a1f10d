"""Password hashes for desk accounts: argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile).

A password must be at least :data:`MIN_LENGTH` characters; nothing else is imposed (length beats
composition rules). Checking an unknown name still runs one argon2 verification, so the time a
failed sign-in takes does not tell whether the account exists.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
_hasher = PasswordHasher()
#: Verified against when the name is unknown (equal work for a wrong name and a wrong password).
_DUMMY = _hasher.hash("exportscreen: no such account")


class WeakPasswordError(ValueError):
    """A password too short to accept; the message says the rule."""


def hash_password(password: str) -> str:
    """The argon2id hash to store; ``WeakPasswordError`` when it is shorter than MIN_LENGTH."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash`` (None: no password sign-in for this account)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
