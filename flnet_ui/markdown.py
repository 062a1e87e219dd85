"""Markdown written by the coordinator (agenda descriptions), rendered to HTML that is safe to show anywhere.

markdown2 turns the text into HTML; nh3 then keeps only a small allow-list of tags and attributes, so raw HTML in
the text (`<script>`, `onerror=`, `style=`) and links to anything but http(s)/mailto never reach a browser.

Pictures are never shown: a picture from another site would tell that site which member opened the programme on Min
side, and when; and the Content-Security-Policy (flnet_ui/security.py) refuses it anyway. Rather than vanish without
a word, a picture (`![Kort over lokalet](https://...)` or `<img src=... alt=...>`) becomes a link to it, named by its
alt text (in the agenda PDF: the text and the address); inside a link, or without a web address, only its alt text
is kept.
"""
from __future__ import annotations

import functools
from html import escape
from html.parser import HTMLParser

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
    # First cleaned with pictures kept (their address checked like a link's), so the rewriting reads well-formed
    # HTML; what it writes is cleaned again, so a mistake in it could only ever show wrong text, never run.
    with_pictures = nh3.clean(html, tags=TAGS | {'img'}, attributes={**ATTRIBUTES, 'img': {'src', 'alt'}},
                              url_schemes=URL_SCHEMES)
    return nh3.clean(_pictures_as_links(with_pictures), tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel='noopener noreferrer').strip()


def _pictures_as_links(html: str) -> str:
    rewriter = _PicturesAsLinks()
    rewriter.feed(html)
    rewriter.close()
    return ''.join(rewriter.parts)


class _PicturesAsLinks(HTMLParser):
    """Writes the HTML back as it came, but each <img> as a link to the picture (its alt text, or else its address,
    as the link's text); an <img> inside a link (links cannot nest) or without a web address as its alt text only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == 'img':
            self._picture(dict(attrs))
            return
        self.open_links += tag == 'a'
        self.parts.append(f'<{tag}' + ''.join(f' {name}="{escape(value or "")}"' for name, value in attrs) + '>')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)   # <br/>: one element, not an opening and a closing tag

    def handle_endtag(self, tag: str) -> None:
        self.open_links = max(0, self.open_links - (tag == 'a'))
        self.parts.append(f'</{tag}>')

    def handle_data(self, data: str) -> None:
        self.parts.append(escape(data, quote=False))

    def _picture(self, attributes: dict[str, str | None]) -> None:
        address, name = attributes.get('src') or '', (attributes.get('alt') or '').strip()
        if self.open_links or not address.lower().startswith(('https://', 'http://')):   # nowhere worth a link
            self.parts.append(escape(name, quote=False))
        else:
            self.parts.append(f'<a href="{escape(address)}">{escape(name or address, quote=False)}</a>')
