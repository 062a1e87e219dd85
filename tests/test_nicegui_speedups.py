"""The remembered handler check gives NiceGUI's own answer for every kind of callable, asks NiceGUI once per bound
method's function, and is what NiceGUI calls once the app is created."""
from __future__ import annotations

import functools
import inspect
from typing import Any

import pytest
from nicegui import helpers, ui
from nicegui.elements.mixins.text_element import TextElement
from nicegui.testing import User

from flnet_ui import nicegui_speedups


class Handlers:
    def none(self) -> None: ...
    def one(self, event: Any) -> None: ...
    def defaulted(self, event: Any = None) -> None: ...
    def variadic(self, *args: Any, **kwargs: Any) -> None: ...
    def keyword_only(self, *, event: Any) -> None: ...

    @classmethod
    def class_one(cls, event: Any) -> None: ...

    def __call__(self, event: Any) -> None: ...


def plain(event: Any) -> None: ...


def plain_none() -> None: ...


CALLABLES = [Handlers().none, Handlers().one, Handlers().defaulted, Handlers().variadic, Handlers().keyword_only,
             Handlers.class_one, Handlers(), plain, plain_none, lambda: None, lambda event: None,
             functools.partial(plain, 1), print]


@pytest.fixture
def installed() -> Any:
    nicegui_speedups.install()
    return nicegui_speedups._original


@pytest.mark.parametrize('func', CALLABLES, ids=lambda f: getattr(f, '__qualname__', type(f).__name__))
def test_every_kind_of_callable_gets_nicegui_s_own_answer(installed: Any, func: Any) -> None:
    assert nicegui_speedups.expects_arguments(func) is installed(func)
    assert nicegui_speedups.expects_arguments(func) is installed(func)   # remembered or not, the same answer


def test_a_bound_method_s_function_is_asked_about_once(installed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Fresh:   # a function no test has asked about yet
        def handler(self, event: Any) -> None: ...
    asked: list[Any] = []
    monkeypatch.setattr(nicegui_speedups, '_original', lambda func: asked.append(func) or installed(func))
    answers = [nicegui_speedups.expects_arguments(Fresh().handler) for _ in range(5)]
    assert answers == [True] * 5
    assert len(asked) == 1, 'five instances, one function: NiceGUI asked once'
    nicegui_speedups.expects_arguments(lambda event: None)
    nicegui_speedups.expects_arguments(lambda event: None)
    assert len(asked) == 3, 'lambdas are not remembered (a new object every time)'


def test_install_is_idempotent_and_nicegui_calls_it_by_that_name(installed: Any) -> None:
    nicegui_speedups.install()
    assert helpers.expects_arguments is nicegui_speedups.expects_arguments
    assert nicegui_speedups._original is not nicegui_speedups.expects_arguments, 'installing again must not wrap it'
    # NiceGUI's element collections ask through the module attribute; if a release binds the name at import, the
    # speedup would silently do nothing.
    import nicegui.observables
    assert 'helpers.expects_arguments' in inspect.getsource(nicegui.observables.ObservableCollection.__init__)


async def test_the_app_builds_pages_with_it(user: User) -> None:
    await user.open('/privatliv')
    assert helpers.expects_arguments is nicegui_speedups.expects_arguments
    with user:   # an element's classes still reach the browser's model after the change
        element = TextElement(tag='td', text='x').classes('py-1')
        element.classes(add='pr-3')
        assert element.classes == ['py-1', 'pr-3']
        label = ui.label('y')
        label.props('scope=col')
        assert label.props['scope'] == 'col'
