"""The one bridge between Scrapy and the archive's records: an item pipeline that turns each raw
page into a record with the pipeline (in worker processes: archive/crawl/extraction.py) and
stores it, and records every page that could not be. A page the archive cannot write stops the
crawl (archive/crawl/run.py); it is counted as not kept, for the run's summary."""

from __future__ import annotations

import logging

from archive.crawl.extraction import extract
from archive.crawl.run import ArchiveRun
from archive.storage.store import ArchiveWriteError
from pipeline.html import looks_like_html, mislabelled_utf8
from pipeline.record import problems

logger = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml")
# Sent with the outcome (archive.storage.store.OUTCOMES) of every item, so a command line can
# show progress without reaching into the pipeline.
item_archived = object()
NOT_KEPT = "archive/items_not_kept"  # the stat counting items the archive refused


class ArchivePipeline:
    """Stores into the crawler's run (archive/crawl/run.py)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.run = ArchiveRun.of(crawler)
        self.archive = self.run.archive
        self.processes = crawler.settings.getint("ARCHIVE_EXTRACT_PROCESSES")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item, spider):
        try:
            outcome = await self._ingest(dict(item))
        except ArchiveWriteError as error:
            self.run.write_failed(error)
            self.crawler.stats.inc_value(NOT_KEPT)
            return item
        self.crawler.signals.send_catch_log(item_archived, outcome=outcome, item=item)
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
            extracted = await extract(item["body"], item["url"], content_type, self.processes)
        except ValueError as error:
            return self._failure(item, "extract-error", str(error), item["status"])
        for problem in problems(extracted.record):
            logger.warning("%s: %s", item["url"], problem)
        return self.archive.store(
            extracted.record, identity=extracted.identity, fetched_at=item["fetched_at"],
            run_id=self.run.id, sources=extracted.sources,
            requested=item.get("redirected_from") or (),
        )

    def _failure(self, item: dict, reason: str, error: str, status) -> str:
        return self.archive.record_failure(
            self.run.id, site=item["site"], url=item["url"], status=status, reason=reason,
            error=error, fetched_at=item["fetched_at"],
        )
