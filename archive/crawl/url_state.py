"""The crawl's progress per URL, kept in the archive database, so a crawl killed at any moment
can be resumed and the next crawl re-checks every URL the site has shown before.

Scrapy's JOBDIR survives only a clean stop (scrapy issue 7978). Here a URL is done in a run
when two things are in the database: what it yielded as a page (stored, or its failure recorded,
by the store in the transaction that writes it: `fetched_run`) and every request it led to
(recorded with the spider method that handles it, once the response's output is complete:
`expanded_run`). A response that yields no page is done when its requests are recorded. So after
a crash, "discovered in this run and not done" is exactly the work left; a page stored before the
crash and fetched again for its links is not counted twice (see Archive.store).

A spider middleware enabled in spiders/settings.py; spiders stay unaware of it. A write the
archive cannot keep stops the crawl (archive/crawl/run.py) and is dropped here without a
traceback: the URL stays not done, for `--resume`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field

from scrapy import Request

from archive.crawl.run import ArchiveRun
from archive.storage.store import GONE_STATUSES, mark_expanded, mark_fetched
from pipeline.dates import utc_now
from spiders.items import FetchFailure, RawPage
from spiders.safety import request_refused


@dataclass
class _Output:
    """What one response led to: the requests it yielded, and whether it yielded a page."""

    requests: list[Request] = field(default_factory=list)
    pages: bool = False


class CrawlStateMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.run = ArchiveRun.of(crawler)
        self.archive = self.run.archive
        self.db = self.archive.db.conn
        crawler.signals.connect(self.refused, signal=request_refused)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start: AsyncIterator) -> AsyncIterator:
        spider = self.crawler.spider
        async for entry in start:
            if isinstance(entry, Request):
                if self._fetched_in_run(entry.url):
                    continue
                with self.run.writing():
                    self._discovered([entry], spider.name)
            yield entry
        revisit = []
        with self.run.writing():
            revisit = self._to_revisit(spider.name)
        for url, callback in revisit:
            yield spider.request(url, getattr(spider, callback or "parse"))

    def process_spider_output(self, response, result: Iterable, spider) -> Iterator:
        output = _Output()
        for entry in result:
            if self._keep(entry, output):
                yield entry
        self._done(response, output, spider.name)

    async def process_spider_output_async(self, response, result: AsyncIterator, spider):
        output = _Output()
        async for entry in result:
            if self._keep(entry, output):
                yield entry
        self._done(response, output, spider.name)

    def _keep(self, entry, output: _Output) -> bool:
        if isinstance(entry, Request):
            if self._fetched_in_run(entry.url):
                return False
            output.requests.append(entry)
        output.pages = output.pages or isinstance(entry, RawPage | FetchFailure)
        return True

    def refused(self, request, reason: str) -> None:
        """A request the guard refused (spiders/safety.py): recorded as the URL's failure, with
        the page that redirected there."""
        source = request.meta.get("redirect_urls", [])
        with self.run.writing():
            self.archive.record_failure(
                self.run.id, site=self.crawler.spider.name, url=request.url, status=None,
                reason="refused",
                error=reason + (f" (redirected from {', '.join(source)})" if source else ""),
                fetched_at=utc_now())

    def _done(self, response, output: _Output, site: str) -> None:
        urls = dict.fromkeys([response.request.url if response.request else response.url,
                              response.url, *response.meta.get("redirect_urls", [])])
        with self.run.writing(), self.archive.transaction() as conn:
            self._discovered(output.requests, site)
            # The links are recorded above, in the same unit of work.
            mark_expanded(conn, urls, self.run.id)
            if not output.pages:
                mark_fetched(conn, urls, self.run.id, utc_now(), response.status)

    def _discovered(self, requests: list[Request], site: str) -> None:
        rows = [(request.url, site, _callback_name(request), self.run.id, utc_now())
                for request in requests]
        with self.archive.transaction() as conn:
            conn.executemany(
                "INSERT INTO crawl_state (url, site, callback, discovered_run, discovered_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " callback = excluded.callback, discovered_run = excluded.discovered_run", rows)

    def _fetched_in_run(self, url: str) -> bool:
        if not self.run.resume:
            return False  # Scrapy's own duplicate filter covers a run in one process
        return self.db.execute(
            "SELECT 1 FROM crawl_state WHERE url = ? AND fetched_run = ? AND expanded_run = ?",
            (url, self.run.id, self.run.id)).fetchone() is not None

    def _to_revisit(self, site: str) -> list[tuple[str, str]]:
        """Every URL of the site known from earlier runs and not gone joins this run, so
        unchanged pages are re-checked cheaply and removed ones are noticed. Resumed: what this
        run discovered and did not fetch, those known URLs included (they join now if the write
        that joined them was lost with the crawl's last group)."""
        gone = ", ".join(str(status) for status in GONE_STATUSES)
        known = f"site = ? AND discovered_run < ? AND (status IS NULL OR status NOT IN ({gone}))"
        with self.archive.transaction() as conn:
            rows = conn.execute(f"SELECT url, callback FROM crawl_state WHERE {known}"
                                " ORDER BY url", (site, self.run.id)).fetchall()
            conn.execute(f"UPDATE crawl_state SET discovered_run = ? WHERE {known}",
                         (self.run.id, site, self.run.id))
        if not self.run.resume:
            return rows
        return self.db.execute(
            "SELECT url, callback FROM crawl_state WHERE site = ? AND discovered_run = ?"
            " AND (fetched_run IS NOT ? OR expanded_run IS NOT ?) ORDER BY discovered_at, url",
            (site, self.run.id, self.run.id, self.run.id)).fetchall()


def _callback_name(request: Request) -> str | None:
    return getattr(request.callback, "__name__", None)
