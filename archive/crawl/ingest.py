"""The one bridge between Scrapy and the archive's records: an item pipeline that turns each raw
page into a record with the pipeline (in worker processes: archive/crawl/extraction.py) and
stores it, reads each downloaded document and stores it, and records every page that could not
be. A document that cannot be read (encrypted, damaged, a scan) is stored all the same, with the
reason: its file is in the WARC files either way. A page's rights signals, read in the same
worker task, are stored with it in one unit of work (archive/storage/rights.py). A page the
archive cannot write stops the crawl (archive/crawl/run.py); it is counted as not kept, for the
run's summary."""

from __future__ import annotations

import logging

from archive.crawl.extraction import extract, read_document
from archive.crawl.run import ArchiveRun
from archive.storage.rights import record_page_rights
from archive.storage.store import ArchiveWriteError
from pipeline.html import looks_like_html, mislabelled_utf8
from pipeline.record import problems
from spiders.items import RawDocument

logger = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml")
# Sent with the outcome (archive.storage.store.OUTCOMES) of every item, so a command line can
# show progress without reaching into the pipeline.
item_archived = object()
document_archived = object()  # the same for documents, with the outcome of Archive.store_document
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
        document = isinstance(item, RawDocument)
        try:
            outcome = await (self._document if document else self._ingest)(dict(item))
        except ArchiveWriteError as error:
            self.run.write_failed(error)
            self.crawler.stats.inc_value(NOT_KEPT)
            return item
        self.crawler.signals.send_catch_log(
            document_archived if document else item_archived, outcome=outcome, item=item)
        return item

    async def _document(self, item: dict) -> str:
        served = item["headers"].get("content-type", "")
        try:
            document = await read_document(item["body"], item["url"], served, self.processes)
        except ValueError as error:  # the worker died reading it
            return self._failure(item, "extract-error", str(error), item["status"])
        if document.problem is not None:
            # Named in the crawl's summary; here for whoever runs with --verbose.
            logger.info("%s: document kept, not read (%s): %s", item["url"],
                        document.problem, document.detail)
        return self.archive.store_document(
            document, url=item["url"], site=item["site"], served_type=served or None,
            fetched_at=item["fetched_at"], run_id=self.run.id,
            requested=item.get("redirected_from") or ())

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
            extracted, rights = await extract(item["body"], item["url"], content_type,
                                              self.processes, item["headers"])
        except ValueError as error:
            return self._failure(item, "extract-error", str(error), item["status"])
        for problem in problems(extracted.record):
            logger.warning("%s: %s", item["url"], problem)
        with self.archive.transaction() as conn:
            outcome = self.archive.store(
                extracted.record, identity=extracted.identity, fetched_at=item["fetched_at"],
                run_id=self.run.id, sources=extracted.sources,
                requested=item.get("redirected_from") or (),
            )
            record_page_rights(conn, rights, url=extracted.record["url"],
                               page_id=extracted.identity.page_id, site=item["site"],
                               run_id=self.run.id, fetched_at=item["fetched_at"])
        return outcome

    def _failure(self, item: dict, reason: str, error: str, status) -> str:
        return self.archive.record_failure(
            self.run.id, site=item["site"], url=item["url"], status=status, reason=reason,
            error=error, fetched_at=item["fetched_at"],
        )
