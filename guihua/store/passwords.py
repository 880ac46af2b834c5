"""Password hashing (Argon2id through argon2-cffi) and random secrets for sessions and API tokens.

Passwords are only ever hashed here; neither a password nor a hash is logged or shown. Session
cookies and API tokens are long random strings; the database keeps only their SHA-256 (a leaked
database gives no usable session or token).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from guihua.errors import InputError

MIN_LENGTH = 8
MAX_LENGTH = 200
_HASHER = PasswordHasher()  # RFC 9106's second recommended profile: Argon2id, 64 MiB, 3 passes


@functools.cache
def _dummy() -> str:
    """Verified against when the account does not exist, so a wrong name costs as long as a wrong password."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def check_password(password: str, where: str = "password") -> str:
    """The password as hashed (NFC-normalised), or an InputError saying what is wrong with it."""
    password = unicodedata.normalize("NFC", password)
    if len(password) < MIN_LENGTH:
        raise InputError(where, f"密码至少 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise InputError(where, f"密码最多 {MAX_LENGTH} 个字符")
    if any(unicodedata.category(c) == "Cc" for c in password):
        raise InputError(where, "密码不能含控制字符")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(check_password(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; always spends the time of one verification."""
    try:
        return _HASHER.verify(stored_hash or _dummy(), unicodedata.normalize("NFC", password)) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


def new_secret() -> str:
    """A random URL-safe string of 256 bits (session cookies, CSRF tokens, API tokens)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 hex of a random secret, as stored (fine for 256-bit random values, unlike passwords)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
