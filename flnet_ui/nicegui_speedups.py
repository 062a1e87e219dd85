"""One hot spot of NiceGUI 3's element construction, made cheap for flnet's process.

Every NiceGUI element makes three observable collections (classes, style, props), and each asks
`nicegui.helpers.expects_arguments` about its change handler, a bound method `_update`. That question goes through
`inspect.signature` every time: about a quarter of the time any page takes to build (py-spy on Overblik: 28 %,
bench/results.md), paid again for every element of every redraw.

The answer for a bound method depends only on the function behind it (the instance is the dropped first parameter),
so it is remembered per function, weakly (a function that goes away takes its entry with it). Anything else (plain
functions, lambdas, partials, callable objects) still goes to NiceGUI's own check each time: a lambda is a new object
per element, and remembering it would only grow the table. tests/test_nicegui_speedups.py compares the answers with
NiceGUI's own for every kind of callable and fails if NiceGUI stops calling the helper by this name.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from nicegui import helpers

_original: Callable[[Callable[..., Any]], bool] = helpers.expects_arguments
_by_function: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def expects_arguments(func: Callable[..., Any]) -> bool:
    """NiceGUI's `expects_arguments`, answered from memory for a bound method whose function was asked about before."""
    function = getattr(func, '__func__', None)
    if function is None:
        return _original(func)
    try:
        return _by_function[function]
    except KeyError:
        answer = _by_function[function] = _original(func)
        return answer
    except TypeError:   # a __func__ that cannot be weakly referenced or hashed: ask every time
        return _original(func)


def install() -> None:
    """Put the remembering check in place of NiceGUI's (its modules call it as `helpers.expects_arguments`)."""
    helpers.expects_arguments = expects_arguments
