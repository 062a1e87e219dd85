"""Drag and drop between elements of one page, with the state on the server: the page remembers what is being
dragged (`dragstart`) and acts when it is dropped. Browsers only emit these events for a mouse or a pen, so every
list that uses this also has buttons or selects for the keyboard."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

# Firefox starts a drag only when some data is set; the data itself is unused (the server knows what is dragged).
_START = '(e) => { e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", ""); emit(); }'
_OVER = '(e) => { e.preventDefault(); e.dataTransfer.dropEffect = "move"; }'  # pure JavaScript: no message per move
_DROP = '(e) => { e.preventDefault(); emit(); }'


def draggable(element: ui.element, on_start: Callable[[], Any]) -> ui.element:
    element.props('draggable=true').classes('cursor-move')
    element.on('dragstart', on_start, js_handler=_START)
    return element


def drop_target(element: ui.element, on_drop: Callable[[], Any]) -> ui.element:
    element.on('dragover', js_handler=_OVER)
    element.on('drop', on_drop, js_handler=_DROP)
    return element
