"""The crawl run a Scrapy crawler writes into, and the one archive connection it writes through,
shared by the archive's pipeline and middlewares.

`archive crawl` opens one run for all its spiders, holds the crawl lock and passes the run in
ARCHIVE_RUN_ID. A bare `scrapy crawl <site>` (as scrapyd starts it) opens a run of its own on
first use, taking the lock for as long as the process lives.

All crawlers of a process write through one connection, with grouped commits (see
archive/store.py): the capture index, the crawl state and the records of a second's pages are
committed together, rather than three commits a page. Two connections could not both hold a
group open in one thread. A timer commits a group that stops growing, so a polite crawl's pages
are on disk within ARCHIVE_COMMIT_SECONDS.

When the archive cannot keep a write (a full disk or database, a read-only file: any write to
the database or the WARC files), it loses the open group and refuses every later write
(archive/store.py), so the crawl stops: every spider writing to it is closed with the reason
`archive-write-failed`, each crawler's stats name the failure (`archive/write_failure`), and the
run stays resumable. What was not kept is fetched again by `--resume`."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field

from scrapy import signals
from twisted.internet import task

from archive.lock import CrawlLock
from archive.store import Archive, ArchiveWriteError

logger = logging.getLogger(__name__)
WRITE_FAILURE = "archive/write_failure"  # the stat that names why a crawl's writes stopped
WRITE_FAILED = "archive-write-failed"  # the finish reason of a spider stopped by it


@dataclass
class _Shared:
    archive: Archive
    crawlers: list = field(default_factory=list)
    timer: task.LoopingCall | None = None


_shared: dict[str, _Shared] = {}


def archive_of(crawler) -> Archive:
    """The process's archive connection for this crawler's ARCHIVE_DB, released (and at the last
    release committed and closed) when the crawler's spider closes."""
    if getattr(crawler, "archive", None) is not None:
        return crawler.archive
    settings = crawler.settings
    # Its real path: a link to the database is the same archive, with the same lock.
    path = os.path.realpath(settings.get("ARCHIVE_DB"))
    shared = _shared.get(path)
    if shared is None:
        archive = Archive(path)
        seconds = settings.getfloat("ARCHIVE_COMMIT_SECONDS")
        archive.group_commits(settings.getint("ARCHIVE_COMMIT_UNITS"), seconds)
        shared = _shared[path] = _Shared(archive)
        shared.timer = task.LoopingCall(_commit, shared)
        shared.timer.start(seconds, now=False)
    shared.crawlers.append(crawler)
    crawler.archive = shared.archive

    def release(spider=None) -> None:
        shared.crawlers.remove(crawler)
        if not shared.crawlers:
            shared.timer.stop()
            del _shared[path]
            try:
                shared.archive.close()
            except ArchiveWriteError as error:  # the last group was lost: the run failed
                _record_failure([crawler], error)

    crawler.signals.connect(release, signal=signals.spider_closed, weak=False)
    return shared.archive


def _commit(shared: _Shared) -> None:
    try:
        shared.archive.commit()
    except ArchiveWriteError as error:
        _stop(shared.crawlers, error)


def write_failed(crawler, error: OSError, what: str | None = None) -> None:
    """A write of this crawl's was not kept (`error`; `what` names the files when they are not
    the database): the archive gives up its open group and takes no more writes, and every
    crawl writing to it stops. Called by each of the archive's Scrapy components that meets
    such an error, so none of them lets a traceback through; the second call changes nothing."""
    archive = crawler.archive
    failure = error if isinstance(error, ArchiveWriteError) else archive.fail(error, what)
    shared = next((s for s in _shared.values() if s.archive is archive), None)
    # Once the archive is released (a WARC file failing as it is closed), only this crawl is left.
    _stop(shared.crawlers if shared is not None else [crawler], failure)


def _stop(crawlers: list, error: ArchiveWriteError) -> None:
    if not _record_failure(crawlers, error):
        return
    logger.info("stopping the crawl: %s", error)
    for crawler in crawlers:
        if crawler.engine is None or crawler.spider is None:
            continue
        try:
            crawler.engine.close_spider(crawler.spider, WRITE_FAILED)
        except RuntimeError:
            pass  # closed in the meantime


def _record_failure(crawlers: list, error: OSError) -> bool:
    """Name the failure in the crawlers' stats; False if they knew of it already."""
    if all(crawler.stats.get_value(WRITE_FAILURE) for crawler in crawlers):
        return False
    for crawler in crawlers:
        crawler.stats.set_value(WRITE_FAILURE, str(error))
    return True


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
