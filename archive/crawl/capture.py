"""Every HTTP exchange written to WARC and indexed in the archive, and conditional re-fetches.

A downloader middleware next to the downloader, so it sees what went over the wire: every
response (redirects, errors, robots.txt included), its body still content-encoded, and the request
as sent. Each is appended to this run's WARC file in the captures folder and indexed in
`captures`. A payload the URL already had is written as a revisit, not stored twice.

A URL captured before is requested with If-None-Match / If-Modified-Since from its last capture.
A 304 answer is recorded as a revisit and handed on as the stored response, read back from its
WARC record, so spiders and the pipeline see the page as they would have, and an unchanged site
costs a few hundred bytes per URL. If that record cannot be read, the URL is fetched once more,
unconditionally, and that answer is written in full: a re-crawl never loses a page to a damaged
capture, and never asks a site for one URL more than twice (retries aside). A capture whose WARC
file is missing altogether is not asked for conditionally at all.

A page that asks not to be archived (`noarchive`, pipeline/rights.py) is not written at all unless
the archivist opted in (ARCHIVE_KEEP_NOARCHIVE): it is judged here on its decoded body, by the
function the spider judges it by (spiders/base.py), which then hands on a "noarchive" failure
instead of the page. Each robots.txt and tdmrep.json answer is also kept as the run's policy file
for its host (archive/storage/rights.py): the robots.txt the crawl obeyed, and the TDM file the
host's pages are resolved against.

A WARC record or index row that cannot be written stops the crawl (archive/crawl/run.py): the
response is dropped, and the run stays resumable."""

from __future__ import annotations

import asyncio
import functools
import http
import sqlite3
import zlib
from concurrent.futures import ThreadPoolExecutor

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from archive.crawl.reactor import in_asyncio_loop
from archive.crawl.run import ArchiveRun
from archive.storage.fixity import record_file
from archive.storage.rights import policy_kind, record_policy_file
from archive.storage.store import ArchiveWriteError
from archive.storage.warc import WarcFile, Written, payload_digest, read_response
from pipeline.dates import utc_now
from pipeline.rights import is_noarchive
from spiders.items import header_fields
from spiders.retry import fetch_retried

SOFTWARE = "sociaalwerk-archief (Scrapy, warcio)"
VALIDATED_BY = "archive_validated_by"
# Set on the one unconditional re-fetch of a URL whose stored capture could not be read.
REFETCH_OF = "archive_refetch_of"
WARC_RECORDS = "archive/warc_records"  # stats: records written, and re-fetches by cause
REFETCHED = "archive/refetched_unreadable"
NOT_ASKED = "archive/unconditional_missing_warc"
NOT_WRITTEN = "archive/noarchive_not_written"  # stats: responses left out as they ask


class CaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.run = ArchiveRun.of(crawler)
        self.folder = self.run.captures
        self.archive = self.run.archive
        self.db: sqlite3.Connection = self.archive.db.conn
        self.warc: WarcFile | None = None
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")
        self._missing: dict[str, bool] = {}  # WARC file -> missing from the captures folder
        self.keep_noarchive = crawler.settings.getbool("ARCHIVE_KEEP_NOARCHIVE")
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.run.on_close(self.close)
        crawler.signals.connect(self.retried, signal=fetch_retried)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def warc_file(self, site: str) -> WarcFile:
        if self.warc is None:
            # One file per run, site and process: a resumed run appends a new file, never to
            # one a killed process may have left mid-record.
            stamp = utc_now().replace("-", "").replace(":", "")
            # Its name in the captures folder, as the index and the fixity record name it.
            self.warc_name = f"run{self.run.id:05d}-{site}-{stamp}.warc.gz"
            self.warc = WarcFile(self.folder / self.warc_name, software=SOFTWARE,
                                 sync_each_record=False)
            self.archive.before_commit(self.warc.sync)
        return self.warc

    def close(self) -> None:
        """Closes the WARC file and records its fixity (SHA-256 and size) as it was closed, in the
        run's last commit; `archive verify` holds the file to it."""
        try:
            with self.run.writing("the archive's captures"):
                self.writer.shutdown(wait=True)
                if self.warc is not None:
                    self.warc.close()
                    with self.archive.transaction() as conn:
                        record_file(conn, self.warc_name, self.run.id, self.warc.sha256,
                                    self.warc.size, "crawl")
        finally:
            self.warc = None

    def retried(self, url: str, attempt: int, reason: str, delay: float) -> None:
        """Keep each fault the crawl got past, beside the captures of its failed answers."""
        with self.run.writing(), self.archive.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_retries (run_id, site, url, attempt, reason, delay_seconds, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.run.id, self.crawler.spider.name, url, attempt, reason, delay, utc_now()))

    def process_request(self, request, spider):
        if (request.method != "GET" or b"If-None-Match" in request.headers
                or REFETCH_OF in request.meta):
            return None
        last = self.db.execute(
            "SELECT id, etag, last_modified, warc_file FROM captures WHERE url = ? AND status = 200"
            " AND record_type = 'response' ORDER BY id DESC LIMIT 1", (request.url,)).fetchone()
        if last is None or not (last[1] or last[2]):
            return None
        if self._warc_missing(last[3], spider):
            self.crawler.stats.inc_value(NOT_ASKED)
            return None
        if last[1]:
            request.headers["If-None-Match"] = last[1]
        if last[2]:
            request.headers["If-Modified-Since"] = last[2]
        request.meta[VALIDATED_BY] = last[0]
        return None

    def _warc_missing(self, warc_file: str, spider) -> bool:
        """Whether a capture's WARC file is gone: a 304 would then leave nothing to hand on. Said
        once per file, as every capture in it is asked for in full."""
        if warc_file not in self._missing:
            self._missing[warc_file] = not (self.folder / warc_file).is_file()
            if self._missing[warc_file]:
                spider.logger.warning("WARC file %s is missing: its URLs are fetched in full",
                                      self.folder / warc_file)
        return self._missing[warc_file]

    async def process_response(self, request, response, spider):
        try:
            return await self._capture(request, response, spider)
        except ArchiveWriteError as error:
            self.run.write_failed(error)
        except OSError as error:  # the WARC file: its disk is full, read-only or failing
            self.run.write_failed(error, "the archive's captures")
        raise IgnoreRequest(f"not kept: {self.archive.failure}")

    async def _capture(self, request, response, spider):
        fetched_at = utc_now()
        exchange = _exchange(request, response, fetched_at)
        original = request.meta.get(VALIDATED_BY)
        if response.status == 304 and original is not None:
            return await self._not_modified(request, response, spider, exchange, original)
        if self._left_out(response):
            return response
        digest = payload_digest(response.body)
        # A payload is referred to only where it can be read: a re-fetch replaces a capture
        # that could not be (it may be the earlier record holding the payload).
        earlier = None if REFETCH_OF in request.meta else self.db.execute(
            "SELECT id, fetched_at, warc_file FROM captures WHERE url = ? AND payload_digest = ?"
            " AND record_type = 'response' ORDER BY id DESC LIMIT 1",
            (response.url, digest)).fetchone()
        if earlier is not None and self._warc_missing(earlier[2], spider):
            earlier = None
        warc = self.warc_file(spider.name)
        if earlier is None:
            written = await self._write(warc.write_exchange, **exchange, body=response.body)
            self._index(spider.name, response, fetched_at, "response", written, None)
        else:
            written = await self._write(warc.write_revisit, **exchange, payload_digest=digest,
                                        refers_to_url=response.url, refers_to_date=earlier[1],
                                        not_modified=False)
            self._index(spider.name, response, fetched_at, "revisit", written, earlier[0])
        self._policy_file(spider.name, response, fetched_at)
        return response

    def _left_out(self, response: Response) -> bool:
        """Whether the response is a page that asks not to be archived, and is not. A policy file
        is always kept: it is the record of what the crawl obeyed."""
        if self.keep_noarchive or policy_kind(response.url) is not None:
            return False
        body = _decoded(response.body, response.headers, self.max_size)
        if not is_noarchive(header_fields(response.headers), body):
            return False
        self.crawler.stats.inc_value(NOT_WRITTEN)
        return True

    def _policy_file(self, site: str, response: Response, fetched_at: str) -> None:
        """A host's robots.txt or tdmrep.json, kept as the run read it (a redirect is not the
        file: where it leads is)."""
        if policy_kind(response.url) is None or 300 <= response.status < 400:
            return
        with self.archive.transaction() as conn:
            record_policy_file(conn, run_id=self.run.id, site=site, url=response.url,
                               fetched_at=fetched_at, status=response.status,
                               body=_decoded(response.body, response.headers, self.max_size))

    async def _write(self, write, **record) -> Written:
        """A WARC record written on the writer thread: building and gzipping it is most of the
        capture's cost, and zlib and the write release the GIL, so the reactor goes on meanwhile.
        One thread, so records land in the order asked and offsets hold; the index row follows
        the write, never precedes it."""
        if not in_asyncio_loop():
            written = write(**record)
        else:
            written = await asyncio.wrap_future(
                self.writer.submit(functools.partial(write, **record)))
        self.crawler.stats.inc_value(WARC_RECORDS)
        return written

    async def _not_modified(self, request, response, spider, exchange, original: int):
        row = self.db.execute(
            "SELECT warc_file, warc_offset, payload_digest, fetched_at FROM captures"
            " WHERE id = ?", (original,)).fetchone()
        try:
            stored = read_response(self.folder / row[0], row[1], decode=False)
        except (OSError, ValueError) as error:
            spider.logger.warning("capture %s of %s unreadable (%s): fetching it again in full",
                                  original, request.url, error)
            self.crawler.stats.inc_value(REFETCHED)
            retry = request.replace(dont_filter=True)
            for header in ("If-None-Match", "If-Modified-Since"):
                retry.headers.pop(header, None)
            retry.meta.pop(VALIDATED_BY, None)
            retry.meta[REFETCH_OF] = original
            return retry
        headers = dict(stored.headers)
        cls = responsetypes.from_args(headers=headers, url=response.url, body=stored.body)
        answer = cls(url=response.url, status=stored.status, headers=headers, body=stored.body,
                     request=request, flags=[*response.flags, "not-modified"],
                     protocol=response.protocol)
        if self._left_out(answer):
            return answer  # archived before, with the archivist's consent; not this time
        written = await self._write(
            self.warc_file(spider.name).write_revisit, **exchange, payload_digest=row[2],
            refers_to_url=stored.url, refers_to_date=row[3], not_modified=True)
        self._index(spider.name, response, exchange["fetched_at"], "revisit", written, original)
        self._policy_file(spider.name, answer, exchange["fetched_at"])
        return answer

    def _index(self, site: str, response: Response, fetched_at: str, record_type: str,
               written, refers_to: int | None) -> None:
        headers = response.headers
        with self.archive.transaction() as conn:
            conn.execute(
                "INSERT INTO captures (run_id, site, url, fetched_at, status, content_type,"
                " record_type, payload_digest, refers_to, etag, last_modified, warc_file,"
                " warc_offset, warc_length, http_bytes, archived)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (self.run.id, site, response.url, fetched_at, response.status,
                 _header(headers, b"Content-Type"), record_type, written.payload_digest,
                 refers_to, _header(headers, b"ETag"), _header(headers, b"Last-Modified"),
                 self.warc_name, written.offset, written.length, written.http_bytes))


def _decoded(body: bytes, headers, max_size: int) -> bytes:
    """The body without its Content-Encoding, as HttpCompressionMiddleware will hand it to the
    spider (gzip and deflate, which are all Scrapy asks for without brotli or zstandard), at
    most `max_size` bytes of it; a body that does not decode is read as it is."""
    encoding = (headers.get(b"Content-Encoding") or b"").strip().lower()
    if encoding in (b"gzip", b"x-gzip"):
        attempts = (16 + zlib.MAX_WBITS,)
    elif encoding == b"deflate":
        attempts = (zlib.MAX_WBITS, -zlib.MAX_WBITS)  # zlib-wrapped, or raw as some servers send
    else:
        return body
    for wbits in attempts:
        try:
            return zlib.decompressobj(wbits).decompress(body, max_size or 0)
        except zlib.error:
            continue
    return body


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def _pairs(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


def _exchange(request, response: Response, fetched_at: str) -> dict:
    try:
        reason = http.HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return {
        "url": response.url,
        "fetched_at": fetched_at,
        "method": request.method,
        "request_headers": _pairs(request.headers),
        "status": response.status,
        "reason": reason,
        "protocol": response.protocol or "HTTP/1.1",
        "response_headers": _pairs(response.headers),
    }
