"""The one bridge between Scrapy and the archive: an item pipeline that turns each raw page into
a record with pipeline.extract (in worker processes: archive/extraction_workers.py) and stores
it, and records every page that could not be. A page the archive cannot write stops the crawl
(archive/crawl_run.py); it is counted as not kept, for the run's summary."""

from __future__ import annotations

import logging

from archive.crawl_run import WRITE_FAILURE, archive_of, run_id, write_failed
from archive.extraction_workers import extract
from archive.store import Archive, ArchiveWriteError
from pipeline.html import looks_like_html, mislabelled_utf8
from pipeline.record import problems

logger = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml")
# Sent with outcome="new"|"changed"|"unchanged"|"merged"|"gone"|"failed"|"skipped" for every
# item, so a command line can show progress without reaching into the pipeline.
item_archived = object()
NOT_KEPT = "archive/items_not_kept"  # the stat counting items the archive refused


class ArchivePipeline:
    """Stores into ARCHIVE_DB, in the crawl run of archive.crawl_run: the one `archive crawl`
    opened for all its spiders, or one this crawler opened and closes itself."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.processes = crawler.settings.getint("ARCHIVE_EXTRACT_PROCESSES")
        self.signals = crawler.signals
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def run_id(self) -> int:
        return run_id(self.crawler)

    def open_spider(self, spider) -> None:
        self.archive = archive_of(self.crawler)
        run_id(self.crawler)

    def close_spider(self, spider) -> None:
        if self.archive is None:
            return
        if self.crawler.archive_owns_run:
            stats = spider.crawler.stats
            failure = stats.get_value(WRITE_FAILURE)
            reason = "failed" if failure else stats.get_value("finish_reason") or "finished"
            try:
                counts = self.archive.finish_run(self.run_id, status=reason)
                spider.logger.info("archive run %s: %s", self.run_id, counts)
            except ArchiveWriteError as error:
                failure = failure or str(error)
            if failure:
                spider.logger.error("archive run %s failed, resume it with `archive crawl"
                                    " --resume`: %s", self.run_id, failure)
            self.crawler.archive_lock.release()

    async def process_item(self, item, spider):
        try:
            outcome = await self._ingest(dict(item))
        except ArchiveWriteError as error:
            write_failed(self.crawler, error)
            self.crawler.stats.inc_value(NOT_KEPT)
            return item
        if self.signals is not None:
            self.signals.send_catch_log(item_archived, outcome=outcome, item=item)
        return item

    async def _ingest(self, item: dict) -> str:
        if "reason" in item:
            return self._failure(item, item["reason"], item.get("error") or "", item.get("status"))
        content_type = item["headers"].get("content-type", "")
        if content_type and not content_type.startswith(HTML_TYPES):
            if not looks_like_html(item["body"]):
                return self._failure(item, "not-html", f"content-type {content_type}",
                                     item["status"])
            logger.warning("%s: sent as %s, read as the HTML it is", item["url"], content_type)
            content_type = ""
        if mislabelled_utf8(item["body"], content_type):
            logger.warning("%s: declared UTF-8, but the bytes are not: read as windows-1252",
                           item["url"])
        try:
            record, sources = await extract(item["body"], item["url"], content_type,
                                            self.processes)
        except ValueError as error:
            return self._failure(item, "extract-error", str(error), item["status"])
        for problem in problems(record):
            logger.warning("%s: %s", item["url"], problem)
        return self.archive.store(
            record, fetched_at=item["fetched_at"], run_id=self.run_id, sources=sources,
            requested=item.get("redirected_from") or (),
        )

    def _failure(self, item: dict, reason: str, error: str, status) -> str:
        return self.archive.record_failure(
            self.run_id, site=item["site"], url=item["url"], status=status, reason=reason,
            error=error, fetched_at=item["fetched_at"],
        )
