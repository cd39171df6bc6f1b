"""The site-wide TDM file asked for before anything else of a host, as robots.txt is.

The W3C TDM Reservation Protocol (https://www.w3.org/2022/tdmrep/, "Processing priority") says a
crawler checks `/.well-known/tdmrep.json` on the origin server before it fetches any content of
it. So, like Scrapy's RobotsTxtMiddleware, this downloader middleware holds the first request to
each host until that file has been answered (a 404 is an answer: the site has none) or could not
be had, and lets every request through from then on. Nothing is decided here: the file passes the
archive's capture like every response (archive/crawl/capture.py keeps it beside the robots.txt),
so the archive has it before it stores any page of the host. The request obeys robots.txt."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)
TDMREP_PATH = "/.well-known/tdmrep.json"
ASKED = "archive_tdmrep"  # meta of the file's own request, which is never held


class TdmRepMiddleware:
    # Ahead of the pages held for it, as Scrapy asks robots.txt.
    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler):
        self.crawler = crawler
        self._hosts: dict[str, Deferred | None] = {}  # None once the host's file was answered

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider) -> Deferred | None:
        url = urlparse_cached(request)
        # robots.txt comes first: this file's request obeys it, so holding it would wait forever.
        if (ASKED in request.meta or url.scheme not in ("http", "https")
                or url.path == "/robots.txt"):
            return None
        if url.netloc not in self._hosts:
            self._hosts[url.netloc] = self._ask(f"{url.scheme}://{url.netloc}{TDMREP_PATH}",
                                                url.netloc)
        pending = self._hosts[url.netloc]
        if pending is None:
            return None
        held: Deferred = Deferred()
        pending.addBoth(lambda result: (held.callback(None), result)[1])
        return held

    def _ask(self, file_url: str, netloc: str) -> Deferred:
        asked = self.crawler.engine.download(Request(
            file_url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK,
            meta={ASKED: True, "handle_httpstatus_all": True}))

        def unanswered(failure) -> None:
            logger.info("no %s (%s): the host's pages say what they say alone", file_url,
                        failure.value)

        def answered(_) -> None:
            self._hosts[netloc] = None

        asked.addCallbacks(lambda _: None, unanswered)
        asked.addBoth(answered)
        return asked
