"""Screenshots of the public pages at phone and desktop widths, for docs/screenshots/.

Run against a server with the demo data (see README "Demo accounts"), for example:

    DATABASE_URL=sqlite:////tmp/demo/db.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo/db.sqlite3 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/demo/db.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8765
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765 docs/screenshots/after

Each shot is the top of the page, a little more than one screen high, and the script prints
each page's width against the window's (a page wider than its window scrolls sideways).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/en/",
    "explorer": "/en/commitments/",
    "member": "/en/ukraine/",
    "plan": "/en/ukraine/ap_ukr05/",
    "commitment": "/en/ukraine/ap_ukr05/ua0087/",
    "commitment-es": "/es/ukraine/ap_ukr05/ua0087/",
}
WIDTHS = {"390": (390, 844), "1280": (1280, 800)}
# A signed-in person (a civil-society monitor: no two-factor step): the header must still fit on one row.
SIGNED_IN = ("monitor", "demo-monitor-2026")


def shoot(page, url: str, path: Path, height: int) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    full = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(
        path=path,
        full_page=True,
        clip={"x": 0, "y": 0, "width": inner_width, "height": min(full, int(height * 1.4))},
    )
    # 256 colours are plenty for a screenshot of text and flat colour, at a third of the size.
    Image.open(path).quantize(256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)
    flag = "  OVERFLOWS" if scroll_width > inner_width else ""
    print(f"{path.name}: page {scroll_width} px wide in a {inner_width} px window{flag}")


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                shoot(page, base + path, out / f"{name}-{label}.png", height)
            context.close()
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(base + "/en/accounts/login/")
            page.fill("input[name=login]", SIGNED_IN[0])
            page.fill("input[name=password]", SIGNED_IN[1])
            page.locator("main form [type=submit]").first.click()
            page.wait_for_load_state("networkidle")
            shoot(page, base + PAGES["explorer"], out / f"explorer-signed-in-{label}.png", height)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
