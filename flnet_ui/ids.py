"""Ids from addresses: '/moeder/12', '/materialer/7'. Only plain ASCII digits that fit the database's integer are an
id: '²' passes str.isdigit() but not int(), '١' (Arabic-Indic one) would be another name for 1, and a 30-digit number
overflows the database driver. Each of those was a 500 or a wrong match before."""
from __future__ import annotations

MAX_DIGITS = 9   # below 2**31, the smallest integer column of both engines


def plain_id(text: str | int) -> int | None:
    if isinstance(text, int):
        return text if 0 <= text < 10 ** MAX_DIGITS else None
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS else None
