"""Which links a spider fetches as documents: told by what a reader and the platforms show (a
document's suffix, HTML's `download` attribute, the site's upload folder), on the site's own
hosts only, and each handed on as a document, never as a page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings

from mirror import MirrorServer
from mirror.documents import every_document
from spiders.canon import CanonSpider
from spiders.items import RawDocument
from spiders.movisie import MovisieSpider
from tests.crawling import crawl_items, documents, pages

PAGE = "https://www.movisie.nl/publicatie/sociale-basis-versterken"
LINKS = """<html><body><main>
<a href="/sites/movisie.nl/files/publication-attachment/Rapport.PDF">rapport</a>
<a href="/system/files/2024-03/werkblad">werkblad (Drupal's private files, no suffix)</a>
<a href="/download.php?id=7" download>bijlage</a>
<a href="/sites/movisie.nl/files/styles/large/public/foto.jpg">foto</a>
<a href="/sites/movisie.nl/files/2024-03/affiche.png">affiche</a>
<a href="https://www.zorgwelzijn.nl/wp-content/uploads/elders.pdf">elders</a>
<a href="/artikel/wijkteams">artikel</a>
<a href="mailto:info@movisie.nl">mail</a>
</main></body></html>"""


def response_of(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))


@pytest.fixture
def movisie():
    settings = Settings()
    settings.setmodule("spiders.settings")
    return MovisieSpider.from_crawler(Crawler(MovisieSpider, settings))


def test_a_page_asks_for_its_documents_by_suffix_download_attribute_and_upload_folder(movisie):
    requests = list(movisie.document_requests(response_of(PAGE, LINKS)))
    assert [request.url for request in requests] == [
        "https://www.movisie.nl/sites/movisie.nl/files/publication-attachment/Rapport.PDF",
        "https://www.movisie.nl/system/files/2024-03/werkblad",
        "https://www.movisie.nl/download.php?id=7",
    ]
    assert all(request.callback == movisie.parse_document for request in requests)


def test_a_document_request_carries_the_documents_size_limit(movisie):
    (request, *_) = movisie.document_requests(response_of(PAGE, LINKS))
    assert request.meta["download_maxsize"] == movisie.settings.getint("DOCUMENT_MAXSIZE")
    assert request.meta["download_maxsize"] > movisie.settings.getint("DOWNLOAD_MAXSIZE")
    # A URL re-checked in a later run is asked for by its callback, and keeps the limit.
    again = movisie.request(request.url, movisie.parse_document)
    assert again.meta["download_maxsize"] == request.meta["download_maxsize"]


def test_a_fetched_document_is_handed_on_as_a_document(movisie):
    url = "https://www.movisie.nl/sites/movisie.nl/files/publication-attachment/Rapport.pdf"
    response = HtmlResponse(url, body=b"%PDF-1.7 ...", request=Request(url),
                            headers={"Content-Type": "application/pdf"})
    (item,) = movisie.parse_document(response)
    assert isinstance(item, RawDocument)
    assert (item["url"], item["body"], item["headers"]["content-type"]) == (
        url, b"%PDF-1.7 ...", "application/pdf")


@pytest.mark.parametrize("spider", ["canon", "movisie"])
def test_a_crawl_fetches_every_document_its_pages_offer_once(spider, tmp_path):
    host = {"canon": CanonSpider, "movisie": MovisieSpider}[spider].url_rules.canonical_host
    with MirrorServer() as server:
        items = crawl_items(spider, server.url, tmp_path)
        asked = [path for _, path, _ in server.log]
    offered = sorted(d.url for d in every_document() if urlsplit(d.url).hostname == host)
    assert sorted(item["url"] for item in documents(items)) == offered
    assert all(asked.count(urlsplit(url).path) == 1 for url in offered)
    assert not {item["url"] for item in pages(items)} & set(offered)
