"""The crawl's progress per URL, kept in the archive database, so a crawl killed at any moment
can be resumed, and the revisit policy's choice of the known URLs a run re-checks.

Scrapy's JOBDIR survives only a clean stop (scrapy issue 7978). Here a URL is done in a run
when two things are in the database: what it yielded as a page (stored, or its failure recorded,
by the store in the transaction that writes it: `fetched_run`) and every request it led to
(recorded with the spider method that handles it, once the response's output is complete:
`expanded_run`). A response that yields no page is done when its requests are recorded. So after
a crash, "discovered in this run and not done" is exactly the work left; a page stored before the
crash and fetched again for its links is not counted twice (see Archive.store).

Which known URLs a run fetches (docs/operations.md, "Revisits"): at its start it chooses, per
site, the URLs whose next check (archive/storage/revisits.py) has passed, the most overdue first,
up to ARCHIVE_REVISIT_BUDGET of them, and marks them discovered in the run; the choice is recorded
in `run_revisits` in the same transaction, so a resumed run continues it instead of choosing
again. A link to a known URL that was not chosen is dropped, unless the site announces the URL
changed since its last fetch (a sitemap's lastmod, a feed item's pubDate: spiders/base.py
LASTMOD). New URLs, the start requests and the pages the site announces what is new on
(EVERY_RUN: feeds, sitemaps, first listing pages) are fetched every run. ARCHIVE_REVISIT_ALL
(`archive crawl --all`) chooses every known URL, without a budget, and keeps every link.

A spider middleware enabled in spiders/settings.py; spiders stay unaware of it. A write the
archive cannot keep stops the crawl (archive/crawl/run.py) and is dropped here without a
traceback: the URL stays not done, for `--resume`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field

from scrapy import Request

from archive.crawl.run import ArchiveRun
from archive.storage.revisits import moment
from archive.storage.store import GONE_STATUSES, mark_expanded, mark_fetched
from pipeline.dates import utc_now
from spiders.base import EVERY_RUN, LASTMOD
from spiders.items import FetchFailure, RawPage
from spiders.safety import request_refused


@dataclass
class _Output:
    """What one response led to: the requests it yielded, and whether it yielded a page."""

    requests: list[Request] = field(default_factory=list)
    pages: bool = False
    announced: int = 0  # known URLs not chosen for the run, kept as the site announced a change


class CrawlStateMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.run = ArchiveRun.of(crawler)
        self.archive = self.run.archive
        self.db = self.archive.db.conn
        self.every_url = self.run.revisit_all
        crawler.signals.connect(self.refused, signal=request_refused)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start: AsyncIterator) -> AsyncIterator:
        spider = self.crawler.spider
        revisit = []
        with self.run.writing():
            revisit = self._to_revisit(spider.name)
        async for entry in start:
            if isinstance(entry, Request):
                if self._fetched_in_run(entry.url):
                    continue
                with self.run.writing():
                    self._discovered([entry], spider.name)
            yield entry
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
            if self._fetched_in_run(entry.url) or not self._wanted(entry, output):
                return False
            output.requests.append(entry)
        output.pages = output.pages or isinstance(entry, RawPage | FetchFailure)
        return True

    def _wanted(self, request: Request, output: _Output) -> bool:
        """Whether a request a response led to is fetched in this run: a new URL, an entry point,
        a known URL the run chose or one the site announces changed since its last fetch. A gone
        URL linked again is asked for once its wait has passed: the revisit list leaves it out."""
        if self.every_url or request.meta.get(EVERY_RUN):
            return True
        row = self.db.execute(
            "SELECT fetched_at, discovered_run, status, next_check_at FROM crawl_state"
            " WHERE url = ?", (request.url,)).fetchone()
        if row is None or row[0] is None or row[1] == self.run.id:
            return True
        fetched_at, _, status, next_check_at = row
        lastmod = moment(request.meta.get(LASTMOD))
        if lastmod is not None and lastmod > moment(fetched_at):
            output.announced += 1
            return True
        return status in GONE_STATUSES and (next_check_at or "") <= utc_now()

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
            if output.announced:
                conn.execute(
                    "UPDATE run_revisits SET announced = announced + ? WHERE run_id = ? AND"
                    " site = ?", (output.announced, self.run.id, site))

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
        """The known URLs of the site this run re-checks, chosen now unless the run (resumed)
        chose them before; with a resumed run, everything else it discovered and did not finish
        as well."""
        with self.archive.transaction() as conn:
            chosen = conn.execute("SELECT every_url FROM run_revisits WHERE run_id = ?"
                                  " AND site = ?", (self.run.id, site)).fetchone()
            if chosen is None:
                self._choose(conn, site)
            else:
                self.every_url = self.every_url or bool(chosen[0])
        return self.db.execute(
            "SELECT url, callback FROM crawl_state WHERE site = ? AND discovered_run = ?"
            " AND (fetched_run IS NOT ? OR expanded_run IS NOT ?) ORDER BY discovered_at, url",
            (site, self.run.id, self.run.id, self.run.id)).fetchall()

    def _choose(self, conn, site: str) -> None:
        """Mark discovered in this run the site's known URLs (not gone) whose next check has
        passed, those never checked and the most overdue first, up to the budget; or, for a full
        pass, every known URL. What was chosen of how many goes into run_revisits."""
        gone = ", ".join(str(status) for status in GONE_STATUSES)
        known = f"site = ? AND discovered_run < ? AND (status IS NULL OR status NOT IN ({gone}))"
        params = [site, self.run.id]
        total = conn.execute(f"SELECT count(*) FROM crawl_state WHERE {known}", params).fetchone()
        due, limit = known, -1
        if not self.every_url:
            due += " AND (next_check_at IS NULL OR next_check_at <= ?)"
            params.append(utc_now())
            limit = self.run.budget
        (due_count,) = conn.execute(f"SELECT count(*) FROM crawl_state WHERE {due}",
                                    params).fetchone()
        chosen = conn.execute(
            f"UPDATE crawl_state SET discovered_run = ? WHERE url IN (SELECT url FROM crawl_state"
            f" WHERE {due} ORDER BY next_check_at IS NOT NULL, next_check_at, url LIMIT ?)",
            (self.run.id, *params, limit)).rowcount
        conn.execute(
            "INSERT INTO run_revisits (run_id, site, every_url, budget, known, due, chosen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.run.id, site, int(self.every_url), None if self.every_url else self.run.budget,
             total[0], due_count, chosen))


def _callback_name(request: Request) -> str | None:
    return getattr(request.callback, "__name__", None)
