"""The crawl run a crawler writes into: one object, `ArchiveRun`, a Scrapy extension (EXTENSIONS
in spiders/settings.py) that Scrapy builds before the crawler's middlewares and pipelines, which
take it with `ArchiveRun.of(crawler)`.

Building it is the one moment the run begins: `archive crawl` opens one run for all its spiders,
holds the crawl lock and passes the run in ARCHIVE_RUN_ID; a bare `scrapy crawl <site>` (as
scrapyd starts it) takes the lock here, for as long as its spider runs, and opens a run of its
own, which it finishes when the spider closes.

All crawlers of a process write through one archive connection, with grouped commits
(archive/storage/store.py): the capture index, the crawl state and the records of a second's
pages are committed together, rather than three commits a page. Two connections could not both
hold a group open in one thread. A timer commits a group that stops growing, so a polite
crawl's pages are on disk within ARCHIVE_COMMIT_SECONDS.

When the archive cannot keep a write (a full disk or database, a read-only file: any write to
the database or the WARC files), it loses the open group and refuses every later write, so the
crawl stops: every spider writing to it is closed with the reason `archive-write-failed`, each
crawler's stats name the failure (`archive/write_failure`), and the run stays resumable. What
was not kept is fetched again by `--resume`."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from archive.storage.files import DEFAULT_DB, captures_folder
from archive.storage.lock import CrawlLock
from archive.storage.store import Archive, ArchiveWriteError

logger = logging.getLogger(__name__)
WRITE_FAILURE = "archive/write_failure"  # the stat that names why a crawl's writes stopped
WRITE_FAILED = "archive-write-failed"  # the finish reason of a spider stopped by it


class ArchiveRun:
    """What a crawler's archive components share: the archive connection, the run's id, where
    its captures go, whether it resumes; and the one way they report a write not kept."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        db_path = settings.get("ARCHIVE_DB") or DEFAULT_DB
        self.captures: Path = captures_folder(db_path, settings.get("ARCHIVE_CAPTURES"))
        self.resume = settings.getbool("ARCHIVE_RESUME")
        # The revisit policy's (archive/crawl/url_state.py): a full pass, or the most re-checks of
        # known URLs per site.
        self.revisit_all = settings.getbool("ARCHIVE_REVISIT_ALL")
        self.budget = settings.getint("ARCHIVE_REVISIT_BUDGET")
        given = settings.getint("ARCHIVE_RUN_ID") or None
        # A run of its own is begun under the lock, before the archive is opened (and migrated).
        self.lock = CrawlLock(db_path).acquire() if given is None else None
        try:
            self.archive = _join(crawler, db_path)
            if given is None:
                given = self.archive.start_run([crawler.spidercls.name],
                                               mirror=bool(settings.get("MIRROR_URL")))
                self.archive.commit()
        except BaseException:
            if self.lock is not None:
                self.lock.release()
            raise
        self.id: int = given
        self._closers: list[Callable[[], None]] = []
        crawler.signals.connect(self._close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> ArchiveRun:
        return cls(crawler)

    @classmethod
    def of(cls, crawler) -> ArchiveRun:
        """The crawler's run, for its archive components."""
        run = crawler.get_extension(cls)
        if run is None:
            raise NotConfigured("the archive's components need the extension"
                                " archive.crawl.run.ArchiveRun in EXTENSIONS")
        return run

    @property
    def owned(self) -> bool:
        """Whether this crawler began the run (a bare `scrapy crawl`), and so ends it."""
        return self.lock is not None

    @contextmanager
    def writing(self, what: str | None = None) -> Iterator[None]:
        """A write of the crawl's; if it is not kept (`what` names the files when they are not
        the database), the crawl stops, without a traceback."""
        try:
            yield
        except ArchiveWriteError as error:
            self.write_failed(error)
        except OSError as error:
            if what is None:
                raise
            self.write_failed(error, what)

    def write_failed(self, error: OSError, what: str | None = None) -> None:
        """A write of this crawl's was not kept: the archive gives up its open group and takes no
        more writes, and every crawl writing to it stops. The second call changes nothing."""
        failure = error if isinstance(error, ArchiveWriteError) else self.archive.fail(error, what)
        _stop(_sharing(self.archive, self.crawler), failure)

    def on_close(self, close: Callable[[], None]) -> None:
        """Call `close` when the spider closes, before the run finishes and leaves the archive:
        Scrapy signals its receivers in the order they connected, and this extension connects
        before any component, so a component's last writes (a WARC file's fixity) would
        otherwise come after the last commit, or the closed connection."""
        self._closers.append(close)

    def _close(self, spider) -> None:
        try:
            for close in self._closers:
                close()
            if self.owned:
                self._finish(spider)
        finally:
            _leave(self.crawler, self.archive)
            if self.lock is not None:
                self.lock.release()

    def _finish(self, spider) -> None:
        stats = self.crawler.stats
        failure = stats.get_value(WRITE_FAILURE)
        try:
            counts = self.archive.finish_run(self.id, status="failed" if failure else "finished")
            spider.logger.info("archive run %s: %s", self.id, counts)
        except ArchiveWriteError as error:
            failure = failure or str(error)
        if failure:
            spider.logger.error("archive run %s failed, resume it with `archive crawl --resume`:"
                                " %s", self.id, failure)


@dataclass
class _Shared:
    """The one archive connection of a process for one database, and the crawlers using it."""

    archive: Archive
    crawlers: list = field(default_factory=list)
    timer: task.LoopingCall | None = None


_shared: dict[str, _Shared] = {}  # by the database's real path


def _join(crawler, db_path: str) -> Archive:
    # Its real path: a link to the database is the same archive, with the same lock.
    path = os.path.realpath(db_path)
    shared = _shared.get(path)
    if shared is None:
        archive = Archive(path)
        seconds = crawler.settings.getfloat("ARCHIVE_COMMIT_SECONDS")
        archive.group_commits(crawler.settings.getint("ARCHIVE_COMMIT_UNITS"), seconds)
        shared = _shared[path] = _Shared(archive)
        shared.timer = task.LoopingCall(_commit, shared)
        shared.timer.start(seconds, now=False)
    shared.crawlers.append(crawler)
    return shared.archive


def _leave(crawler, archive: Archive) -> None:
    """The last crawler to leave commits the open group and closes the connection."""
    path, shared = next((p, s) for p, s in _shared.items() if s.archive is archive)
    shared.crawlers.remove(crawler)
    if shared.crawlers:
        return
    shared.timer.stop()
    del _shared[path]
    try:
        archive.close()
    except ArchiveWriteError as error:  # the last group was lost: the run failed
        _record_failure([crawler], error)


def _commit(shared: _Shared) -> None:
    try:
        shared.archive.commit()
    except ArchiveWriteError as error:
        _stop(shared.crawlers, error)


def _sharing(archive: Archive, crawler) -> list:
    """The crawlers writing to `archive`; once it is released (a WARC file failing as it is
    closed), only this crawler is left."""
    shared = next((s for s in _shared.values() if s.archive is archive), None)
    return shared.crawlers if shared is not None else [crawler]


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
