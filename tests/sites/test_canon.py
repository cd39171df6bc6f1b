"""The Canon Sociaal Werk: the spider over the mirror (real HTTP, real Scrapy in a child process)
and the site rules over the mirror's pages."""

from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest

from mirror import MirrorServer
from pipeline import extract
from pipeline.identity import collection, page_id
from spiders.canon import CanonSpider
from tests.crawling import crawl_items, extract_page, failures, pages

HOST = "www.canonsociaalwerk.eu"
SITE = f"https://{HOST}"


def window(canon: str, canon_id: int) -> str:
    return f"{SITE}/{canon}/details.php?canon_id={canon_id}"


def author(canon: str, auteur_id: int) -> str:
    return f"{SITE}/{canon}/auteurdetails.php?auteur_id={auteur_id}"


EXPECTED_PAGES = {
    *(window("nl_so", i) for i in (601, 608, 623, 627, 631)),
    window("nl", 18), window("nl", 22),
    window("nl_jz", 205), window("nl_jz", 207),
    window("nl_mw", 131), window("nl_mw", 140),
    author("nl_so", 87), author("nl_so", 91), author("nl_so", 5),
    author("nl", 3), author("nl_jz", 2),
}
KINDERWETTEN = (window("nl", 22), window("nl_jz", 205), window("nl_mw", 131))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """One crawl of the canon against a mirror of its own, so its request log is the crawl's."""
    with MirrorServer() as server:
        items = crawl_items("canon", server.url, tmp_path_factory.mktemp("canon"))
        yield items, server


# --- URLs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", [
    "http://canonsociaalwerk.eu/nl_so/details.php?canon_id=623&cps=3",
    "https://www.canonsociaalwerk.be/nl_so/details.php?canon_id=623",
    "http://www.canonsociaalwerk.nl/nl_so/details.php?cps=3&canon_id=623",
    "https://canonsociaalwerk.nl/nl_so/details_verwant.php?cps=3&verwant=623",
    "HTTPS://WWW.CANONSOCIAALWERK.EU/nl_so/details.php?cps=3&canon_id=623",
])
def test_every_spelling_of_a_window_url_collapses_to_one(spelling):
    assert CanonSpider.url_rules.canonicalise(spelling) == window("nl_so", 623)


# --- crawling -----------------------------------------------------------------------------------

def test_archives_exactly_one_canonical_url_per_window_per_canon_and_author(crawl):
    items, _ = crawl
    urls = [page["url"] for page in pages(items)]
    assert sorted(urls) == sorted(EXPECTED_PAGES)
    assert all(page["status"] == 200 for page in pages(items))


def test_fetches_each_page_once_whatever_spelling_links_use(crawl):
    _, server = crawl
    counts = Counter((host, path) for host, path, _ in server.log)
    assert {key: n for key, n in counts.items() if n > 1} == {}
    assert {host for host, _, _ in server.log} == {HOST}


def test_window_reached_only_through_volgende_and_author_links_is_archived(crawl):
    _, server = crawl
    index, _ = server.get(f"{SITE}/nl_so/")
    assert b"canon_id=631" not in index
    assert window("nl_so", 631) in {page["url"] for page in pages(crawl[0])}


def test_every_canon_in_the_homepage_menu_is_visited(crawl):
    _, server = crawl
    home = lxml.html.fromstring(server.get(f"{SITE}/")[0])
    menu = [CanonSpider.url_rules.canonicalise(href if "//" in href else SITE + href)
            for href in home.xpath("//div[@id='menu']//a/@href")]
    canons = [urlsplit(url).path for url in menu if urlsplit(url).path.count("/") == 2]
    assert len(canons) == 4
    for path in canons:
        assert server.requested(HOST, path), path
    # the samenlevingsopbouw entry is an old address that redirects to the canon's index
    assert (HOST, "/nl_so/index.php", 301) in server.log
    assert (HOST, "/nl_so/", 200) in server.log


def test_robots_disallowed_search_is_never_requested(crawl):
    items, server = crawl
    robots = [f for f in failures(items) if f["reason"] == "robots"]
    assert [f["url"] for f in robots] == [f"{SITE}/zoeken.php"]
    assert not [path for _, path, _ in server.log if path.startswith("/zoeken.php")]


def test_window_that_does_not_exist_is_a_404_failure(crawl):
    items, _ = crawl
    assert [(f["url"], f["status"], f["reason"]) for f in failures(items) if f["status"]] == [
        (window("nl", 999), 404, "http-error")
    ]


def test_news_banner_links_into_other_canons_are_not_followed(crawl):
    _, server = crawl
    assert not [path for _, path, _ in server.log if path.startswith("/uit/")]


# --- extraction ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, year, title, subtitle", [
    (window("nl_so", 601), 1892, "Ons Huis", "Het eerste buurthuis: beschaving en ontmoeting"),
    (window("nl_so", 631), 2020, "Samenredzaamheid", "Buurtwerk in de coronacrisis"),
    (window("nl_jz", 207), 1922, "Kinderrechter", "Een eigen rechter voor jeugdigen"),
])
def test_window_title_is_split_from_the_year_it_is_about(mirror, url, year, title, subtitle):
    page = extract_page(mirror, url)
    assert (page["kind"], page["canon_year"], page["title"], page["subtitle"]) == (
        "venster", year, title, subtitle)


def test_window_dates_come_from_the_labels_not_from_the_canon_year(mirror):
    page = extract_page(mirror, window("nl_so", 631))
    assert (page["published"], page["modified"]) == ("2020-09-03", "2021-03-15")
    without_change = extract_page(mirror, window("nl_so", 608))
    assert (without_change["published"], without_change["modified"]) == ("2020-01-31", None)


def test_window_authors_and_contributors_are_separate_people(mirror):
    two_authors = extract_page(mirror, window("nl_so", 631))["authors"]
    assert [(a["name"], a["role"]) for a in two_authors] == [
        ("Jos van der Lans", "author"), ("Evert Dagelet", "author")]
    with_help = extract_page(mirror, window("nl_so", 608))["authors"]
    assert [(a["name"], a["role"]) for a in with_help] == [
        ("Jos van der Lans", "author"), ("Maarten van der Linde", "contributor")]


def test_window_in_three_canons_is_one_page_in_three_collections(mirror):
    records = [extract_page(mirror, url) for url in KINDERWETTEN]
    assert len({page_id(r) for r in records}) == 1
    assert len({r["body_text"] for r in records}) == 1
    assert [collection(url) for url in KINDERWETTEN] == ["nl", "nl_jz", "nl_mw"]


def test_window_body_is_the_text_without_canon_list_navigation_or_labels(mirror):
    for url in KINDERWETTEN:
        body = extract_page(mirror, url)["body_text"]
        assert body.startswith("Op 1 december 1905 traden de Kinderwetten in werking")
        assert body.endswith("en dat de samenleving daarvoor verantwoordelijkheid draagt.")
        assert "\n\nParticulier initiatief\n\n" in body
        for boilerplate in ("Canon jeugdzorg", "1922 Kinderrechter", "eerste", "homepage",
                            "NIEUW", "Publicatiedatum", "Auteur(s)", "Vijftig jaar"):
            assert boilerplate not in body


def test_related_windows_are_recorded_under_the_windows_own_urls(mirror):
    links = extract_page(mirror, window("nl_so", 631))["links"]
    related = [link["url"] for link in links if link["kind"] == "related"]
    assert related == [window("nl_so", 623), window("nl_so", 627)]
    assert [link["kind"] for link in links].count("video") == 1


def test_author_page_keeps_the_bio_and_drops_ticker_and_book_promos(mirror):
    page = extract_page(mirror, author("nl_so", 5))
    assert (page["kind"], page["title"], page["canon_year"]) == ("auteur", "Jos van der Lans", None)
    assert page["body_text"].startswith("Jos van der Lans is cultuurpsycholoog en publicist.")
    assert page["body_text"].endswith("voor de Raad voor Maatschappelijke Ontwikkeling.")
    for boilerplate in ("VERS VAN DE PERS", "→", "NIEUW CANON-boek", "Vensters van deze auteur"):
        assert boilerplate not in page["body_text"]
    assert page["published"] is None  # the ticker's dates are events, not the page's date


def test_window_served_with_a_wrong_charset_is_repaired(mirror):
    body, content_type = mirror.get(window("nl_mw", 140))
    assert "windows-1252" in content_type
    assert "IdeeÃ«n" in body.decode("windows-1252")  # what decoding as declared gives
    page = extract(body, window("nl_mw", 140), content_type)
    assert page["subtitle"] == "Ideeën uit Amerika veranderen het maatschappelijk werk"
    assert "Ideeën over hulp" in page["body_text"]
    assert "Ã" not in page["body_text"]
