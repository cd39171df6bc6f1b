"""Extraction in worker processes, for the crawl (archive/crawl/extraction.py) and for
re-extraction (archive/reextract.py): one worker start and one extraction function for both.

What extraction logs in a worker is handed back with its result, to be logged by the process
that stores it, with the page's URL: so warnings stay in the crawl's or the command's log.

Pool workers started through multiprocessing's forkserver outlive a parent that is killed
(SIGKILL, the out-of-memory killer): each holds the write end of its own task queue, so it never
reads end-of-file, and the forkserver stays up as long as any worker does. A scheduled crawl
that dies would leave them behind, run after run. So each worker watches its parent's pid."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field

from pipeline import Extracted, extract_page

POLL_SECONDS = 1.0
Logged = list[tuple[str, int, str]]  # (logger name, level, message)


@dataclass
class Extraction:
    """A worker's answer for one page: what it extracted, or why it could not, and what it
    logged meanwhile."""

    extracted: Extracted | None = None
    error: str | None = None
    logged: Logged = field(default_factory=list)

    def replay_log(self, url: str) -> None:
        """Log here what the worker logged, naming the page."""
        for name, level, message in self.logged:
            logging.getLogger(name).log(level, "%s: %s", url, message)


class _Kept(logging.Handler):
    """The warnings one extraction logs, kept to send back."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kept: Logged = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


_kept = _Kept()


def context() -> multiprocessing.context.BaseContext:
    """Workers start from a forkserver that has imported the pipeline once: a fork of the
    crawl itself would copy its reactor, its threads and its open database."""
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(["pipeline.extractor"])
    return forkserver


def start_worker(parent: int) -> None:
    """A pool initializer: the worker keeps its extraction's warnings, and ends with `parent`."""
    logging.getLogger().addHandler(_kept)
    end_with(parent)


def extract_in_worker(body: bytes, url: str, content_type: str) -> Extraction:
    """`pipeline.extract_page`, its ValueError and its warnings as data."""
    _kept.kept = []
    try:
        return Extraction(extract_page(body, url, content_type), logged=_kept.kept)
    except ValueError as error:
        return Extraction(error=str(error), logged=_kept.kept)


def end_with(parent: int) -> None:
    """This worker exits within POLL_SECONDS of `parent` ending."""

    def watch() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)  # nobody is left to hand a result to
            except PermissionError:
                pass  # a process of another user: the parent is still there

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
