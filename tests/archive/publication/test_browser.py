"""A researcher uses the published archive in a real browser: searches, narrows by a facet,
reads a page as paragraphs, searches all tables at once. Headless Chromium (Debian's, installed
by .ci/install-browser) drives `archive serve` over the crawled mirror; every step leaves a
full-page screenshot in build/screenshots/ so a person can see what a reader sees."""

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.serving import get_json, served

CHROMIUM = Path("/usr/bin/chromium")
# Rewritten on every run, so kept out of git; docs/images/ holds the copies the README shows.
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is not installed"
    return None


@pytest.fixture(scope="module")
def site(crawled):
    """`archive serve` over the crawled mirror; its root URL."""
    with served(crawled.db_path) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with a fresh profile. CI must have it (fail); elsewhere it may not."""
    missing = browser_missing()
    if missing:
        message = f"{missing}: run .ci/install-browser to install the browser test's needs"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="nl-NL")
        context.set_default_timeout(20_000)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    """A tab that may only reach loopback addresses; what else it asked for is in .outside."""
    tab = browser.new_page()
    tab.outside = []

    def keep_on_loopback(route):
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK_HOSTS or host.startswith("127."):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", keep_on_loopback)
    yield tab
    tab.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def result_titles(page) -> list[str]:
    return page.locator("table.rows-and-columns tbody td.col-title").all_inner_texts()


def wait_for_every_table(page) -> None:
    """The search-all page fetches each table's results in the browser and hides the table's
    placeholder once they are in."""
    page.wait_for_function("""() => [...document.querySelectorAll('[data-searchable-url]')]
        .every(placeholder => placeholder.style.display === 'none')""")


def test_a_researcher_searches_narrows_to_the_canon_and_reads_a_window(site, page):
    page.goto(site + "/archive/page_overview")
    all_rows = page.locator("table.rows-and-columns tbody tr").count()

    page.fill("input#_search", "burgerkracht")
    page.locator("form.filters input[type=submit]").click()
    page.wait_for_url("**_search=burgerkracht**")
    screenshot(page, "search.png")
    titles = result_titles(page)
    assert "Burgerkracht en wijkteams" in titles
    assert "Zonder burgerkracht geen wijkteams" in titles
    assert len(titles) < all_rows, "the search did not narrow the table"
    sites_found = page.locator("#facet-site li a").count()
    assert sites_found > 1, "the search results should come from more than one site"

    page.locator("#facet-site a[href*='site=canon']").click()
    page.wait_for_url("**site=canon**")
    screenshot(page, "facet.png")
    assert "burgerkracht" in page.input_value("input#_search")
    site_cells = page.locator("table.rows-and-columns tbody td.col-site").all_inner_texts()
    assert site_cells and all("canon" in cell.lower() for cell in site_cells), site_cells
    assert len(site_cells) < len(titles)
    assert "Zonder burgerkracht geen wijkteams" not in result_titles(page)

    page.locator("td.col-title a", has_text="Burgerkracht en wijkteams").click()
    page.wait_for_url("**/pages/*")
    screenshot(page, "page.png")
    heading = page.get_by_text("Grondhouding", exact=True).filter(visible=True)
    assert heading.count() == 1, "the heading 'Grondhouding' is not a block of its own"
    assert heading.evaluate("e => e.tagName.toLowerCase()") in {"p", "h2", "h3", "h4"}
    opening = page.locator("p").filter(has_text="Toen Nico de Boer").filter(visible=True)
    assert opening.count() == 1, "the window's first paragraph is not shown as a paragraph"
    assert opening.inner_text().startswith("Toen Nico de Boer")
    text = opening.locator("xpath=..")
    assert text.locator("p").count() > 5
    assert "Publicatiedatum" not in text.inner_text()

    assert page.outside == [], "the archive's pages asked for resources off this machine"


def test_the_archives_broadest_word_finds_pages_newest_first(site, page):
    page.goto(site + "/archive/pages")
    page.fill("input#_search", "zorg")
    page.locator("form.filters input[type=submit]").click()
    page.wait_for_url("**_search=zorg**")
    titles = result_titles(page)
    assert titles, "searching zorg found nothing"
    dates = [d for d in page.locator("table.rows-and-columns tbody td.col-published")
             .all_inner_texts() if d.strip()]
    assert dates == sorted(dates, reverse=True), dates
    assert page.locator("#facet-site li").count() > 0
    assert "too long" not in page.content()


def test_search_all_finds_pages_and_reactions_from_one_box(site, page):
    plugins = {plugin["name"] for plugin in get_json(site + "/-/plugins.json")}
    if "datasette-search-all" not in plugins:
        pytest.skip("datasette-search-all is not installed")

    page.goto(site + "/-/search?q=burgerkracht")
    results = page.locator("#search-all-results h2")
    wait_for_every_table(page)
    screenshot(page, "search-all.png")
    headings = results.all_inner_texts()
    assert any(h.endswith(": pages") for h in headings), headings
    assert "Burgerkracht en wijkteams" in page.locator("#search-all-results").inner_text()

    page.fill("#search-all-q", "wijk")
    page.locator("form.core input[type=submit]").click()
    page.wait_for_url("**q=wijk**")
    wait_for_every_table(page)
    tables = {h.rsplit(":", 1)[-1].strip() for h in results.all_inner_texts()}
    assert {"pages", "reactions"} <= tables, tables

    assert page.outside == [], "the search page asked for resources off this machine"


def test_the_dashboard_draws_every_chart_from_the_archive_alone(site, page):
    plugins = {plugin["name"] for plugin in get_json(site + "/-/plugins.json")}
    if "datasette-dashboards" not in plugins:
        pytest.skip("datasette-dashboards is not installed")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(site + "/-/dashboards")
    page.locator("section.content a[href^='/-/dashboards/']").first.click()
    charts = page.locator(".dashboard-card-chart")
    charts.first.wait_for()
    page.wait_for_function("""() => [...document.querySelectorAll('.dashboard-card-chart')]
        .every(chart => chart.querySelector('svg, canvas, table, .dashboard-card-metric'))""")
    screenshot(page, "dashboard.png")

    assert charts.count() >= 2
    assert errors == []
    assert page.outside == [], "the dashboard asked for resources off this machine"


def test_a_researcher_opens_a_capture_of_a_page_and_follows_its_links_in_the_archive(site, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + "/archive/page_overview?_search=burgerkracht")
    page.locator("td.col-title a", has_text="Burgerkracht en wijkteams").click()
    page.wait_for_url("**/pages/*")
    captures = page.locator("a.page-capture")
    assert captures.count() >= 2, "the page was crawled twice: a capture and a revisit"

    captures.first.click()
    page.wait_for_url("**/-/capture/*")
    banner = page.locator(".capture-banner").inner_text()
    assert "Opname uit het archief" in banner and "volledige opname" in banner
    frame = page.frame_locator("iframe.capture-frame")
    assert "Burgerkracht en wijkteams" in frame.locator("body").inner_text()
    screenshot(page, "capture.png")

    shown = page.url
    archived_link = frame.locator("a[href^='/-/capture/']").first
    archived_link.click()
    page.wait_for_url(lambda url: url != shown and "/-/capture/" in url)
    assert "Opname uit het archief" in page.locator(".capture-banner").inner_text()
    frame.locator("body").wait_for()

    outside = [url for url in requested
               if (urllib.parse.urlsplit(url).hostname or "") not in LOOPBACK_HOSTS]
    assert outside == [] and page.outside == [], "a capture asked for the live web"
