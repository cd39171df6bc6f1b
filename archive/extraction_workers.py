"""Extraction in worker processes while a crawl fetches, so the reactor thread only fetches and
stores, and a crawl uses a second core for what costs it most.

One pool per process, shared by its crawlers, started on first use and kept for the process's
life (a crawl process is one crawl). What extraction logs in a worker is handed back with its
result and logged by the crawl, with the page's URL, so warnings stay in the crawl's log. A worker
that dies (a page that crashes the parser) takes only its own pages down: the pool is replaced
and each page it held is tried once more in the new one."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive.crawl_run import in_asyncio_loop
from archive.worker_lifetime import end_with
from pipeline import extract_with_sources

logger = logging.getLogger(__name__)
Logged = list[tuple[str, int, str]]  # (logger name, level, message)
_pool: ProcessPoolExecutor | None = None


class _Kept(logging.Handler):
    """The warnings one extraction logs, kept to send back."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kept: Logged = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


_kept = _Kept()


def _start_worker(parent: int) -> None:
    logging.getLogger().addHandler(_kept)
    end_with(parent)


def _extract(body: bytes, url: str, content_type: str) -> tuple[dict | None, dict | None,
                                                                 str | None, Logged]:
    """In a worker: (record, sources, None, logged), or (None, None, error, logged)."""
    _kept.kept = []
    try:
        record, sources = extract_with_sources(body, url, content_type)
    except ValueError as error:
        return None, None, str(error), _kept.kept
    return record, sources, None, _kept.kept


async def extract(body: bytes, url: str, content_type: str, processes: int
                  ) -> tuple[dict, dict]:
    """`pipeline.extract_with_sources` in one of `processes` workers; raises ValueError as it
    does. With 0 processes, or outside an asyncio loop (a Twisted reactor other than Scrapy's
    default asyncio one), here in this thread."""
    if processes <= 0 or not in_asyncio_loop():
        return extract_with_sources(body, url, content_type)
    global _pool
    for attempt in (1, 2):
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline"])
            _pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                        initargs=(os.getpid(),))
        pool = _pool
        try:
            record, sources, error, logged = await asyncio.wrap_future(
                pool.submit(_extract, body, url, content_type))
            break
        except BrokenProcessPool:
            if _pool is pool:  # the first of its pages to hear of it replaces it
                _pool = None
                pool.shutdown(wait=False)
            if attempt == 2:
                raise ValueError("the extraction worker died reading this page") from None
            logger.warning("%s: an extraction worker died; trying the page once more", url)
    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s: %s", url, message)
    if error is not None:
        raise ValueError(error)
    return record, sources

