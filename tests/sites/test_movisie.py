"""Movisie: the spider against the mirror over real HTTP, and the site rules on the mirror's pages.

The mirror's roles are listed in mirror/sites/movisie/site.json ("notes")."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mirror.documents import every_document
from pipeline import extract_with_sources
from tests.crawling import (
    crawl_items,
    extract_page,
    extract_with_sources_page,
    failures,
    pages,
)

SITE = "https://www.movisie.nl"
HOST = "www.movisie.nl"

ARCHIVED = {
    f"{SITE}/artikel/helft-van-sociaal-werkers-ervaart-discriminatie",
    f"{SITE}/artikel/registratiedruk-zorgt-voor-stress-bij-sociaal-werkers",
    f"{SITE}/artikel/benut-vrijwillige-energie-beter-door-te-tinkeren",
    f"{SITE}/artikel/eenzaamheid-vraagt-om-een-lange-adem",
    f"{SITE}/artikel/samenwerking-professionals-en-bewonersinitiatieven",
    f"{SITE}/artikel/sociaal-werkers-als-verbinders-in-de-wijk",
    f"{SITE}/artikel/zonder-burgerkracht-geen-wijkteams",
    f"{SITE}/publicatie/wat-werkt-bij-de-aanpak-van-eenzaamheid",
    f"{SITE}/publicatie/huiselijk-geweld-bespreekbaar-maken",
    f"{SITE}/publicatie/factsheet-sociaal-werk-in-de-wijk",
    f"{SITE}/publicatie/sociale-basis-versterken",
    f"{SITE}/agenda/webinar-aan-de-slag-met-de-sociale-basis",
    f"{SITE}/tool/gesprekskaarten-vrijwillige-inzet",
}
OLD_PUBLICATION_URL = f"{SITE}/publicaties/sociale-basis-versterken"
NODE_URL = f"{SITE}/node/2718"
MISSING_URL = f"{SITE}/artikel/wijkteams-na-vijf-jaar"
SEARCH_URL = f"{SITE}/search/node?keys=wijkteams"
ZORGWELZIJN_ARTICLE = (
    "https://www.zorgwelzijn.nl/80-van-de-sociaal-werkers-heeft-stress-door-de-registratiedruk/"
)


@pytest.fixture(scope="module")
def items(mirror, tmp_path_factory):
    return crawl_items("movisie", mirror.url, tmp_path_factory.mktemp("movisie"))


@pytest.fixture
def crawled_mirror(fresh_mirror, tmp_path):
    """A mirror of its own after one crawl, for its request log."""
    crawl_items("movisie", fresh_mirror.url, tmp_path)
    return fresh_mirror


# --- crawling -------------------------------------------------------------------------------


def test_crawl_archives_exactly_the_content_pages_once_each(items):
    urls = [page["url"] for page in pages(items)]
    assert sorted(urls) == sorted(ARCHIVED)


def test_old_publication_url_ends_in_one_page_under_its_new_url(items):
    new_url = f"{SITE}/publicatie/sociale-basis-versterken"
    target = [p for p in pages(items) if p["url"] == new_url]
    assert len(target) == 1
    assert target[0]["redirected_from"] == [OLD_PUBLICATION_URL]


def test_node_path_ends_in_one_page_under_its_alias(items):
    alias = f"{SITE}/tool/gesprekskaarten-vrijwillige-inzet"
    target = [p for p in pages(items) if p["url"] == alias]
    assert len(target) == 1
    assert target[0]["redirected_from"] == [NODE_URL]


def test_missing_page_is_reported_as_a_404_failure(items):
    missing = [f for f in failures(items) if f["url"] == MISSING_URL]
    assert [(f["status"], f["reason"]) for f in missing] == [(404, "http-error")]


def test_robots_disallowed_search_link_is_reported_not_fetched(items, crawled_mirror):
    assert [f["reason"] for f in failures(items) if f["url"] == SEARCH_URL] == ["robots"]
    assert crawled_mirror.requested(HOST, "/robots.txt")
    assert not any(path.startswith("/search/") for _, path, _ in crawled_mirror.log)


def test_listing_pagination_is_followed_to_the_last_page(crawled_mirror):
    for path in ("/artikelen?page=1", "/artikelen?page=2", "/publicaties?page=1"):
        assert crawled_mirror.requested(HOST, path), path
    # The pager's "first page" link (?page=0) is the bare listing, fetched once.
    assert not crawled_mirror.requested(HOST, "/artikelen?page=0")


def test_offsite_links_are_never_requested_and_of_files_only_the_downloads_once_each(
        crawled_mirror):
    assert {host for host, _, _ in crawled_mirror.log} == {HOST}
    files = [path for _, path, _ in crawled_mirror.log if path.startswith("/sites/")]
    assert sorted(files) == sorted(
        urlsplit(document.url).path for document in every_document()
        if urlsplit(document.url).hostname == HOST)


# --- extraction -------------------------------------------------------------------------------


PAGES = {
    "/artikel/helft-van-sociaal-werkers-ervaart-discriminatie": {
        "kind": "artikel", "title": "Helft van sociaal werkers ervaart discriminatie",
        "subtitle": "Wat werkt om discriminatie in het werk aan te pakken?",
        "published": "2023-05-11",
        "starts": "Veel sociaal professionals krijgen in hun werk met discriminatie te maken.",
        "ends": "durven zij het eerder aan te kaarten.", "downloads": 0,
    },
    "/artikel/registratiedruk-zorgt-voor-stress-bij-sociaal-werkers": {
        "kind": "artikel", "title": "Registratiedruk zorgt voor stress bij sociaal werkers",
        "subtitle": None, "published": "2022-11-02",
        "starts": "Meer dan een derde van de werktijd",
        "ends": "met sociaal werkers die het anders aanpakken.", "downloads": 0,
    },
    "/artikel/eenzaamheid-vraagt-om-een-lange-adem": {
        "kind": "artikel", "title": "Eenzaamheid vraagt om een lange adem",
        "subtitle": "Gemeenten zoeken naar een samenhangende aanpak", "published": "2020-08-28",
        "starts": "Ruim een miljoen Nederlanders voelen zich ernstig eenzaam.",
        "ends": "Lees de publicatie Wat werkt bij de aanpak van eenzaamheid.", "downloads": 0,
    },
    "/artikel/sociaal-werkers-als-verbinders-in-de-wijk": {
        "kind": "artikel", "title": "Sociaal werkers als verbinders in de wijk",
        "subtitle": None, "published": "2016-04-12",
        "starts": "Sinds de decentralisaties van 2015",
        "ends": "in contacten die pas later iets opleveren.", "downloads": 0,
    },
    "/publicatie/wat-werkt-bij-de-aanpak-van-eenzaamheid": {
        "kind": "publicatie", "title": "Wat werkt bij de aanpak van eenzaamheid",
        "subtitle": "Een overzicht van effectieve interventies en werkzame elementen",
        "published": "2021-02-15", "authors": ["Marieke Jansen", "Rob Verhoeven"],
        "starts": "Eenzaamheid is een van de grote sociale vraagstukken",
        "ends": "bij langdurige eenzaamheid effect kunnen hebben.", "downloads": 1,
    },
    "/publicatie/sociale-basis-versterken": {
        "kind": "publicatie", "title": "Sociale basis versterken",
        "subtitle": "Bouwstenen voor gemeentelijk beleid", "published": "2012-05-10",
        "authors": ["Jan Steyaert", "Marjan de Gruijter"],
        "starts": "De Wet maatschappelijke ondersteuning vraagt gemeenten",
        "ends": "voorbeelden uit gemeenten die er al mee werken.", "downloads": 1,
    },
    "/agenda/webinar-aan-de-slag-met-de-sociale-basis": {
        "kind": "agenda", "title": "Webinar: aan de slag met de sociale basis",
        "subtitle": None, "published": "2024-01-15",  # the day it was announced, not the event
        "starts": "Hoe versterk je de sociale basis in een wijk of dorp",
        "ends": "managers en sociaal werkers van welzijnsorganisaties.", "downloads": 0,
    },
    "/tool/gesprekskaarten-vrijwillige-inzet": {
        "kind": "tool", "title": "Gesprekskaarten vrijwillige inzet",
        "subtitle": None, "published": "2022-02-04",
        "starts": "Met deze gesprekskaarten verkennen coördinatoren en vrijwilligers",
        "ends": "Maak afspraken over taken en begeleiding.", "downloads": 1,
    },
}
BOILERPLATE = ("Movisie gebruikt cookies", "Catharijnesingel", "Blijf op de hoogte", "Kruimelpad",
               "Lees ook", "Downloads", "Meer weten over het Movisie-aanbod", "Meer over")


@pytest.mark.parametrize("path", sorted(PAGES))
def test_site_rules_read_each_page_type(mirror, path):
    expected = PAGES[path]
    record, _ = extract_with_sources_page(mirror, SITE + path)
    assert record["kind"] == expected["kind"]
    assert record["title"] == expected["title"]
    assert record["subtitle"] == expected["subtitle"]
    assert record["published"] == expected["published"]
    assert [a["name"] for a in record["authors"]] == expected.get("authors", [])
    assert record["body_text"].startswith(expected["starts"])
    assert record["body_text"].endswith(expected["ends"])
    assert sum(link["kind"] == "download" for link in record["links"]) == expected["downloads"]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_body_leaves_out_the_page_chrome(mirror, path):
    body = extract_with_sources_page(mirror, SITE + path)[0]["body_text"]
    assert not [text for text in BOILERPLATE if text in body]


def test_pull_quote_is_kept_once(mirror):
    record = extract_page(mirror, f"{SITE}/artikel/eenzaamheid-vraagt-om-een-lange-adem")
    body = record["body_text"]
    assert body.count("Eenzaamheid los je niet op met één activiteit") == 1
    quote = ("‘Eenzaamheid los je niet op met één activiteit; "
             "het vraagt om een netwerk dat blijft.’")
    assert f"verwoordt het zo: {quote} Coalities" in body


@pytest.mark.parametrize("element", ["blockquote", "div", "aside", "p"])
def test_a_pull_quote_is_told_by_its_repetition_whatever_element_sets_it(mirror, element):
    url = f"{SITE}/artikel/eenzaamheid-vraagt-om-een-lange-adem"
    html = mirror.get(url)[0].decode()
    quoted = "<blockquote class=\"pull-quote\"><p>‘Eenzaamheid los je niet op"
    assert quoted in html
    html = html.replace(quoted, f"<{element}><b>‘Eenzaamheid los je niet op", 1)
    html = html.replace("blijft.’</p></blockquote>", f"blijft.’</b></{element}>", 1)
    body = extract_with_sources(html, url)[0]["body_text"]
    assert body.count("Eenzaamheid los je niet op met één activiteit") == 1
    # A quote set apart that the text does not repeat is the text's own.
    unrepeated = html.replace("‘Eenzaamheid los je niet op met één activiteit; het vraagt om",
                              "‘Wie eenzaam is, zoekt geen activiteit maar", 1)
    assert "‘Wie eenzaam is, zoekt geen activiteit maar een netwerk dat blijft.’" in (
        extract_with_sources(unrepeated, url)[0]["body_text"])


def test_teaser_links_to_the_full_text_on_zorgwelzijn(mirror):
    teaser_url = f"{SITE}/artikel/registratiedruk-zorgt-voor-stress-bij-sociaal-werkers"
    record, _ = extract_with_sources_page(mirror, teaser_url)
    assert "Lees verder" not in record["body_text"]
    assert record["links"] == [{
        "kind": "link", "title": "Lees verder op Zorg+Welzijn",
        "url": ZORGWELZIJN_ARTICLE,
    }]


def test_source_line_and_download_button_are_not_body_text(mirror):
    article = extract_page(mirror, f"{SITE}/artikel/sociaal-werkers-als-verbinders-in-de-wijk")
    publication = extract_page(mirror, f"{SITE}/publicatie/wat-werkt-bij-de-aanpak-van-eenzaamheid")
    assert "Bron:" not in article["body_text"]
    assert "Download de volledige publicatie" not in publication["body_text"]


def test_published_comes_from_the_type_and_date_line_when_no_time_element_carries_it(mirror):
    """Nodes migrated from the old site print "publicatie - 10 mei 2012" as plain text; the
    page's metadata happens to agree, so the source shows the rule found it."""
    url = f"{SITE}/publicatie/sociale-basis-versterken"
    record, sources = extract_with_sources_page(mirror, url)
    assert (record["published"], sources["published"]) == ("2012-05-10", "rule")
