"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return path if shutil.which(path) else None


def pytest_collection_modifyitems(config, items):
    reason = None
    if os.environ.get("SKIP_BROWSER") == "1":
        reason = "SKIP_BROWSER=1: Chromium could not be installed on this machine"
    elif _chromium_path() is None:
        reason = "Chromium not found: apt-get install chromium (or set CHROMIUM_PATH)"
    if reason and os.environ.get("CI") == "true":
        raise pytest.UsageError(f"browser tests cannot run under CI: {reason}")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


# Every Content-Security-Policy violation any page of any browser test causes: the test then
# fails (_no_csp_violations), so "every page of the browser suite loads with no CSP
# violation" holds. Two witnesses: the page's securitypolicyviolation events (scripts, styles,
# images, frames...) and Chromium's console, which reports a refusal even with JavaScript off.
CSP_VIOLATIONS: list[str] = []

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation([
        event.effectiveDirective, "blocked", event.blockedURI || "inline", "on", event.documentURI,
        event.sourceFile ? `at ${event.sourceFile}:${event.lineNumber}` : "", event.sample || "",
    ].join(" "));
});
"""


def watch_csp(context):
    """Record the CSP violations of every page in this browser context."""
    context.expose_binding("__cspViolation", lambda source, text: CSP_VIOLATIONS.append(text))
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"console: {message.text}")

    context.on("console", on_console)
    return context


class CSPWatchedBrowser:
    """The Playwright browser, whose every new context (and page) is watched for CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        return watch_csp(self._browser.new_context(**kwargs))

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Fails a browser test whose pages caused any Content-Security-Policy violation."""
    CSP_VIOLATIONS.clear()
    yield
    found = list(dict.fromkeys(CSP_VIOLATIONS))
    CSP_VIOLATIONS.clear()
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(found), pytrace=False)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens in other threads, but Django's async-safety check sees the loop here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # expect() waits (retries) up to this long, as the pages' actions do (page fixture below).
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        yield CSPWatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
