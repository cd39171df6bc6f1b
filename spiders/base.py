"""What every site spider shares: canonical URLs before anything is followed, the raw page
handed on untouched, and every failure reported instead of silently dropped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import get_base_url

from pipeline.dates import utc_now
from pipeline.rights import is_noarchive
from pipeline.urls import UrlRules, is_document_url, web_url
from spiders.items import FetchFailure, RawDocument, RawPage, header_fields
from spiders.safety import RedirectLoop, RefusedAddress

# What a request tells the crawl's revisit policy (archive/crawl/url_state.py), as request meta:
# the URL is one the site announces what is new on (a feed, a sitemap, a first listing page), so
# it is read every run; or the moment the site says the URL last changed (a sitemap's lastmod, a
# feed item's pubDate), so a known URL whose wait has not passed is fetched when that is newer
# than its last fetch.
EVERY_RUN = "archive_every_run"
LASTMOD = "archive_lastmod"
RSS_ITEMS = "//channel/item"
# A sitemap's pages and a sitemap index's sitemaps; the sitemap namespace makes plain names miss.
SITEMAP_ENTRIES = "//*[local-name()='url' or local-name()='sitemap']"


class ArchiveSpider(scrapy.Spider):
    """Subclasses set `name` (the site slug), `url_rules` and `start_urls`, and navigate.

    They call `self.request(url, callback)` for every URL they want, `self.links(response,
    xpath)` to read hrefs, and yield `self.raw_page(response)` for each page worth archiving and
    `self.document_requests(response)` for what it offers for download."""

    url_rules: UrlRules
    start_urls: tuple[str, ...] = ()
    # Where the site keeps uploaded files under addresses without a document's suffix.
    download_paths: re.Pattern | None = None

    @property
    def allowed_domains(self) -> list[str]:  # read by Scrapy's offsite middleware
        return list(self.url_rules.hosts)

    async def start(self):
        for url in self.start_urls:
            yield self.request(url, self.parse)

    def request(self, url: str, callback: Callable, *, every_run: bool = False,
                lastmod: str | None = None, **kwargs) -> scrapy.Request:
        """`every_run` and `lastmod`: what the site announces about the URL (EVERY_RUN, LASTMOD)."""
        if every_run or lastmod:
            kwargs["meta"] = {**kwargs.get("meta", {}),
                              **({EVERY_RUN: True} if every_run else {}),
                              **({LASTMOD: lastmod} if lastmod else {})}
        if callback == self.parse_document:
            # A document has limits of its own; set here, so a URL re-checked in a later run
            # (archive/crawl/url_state.py asks by callback) keeps them.
            kwargs["meta"] = {**kwargs.get("meta", {}),
                              "download_maxsize": self.settings.getint("DOCUMENT_MAXSIZE"),
                              "download_warnsize": self.settings.getint("DOCUMENT_WARNSIZE")}
        return scrapy.Request(
            self.url_rules.canonicalise(url), callback=callback, errback=self.fetch_failed, **kwargs
        )

    def document_requests(self, response: Response) -> Iterator[scrapy.Request]:
        """A request for every file the page offers for download on the site's own hosts: told
        by its address (a document's suffix, the site's upload folder) or by the `download`
        attribute HTML gives such a link, wherever on the page it stands. Robots.txt, the
        politeness and the conditional re-checks are those of every request."""
        flagged = set(self.links(response, "//a[@download]/@href"))
        for url in self.links(response, "//a/@href"):
            path = urlsplit(url).path
            if (url in flagged or is_document_url(url)
                    or (self.download_paths is not None and self.download_paths.search(path))):
                yield self.request(url, self.parse_document)

    def parse_document(self, response: Response) -> Iterator[RawDocument | FetchFailure]:
        yield self.raw_page(response, RawDocument)

    def links(self, response: Response, xpath: str) -> list[str]:
        """Absolute canonical URLs on this site for the hrefs `xpath` selects, in page order."""
        if not isinstance(response, TextResponse):
            return []  # a file, or a body the server mislabelled beyond recognition
        base = get_base_url(response)
        own = (self._own(base, href) for href in response.xpath(xpath).getall())
        return list(dict.fromkeys(url for url in own if url is not None))

    def dated_links(self, response: Response, entries: str, link: str, date: str
                    ) -> list[tuple[str, str | None]]:
        """(URL, date) for each of the `entries` (a sitemap's <url>, a feed's <item>) whose
        `link` is on this site, in page order: `link` and `date` are xpaths within an entry, the
        date the text the site prints (lastmod, pubDate), None where it prints none."""
        if not isinstance(response, TextResponse):
            return []
        base, seen = get_base_url(response), {}
        for entry in response.xpath(entries):
            url = self._own(base, entry.xpath(link).get() or "")
            if url is not None:
                seen.setdefault(url, (entry.xpath(date).get() or "").strip() or None)
        return list(seen.items())

    def feed_requests(self, response: Response, callback: Callable) -> Iterator[scrapy.Request]:
        """A request for each item an RSS feed names, dated by its pubDate: a feed announces
        what is new."""
        for url, published in self.dated_links(response, RSS_ITEMS, "link/text()",
                                                "pubDate/text()"):
            yield self.request(url, callback, lastmod=published)

    def sitemap_entries(self, response: Response) -> list[tuple[str, str | None]]:
        """(URL, lastmod) for each page (<url>) or sitemap (<sitemap>, in an index) a sitemap
        names."""
        return self.dated_links(response, SITEMAP_ENTRIES, "*[local-name()='loc']/text()",
                                "*[local-name()='lastmod']/text()")

    def _own(self, base: str, href: str) -> str | None:
        url = web_url(base, href)
        if url is None:  # javascript:, mailto:, tel:, within the page
            return None
        try:
            url = self.url_rules.canonicalise(url)
        except ValueError:  # a port past 65535: nowhere to go
            return None
        return url if self.url_rules.is_own(url) else None

    def follow_all(
        self, response: Response, xpath: str, callback: Callable, **kwargs
    ) -> Iterator[scrapy.Request]:
        for url in self.links(response, xpath):
            yield self.request(url, callback, **kwargs)

    def raw_page(self, response: Response, kind: type[RawPage] = RawPage
                 ) -> RawPage | FetchFailure:
        """The response as a page (or a `kind` of it); a "noarchive" failure instead when the
        page asks not to be archived and the archivist has not opted in (ARCHIVE_KEEP_NOARCHIVE).
        The capture middleware judges by the same function, so it never wrote the page either."""
        redirects = response.meta.get("redirect_urls") or []
        url = self.url_rules.canonicalise(response.url)
        headers = header_fields(response.headers)
        if (not self.settings.getbool("ARCHIVE_KEEP_NOARCHIVE")
                and is_noarchive(headers, response.body)):
            self.logger.info("not archived (noarchive): %s", url)
            return FetchFailure(site=self.name, url=url, status=response.status,
                                reason="noarchive", error="the page asks not to be archived"
                                " (robots noarchive)", fetched_at=utc_now())
        return kind(
            site=self.name,
            url=url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=utc_now(),
            redirected_from=[self.url_rules.canonicalise(u) for u in redirects],
        )

    def fetch_failed(self, failure) -> Iterable[FetchFailure]:
        request = failure.request
        status, reason = None, "network"
        message = str(failure.value).lower()
        if failure.check(HttpError):
            status, reason = failure.value.response.status, "http-error"
        elif failure.check(RefusedAddress):
            reason = "refused"
        elif failure.check(RedirectLoop) or "max redirections" in message:
            reason = "redirect-loop"
        elif "max size" in message or "maxsize" in message:
            reason = "too-large"  # the body, or what it decompresses to
        elif failure.check(IgnoreRequest):
            reason = "robots" if "robots" in message else "ignored"
        self.logger.info("not archived (%s): %s %s", reason, request.url, status or failure.value)
        yield FetchFailure(
            site=self.name,
            url=request.url,
            status=status,
            reason=reason,
            error=str(failure.value) or failure.type.__name__,
            fetched_at=utc_now(),
        )
