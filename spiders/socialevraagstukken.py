"""Sociale Vraagstukken, a WordPress journal. No single listing is known to name every article,
so the spider reads all that WordPress offers: the homepage and its /page/N/ pagination, topic
(/vraagstukken/...) and author archives, the RSS feed, the core sitemaps and links inside articles.
Scrapy's duplicate filter on canonical URLs keeps each article to one fetch however many of them
name it, and robots.txt keeps it out of search results and wp-admin."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from scrapy.http import Response

from pipeline.sites.socialevraagstukken import RULES
from spiders.base import ArchiveSpider

HOME = "https://www.socialevraagstukken.nl/"
SITEMAP_INDEX = HOME + "wp-sitemap.xml"

# WordPress names the template in the body class; only a single post's page is archived.
ARTICLE_PAGE = "//body[has-class('single-post')]"
LISTED_ARTICLES = "//article//h2/a/@href"
PAGINATION = "//nav[contains(@class, 'pagination')]//a/@href"
ARCHIVES = "//a[contains(@href, '/vraagstukken/') or contains(@href, '/author/')]/@href"
FEEDS = "//head/link[@rel='alternate'][@type='application/rss+xml']/@href"
# Uploads (PDFs, images) are not pages; the documents among them are asked for as documents.
IN_ARTICLE = (
    "//div[contains(@class, 'entry-content')]//a[not(contains(@href, '/wp-content/'))]/@href"
)


class SocialevraagstukkenSpider(ArchiveSpider):
    name = "socialevraagstukken"
    url_rules = RULES.urls
    start_urls = (HOME,)

    async def start(self):
        async for request in super().start():
            yield request
        yield self.request(SITEMAP_INDEX, self.parse_sitemap)

    def parse(self, response: Response) -> Iterator:
        """Any HTML page of the site: archive it if it is an article, then follow on."""
        if response.xpath(ARTICLE_PAGE):
            yield self.raw_page(response)
            yield from self.document_requests(response)
            yield from self.follow_all(response, IN_ARTICLE, self.parse)
        else:
            yield from self.follow_all(response, LISTED_ARTICLES, self.parse)
            yield from self.follow_all(response, PAGINATION, self.parse)
        yield from self.follow_all(response, ARCHIVES, self.parse)
        for url in self.links(response, FEEDS):
            # The site's feed names its newest articles; a post's own feed, its reactions.
            if urlsplit(url).path == "/feed/":
                yield self.request(url, self.parse_feed, every_run=True)

    def parse_feed(self, response: Response) -> Iterator:
        yield from self.feed_requests(response, self.parse)

    def parse_sitemap(self, response: Response) -> Iterator:
        """The index names sitemaps, read every run; the sitemaps name pages, with the time each
        last changed (WordPress prints a post's `post_modified_gmt`)."""
        for url, lastmod in self.sitemap_entries(response):
            if url.endswith(".xml"):
                yield self.request(url, self.parse_sitemap, every_run=True)
            else:
                yield self.request(url, self.parse, lastmod=lastmod)
