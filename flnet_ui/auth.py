"""Password hashing: argon2id through argon2-cffi, with its current recommended parameters.

A hash takes tens of milliseconds of CPU on purpose; code that runs on the event loop (pages, login routes, services)
uses the *_async variants so one login does not freeze every other open page.
"""
from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# PasswordHasher's defaults are argon2id with the RFC 9106 "low memory" profile; keeping the defaults means a newer
# argon2-cffi can raise them and needs_rehash() then tells the login code to store a fresh hash.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An encoded argon2id hash ('$argon2id$v=19$m=...'), salted, safe to store."""
    return _hasher.hash(password)


def verify_password(hash: str | None, password: str) -> bool:
    """True only when `password` matches `hash`. A wrong password, a missing hash (a login without a password) or a
    hash that is not argon2 at all give False: a login form must answer "no", never crash."""
    if not hash:
        return False
    try:
        return _hasher.verify(hash, password)
    # ValueError covers InvalidHashError and a hash or password that cannot be encoded (non-ASCII in a hash).
    except (VerificationError, InvalidHashError, ValueError):
        return False


def needs_rehash(hash: str) -> bool:
    """True when the hash was made with other parameters than today's (or cannot be read): store a new one after the
    next successful login."""
    try:
        return _hasher.check_needs_rehash(hash)
    except (InvalidHashError, ValueError):
        return True


async def hash_password_async(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(verify_password, hash, password)


__all__ = ['hash_password', 'hash_password_async', 'needs_rehash', 'verify_password', 'verify_password_async']
