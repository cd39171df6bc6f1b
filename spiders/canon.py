"""Canon Sociaal Werk: homepage menu -> each canon's index -> its windows, then along every
window's navigation (eerste / vorige / volgende / laatste), Verwante vensters and author links.

The list of canons is read from the homepage menu at crawl time, never hard-coded: new canons
appear there first. Only windows and author pages are archived; menus and indexes are not."""

from __future__ import annotations

from pipeline.sites.canon import RULES
from spiders.base import ArchiveSpider

# Every entry of the homepage menu is walked as a canon; the few that are not canons (the about
# page) simply list no windows, and robots.txt keeps the crawler out of the search script.
HOMEPAGE_MENU = "//div[@id='menu']//a/@href"
# Window and author links inside the page's own content, which holds the index list, the
# navigation bars, Verwante vensters and the Auteur(s) line. The news banner and the site menu
# outside #content point into other canons and are left alone.
WINDOW_LINKS = (
    "//div[@id='content']//a[re:test(@href, '(^|/)details(_verwant)?\\.php\\?')]/@href"
)
AUTHOR_LINKS = "//div[@id='content']//a[re:test(@href, '(^|/)auteurdetails\\.php\\?')]/@href"


class CanonSpider(ArchiveSpider):
    name = "canon"
    start_urls = ("https://www.canonsociaalwerk.eu/",)
    url_rules = RULES.urls

    def parse(self, response):
        yield from self.follow_all(response, HOMEPAGE_MENU, self.parse_canon)

    def parse_canon(self, response):
        yield from self.follow_all(response, WINDOW_LINKS, self.parse_window)

    def parse_window(self, response):
        yield self.raw_page(response)
        yield from self.follow_all(response, WINDOW_LINKS, self.parse_window)
        yield from self.follow_all(response, AUTHOR_LINKS, self.parse_author)

    def parse_author(self, response):
        yield self.raw_page(response)
        yield from self.follow_all(response, WINDOW_LINKS, self.parse_window)
