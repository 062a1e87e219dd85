"""Markdown written by the coordinator (agenda descriptions), rendered to HTML that is safe to show anywhere.

markdown2 turns the text into HTML; nh3 then keeps only a small allow-list of tags and attributes, so raw HTML in
the text (`<script>`, `onerror=`, `style=`) and links to anything but http(s)/mailto never reach a browser.
"""
from __future__ import annotations

import functools

import markdown2
import nh3

TAGS = {'p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'a', 'code', 'pre', 'blockquote', 'h3', 'h4', 'hr'}
ATTRIBUTES = {'a': {'href', 'title'}}
URL_SCHEMES = {'http', 'https', 'mailto'}


@functools.lru_cache(maxsize=1024)  # the same few descriptions are shown on every page build (Min side, projector)
def render_markdown(text: str) -> str:
    """HTML for `text`, sanitised. Headings are kept below the page's h2 sections; links open as ordinary links
    with rel=noopener noreferrer (nh3 sets it)."""
    if not (text or '').strip():
        return ''
    html = markdown2.markdown(text, safe_mode=False, extras={'break-on-newline': None, 'cuddled-lists': None,
                                                                    'demote-headers': 2})
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel='noopener noreferrer').strip()
