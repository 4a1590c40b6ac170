"""WeasyPrint fetches only data: URLs and our static files; renders have time and memory limits."""

from __future__ import annotations

import urllib.request

import pytest

from reports import fetcher as fetcher_module
from reports.fetcher import BASE_URL, SafeURLFetcher, static_path
from reports.render import RenderError, render, write_pdf

HOSTILE = f"""<!DOCTYPE html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="http://example.com/evil.css">
<link rel="stylesheet" href="file:///etc/hostname">
<link rel="stylesheet" href="{BASE_URL}static/../../../etc/passwd">
<link rel="stylesheet" href="https://example.org/static/reports/print.css">
<link rel="stylesheet" href="/static/reports/print.css">
</head><body>
<img src="file:///etc/passwd" alt="">
<img src="https://example.com/pixel.png" alt="">
<img src="//example.net/pixel.png" alt="">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E" alt="">
<p>Hello</p></body></html>"""


def test_a_template_pointing_outside_fetches_nothing(monkeypatch):
    opened = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        opened.append(url if isinstance(url, str) else url.full_url)
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    served = []
    real_fetch = SafeURLFetcher.fetch

    def record(self, url, headers=None):
        try:
            return real_fetch(self, url, headers)
        finally:
            served.append((url, list(self.served)))

    monkeypatch.setattr(SafeURLFetcher, "fetch", record)
    pdf, pages, refused = write_pdf(HOSTILE)
    assert pdf.startswith(b"%PDF") and pages == 1
    assert "http://example.com/evil.css" in refused
    assert "file:///etc/hostname" in refused
    assert "file:///etc/passwd" in refused
    assert "https://example.com/pixel.png" in refused
    assert "https://example.org/static/reports/print.css" in refused
    assert any("example.net" in url for url in refused)
    # Nothing but data: URLs ever reached urllib; our stylesheet came from the static files.
    assert opened and all(url.startswith("data:") for url in opened)
    assert any(url == f"{BASE_URL}static/reports/print.css" for url, _ in served)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{BASE_URL}static/reports/print.css", "reports/print.css"),
        (f"{BASE_URL}static/reports/../reports/print.css", None),
        (f"{BASE_URL}static/%2e%2e/settings.py", None),
        (f"{BASE_URL}media/reports/x.pdf", None),
        (f"{BASE_URL}static/", None),
        ("file:///work/static/reports/print.css", None),
        ("https://report.invalid.example.com/static/reports/print.css", None),
    ],
)
def test_static_path_takes_only_our_static_files(url, expected):
    assert static_path(url) == expected


def test_a_missing_static_file_is_refused():
    fetcher = SafeURLFetcher()
    with pytest.raises(fetcher_module.RefusedURL):
        fetcher.fetch(f"{BASE_URL}static/reports/nothing-here.css")


def test_a_render_that_takes_too_long_fails_cleanly():
    with pytest.raises(RenderError) as error:
        render("<html lang='en'><title>t</title>" + "<p>x</p>" * 5000 + "</html>", timeout=0.01)
    assert error.value.reason == "The report took too long to make."


def test_a_render_over_its_memory_limit_fails_cleanly():
    # The limit is what the render may add to the worker's address space: almost nothing here.
    with pytest.raises(RenderError) as error:
        render("<html lang='en'><title>t</title>" + "<p>x</p>" * 20000 + "</html>", memory=1024)
    assert error.value.reason in ("The report is too large to make.", "The report could not be made.")


def test_the_memory_limit_is_added_to_what_the_worker_already_holds():
    # A worker that has grown past the limit (threads, arenas, caches) still renders: the limit
    # counts only what the render adds. 200 MB of address space held before forking:
    import mmap

    held = mmap.mmap(-1, 200 * 1024**2)
    try:
        rendered = render("<html lang='en'><title>t</title><p>x</p></html>", memory=150 * 1024**2)
    finally:
        held.close()
    assert rendered.pdf.startswith(b"%PDF") and rendered.pages == 1
