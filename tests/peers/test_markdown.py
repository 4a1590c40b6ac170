"""What peers write is Markdown; whatever they type, the page gets no script, no handler, no
dangerous link and no foreign embed."""

from __future__ import annotations

import re

import pytest

from peers.talk.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](https://example.org/x.png"onerror="alert(1))',
    "<svg onload=alert(1)><circle/></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '[x](https://ok.example "title" onmouseover="alert(1)")',
    "<details open ontoggle=alert(1)>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]

# No tag other than the allow-list, no on* attribute, no href outside http/https/mailto/relative.
TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
ALLOWED = {"a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre"}
ALLOWED |= {"strong", "ul"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_come_out_inert(payload):
    html = str(render_markdown(payload))
    for name, attributes in TAG.findall(html):
        assert name.lower() in ALLOWED, html
        assert not re.search(r"\bon[a-z]+\s*=", attributes, re.I), html
        assert "style" not in attributes.lower(), html
        for href in re.findall(r'href="([^"]*)"', attributes):
            assert re.match(r"(https?:|mailto:|[^:]*$)", href), html
            assert not href.lower().startswith(("javascript", "data:", "vbscript")), html
    lowered = html.lower()
    for bad in ("<script", "<iframe", "<svg", "<style", "<img", "<object", "<embed", "<form", "<base"):
        assert bad not in lowered, html


def test_markdown_keeps_its_structure_and_safe_links():
    html = str(
        render_markdown(
            "# Lessons\n\n**Bold** and *it*\n\n- one\n- two\n\n[OCDS](https://standard.open-contracting.org/)"
        )
    )
    assert "<h3>Lessons</h3>" in html
    assert "<strong>Bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert (
        '<a href="https://standard.open-contracting.org/" rel="nofollow noopener noreferrer ugc">OCDS</a>'
        in html
    )


def test_script_text_is_shown_as_text_not_dropped():
    """Nothing a person wrote silently disappears: raw HTML shows as the characters typed."""
    html = str(render_markdown("Try <script>alert(1)</script> here"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_text_renders_nothing():
    assert str(render_markdown("")) == ""
