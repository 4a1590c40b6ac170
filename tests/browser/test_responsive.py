"""The public pages at a phone's and a desktop's width, in both languages: no sideways scroll,
zero axe-core violations (WCAG 2.2 AA), a header on one row and menus that open and close.

One page load per page, width and language; one import and one browser for the whole module."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": "/",
    "explorer": "/commitments/?late=any",
    "member": "/france/",
    "plan": "/france/ap_fra01/",
    "commitment": "/france/ap_fra01/fr0026/",
    "organisations": "/organisations/",
}
# (width, height, run axe): axe at the phone and desktop widths the issue names; the widths
# between and below are checked for sideways scroll and the header only, which costs little.
WIDTHS = [(320, 640, False), (390, 844, True), (768, 1024, False), (1280, 800, True)]

# The header is one row when its visible items (the name, the Menu button on a phone, the menu's
# parts on a wide screen) all cross one horizontal line.
ONE_ROW = """() => {
    const header = document.querySelector('.site-header__inner');
    const panel = header.querySelector('.site-menu__panel');
    const items = [header.querySelector('.site-name'), header.querySelector('.site-menu > summary')];
    if (getComputedStyle(panel).position === 'static') items.push(...panel.children);
    const boxes = items.map(el => el.getBoundingClientRect()).filter(box => box.width > 0);
    return Math.max(...boxes.map(box => box.top)) < Math.min(...boxes.map(box => box.bottom));
}"""


@pytest.fixture
def site(live_server, sample_csv):
    from commitments import services
    from commitments.models import CommitmentPage
    from commitments.ogp.importer import import_ogp_commitments

    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    commitment = CommitmentPage.objects.get(ogp_id="FR0026")
    services.milestone_create(commitment=commitment, title="Decree published", status="met")
    services.milestone_create(
        commitment=commitment, title="Registry opened", end_date=datetime.date(2020, 1, 1)
    )
    return live_server.url


def test_every_public_page_fits_phones_tablets_and_desktops_in_both_languages(site, browser, axe):
    """No page is wider than its window at 320, 390, 768 and 1,280 px, and axe-core finds
    nothing at 390 and 1,280 px."""
    problems = []
    for width, height, run_axe in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(15_000)
        for language in ("en", "es"):
            for name, path in PAGES.items():
                where = f"{name} ({language}, {width} px)"
                response = page.goto(f"{site}/{language}{path}")
                assert response.status == 200, where
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    problems.append(f"{where}: {scroll} px wide in a {inner} px window")
                if not page.evaluate(ONE_ROW):
                    problems.append(f"{where}: the header wraps")
                results = axe.run(page, options=WCAG_22_AA) if run_axe else None
                if results and results.violations_count:
                    problems.append(f"{where}\n{results.generate_report()}")
        context.close()
    assert not problems, "\n\n".join(problems)


def test_on_a_phone_the_links_fold_into_a_menu_and_the_filters_into_a_panel(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/en/commitments/")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    menu = page.locator(".site-menu > summary")
    expect(menu).to_have_text("Menu")
    menu.click()
    expect(main_nav.get_by_role("link", name="Explore commitments")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Español")
    ).to_be_visible()
    main_nav.get_by_role("link", name="Explore commitments").focus()
    page.keyboard.press("Escape")  # closes the menu and returns to its button
    expect(main_nav).to_be_hidden()
    expect(menu).to_be_focused()

    # The filters start folded; open, they stay open while htmx refreshes the results.
    region = page.get_by_role("group", name="Region")
    expect(region).to_be_hidden()
    page.locator(".filter-panel > summary").click()
    region.get_by_label("Europe").check()
    page.wait_for_function("() => location.search.includes('region=Europe')")
    expect(page.locator(".filter-panel > summary")).to_have_text("Filters (1 active)")
    expect(page.get_by_role("group", name="Region")).to_be_visible()
    # Clicking the label "Some milestone late" chooses it, not "Any" (they once shared an id).
    page.locator("label", has_text="Some milestone late").click()
    page.wait_for_function("() => location.search.includes('late=any')")
    expect(page.locator("input[name=late][value=any]")).to_be_checked()
    expect(page.locator("input[name=late][value='']")).not_to_be_checked()
    context.close()


def test_a_signed_in_header_stays_on_one_row_with_an_account_menu(site, browser):
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "a-person-with-a-long-name", "person@example.org", "a-long-pass-phrase-1"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(site + "/en/accounts/login/")
        page.locator("input[name=login]").fill(user.username)
        page.locator("input[name=password]").fill("a-long-pass-phrase-1")
        page.locator("main form [type=submit]").first.click()
        page.goto(site + "/en/commitments/")
        assert page.evaluate(ONE_ROW), width
        sign_out = page.get_by_role("link", name="Sign out")
        expect(sign_out).to_be_hidden()
        if width == 1280:
            page.locator(".user-menu > summary").click()
        else:
            page.locator(".site-menu > summary").click()
        expect(sign_out).to_be_visible()
        context.close()
