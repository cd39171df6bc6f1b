"""`archive reextract`: the archive's records rebuilt from its WARC captures with today's
extractor, offline. Improving a site's rules then reaches every page ever captured, and a page
whose live version has changed or vanished is still re-read as it was captured. A page's rights
signals are read again from its capture too, resolved against the policy files of the run that
captured it (archive/storage/rights.py).

Each URL's last capture that the archive stored as a page or a document is read back (a revisit
resolves to the capture holding its payload) and goes through the same extraction or document
reader and store as a crawl, in a run of its own, so changes show as revisions naming the fields
that changed, and documents whose text or metadata now reads differently are listed."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from archive.storage.lock import CrawlLock
from archive.storage.rights import record_page_rights
from archive.storage.store import (
    DOCUMENT_OUTCOMES,
    REEXTRACTION,
    STORED,
    Archive,
    ArchiveWriteError,
)
from archive.storage.warc import read_response
from archive.workers import (
    Extraction,
    context,
    document_seconds,
    extract_in_worker,
    read_document_in_worker,
    start_worker,
)

GROUP_UNITS = 500
GROUP_SECONDS = 5.0
JOBS_READ = 1000


@dataclass
class Reextraction:
    run_id: int
    per_site: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # (page id, fields)
    documents: Counter = field(default_factory=Counter)  # outcome -> documents
    changed_documents: list[str] = field(default_factory=list)  # URLs
    errors: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"re-extraction run {self.run_id}"]
        for site, counts in sorted(self.per_site.items()):
            lines.append(f"  {site:<20} " + ", ".join(
                f"{outcome} {counts[outcome]}" for outcome in STORED))
        if self.documents:
            lines.append(f"  {'documents':<20} " + ", ".join(
                f"{outcome} {self.documents[outcome]}" for outcome in DOCUMENT_OUTCOMES))
        lines += [f"  changed {page}: {', '.join(fields) or 'content'}"
                  for page, fields in self.changed]
        lines += [f"  changed document {url}" for url in self.changed_documents]
        lines += [f"  error: {error}" for error in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True)
class Capture:
    """A URL's last archived capture: where its response lies."""

    url: str
    site: str
    fetched_at: str
    run_id: int  # the run that fetched it
    warc: Path
    offset: int
    content_type: str | None
    document: bool  # stored as a document, not a page


def _extract(capture: Capture) -> tuple[Capture, Extraction]:
    """In a worker process: one capture read back and extracted, or read as a document."""
    try:
        stored = read_response(capture.warc, capture.offset, decode=True)
    except (OSError, ValueError) as error:
        return capture, Extraction(error=str(error))
    if capture.document:
        return capture, read_document_in_worker(stored.body, capture.url,
                                                capture.content_type or "", document_seconds())
    headers = {name.lower(): value for name, value in stored.headers}
    return capture, extract_in_worker(stored.body, capture.url, capture.content_type or "",
                                      headers)


def _captures(db_path: str, captures: Path, site: str | None) -> Iterator[Capture]:
    """Each URL's last archived capture (a revisit's through the capture holding its payload), in
    URL order, a page of JOBS_READ at a time: memory stays flat however large the archive. Read
    on a connection of its own, as the pool reads this from a thread of its own."""
    after = ""
    with closing(sqlite3.connect(db_path)) as conn:
        while True:
            rows = conn.execute(
                "SELECT c.url, c.site, c.fetched_at, c.run_id, p.warc_file, p.warc_offset,"
                " p.content_type,"
                " EXISTS (SELECT 1 FROM documents d WHERE d.url = c.url)"
                " FROM captures c JOIN captures p ON p.id = coalesce(c.refers_to, c.id)"
                " WHERE c.id IN (SELECT max(id) FROM captures WHERE archived = 1 AND url > ?"
                "  AND (? IS NULL OR site = ?) GROUP BY url ORDER BY url LIMIT ?) ORDER BY c.url",
                (after, site, site, JOBS_READ)).fetchall()
            for (url, page_site, fetched_at, run_id, warc_file, offset, content_type,
                 document) in rows:
                yield Capture(url, page_site, fetched_at, run_id, captures / warc_file, offset,
                              content_type, bool(document))
            if len(rows) < JOBS_READ:
                return
            after = rows[-1][0]


def reextract(db_path: str, captures: Path, site: str | None = None,
              progress=lambda done, total: None, workers: int | None = None) -> Reextraction:
    """Extraction runs in `workers` processes (default: one per core); the database is written
    by this process alone, in capture order, so the result does not depend on the workers. It
    holds the crawl lock: a crawl and a re-extraction never write the archive at once."""
    with CrawlLock(db_path), Archive(db_path) as archive:
        conn = archive.db.conn
        total = conn.execute("SELECT count(DISTINCT url) FROM captures WHERE archived = 1"
                             " AND (? IS NULL OR site = ?)", (site, site)).fetchone()[0]
        result = Reextraction(archive.start_run([REEXTRACTION], mirror=False))
        # One commit per page would be most of the writer's time; a kill loses the open group,
        # and the next re-extraction redoes it.
        archive.group_commits(units=GROUP_UNITS, seconds=GROUP_SECONDS)
        with context().Pool(workers or os.cpu_count() or 1, initializer=start_worker,
                            initargs=(os.getpid(),)) as pool:
            done = 0
            try:
                for done, (capture, extraction) in enumerate(
                        pool.imap(_extract, _captures(db_path, captures, site), chunksize=16),
                        start=1):
                    extraction.replay_log(capture.url)
                    try:
                        if extraction.error is not None:
                            raise ValueError(extraction.error)
                        if capture.document:
                            _store_document(archive, result, capture, extraction)
                            progress(done, total)
                            continue
                        outcome = _store_page(archive, result, capture, extraction)
                    except ValueError as failure:
                        result.errors.append(f"{capture.url}: {failure}")
                        continue
                    result.per_site[capture.site][outcome] += 1
                    progress(done, total)
            except ArchiveWriteError as error:
                # The captures are untouched: a re-extraction can always be run again.
                raise ArchiveWriteError(
                    f"{error}. Re-extraction run {result.run_id} stopped after {done} of {total}"
                    " captures; what it re-extracted before its last group of writes is stored."
                    " Mend that, then run `archive reextract` again") from None
        for page, fields in conn.execute(
                "SELECT page_id, changed_fields FROM revisions WHERE run_id = ? ORDER BY page_id",
                (result.run_id,)):
            result.changed.append((page, json.loads(fields)))
        archive.finish_run(result.run_id, status="failed" if result.errors else "finished")
    return result


def _store_page(archive: Archive, result: Reextraction, capture: Capture,
                extraction: Extraction) -> str:
    extracted = extraction.extracted
    with archive.transaction() as conn:
        outcome = archive.store(
            extracted.record, identity=extracted.identity, fetched_at=capture.fetched_at,
            run_id=result.run_id, sources=extracted.sources, live=False)
        record_page_rights(conn, extraction.rights, url=extracted.record["url"],
                           page_id=extracted.identity.page_id, site=capture.site,
                           run_id=result.run_id, fetched_at=capture.fetched_at,
                           fetched_run=capture.run_id, live=False)
    return outcome


def _store_document(archive: Archive, result: Reextraction, capture: Capture,
                    extraction: Extraction) -> None:
    outcome = archive.store_document(
        extraction.document, url=capture.url, site=capture.site,
        served_type=capture.content_type, fetched_at=capture.fetched_at, run_id=result.run_id,
        live=False)
    result.documents[outcome] += 1
    if outcome == "changed":
        result.changed_documents.append(capture.url)
