"""Counting database queries at the client level, for the benchmark only.

Tortoise runs every statement through its connection's `execute_query`, `execute_insert`, `execute_many`, ... methods
(the ORM's `execute_select` ends in one of them). Wrapping those on the client classes counts every statement of every
engine, inside transactions too, without touching the project's code. A call made from inside another wrapped call
(e.g. `execute_query_dict_with_affected` calling `execute_query`) is one statement, counted once.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

METHODS = ('execute_query', 'execute_query_dict', 'execute_query_dict_with_affected', 'execute_insert',
           'execute_many', 'execute_script')

# The statements seen in the current context (a request, a service call), or None when nobody counts. A task started
# from a counted context (a page's background work) shares the list: contextvars are copied, the list is not.
_statements: ContextVar[list[str] | None] = ContextVar('bench_statements', default=None)
_inside: ContextVar[bool] = ContextVar('bench_inside_statement', default=False)
_MARK = '_bench_counted'


def install() -> None:
    """Wrap the statement methods of every Tortoise client class (SQLite and PostgreSQL, with their transactions).
    Safe to call again: a wrapped method is never wrapped twice."""
    from tortoise.backends.asyncpg import client as asyncpg_client
    from tortoise.backends.base.client import BaseDBAsyncClient
    from tortoise.backends.sqlite import client as sqlite_client

    del asyncpg_client, sqlite_client  # imported so that their classes are among the subclasses below
    for cls in _with_subclasses(BaseDBAsyncClient):
        for name in METHODS:
            if name in cls.__dict__ and not getattr(cls.__dict__[name], _MARK, False):
                setattr(cls, name, _counted(cls.__dict__[name]))


@contextmanager
def counting() -> Iterator[list[str]]:
    """`with counting() as statements:` collects the SQL of every statement run in this context (and its tasks)."""
    statements: list[str] = []
    token = _statements.set(statements)
    try:
        yield statements
    finally:
        _statements.reset(token)


def start_counting() -> list[str]:
    """Like `counting()`, for an ASGI middleware that counts one request: the context ends with the request."""
    statements: list[str] = []
    _statements.set(statements)
    return statements


def _counted(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def wrapper(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _inside.get():
            return await method(self, query, *args, **kwargs)
        statements = _statements.get()
        if statements is not None:
            statements.append(' '.join(str(query).split())[:300])
        token = _inside.set(True)
        try:
            return await method(self, query, *args, **kwargs)
        finally:
            _inside.reset(token)
    setattr(wrapper, _MARK, True)
    return wrapper


def _with_subclasses(cls: type) -> list[type]:
    found = [cls]
    sub: type
    for sub in cls.__subclasses__():
        found += _with_subclasses(sub)
    return list(dict.fromkeys(found))
