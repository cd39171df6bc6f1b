"""Extraction in worker processes, as a crawl runs it: the same records as in-process
extraction, warnings back in the crawl's log with their page, and a dead worker replaced."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.crawl import extraction
from archive.crawl.extraction import extract
from mirror.server import SITES_DIR
from pipeline import extract_page, extract_with_sources
from tests.conftest import REPO

PAGE = SITES_DIR / "zorgwelzijn" / "files" / "mantelzorgers-vaker-overbelast" / "index.html"
URL = "https://www.zorgwelzijn.nl/mantelzorgers-vaker-overbelast/"


def in_workers(body: bytes, url: str, processes: int = 1):
    return asyncio.run(extract(body, url, "text/html", processes, {}))[0]


def test_a_worker_extracts_the_record_extraction_in_process_gives():
    body = PAGE.read_bytes()
    assert in_workers(body, URL) == extract_page(body, URL, "text/html")


def test_a_warning_logged_in_a_worker_reaches_this_process_with_its_page(caplog):
    body = PAGE.read_bytes().replace(b"2021-03-08T14:45:00", b"2021-02-30T14:45:00")
    with caplog.at_level(logging.WARNING, logger="pipeline.dates"):
        in_workers(body, URL)
    assert f"{URL}: impossible date '2021-02-30T14:45:00+01:00' ignored" in caplog.text


def test_a_page_extraction_refuses_is_refused_the_same_way_from_a_worker():
    with pytest.raises(ValueError) as in_process:
        extract_with_sources(b"\x00\x01\x02" * 1000, URL, "")
    with pytest.raises(ValueError) as from_worker:
        in_workers(b"\x00\x01\x02" * 1000, URL)
    assert str(from_worker.value) == str(in_process.value)


def test_a_dead_worker_is_replaced_and_its_page_tried_again(caplog):
    body = PAGE.read_bytes()
    in_workers(body, URL)  # the pool and its worker are up
    pool = extraction._pool
    for process in list(pool._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
    with caplog.at_level(logging.WARNING, logger="archive.crawl.extraction"):
        assert in_workers(body, URL) == extract_page(body, URL, "text/html")
    assert extraction._pool is not pool
    assert "an extraction worker died; trying the page once more" in caplog.text


def test_without_worker_processes_extraction_runs_in_this_thread():
    body = PAGE.read_bytes()
    before = extraction._pool
    assert in_workers(body, URL, processes=0) == extract_page(body, URL, "text/html")
    assert extraction._pool is before


CHILD = """
import asyncio, sys, time
from archive.crawl import extraction
from tests.archive.crawl.test_extraction_workers import PAGE, URL
asyncio.run(extraction.extract(PAGE.read_bytes(), URL, "text/html", 1, {}))
print(*(p.pid for p in extraction._pool._processes.values()), flush=True)
time.sleep(600)
"""


def test_workers_end_when_the_crawl_that_started_them_is_killed():
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
    workers = [int(pid) for pid in child.stdout.readline().split()]
    assert workers
    child.kill()
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for its (now dead) parent to read its exit."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
