"""HTML to PDF with WeasyPrint, in a child process with a time and a memory limit.

The parent builds the HTML (it needs the database); the child only lays it out and writes the
PDF, under ``RLIMIT_AS``, and the parent waits at most ``timeout`` seconds for it, then kills
it. Either way the caller gets a ``RenderError`` with a reason it can show, never a hung
worker. The PDF is tagged PDF/UA-1 (WeasyPrint tags it, writes the language, the title and the
identification in XMP) and gets page labels ("1", "2", ...).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop

DEFAULT_TIMEOUT = 300  # seconds
# Bytes of address space the child may add to what it inherits from the worker: a limit on the
# whole address space failed every render in a process that had grown past it (threads' stacks
# and arenas count; a browser test's server did), with a bare SystemError from C code.
DEFAULT_MEMORY = 2 * 1024**3


class RenderError(Exception):
    """A render that could not finish; ``reason`` is for the visitor, in English (stored so, and
    translated when shown, in the visitor's language rather than the worker's)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    seconds: float
    refused: list[str]


def write_pdf(html: str) -> tuple[bytes, int, list[str]]:
    """Render in this process (no limits): PDF bytes, page count, refused URLs."""
    from weasyprint import HTML

    from .fetcher import BASE_URL, SafeURLFetcher

    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, finisher=add_page_labels)
    return pdf, len(document.pages), fetcher.refused


def add_page_labels(document, pdf) -> None:
    """WeasyPrint finisher: decimal page labels from 1 ("1", "2", ...) in the catalog."""
    import pydyf

    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])})


def _address_space() -> int:
    """This process's address space now, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(html: str, memory: int, conn) -> None:
    try:
        limit = _address_space() + memory
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        pdf, pages, refused = write_pdf(html)
        conn.send(("ok", pdf, pages, refused))
    except MemoryError:
        conn.send(("memory", b"", 0, []))
    except BaseException as exc:
        conn.send(("error", repr(exc)[:500].encode(), 0, []))
    finally:
        conn.close()


_warm = False


def warm_up() -> None:
    """Load WeasyPrint, fonts and the stylesheet once in this process, so that every forked
    child inherits them instead of spending a second on fontconfig each time."""
    global _warm
    if not _warm:
        write_pdf('<html lang="en"><title>.</title><p>.</p></html>')
        _warm = True


def render(html: str, *, timeout: float | None = None, memory: int | None = None) -> Rendered:
    warm_up()
    timeout = timeout or getattr(settings, "REPORTS_RENDER_TIMEOUT", DEFAULT_TIMEOUT)
    memory = memory or getattr(settings, "REPORTS_RENDER_MEMORY", DEFAULT_MEMORY)
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(html, memory, child), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise RenderError(gettext_noop("The report took too long to make."), f"timeout after {timeout}s")
        try:
            status, payload, pages, refused = parent.recv()
        except EOFError as exc:
            raise RenderError(gettext_noop("The report could not be made."), "the renderer stopped") from exc
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "memory":
        raise RenderError(gettext_noop("The report is too large to make."), f"over {memory} bytes")
    if status != "ok":
        raise RenderError(gettext_noop("The report could not be made."), payload.decode())
    return Rendered(pdf=payload, pages=pages, seconds=time.perf_counter() - started, refused=refused)
