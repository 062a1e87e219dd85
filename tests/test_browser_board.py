"""The meeting board in real Chromium (issue 5 §5), on the demo data, with one server for the whole module.

The coordinator prepares today's meeting through the real pages: plans it, copies the demo's next programme into its
agenda and adds an item with the dialog, takes part of the roll call, makes groups and renews the projector link (the
old link must stop working). Then, in this order:
- the projector (another browser context, no login, 1920×1080), open before the start, shows the item the coordinator
  starts or moves to within a second, drawn once; its countdown runs down once a second;
- the agenda builder, the groups page and the control page pass axe, with one h1, lang="da" and no console errors;
- so does the projector during a talk, group work, between items and with a message, photographed at 1920×1080 and
  1280×720 (tests/artifacts/skaerm-<state>-<w>x<h>.png);
- everything fits on the screen at both resolutions, and groups that cannot fit turn page by page;
- last: the server is killed and started again on the same port and data folder, and the projector page, never
  touched, shows the next change made through the new server.

UI texts are looked up in the Danish catalogue (`da('Next')`), so these tests speak the same words as the pages.
"""
from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from flnet_ui import i18n
from flnet_ui.demo_board import GROUP_QUESTIONS, NEXT_PROGRAMME
from tests.browser import (
    ARTIFACTS,
    Server,
    axe_violations,
    da,
    demo_server_and_chromium,
    log_in_as_demo_coordinator,
)
from tests.test_browser_meetings import plan_today

pytestmark = pytest.mark.browser

FULL_HD, HD = (1920, 1080), (1280, 720)
PRESENT = 12          # people the roll call records present: three groups of four
ADDED_TITLE = 'Browsertest: an extra item'


def report(line: str) -> None:
    """The figures these tests measure, for whoever runs them (`pytest -s`)."""
    print(line)  # noqa: T201


@dataclass
class Item:
    id: int
    kind: str
    title: str


@dataclass
class Board:
    server: Server
    browser: Browser
    coordinator: Page
    meeting_id: int
    items: list[Item]
    projector_url: str
    errors: list[str] = field(default_factory=list)   # console errors of every context made here

    @property
    def base(self) -> str:
        return self.server.base

    def item(self, kind: str) -> Item:
        return next(item for item in self.items if item.kind == kind)

    def context(self, size: tuple[int, int]) -> BrowserContext:
        context = self.browser.new_context(viewport={'width': size[0], 'height': size[1]}, locale='da-DK')
        context.on('console', lambda m: self.errors.append(f'{m.page.url if m.page else ""}: {m.text}')
                   if m.type == 'error' else None)
        return context

    def control(self) -> Page:
        self.coordinator.goto(f'{self.base}/moeder/{self.meeting_id}/styring', wait_until='networkidle')
        return self.coordinator

    def started(self) -> Page:
        """The control page of the running meeting (started here if an earlier test did not)."""
        page = self.control()
        start = page.get_by_role('button', name=da('Start the meeting'))
        if start.count():
            start.click()
            expect(page.get_by_role('button', name=da('Next'), exact=True)).to_be_visible()
        return page

    def make_current(self, item: Item) -> None:
        """'Gør til aktuelt' in the item's row of the control page's programme."""
        row = self.coordinator.locator('.nicegui-row').filter(has_text=item.title)
        if not row.get_by_text(da('Current'), exact=True).count():
            row.get_by_role('button', name=da('Make {title} the current item').format(title=item.title)).click()
        expect(row.get_by_text(da('Current'), exact=True)).to_be_visible()


def agenda_items(data_dir: Path, meeting_id: int) -> list[Item]:
    with sqlite3.connect(data_dir / 'flnet.sqlite3') as db:
        rows = db.execute('SELECT id, kind, title FROM agenda_item WHERE meeting_id = ? ORDER BY position',
                          (meeting_id,)).fetchall()
    return [Item(*row) for row in rows]


def check_page(page: Page, errors: list[str], name: str) -> None:
    """One h1, Danish, no console errors, zero axe violations."""
    assert page.locator('h1').count() == 1, name
    assert page.locator('html').get_attribute('lang') == 'da', name
    violations = axe_violations(page)
    assert violations == [], f'{name}: {violations}'
    assert errors == [], f'{name}: {errors}'


@pytest.fixture(scope='module')
def board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Board]:
    ARTIFACTS.mkdir(exist_ok=True)
    data_dir = tmp_path_factory.mktemp('board') / 'data'
    with demo_server_and_chromium(data_dir) as (server, browser):
        errors: list[str] = []
        context = browser.new_context(viewport={'width': 1280, 'height': 800}, locale='da-DK')
        context.on('console', lambda m: errors.append(m.text) if m.type == 'error' else None)
        page = context.new_page()
        log_in_as_demo_coordinator(page, server.base, '/moeder')
        roll_call = plan_today(page)
        meeting_id = int(roll_call.split('/')[2])
        build_agenda(page, server.base, meeting_id)
        items = agenda_items(data_dir, meeting_id)
        record_present(page, server.base + roll_call)
        make_groups(page, server.base, meeting_id, next(i for i in items if i.kind == 'group_work'))
        url = renew_link(page, server.base, meeting_id)
        yield Board(server, browser, page, meeting_id, items, url, errors)


def build_agenda(page: Page, base: str, meeting_id: int) -> None:
    """Copy the programme of the demo's next meeting (the newest source), then add an item with the dialog."""
    page.goto(f'{base}/moeder/{meeting_id}/dagsorden', wait_until='networkidle')
    page.get_by_label(da('Meeting to copy from')).click()
    page.get_by_role('option').first.click()
    page.get_by_role('button', name=da('Copy the agenda')).click()
    with i18n.language('da'):
        copied = i18n.ngettext('{n} item is copied.', '{n} items are copied.', len(NEXT_PROGRAMME))
    expect(page.get_by_text(copied.format(n=len(NEXT_PROGRAMME)))).to_be_visible()
    page.get_by_role('button', name=da('Add item')).click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label(da('Title')).fill(ADDED_TITLE)
    dialog.get_by_label(da('Duration (minutes)')).fill('20')
    dialog.get_by_label(da('Name'), exact=True).fill('Ada Lovelace')
    dialog.get_by_label(da('Organisation')).fill('DBC Digital')
    dialog.get_by_role('button', name=da('Add item')).click()
    expect(page.get_by_role('dialog')).to_have_count(0)
    expect(page.get_by_role('heading', name=ADDED_TITLE)).to_be_visible()


def record_present(page: Page, roll_call_url: str) -> None:
    page.goto(roll_call_url, wait_until='networkidle')
    groups = page.get_by_role('radiogroup')
    for n in range(PRESENT):
        groups.nth(n).get_by_role('radio').first.click()  # deltog
        expect(page.get_by_text(f'{da("attended")}: {n + 1} ·')).to_be_visible()


def make_groups(page: Page, base: str, meeting_id: int, item: Item) -> None:
    page.goto(f'{base}/moeder/{meeting_id}/grupper/{item.id}', wait_until='networkidle')
    page.get_by_role('button', name=da('Make groups')).click()
    expect(page.get_by_role('heading', name=da('Group {number}').format(number=3))).to_be_visible()
    page.get_by_label(da('Question')).first.fill(GROUP_QUESTIONS[0])
    page.get_by_role('button', name=da('Save group {number}').format(number=1)).click()
    expect(page.get_by_text(da('Group {number} is saved.').format(number=1))).to_be_visible()


def renew_link(page: Page, base: str, meeting_id: int) -> str:
    """Renew the demo's projector link on the control page (the old one must stop working); return the new link."""
    page.goto(f'{base}/moeder/{meeting_id}/styring', wait_until='networkidle')
    old = page.get_by_text('/skaerm/').inner_text()
    page.get_by_role('button', name=da('Renew link')).click()
    page.get_by_role('dialog').get_by_role('button', name=da('Renew link')).click()
    expect(page.get_by_text('/skaerm/')).not_to_have_text(old)
    url = page.get_by_text('/skaerm/').inner_text()
    assert url.startswith(base + '/skaerm/'), url
    page.goto(old, wait_until='networkidle')
    expect(page.locator('h1')).to_have_text(da('Unknown projector link'))
    return url


def seconds(text: str) -> int:
    """'12:05' or '1:02:03' or '−0:04' as seconds."""
    sign = -1 if text.startswith('−') else 1
    total = 0
    for part in text.lstrip('−').split(':'):
        total = total * 60 + int(part)
    return sign * total


def open_projector(board: Board, size: tuple[int, int] = FULL_HD) -> Page:
    projector = board.context(size).new_page()
    projector.goto(board.projector_url, wait_until='networkidle')
    return projector


def wait_for_title(projector: Page, title: str, timeout: float = 2000) -> None:
    """Checked at every animation frame, so the time measured is the page's, not a polling interval's."""
    projector.wait_for_function(
        "title => [...document.querySelectorAll('.now-title')].some(shown => shown.textContent === title)",
        arg=title, polling='raf', timeout=timeout)


def test_the_projector_follows_the_coordinator_within_a_second(board: Board) -> None:
    """The projector is open before the meeting starts (as in the room); start, next, previous, next."""
    board.errors.clear()
    projector = open_projector(board)
    expect(projector.get_by_text(da('The meeting starts soon.'))).to_be_visible()
    welcome, talk = board.items[0], board.items[1]
    control = board.control()
    figures = []
    for button, expected in (('Start the meeting', welcome), ('Next', talk), ('Previous', welcome), ('Next', talk)):
        started = time.monotonic()
        control.get_by_role('button', name=da(button), exact=True).click()
        wait_for_title(projector, expected.title)
        figures.append(time.monotonic() - started)
        expect(control.locator('.text-2xl')).to_have_text(expected.title)
        # Drawn once: one action can report on two topics (starting: meetings and board), never two boards.
        expect(projector.locator('.flnet-screen')).to_have_count(1)
        expect(control.get_by_role('button', name=da('Next'), exact=True)).to_have_count(1)
    report('click on the control page to text on the projector: ' + ', '.join(f'{f * 1000:.0f} ms' for f in figures))
    assert max(figures) < 1.0, figures
    expect(projector.get_by_text(da('Coming up'))).to_be_visible()
    assert projector.locator('h1').count() == 1

    # The countdown of the talk runs down once a second, on the projector and the control page alike.
    first = seconds(projector.evaluate('''() => { const shown = document.querySelector('.countdown');
        window.countdown = [];
        new MutationObserver(() => window.countdown.push([performance.now(), shown.textContent]))
            .observe(shown, {childList: true, characterData: true, subtree: true});
        return shown.textContent; }'''))
    assert 0 < first <= talk_minutes(board, talk) * 60
    projector.wait_for_timeout(3000)
    ticks = [(at, seconds(text)) for at, text in projector.evaluate('window.countdown')]
    report(f'countdown from {first} s: ' + ', '.join(f'{value} s at +{(at - ticks[0][0]) / 1000:.2f} s'
                                                     for at, value in ticks))
    assert len(ticks) >= 2
    values = [first, *(value for _at, value in ticks)]
    # Down by one a tick; a second's timer that drifts may now and then skip one, never go back or stand still.
    assert all(1 <= earlier - later <= 2 for earlier, later in itertools.pairwise(values)), values
    gaps = [later - earlier for (earlier, _a), (later, _b) in itertools.pairwise(ticks)]
    assert all(600 < gap < 1500 for gap in gaps), gaps
    assert abs(seconds(control.locator('.text-5xl').inner_text()) - ticks[-1][1]) <= 2
    assert board.errors == []
    projector.context.close()


def talk_minutes(board: Board, item: Item) -> int:
    with sqlite3.connect(board.server.data_dir / 'flnet.sqlite3') as db:
        return db.execute('SELECT duration_minutes FROM agenda_item WHERE id = ?', (item.id,)).fetchone()[0]


def test_the_coordinators_pages_pass_axe(board: Board) -> None:
    page = board.started()
    errors = board.errors
    errors.clear()
    work = board.item('group_work')
    for name, path, heading in (
            ('dagsorden', f'/moeder/{board.meeting_id}/dagsorden', ADDED_TITLE),
            ('grupper', f'/moeder/{board.meeting_id}/grupper/{work.id}', da('Group {number}').format(number=3)),
            ('styring', f'/moeder/{board.meeting_id}/styring', da('Projector link'))):
        page.goto(board.base + path, wait_until='networkidle')
        expect(page.get_by_role('heading', name=heading)).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f'{name}-1280x800.png'), full_page=True)
        check_page(page, errors, name)


def test_the_projector_in_every_state_passes_axe_and_is_photographed(board: Board) -> None:
    board.errors.clear()
    control = board.started()
    projector = open_projector(board)
    talk, work = board.items[1], board.item('group_work')

    def shoot(state: str) -> None:
        projector.wait_for_timeout(300)
        projector.locator('.q-loading-bar[aria-hidden=true]').wait_for(state='attached')  # no request under way
        for width, height in (FULL_HD, HD):
            projector.set_viewport_size({'width': width, 'height': height})
            projector.wait_for_timeout(200)
            projector.screenshot(path=str(ARTIFACTS / f'skaerm-{state}-{width}x{height}.png'))
            overflow = projector.evaluate('() => document.scrollingElement.scrollHeight - innerHeight')
            if overflow > 0:
                report(f'skaerm-{state}-{width}x{height}: {overflow} px below the bottom of the screen')
        check_page(projector, board.errors, f'skaerm-{state}')
        projector.set_viewport_size({'width': FULL_HD[0], 'height': FULL_HD[1]})

    board.make_current(talk)
    expect(projector.locator('.now-title')).to_have_text(talk.title)
    shoot('oplaeg')

    board.make_current(work)
    expect(projector.locator('.now-title')).to_have_text(work.title)
    expect(projector.locator('.group')).to_have_count(3)
    expect(projector.get_by_text(GROUP_QUESTIONS[0])).to_be_visible()
    shoot('gruppearbejde')

    control.get_by_role('button', name=da('Between items')).click()
    following = board.items[board.items.index(work) + 1]
    progress = projector.locator('.progress[role=progressbar]')   # not Quasar's loading bar, a progressbar too
    expect(progress).to_have_attribute('aria-valuenow', str(board.items.index(work) + 1))
    expect(progress).to_have_attribute('aria-valuemax', str(len(board.items)))
    expect(projector.locator('.now-title')).to_have_text(following.title)
    shoot('mellem-punkter')
    control.get_by_role('button', name=da('Back to the item')).click()
    expect(progress).to_have_count(0)

    message = f'{da("Coming up")}: {following.title}'
    control.get_by_label(da('Message (at most 200 characters)')).fill(message)
    control.get_by_role('button', name=da('Show'), exact=True).click()
    expect(projector.locator('.flnet-message')).to_have_text(message)
    shoot('besked')
    control.get_by_role('button', name=da('Remove'), exact=True).click()
    expect(projector.locator('.flnet-message')).to_have_count(0)
    projector.context.close()


CLIPPED = '''(selector) => [...document.querySelectorAll(selector)].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width === 0 || box.left < 0 || box.top < 0 || box.right > innerWidth + 1 || box.bottom > innerHeight + 1;
}).length'''


def test_the_projector_shows_everything_on_the_screen_and_turns_groups_that_do_not_fit(board: Board) -> None:
    """A projector cannot scroll: what is below the bottom edge is not there for the room. The programme between items
    fits at both resolutions with a visible progress bar; the groups fit, and when there are more than the screen holds
    they turn page by page (and say so) instead of running off the screen."""
    control = board.started()
    projector = open_projector(board)
    work = board.item('group_work')
    board.make_current(work)
    expect(projector.locator('.group')).to_have_count(3)
    for between in (False, True):
        if between:
            control.get_by_role('button', name=da('Between items')).click()
            expect(projector.locator('.progress[role=progressbar]')).to_have_count(1)
        for width, height in (FULL_HD, HD):
            projector.set_viewport_size({'width': width, 'height': height})
            projector.wait_for_timeout(300)
            assert projector.evaluate('() => document.scrollingElement.scrollHeight - innerHeight') <= 0
            shown = '.flnet-screen .line, .progress' if between else '.flnet-screen .group, .countdown'
            assert projector.evaluate(CLIPPED, shown) == 0, (between, width, height)
            assert projector.evaluate(CLIPPED, 'h1, .clock, .qr svg') == 0, (between, width, height)
    control.get_by_role('button', name=da('Back to the item')).click()
    expect(projector.locator('.progress[role=progressbar]')).to_have_count(0)

    # Twelve groups of one (everyone present) cannot fit at 1280×720: they turn.
    page = board.coordinator
    page.goto(f'{board.base}/moeder/{board.meeting_id}/grupper/{work.id}', wait_until='networkidle')
    page.get_by_label(da('Number'), exact=True).fill('12')
    page.get_by_role('button', name=da('Make groups')).click()
    expect(projector.locator('.group')).to_have_count(12)
    projector.set_viewport_size({'width': HD[0], 'height': HD[1]})
    note = projector.get_by_text(da('More groups follow: the list turns every 10 seconds.'))
    expect(note).to_be_visible(timeout=3000)
    groups = projector.locator('.groups')
    assert groups.evaluate('box => box.scrollTop') == 0
    # After a turn the first card that was cut off at the bottom is shown whole.
    cut = groups.evaluate('box => [...box.children].findIndex(card => card.offsetTop + card.offsetHeight'
                          ' > box.clientHeight + 1)')
    assert cut > 0
    projector.wait_for_function('() => document.querySelector(".groups").scrollTop > 0', timeout=15_000)
    projector.wait_for_timeout(1500)   # the smooth scroll
    whole = groups.evaluate(f'''box => {{
        const card = box.children[{cut}].getBoundingClientRect(), view = box.getBoundingClientRect();
        return card.top >= view.top - 1 && card.bottom <= view.bottom + 1;
    }}''')
    assert whole
    projector.screenshot(path=str(ARTIFACTS / 'skaerm-mange-grupper-1280x720.png'))
    check_page(projector, board.errors, 'skaerm-mange-grupper')
    projector.context.close()
    page.goto(f'{board.base}/moeder/{board.meeting_id}/grupper/{work.id}', wait_until='networkidle')
    page.get_by_label(da('Number'), exact=True).fill('3')
    page.get_by_role('button', name=da('Make groups')).click()
    expect(page.get_by_role('heading', name=da('Group {number}').format(number=3))).to_be_visible()


def test_the_projector_recovers_after_the_server_restarts(board: Board) -> None:
    """Last in the module: it kills the shared server. The projector page is opened once and never touched again."""
    projector = open_projector(board)
    board.started()
    talk, closing = board.items[1], board.items[-1]
    board.make_current(talk)
    expect(projector.locator('.now-title')).to_have_text(talk.title)
    loads: list[float] = []
    projector.on('framenavigated', lambda frame: loads.append(time.monotonic()) if frame == projector.main_frame
                 else None)

    board.server.stop(kill=True)
    projector.wait_for_timeout(1000)   # the projector notices: NiceGUI's "connection lost"
    started = time.monotonic()
    board.server.start('--demo')       # --demo only loads into an empty database: this one keeps its meeting
    restarted = time.monotonic() - started

    # The coordinator's old page reloads itself once it reconnects; steer from a new tab of the same browser (the
    # session is kept in the database: still logged in).
    stale, board.coordinator = board.coordinator, board.coordinator.context.new_page()
    stale.close()
    control = board.control()
    expect(control.locator('.text-2xl')).to_have_text(talk.title)   # the state survived the restart
    changed = time.monotonic()
    board.make_current(closing)
    expect(projector.locator('.now-title')).to_have_text(closing.title, timeout=20_000)
    shown = time.monotonic() - changed
    report(f'restart took {restarted:.1f} s; the projector showed the change {shown:.1f} s after it was made '
           f'(reloads meanwhile: {len(loads)}; console errors meanwhile: {len(board.errors)})')
    # Back for good: the countdown runs again and the page does not keep reloading.
    reloads, countdown = len(loads), seconds(projector.locator('.countdown').inner_text())
    # (+1: a page that was reloading while the item changed may show one second too many for a second; see the report)
    assert 0 < countdown <= talk_minutes(board, closing) * 60 + 1
    expect(projector.locator('.countdown')).not_to_have_text(projector.locator('.countdown').inner_text(),
                                                             timeout=3000)
    assert seconds(projector.locator('.countdown').inner_text()) < countdown
    projector.wait_for_timeout(1000)
    assert len(loads) == reloads
    projector.context.close()
