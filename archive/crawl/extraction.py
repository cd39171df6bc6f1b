"""Extraction in worker processes while a crawl fetches, so the reactor thread only fetches and
stores, and a crawl uses a second core for what costs it most.

One pool per process, shared by its crawlers, started on first use and kept for the process's
life (a crawl process is one crawl). The workers are archive/workers.py's: they hand back what
extraction logged, which is logged here with the page's URL. A worker that dies (a page that
crashes the parser) takes only its own pages down: the pool is replaced and each page it held is
tried once more in the new one. Documents are read in the same workers, each under its time
limit (archive/workers.py)."""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive.crawl.reactor import in_asyncio_loop
from archive.workers import (
    Extraction,
    context,
    document_seconds,
    extract_in_worker,
    read_document_in_worker,
    start_worker,
)
from pipeline import Extracted
from pipeline.documents import Document
from pipeline.rights import Rights

logger = logging.getLogger(__name__)
_pool: ProcessPoolExecutor | None = None


async def extract(body: bytes, url: str, content_type: str, processes: int,
                  headers: dict[str, str]) -> tuple[Extracted, Rights]:
    """`pipeline.extract_page`, and the page's rights signals (`pipeline.rights.page_rights`)
    read from it and its `headers` (by lower-case name), in one task of one of `processes`
    workers; raises ValueError as extraction does. With 0 processes, or outside an asyncio loop
    (a Twisted reactor other than Scrapy's default asyncio one), here in this thread."""
    extraction = await _in_worker(processes, url, extract_in_worker, body, url, content_type,
                                  headers)
    if extraction.error is not None:
        raise ValueError(extraction.error)
    return extraction.extracted, extraction.rights


async def read_document(body: bytes, url: str, content_type: str, processes: int) -> Document:
    """`pipeline.documents.read_document` in a worker, bounded by its time limit; never raises
    for what the file holds."""
    extraction = await _in_worker(processes, url, read_document_in_worker, body, url,
                                  content_type, document_seconds())
    return extraction.document


async def _in_worker(processes: int, url: str, task, *args) -> Extraction:
    if processes <= 0 or not in_asyncio_loop():
        extraction = task(*args)
        extraction.replay_log(url)
        return extraction
    global _pool
    for attempt in (1, 2):
        if _pool is None:
            _pool = ProcessPoolExecutor(processes, mp_context=context(),
                                        initializer=start_worker, initargs=(os.getpid(),))
        pool = _pool
        try:
            extraction: Extraction = await asyncio.wrap_future(pool.submit(task, *args))
            break
        except BrokenProcessPool:
            if _pool is pool:  # the first of its pages to hear of it replaces it
                _pool = None
                pool.shutdown(wait=False)
            if attempt == 2:
                raise ValueError("the extraction worker died reading this page") from None
            logger.warning("%s: an extraction worker died; trying the page once more", url)
    extraction.replay_log(url)
    return extraction
