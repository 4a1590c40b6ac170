"""Markdown that peers write (questions, answers, exchange reports), rendered and sanitised.

markdown-it-py renders CommonMark with raw HTML turned off; nh3 (ammonia) then keeps only a
short allow-list of tags and attributes, and only http, https and mailto links. Both steps:
the renderer alone would pass a ``javascript:`` link written in Markdown syntax, and the
sanitiser alone would not give the text its structure. Images are not allowed (they would load
from anywhere, past the Content-Security-Policy's intent): ``![x](url)`` becomes a plain link.
Headings move down two levels (``#`` gives an ``h3``): the page has its own ``h1`` and ``h2``.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """HTML safe to put in a page from the Markdown a person wrote.

    Kept in memory by text (a pure function of it): rendering and sanitising cost about a
    millisecond each, which a thread of 500 answers would otherwise pay on every view."""
    tokens = _renderer.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    html = _renderer.renderer.render(tokens, _renderer.options, {})
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 — nh3 has just sanitised it
