"""The crawl run a Scrapy crawler writes into, and the one archive connection it writes through,
shared by the archive's pipeline and middlewares.

`archive crawl` opens one run for all its spiders, holds the crawl lock and passes the run in
ARCHIVE_RUN_ID. A bare `scrapy crawl <site>` (as scrapyd starts it) opens a run of its own on
first use, taking the lock for as long as the process lives.

All crawlers of a process write through one connection, with grouped commits (see
archive/store.py): the capture index, the crawl state and the records of a second's pages are
committed together, rather than three commits a page. Two connections could not both hold a
group open in one thread. A timer commits a group that stops growing, so a polite crawl's pages
are on disk within ARCHIVE_COMMIT_SECONDS."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass

from scrapy import signals
from twisted.internet import task

from archive.lock import CrawlLock
from archive.store import Archive

logger = logging.getLogger(__name__)


@dataclass
class _Shared:
    archive: Archive
    timer: task.LoopingCall
    crawlers: int = 0


_shared: dict[str, _Shared] = {}


def archive_of(crawler) -> Archive:
    """The process's archive connection for this crawler's ARCHIVE_DB, released (and at the last
    release committed and closed) when the crawler's spider closes."""
    if getattr(crawler, "archive", None) is not None:
        return crawler.archive
    settings = crawler.settings
    path = os.path.abspath(settings.get("ARCHIVE_DB"))
    shared = _shared.get(path)
    if shared is None:
        archive = Archive(path)
        seconds = settings.getfloat("ARCHIVE_COMMIT_SECONDS")
        archive.group_commits(settings.getint("ARCHIVE_COMMIT_UNITS"), seconds)
        shared = _shared[path] = _Shared(archive, task.LoopingCall(_commit, archive))
        shared.timer.start(seconds, now=False)
    shared.crawlers += 1
    crawler.archive = shared.archive

    def release(spider=None) -> None:
        shared.crawlers -= 1
        if shared.crawlers == 0:
            shared.timer.stop()
            del _shared[path]
            shared.archive.close()

    crawler.signals.connect(release, signal=signals.spider_closed, weak=False)
    return shared.archive


def _commit(archive: Archive) -> None:
    try:
        archive.commit()
    except Exception:  # a failed timer would stop; the next unit or the close commits instead
        logger.exception("committing the crawl's open group of writes failed")


def run_id(crawler) -> int:
    if getattr(crawler, "archive_run_id", None) is None:
        settings = crawler.settings
        run = settings.getint("ARCHIVE_RUN_ID") or None
        crawler.archive_owns_run = run is None
        if run is None:
            crawler.archive_lock = CrawlLock(settings.get("ARCHIVE_DB")).acquire()
            archive = archive_of(crawler)
            run = archive.start_run([crawler.spidercls.name],
                                    mirror=bool(settings.get("MIRROR_URL")))
            archive.commit()
        crawler.archive_run_id = run
    return crawler.archive_run_id


def in_asyncio_loop() -> bool:
    """Whether this runs in Scrapy's default asyncio reactor, whose loop can await work handed
    to other threads and processes; under another Twisted reactor that work is done in place."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
