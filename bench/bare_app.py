"""The baseline: a bare NiceGUI app on the same machine, started the way flnet is (python -m bench.bare_app --port P).

- `/`: one label that follows a module-level `nicegui.Event`, subscribed inside the page (as flnet's pages do).
- `/elements/{total}`: the same, filled with labels up to `total` elements (a page as big as one of flnet's).
- POST /_bench/emit/{n}: emits the event (the label says "{n} people waiting"); answers the moment in epoch seconds
  (twice: as flnet's route says when its service started and when it emitted).

With BENCH_BARE_SPEEDUP=1 it runs flnet's NiceGUI speedup (flnet_ui/nicegui_speedups.py) too: the baseline of the
targets is stock NiceGUI, and this one shows how much of a page's ratio that speedup alone accounts for.
"""
from __future__ import annotations

import argparse
import os
import time

from nicegui import Event, app, context, ui

SPEEDUP_ENV = 'BENCH_BARE_SPEEDUP'
changed: Event[int] = Event()


def live_label() -> None:
    label = ui.label('0 people waiting')
    changed.subscribe(lambda n: label.set_text(f'{n} people waiting'))


@ui.page('/')
def live() -> None:
    live_label()


@ui.page('/elements/{total}')
def elements(total: int) -> None:
    live_label()
    with ui.column():
        while len(context.client.elements) < total:
            ui.label('Lorem ipsum dolor sit amet')


async def emit(n: int) -> dict[str, float]:
    started = time.time()
    changed.emit(n)
    return {'started': started, 'emitted': time.time()}


app.add_api_route('/_bench/emit/{n}', emit, methods=['POST'])

if __name__ in {'__main__', '__mp_main__'}:
    if os.environ.get(SPEEDUP_ENV) == '1':
        from flnet_ui import nicegui_speedups
        nicegui_speedups.install()
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, required=True)
    ui.run(host='127.0.0.1', port=parser.parse_args().port, title='Baseline', language='da', reload=False, show=False,
           storage_secret='bench-baseline-secret', favicon='📚')
