"""Movisie (Drupal): the article, publication and agenda listings with their `?page=N` pagers,
plus the simple_sitemap sitemap, lead to the node pages; links inside the main region of every
page lead on to older content, node paths and old `/publicaties/` URLs that the site redirects.

Only node pages under a content path are archived, with the files they offer for download (the
PDFs under /sites/movisie.nl/files/), which are kept as documents; files are never followed as
pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse

from pipeline.sites.movisie import RULES
from spiders.base import ArchiveSpider

SITE = "https://www.movisie.nl"
SITEMAP_URL = f"{SITE}/sitemap.xml"

# Node pages worth archiving, by their path alias.
CONTENT_PATH = re.compile(r"^/(artikel|publicatie|agenda|tool)/[^/]+$")
# Uploaded files and images: linked from pages, never crawled as pages.
FILE_PATH = re.compile(
    r"^/(sites|system/files|core|themes|modules)/"
    r"|\.(pdf|docx?|xlsx?|pptx?|odt|zip|jpe?g|png|gif|svg|mp3|mp4)$",
    re.I,
)
# Everything Drupal renders inside <main>: the node, its tags, related teasers, a view's rows
# and its pager. Header menus, breadcrumb and footer lead nowhere the listings do not.
MAIN_LINKS = "//main//a/@href"
# Drupal's public and private file folders, images, media and the aggregated CSS and JavaScript
# aside: attachments, whatever their suffix says.
UPLOADS = re.compile(
    r"^/(sites/[^/]+/files|system/files)/(?!styles/|css/|js/)"
    r"(?!.*\.(jpe?g|png|gif|svg|webp|mp3|mp4|css|js)$)", re.I)


class MovisieSpider(ArchiveSpider):
    name = "movisie"
    url_rules = RULES.urls
    start_urls = (f"{SITE}/artikelen", f"{SITE}/publicaties", f"{SITE}/agenda")
    download_paths = UPLOADS

    async def start(self):
        async for request in super().start():
            yield request
        yield self.request(SITEMAP_URL, self.parse_sitemap)

    def parse(self, response: Response):
        if is_content(response.url):
            yield self.raw_page(response)
            yield from self.document_requests(response)
        if not isinstance(response, TextResponse):
            return
        for url in self.links(response, MAIN_LINKS):
            if not FILE_PATH.search(urlsplit(url).path):
                yield self.request(url, self.parse)

    def parse_sitemap(self, response: Response):
        """simple_sitemap names each node with the time it last changed."""
        for url, lastmod in self.sitemap_entries(response):
            yield self.request(url, self.parse, lastmod=lastmod)


def is_content(url: str) -> bool:
    return bool(CONTENT_PATH.match(urlsplit(url).path))
