"""Canon Sociaal Werk: homepage -> each canon's index -> its windows, then along every window's
navigation (eerste / vorige / volgende / laatste), Verwante vensters and author links. The list
of canons is read from the homepage at crawl time, never hard-coded: new canons appear there
first. Only windows and author pages are archived, with the files they offer (literature,
"Aanvullend materiaal"); menus and indexes are not.

The site's markup was never seen, so links are told by their address, not by where they stand:
a canon is a path prefix (/nl_so/), and a page follows the windows and author pages of its own
canon only. The news banner and the menus point into other canons, whose own index leads there."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.sites.canon import RULES
from spiders.base import ArchiveSpider

# A window (details.php, or details_verwant.php from Verwante vensters) or an author page.
WINDOW = re.compile(r"^/(?P<canon>[a-z_]+)/details(?:_verwant)?\.php$")
AUTHOR = re.compile(r"^/(?P<canon>[a-z_]+)/auteurdetails\.php$")
EVERY_LINK = "//a/@href"


class CanonSpider(ArchiveSpider):
    name = "canon"
    start_urls = ("https://www.canonsociaalwerk.eu/",)
    url_rules = RULES.urls

    def parse(self, response):
        """Every page the homepage links to but a window is walked as a canon; the few that are
        not canons (the about page) simply list no windows, and robots.txt keeps the crawler out
        of the search script. Windows the homepage's news banner announces belong to other
        canons, reached through their own index."""
        for url in self.links(response, EVERY_LINK):
            path = urlsplit(url).path
            if path != "/" and not WINDOW.match(path) and not AUTHOR.match(path):
                # A canon's index lists its windows, new ones among them: read every run.
                yield self.request(url, self.parse_canon, every_run=True)

    def parse_canon(self, response):
        yield from self._within_canon(response)

    def parse_window(self, response):
        yield self.raw_page(response)
        yield from self.document_requests(response)
        yield from self._within_canon(response)

    def parse_author(self, response):
        yield self.raw_page(response)
        yield from self.document_requests(response)
        yield from self._within_canon(response)

    def _within_canon(self, response):
        """The windows and author pages of the page's own canon that it links to."""
        canon = urlsplit(response.url).path.split("/")[1]
        for url in self.links(response, EVERY_LINK):
            path = urlsplit(url).path
            for pattern, callback in ((WINDOW, self.parse_window), (AUTHOR, self.parse_author)):
                match = pattern.match(path)
                if match and match["canon"] == canon:
                    yield self.request(url, callback)
