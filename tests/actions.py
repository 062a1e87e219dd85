"""The machinery of the authorisation matrix for data-changing actions (issue 4 §6; tests/test_authorization_actions*).

A person without the role cannot open the page, so the real threat is a page left open while the session's rights
change. Each case logs in as someone allowed, opens the real page and fills everything in up to the final click
(`Prepared`). Then, per mode, the rights go (`ROLE_LOST`: the account's role is switched, `LOGGED_OUT`: the session
is ended, as for a visitor) or stay (`ALLOWED`, the control that proves the click really changes something), and the
click happens. Refused means: the Danish refusal is shown and not one row of the database changed.
"""
from __future__ import annotations

import ast
import asyncio
import datetime as dt
import importlib
import inspect
import pathlib
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nicegui import background_tasks
from nicegui.testing import User as TestUser
from tortoise import Tortoise

from flnet_ui import auth
from flnet_ui.services import membership, networks, rules
from flnet_ui.services.audit import SYSTEM
from models import LoginSession, Membership, Role, User
from tests.login import COORDINATOR_EMAIL, PASSWORD, post_login

ALLOWED, ROLE_LOST, LOGGED_OUT = 'allowed', 'role lost', 'logged out'
MODES = [ALLOWED, ROLE_LOST, LOGGED_OUT]
REFUSALS = {
    (ROLE_LOST, Role.COORDINATOR): 'Det kan kun netværkskoordinatoren.',
    (ROLE_LOST, Role.MEMBER): 'Dette er kun for netværkets medlemmer.',
    (LOGGED_OUT, Role.COORDINATOR): 'Du er ikke længere logget ind. Genindlæs siden, og log ind igen.',
    (LOGGED_OUT, Role.MEMBER): 'Du er ikke længere logget ind. Genindlæs siden, og log ind igen.',
}
RETRIES = 20  # a handler may take a moment (a transaction, mail rendering); only a failing test waits this long


@dataclass
class Prepared:
    """A page opened and filled in, one click before the change. `done` is what the allowed person is told."""
    account_id: int
    click: Callable[[], object]
    done: str = ''
    changes: bool = True  # False for a guarded handler that only reads (an export, a preview)
    allowed_check: Callable[[], Awaitable[None]] | None = None  # replaces should_see(done)
    refused_check: Callable[[], Awaitable[None]] | None = None  # something more that must not have happened


@dataclass
class Case:
    """One data-changing handler, found by the `action_actor(` call it relies on: `site` is (page module, the
    function around that call, as ast names it)."""
    name: str
    site: tuple[str, str]
    role: Role
    prepare: Callable[[TestUser], Awaitable[Prepared]]


@dataclass
class Registry:
    cases: dict[str, Case] = field(default_factory=dict)

    def case(self, name: str, site: tuple[str, str], role: Role = Role.COORDINATOR) \
            -> Callable[[Callable[[TestUser], Awaitable[Prepared]]], Callable[[TestUser], Awaitable[Prepared]]]:
        def register(prepare: Callable[[TestUser], Awaitable[Prepared]]) \
                -> Callable[[TestUser], Awaitable[Prepared]]:
            assert name not in self.cases, name
            self.cases[name] = Case(name, site, role, prepare)
            return prepare
        return register


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_hash: list[str] = []


async def log_in(user: TestUser, *, role: Role = Role.COORDINATOR, email: str = COORDINATOR_EMAIL,
                 person_id: int | None = None) -> int:
    """A login with a password, and the simulated browser logged in through the real POST /login. The argon2 hash is
    made once per test run (a fresh one costs a tenth of a second, and the matrix logs in about 150 times)."""
    if not _hash:
        _hash.append(auth.hash_password(PASSWORD))
    account = await User.create(email=email, role=role, password_hash=_hash[0], person_id=person_id)
    assert await post_login(user, email, PASSWORD) == 303
    return account.id


async def run(user: TestUser, case: Case, mode: str) -> None:
    ready = await case.prepare(user)
    await take_rights(mode, ready.account_id, case.role)
    before = await snapshot()
    running = set(background_tasks.running_tasks)
    ready.click()
    if mode == ALLOWED:
        if ready.allowed_check is not None:
            await ready.allowed_check()
        else:
            await user.should_see(ready.done, retries=RETRIES)
        if ready.changes:
            assert await snapshot() != before, 'the allowed click changed nothing: the case does not reach its handler'
        return
    await user.should_see(REFUSALS[mode, case.role], retries=RETRIES)
    # The handler runs as a task: let it end, so that a change made after the message would be seen too.
    started = set(background_tasks.running_tasks) - running
    if started:
        await asyncio.wait(started, timeout=5)
    assert await snapshot() == before
    if ready.done:
        await user.should_not_see(ready.done)
    if ready.refused_check is not None:
        await ready.refused_check()


async def take_rights(mode: str, account_id: int, role: Role) -> None:
    """What happens elsewhere while the page stays open: another coordinator changes the role, or the session ends
    (logged out in another tab, timed out)."""
    if mode == ROLE_LOST:
        other = Role.MEMBER if role == Role.COORDINATOR else Role.COORDINATOR
        assert await User.filter(id=account_id).update(role=other) == 1
    elif mode == LOGGED_OUT:
        assert await LoginSession.filter(user_id=account_id, ended_at=None).update(ended_at=now()) >= 1


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table except the sessions (reading a session may touch its last-seen time)."""
    apps = Tortoise.apps
    assert apps is not None
    tables = {}
    for model in apps.get_models_iterable():
        if model is LoginSession:
            continue
        tables[model.__name__] = await model.all().order_by(model._meta.pk_attr).values()
    return tables



async def as_coordinator(user: TestUser, path: str) -> int:
    account = await log_in(user)
    await user.open(path)
    await user.should_see(marker='page-title')
    return account


async def people(names: list[str], *, capacity: int = 40, mode: str = 'automatic', approve: bool = True,
                 start: dt.datetime | None = None) -> list[Membership]:
    """The default network with `capacity` seats and these people applying in order, a minute apart."""
    network = await networks.default_network()
    await rules.update_rules(network_id=network.id, capacity=capacity, waitlist_mode=mode, by=SYSTEM, now=now())
    start = start or now() - dt.timedelta(days=30)
    return [await membership.apply(network_id=network.id, name=name, email=f'p{i}@bib.dk', approve=approve,
                                   by=SYSTEM, now=start + dt.timedelta(minutes=i)) for i, name in enumerate(names)]


def click(user: TestUser, marker: str) -> Callable[[], object]:
    return lambda: user.find(marker=marker).click()

# --- Static completeness: which handlers the pages have, and that every data change in pages/ is behind a guard ---

PAGES = pathlib.Path(__file__).resolve().parent.parent / 'pages'
WRITES = re.compile(r'in_transaction\(|seat_lock\(|\.save\(|\.create\(|bulk_create\(|\.update\(|\.delete\(|'
                    r'mail\.queue\(')
NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def functions(tree: ast.AST, prefix: str = '') -> Iterator[tuple[str, ast.AST]]:
    """Every function and method with its dotted name as written ('WaitlistView.move_dialog.move')."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, NESTED):
            name = f'{prefix}{node.name}'
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from functions(node, f'{name}.')
        else:
            yield from functions(node, prefix)


def own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's own body: lambdas included, nested functions and classes left to themselves."""
    for node in ast.iter_child_nodes(function):
        if not isinstance(node, NESTED):
            yield node
            yield from own_nodes(node)


def called_names(function: ast.AST) -> set[str]:
    """What a function calls by a plain name (`act(...)`), on `self` (`self.attempt(...)`) or on `access`."""
    names = set()
    for node in own_nodes(function):
        if isinstance(node, ast.Call):
            target = node.func
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                    and target.value.id in ('self', 'access'):
                names.add(target.attr)
    return names


def page_modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding='utf-8')) for path in sorted(PAGES.glob('*.py'))}


def guard_sites() -> list[tuple[str, str]]:
    """(module, function) around each `access.action_actor(` call in pages/, once per call."""
    return sorted((module, name) for module, tree in page_modules().items() for name, function in functions(tree)
                  for node in own_nodes(function) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Attribute) and node.func.attr == 'action_actor')


# Helpers that run the guard and then the change they are handed, by name and the page modules that call them.
HELPERS = {
    # person._actions.act(verb, reason); MyPageView.act(change); ControlPage.act(change); AgendaPage.act(change)
    # minutes_dialogs.act(change) guards the minutes editor (pages/minutes_editor.py and its dialogs)
    'act': {'person', 'my_page', 'my_page_sections', 'meeting_control', 'agenda', 'minutes_editor', 'minutes_dialogs'},
    'attempt': {'waitlist'},  # WaitlistView.attempt(change)
    'confirm': {'my_page'},  # MyPageView.confirm(..., change) -> MyPageView.act
}


def unguarded_changes() -> set[tuple[str, str, str]]:
    """(module, function, service.verb) for every use in pages/ of a service function that writes to the database
    (judged from its source, following the service functions it calls) where neither the function nor one around it
    runs the guard: `access.action_actor(...)` itself, or one of the HELPERS."""
    trees = page_modules()
    guarded = {(module, name) for module, tree in trees.items() for name, function in functions(tree)
               if 'action_actor' in called_names(function)
               or any(module in HELPERS.get(called, set()) for called in called_names(function))}
    found = set()
    for module, tree in trees.items():
        services = _service_imports(tree)
        for name, function in functions(tree):
            for node in own_nodes(function):
                if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                        and node.value.id in services):
                    continue
                target = getattr(importlib.import_module(f'flnet_ui.services.{services[node.value.id]}'), node.attr)
                parts = name.split('.')
                around = {(module, '.'.join(parts[:i])) for i in range(1, len(parts) + 1)}
                if callable(target) and _writes(target, set()) and not around & guarded:
                    found.add((module, name, f'{node.value.id}.{node.attr}'))
    return found


def _service_imports(tree: ast.Module) -> dict[str, str]:
    return {alias.asname or alias.name: alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
            and node.module == 'flnet_ui.services' for alias in node.names}


def _writes(function: Any, seen: set[Any]) -> bool:
    if function in seen or not inspect.isfunction(function) or not function.__module__.startswith('flnet_ui.'):
        return False
    seen.add(function)
    source = inspect.getsource(function)
    if WRITES.search(source):
        return True
    for match in re.finditer(r'(?:(\w+)\.)?(\w+)\(', source):
        owner, name = match.groups()
        found = function.__globals__.get(owner) if owner else function.__globals__.get(name)
        callee = getattr(found, name, None) if owner else found
        if callee is not None and _writes(callee, seen):
            return True
    return False
