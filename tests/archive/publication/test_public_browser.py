"""A stranger in a real browser on the public archive searches for a reader who signed their own
reaction, and finds nothing; on the page the reader commented on, the reaction is there under
the reader's pseudonym. The archivist's own server, on loopback, shows the name. Headless
Chromium as in test_browser.py; screenshots in build/screenshots/."""

import re

import pytest

from tests.archive.publication import test_browser
from tests.archive.publication.test_browser import screenshot
from tests.conftest import query
from tests.serving import served

# Headless Chromium and its loopback-only tab, as the browser tests have them.
browser, page = test_browser.browser, test_browser.page

# Signed "Met vriendelijke groet, Gerrit Mulder (wijkverpleegkundige)" under the article below.
SIGNER = "Gerrit Mulder"
ARTICLE = "https://www.socialevraagstukken.nl/buurtteams-in-de-praktijk/"
PSEUDONYM = re.compile(r"Lezer [0-9a-f]{4}")


@pytest.fixture(scope="module")
def article_id(crawled) -> str:
    (page_id,), = query(crawled.db_path, "SELECT page_id FROM page_urls WHERE url = ?", ARTICLE)
    texts = [text for text, in query(crawled.db_path,
                                     "SELECT text FROM reactions WHERE author = ?", SIGNER)]
    assert texts and SIGNER in texts[0], "the mirror's reader no longer signs their reaction"
    return page_id


@pytest.fixture(scope="module")
def public_site(crawled):
    with served(crawled.db_path, "--public") as base:
        yield base


@pytest.fixture(scope="module")
def internal_site(crawled):
    with served(crawled.db_path) as base:
        yield base


def search_for(page, site: str, table: str, words: str) -> int:
    page.goto(f"{site}/archive/{table}")
    page.fill("input#_search", words)
    page.locator("form.filters input[type=submit]").click()
    page.wait_for_url("**_search=**")
    return page.locator("table.rows-and-columns tbody tr").count()


def test_public_mode_finds_nothing_for_a_signed_readers_name(public_site, page):
    for table in ("page_overview", "pages", "reactions"):
        assert search_for(page, public_site, table, f'"{SIGNER}"') == 0, table
        screenshot(page, f"public-search-{table}.png")
    # The same search for a word of the reaction does find the page: the search works.
    assert search_for(page, public_site, "page_overview", "buurtmoeder") >= 1


def test_public_mode_shows_the_reaction_under_its_pseudonym(public_site, page, article_id):
    page.goto(f"{public_site}/archive/pages/{article_id}")
    screenshot(page, "public-reactions.png")
    reactions = page.locator("section.page-reactions")
    assert reactions.count() == 1
    author = reactions.locator(".reaction-author").first.inner_text()
    assert PSEUDONYM.fullmatch(author), author
    text = reactions.inner_text()
    assert f"Met vriendelijke groet, {author} (wijkverpleegkundige)" in text
    assert SIGNER not in page.content()


def test_internal_mode_shows_the_readers_name(internal_site, page, article_id):
    page.goto(f"{internal_site}/archive/pages/{article_id}")
    screenshot(page, "internal-reactions.png")
    reactions = page.locator("section.page-reactions")
    assert reactions.locator(".reaction-author").first.inner_text() == SIGNER
    assert f"Met vriendelijke groet, {SIGNER} (wijkverpleegkundige)" in reactions.inner_text()
    assert search_for(page, internal_site, "reactions", f'"{SIGNER}"') == 1
