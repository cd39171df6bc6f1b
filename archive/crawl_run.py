"""The crawl run a Scrapy crawler writes into, shared by the archive's pipeline and middlewares.

`archive crawl` opens one run for all its spiders, holds the crawl lock and passes the run in
ARCHIVE_RUN_ID. A bare `scrapy crawl <site>` (as scrapyd starts it) opens a run of its own on
first use, taking the lock for as long as the process lives."""

from __future__ import annotations

from archive.lock import CrawlLock
from archive.store import Archive


def run_id(crawler) -> int:
    if getattr(crawler, "archive_run_id", None) is None:
        settings = crawler.settings
        run = settings.getint("ARCHIVE_RUN_ID") or None
        crawler.archive_owns_run = run is None
        if run is None:
            crawler.archive_lock = CrawlLock(settings.get("ARCHIVE_DB")).acquire()
            with Archive(settings.get("ARCHIVE_DB")) as archive:
                run = archive.start_run([crawler.spidercls.name],
                                        mirror=bool(settings.get("MIRROR_URL")))
        crawler.archive_run_id = run
    return crawler.archive_run_id
