"""Zorg+Welzijn (www.zorgwelzijn.nl): a WordPress news site on the tagDiv Newspaper theme.

No single page lists every article, so three sources are read and the duplicate filter merges
them: the news category with its WordPress pagination (news only), organisation pages such as
/movisie/ (older and non-news pieces about that organisation) and the RSS feed (the newest posts
of every category). Premium articles are archived like the rest: their public part (title, lead,
paywall) is what the site shows, and a later crawl with access can replace it.

Only article pages are handed on, with the documents they offer for download; listings and the
feed are navigation. Account pages (/mijn-account/, linked from every "Artikel bewaren" prompt)
are never followed; robots.txt disallows them as well.
"""

from __future__ import annotations

from pipeline.sites.zorgwelzijn import RULES
from spiders.base import ArchiveSpider

SITE = "https://www.zorgwelzijn.nl"

# Newspaper's listing module; the public scraper the site notes describe uses the same selector.
ARTICLE_LINKS = "//div[has-class('td_module_106')]//*[has-class('entry-title')]/a/@href"
# WordPress pagination as Newspaper prints it: page numbers and arrows in div.page-nav.
LISTING_PAGES = "//div[has-class('page-nav')]//a/@href"


class ZorgwelzijnSpider(ArchiveSpider):
    name = "zorgwelzijn"
    url_rules = RULES.urls
    listing_urls = (f"{SITE}/nieuws-zorg-welzijn/", f"{SITE}/movisie/")
    feed_urls = (f"{SITE}/feed/",)

    async def start(self):
        for url in self.listing_urls:
            yield self.request(url, self.parse_listing)
        for url in self.feed_urls:
            yield self.request(url, self.parse_feed)

    def parse_listing(self, response):
        yield from self.follow_all(response, ARTICLE_LINKS, self.parse_article)
        yield from self.follow_all(response, LISTING_PAGES, self.parse_listing)

    def parse_feed(self, response):
        yield from self.feed_requests(response, self.parse_article)

    def parse_article(self, response):
        yield self.raw_page(response)
        yield from self.document_requests(response)
