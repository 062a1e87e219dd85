"""Every colour and shared style class, by name (WCAG 2.1 AA contrast checked with axe-core)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nicegui.app import App

PRIMARY = '#1d5a91'     # white text on it: 6.9:1
LINK = '#1d4ed8'
POSITIVE = '#1e6b34'
WARNING = '#8a4b00'
NEGATIVE = '#b3261e'

PAGE = 'w-full max-w-5xl mx-auto p-4 gap-4'
CARD = 'w-full'
MUTED = 'text-gray-700'
WIDE_ONLY = 'flnet-wide'   # a table column hidden on phones (see .flnet-table in CSS)

# Quasar dims the date picker's weekday labels and NiceGUI's links are too light for AA: put them right once.
CSS = f'''
a, .nicegui-link {{ color: {LINK}; }}
/* Stack a dialog's card explicitly above its backdrop: axe otherwise takes the grey backdrop for the background of
   the dialog's own buttons and reports a contrast failure that no one sees. */
.q-dialog__backdrop {{ z-index: 0; }}
.q-dialog__inner {{ z-index: 1; }}
.q-date__calendar-weekdays > div {{ opacity: 1 !important; color: #374151; }}
.q-header a, .q-header .nicegui-link {{ color: #ffffff; }}
.q-header .q-field__label, .q-header .q-field__native,
.q-header .q-select__dropdown-icon {{ color: #ffffff !important; }}
.q-header .q-field--standout .q-field__control {{ background: rgba(0, 0, 0, 0.28) !important; }}
/* Sanitised markdown (agenda descriptions): Tailwind's reset removes list bullets and paragraph gaps. */
.flnet-markdown ul {{ list-style: disc; padding-left: 1.5rem; }}
.flnet-markdown ol {{ list-style: decimal; padding-left: 1.5rem; }}
.flnet-markdown p + p, .flnet-markdown p + ul, .flnet-markdown p + ol {{ margin-top: 0.4rem; }}
.flnet-markdown a {{ text-decoration: underline; }}
.flnet-nav a:not([aria-current]) {{ text-decoration: none; }}
/* The dashboard's tables: one rule instead of the same five classes on every cell. */
.flnet-table {{ width: 100%; text-align: left; border-collapse: collapse; }}
.flnet-table th, .flnet-table td {{ padding: 0.25rem 0.75rem 0.25rem 0; border-bottom: 1px solid #d1d5db;
  vertical-align: top; }}
.flnet-table th {{ font-weight: 700; }}
@media (max-width: 639.98px) {{ .flnet-table .flnet-wide {{ display: none; }} }}
.flnet-nav a {{ padding: 0.25rem 0.5rem; border-radius: 0.25rem; }}
.flnet-nav a:hover, .flnet-nav a:focus-visible {{ background: rgba(255, 255, 255, 0.15); text-decoration: underline; }}
'''


def use_colours(app: App) -> None:
    """Quasar's default green, red and amber fail AA contrast with white text (notifications, badges, buttons): ours,
    for the whole app at once (set per page, they were an element and a component of their own on every page)."""
    app.colors(primary=PRIMARY, positive=POSITIVE, negative=NEGATIVE, warning=WARNING)
