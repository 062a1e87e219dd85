"""The page frame: header with the network's name, navigation, language switch, and the page's one h1."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

from nicegui import app, context, ui

from flnet_ui import i18n
from flnet_ui.components import design
from flnet_ui.i18n import N_, _
from models import Role, User

LANGUAGE_NAMES = {'da': 'Dansk', 'en': 'English'}


# Seconds a page may take to build before NiceGUI gives up with a 500 (its default is 3): for the pages that many
# people open at the same moment.
PAGE_TIMEOUT = 20.0

# (text, path) per role; texts are marked here and translated when shown.
COORDINATOR_MENU = [(N_('Overview'), '/overblik'), (N_('Members'), '/medlemmer'), (N_('Waitlist'), '/venteliste'),
                    (N_('Meetings'), '/moeder'), (N_('Follow-up'), '/opfoelgning'), (N_('Agreements'), '/aftaler'),
                    (N_('Outbox'), '/udbakke'), (N_('Settings'), '/indstillinger')]


@contextmanager
def frame(title: str, *, user: User | None = None, network_name: str = '') -> Iterator[ui.column]:
    """Wrap a page: `with frame(_('Forside')): ...`. The title becomes the page's h1 and the browser tab's title."""
    ui.add_css(design.CSS)   # the colours are set for the whole app: design.use_colours
    language = i18n.current_language()
    if language != 'da':  # the html tag says da for every route; correct it for an English session (constant text)
        ui.run_javascript(f'document.documentElement.lang = "{language}"')
    ui.page_title(f'{title} – {network_name}' if network_name else title)
    with ui.header().classes('items-center justify-between flex-wrap gap-2 px-4'):
        with ui.row().classes('items-center gap-4 flex-wrap'):
            ui.link(network_name or 'flnet', '/').classes('text-lg font-bold text-white').mark('network-name')
            menu_name = _('Main menu')
            with ui.element('nav').props(f'aria-label="{menu_name}"').classes('flnet-nav flex flex-wrap gap-1'):
                here = _current_path()
                _menu_link(_('Home'), '/', current=here == '/')
                if user is not None and user.role == Role.COORDINATOR:
                    for text, path in COORDINATOR_MENU:
                        _menu_link(_(text), path, current=here == path or here.startswith(path + '/'))
                if user is not None and user.role == Role.MEMBER:
                    _menu_link(_('My page'), '/min-side', current=here == '/min-side' or here.startswith('/min-side/'))
                    _menu_link(_('Minutes archive'), '/referater', current=here == '/referater')
        with ui.row().classes('items-center gap-2'):
            _language_switch(language)
            _login_or_logout(user)
    with ui.column().classes(design.PAGE) as content:
        ui.html(escape(title), tag='h1').classes('text-3xl font-bold').mark('page-title')
        yield content


def _menu_link(text: str, path: str, *, current: bool) -> None:
    link = ui.link(text, path)
    if current:  # where you are, for screen readers and by sight
        link.props('aria-current=page').classes('underline font-bold')


def _current_path() -> str:
    request = context.client.request
    return request.url.path if request is not None else ''


def _login_or_logout(user: User | None) -> None:
    if user is None:
        ui.link(_('Log in'), '/login').classes('text-white').mark('login-link')
        return
    # A real POST, so the session ends server-side and a link prefetch can never log anyone out.
    with ui.element('form').props('method=post action=/logout').classes('m-0'):
        ui.button(_('Log out')).props('type=submit flat color=white no-caps').mark('logout')


def _language_switch(language: str) -> None:
    def choose(event) -> None:  # type: ignore[no-untyped-def]
        app.storage.user['language'] = event.value
        ui.navigate.reload()

    ui.select(LANGUAGE_NAMES, value=language, on_change=choose, label=_('Language')) \
        .props('dense dark standout options-dense').classes('w-32').mark('language')
