"""Extraction in worker processes, for the crawl (archive/crawl/extraction.py) and for
re-extraction (archive/reextract.py): one worker start and one extraction function for both, for
pages and for documents. A page's rights signals (pipeline/rights.py) are read in the same task
when its headers are given, so the crawl's own process never parses a page.

A document's reader is a third-party parser over hostile input: a crafted PDF can keep it busy
for as long as it likes. So a document is read under an alarm (SIGALRM, in the worker's main
thread, where the pools run their tasks) and recorded as "timeout" when it rings. The alarm
raises a BaseException, which the readers' own broad `except Exception` cannot swallow; C code
that never returns to Python would not hear it, and pypdf and python-docx are Python.

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
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pipeline import Extracted, extract_page
from pipeline.documents import Document, read_document, timed_out
from pipeline.rights import Rights, page_rights

POLL_SECONDS = 1.0
READERS = ("pypdf", "docx")  # the loggers of the document readers
LONGEST_MESSAGE = 500  # characters of a warning handed back from a worker
# How long a document's text may take to read; ARCHIVE_DOCUMENT_TIMEOUT (seconds) overrides it.
DOCUMENT_SECONDS = 60.0
Logged = list[tuple[str, int, str]]  # (logger name, level, message)


@dataclass
class Extraction:
    """A worker's answer for one page or document: what it extracted, or why it could not, and
    what it logged meanwhile."""

    extracted: Extracted | None = None
    rights: Rights | None = None  # the page's, when its headers were given
    document: Document | None = None
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
        message = record.getMessage()
        if len(message) > LONGEST_MESSAGE:  # pypdf prints a font's whole encoding table
            message = message[:LONGEST_MESSAGE] + " …"
        self.kept.append((record.name, record.levelno, message))


_kept = _Kept()


def context() -> multiprocessing.context.BaseContext:
    """Workers start from a forkserver that has imported the pipeline once: a fork of the
    crawl itself would copy its reactor, its threads and its open database."""
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(["pipeline.extractor", "pipeline.documents"])
    return forkserver


def start_worker(parent: int) -> None:
    """A pool initializer: the worker keeps its extraction's warnings, and ends with `parent`."""
    logging.getLogger().addHandler(_kept)
    end_with(parent)


def extract_in_worker(body: bytes, url: str, content_type: str,
                      headers: dict[str, str] | None = None) -> Extraction:
    """`pipeline.extract_page`, its ValueError and its warnings as data; with the response's
    `headers` (by lower-case name), the page's rights signals too."""
    _kept.kept = []
    try:
        extracted = extract_page(body, url, content_type)
    except ValueError as error:
        return Extraction(error=str(error), logged=_kept.kept)
    rights = page_rights(body, url, headers) if headers is not None else None
    return Extraction(extracted, rights=rights, logged=_kept.kept)


def document_seconds() -> float:
    return float(os.environ.get("ARCHIVE_DOCUMENT_TIMEOUT") or DOCUMENT_SECONDS)


def read_document_in_worker(body: bytes, url: str, content_type: str,
                            seconds: float) -> Extraction:
    """`pipeline.documents.read_document`, stopped after `seconds`, and its warnings as data."""
    _kept.kept = []
    try:
        with _alarm(seconds):
            document = read_document(body, url, content_type)
    except _Rang:
        document = timed_out(body, url, content_type, seconds)
    # What the readers say of a bad file is in its detail, and in the crawl's summary: in the
    # log it is for whoever runs with --verbose.
    logged = [(name, min(level, logging.INFO) if name.split(".")[0] in READERS else level, text)
              for name, level, text in _kept.kept]
    return Extraction(document=document, logged=logged)


class _Rang(BaseException):
    """The document's time is up."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; elsewhere the read is not bounded
        return

    def ring(signum, frame):
        raise _Rang

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
