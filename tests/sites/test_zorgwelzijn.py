"""Zorg+Welzijn: the spider over the mirror (real HTTP, real Scrapy in a child process) and the
site rules over the mirror's pages, in both article templates and behind the paywall."""

from __future__ import annotations

import re

import lxml.html
import pytest

from mirror import MirrorServer
from tests.conftest import SHARED
from tests.crawling import crawl_items, extract_page, failures, pages

HOST = "www.zorgwelzijn.nl"
SITE = f"https://{HOST}"
SEED_TEXT = SHARED / "seeds" / "003_c7f8de988523a133.txt"

SEED = f"{SITE}/hernieuwde-aandacht-voor-samenlevingsopbouw/"
PREMIUM = f"{SITE}/werkdruk-in-de-wijk-sociaal-werkers-aan-het-woord/"
OLD_TEMPLATE = f"{SITE}/jongerenwerk-onmisbaar-tijdens-de-lockdown/"
OLD_STYLE_URL = f"{SITE}/wijkteams-moeten-burgerkracht-benutten-1372851w/"
NEW_TEMPLATE = f"{SITE}/mantelzorgers-vaker-overbelast/"
UNDER_A_MINUTE = f"{SITE}/zo-kan-het-ook/"
REDIRECT_FROM = f"{SITE}/welzijn/nieuws/2015/3/opbouwwerkers-weer-in-trek-1707420w/"
REDIRECT_TO = f"{SITE}/opbouwwerkers-weer-in-trek-bij-gemeenten/"
REMOVED = f"{SITE}/movisie-start-kennisplein-participatie/"
ONLY_ON_PAGE_2 = f"{SITE}/vrijwilligers-taalhuis-helpen-laaggeletterden-op-weg/"
ONLY_IN_FEED = UNDER_A_MINUTE

ARTICLES = {
    SEED, PREMIUM, OLD_TEMPLATE, OLD_STYLE_URL, NEW_TEMPLATE, UNDER_A_MINUTE, REDIRECT_TO,
    ONLY_ON_PAGE_2,
    f"{SITE}/wijkteams-krijgen-meer-ruimte-voor-preventie/",
    f"{SITE}/gemeenten-investeren-in-vroegsignalering-van-schulden/",
    f"{SITE}/akkoord-over-cao-sociaal-werk/",
    f"{SITE}/movisie-lanceert-kennisdossier-eenzaamheid-onder-jongeren/",
    f"{SITE}/buurtsportcoach-verbindt-sport-en-welzijn/",
    f"{SITE}/meer-aanmeldingen-bij-sociaal-raadslieden/",
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """One crawl for the module, against a mirror of its own so its request log is the crawl's."""
    with MirrorServer() as server:
        items = crawl_items("zorgwelzijn", server.url, tmp_path_factory.mktemp("zorgwelzijn"))
    return items, server


def fetch(mirror, url: str) -> bytes:
    return mirror.get(url)[0]


# The crawl


def test_crawl_archives_every_article_once_and_no_listing_or_feed(crawl):
    items, _ = crawl
    urls = [page["url"] for page in pages(items)]
    assert sorted(urls) == sorted(ARTICLES)
    assert all(page["status"] == 200 for page in pages(items))


def test_crawl_follows_the_news_pagination(crawl):
    items, server = crawl
    assert server.requested(HOST, "/nieuws-zorg-welzijn/page/2/")
    assert ONLY_ON_PAGE_2 in {page["url"] for page in pages(items)}


def test_crawl_reads_the_feed_for_articles_outside_the_news_listing(crawl, mirror):
    items, _ = crawl
    news = b"".join(fetch(mirror, f"{SITE}/nieuws-zorg-welzijn/{page}") for page in ("", "page/2/"))
    assert ONLY_IN_FEED.encode() not in news
    assert ONLY_IN_FEED in {page["url"] for page in pages(items)}


def test_crawl_archives_the_premium_article_the_listing_marks_as_paywalled(crawl, mirror):
    items, _ = crawl
    listing = lxml.html.fromstring(fetch(mirror, f"{SITE}/nieuws-zorg-welzijn/"))
    premium_links = listing.xpath(
        "//div[contains(@class, 'td_module_106')][.//*[contains(@class, 'premium-content-slogan')]]"
        "//h3[contains(@class, 'entry-title')]/a/@href")
    assert premium_links == [PREMIUM]
    assert PREMIUM in {page["url"] for page in pages(items)}


def test_redirect_gives_one_page_under_the_target_url(crawl):
    items, _ = crawl
    found = [page for page in pages(items) if page["url"] == REDIRECT_TO]
    assert len(found) == 1
    assert found[0]["redirected_from"] == [REDIRECT_FROM]
    assert REDIRECT_FROM not in {page["url"] for page in pages(items)}


def test_account_pages_disallowed_by_robots_are_never_requested(crawl, mirror):
    _, server = crawl
    assert b"Disallow: /mijn-account/" in fetch(mirror, f"{SITE}/robots.txt")
    assert b"/mijn-account/" in fetch(mirror, OLD_TEMPLATE)  # the "Artikel bewaren" prompt
    assert server.requested(HOST, "/robots.txt")
    assert not [path for host, path, _ in server.log if path.startswith("/mijn-account/")]


def test_link_to_a_removed_article_is_reported_as_a_404(crawl):
    items, _ = crawl
    assert [(f["url"], f["status"], f["reason"]) for f in failures(items)] == [
        (REMOVED, 404, "http-error")
    ]


# The mirror's pages and the site rules


def test_seed_page_shows_exactly_the_seed_text_in_order(mirror):
    page = lxml.html.fromstring(fetch(mirror, SEED))
    for invisible in page.xpath("//head | //script | //style"):
        invisible.drop_tree()
    assert page.text_content().split() == SEED_TEXT.read_text(encoding="utf-8").split()


def test_premium_article_body_is_the_lead_without_the_paywall_prompt(mirror):
    found = extract_page(mirror, PREMIUM)
    assert found["title"] == "Werkdruk in de wijk: sociaal werkers aan het woord"
    assert found["body_text"] == (
        "Zes op de tien sociaal werkers ervaren een hoge werkdruk, blijkt uit een peiling onder"
        " ruim 1.200 lezers van Zorg+Welzijn. Vijf professionals vertellen wat dat in de praktijk"
        " betekent, en wat hen helpt om het vol te houden."
    )


def test_old_template_body_starts_with_the_lead_and_leaves_out_the_chrome(mirror):
    found = extract_page(mirror, OLD_TEMPLATE)
    body = found["body_text"]
    assert body.startswith("Jongerenwerkers zijn tijdens de lockdown vaak de enige professionals")
    assert "Geen verlengstuk van de handhaving" in body
    assert body.endswith("duidelijke afspraken over privacy.")
    chrome = ("Artikel bewaren", "Reacties", "Foto Pixabay", "TAGS", "Geef een reactie", "Door")
    assert [text for text in chrome if text in body] == []
    assert [a["name"] for a in found["authors"]] == ["Karin de Vries"]
    assert (found["published"], found["modified"]) == ("2020-12-14", "2020-12-15")
    assert found["reading_time_minutes"] is None


def test_old_style_url_is_an_article_like_any_other(mirror):
    found = extract_page(mirror, OLD_STYLE_URL)
    assert (found["kind"], found["title"]) == ("artikel", "Wijkteams moeten burgerkracht benutten")
    assert found["published"] == "2013-10-03"


def test_new_template_closing_lines_and_teasers_leave_the_body(mirror):
    found = extract_page(mirror, NEW_TEMPLATE)
    body = found["body_text"]
    assert body.startswith("Het aantal mantelzorgers dat zich zwaar belast voelt")
    assert body.endswith("snel weten waar ze aan toe zijn.")
    boilerplate = ("Delen op Social Media", "Leestijd", "Tekst door", SITE, "Pixabay",
                   "Ontdek meer", "Zo kan het ook!", "Lees verder", "Volledig overzicht")
    assert [text for text in boilerplate if text in body] == []
    assert [a["name"] for a in found["authors"]] == ["Eline Vermeulen"]
    assert (found["reading_time_minutes"], found["published"]) == (3, "2021-03-08")


def test_reading_time_under_a_minute_counts_as_one_minute(mirror):
    assert extract_page(mirror, UNDER_A_MINUTE)["reading_time_minutes"] == 1


@pytest.mark.parametrize("url", sorted(ARTICLES - {PREMIUM}))
def test_every_full_article_has_title_date_and_a_body_of_paragraphs(mirror, url):
    found = extract_page(mirror, url)
    assert found["kind"] == "artikel" and found["language"] == "nl"
    assert found["title"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found["published"] or "")
    assert "\n\n" in found["body_text"]
    chrome_line = r"(?m)^(Leestijd|Tekst door|Delen op Social Media|https?://)"
    assert not re.search(chrome_line, found["body_text"])
