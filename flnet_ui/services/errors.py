from __future__ import annotations


class DomainError(Exception):
    """A rule said no. The message is already translated and is meant for the person who tried."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs at, when there is one
