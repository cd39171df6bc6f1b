"""Extraction throughput on one core: our whole pipeline (clean and every field) against
trafilatura's bare_extraction with metadata on the same pages, and against lxml parsing alone,
the floor under any extractor that reads the page as a tree.

The pages are the mirror's archived pages as a crawl captured them (read back from its WARC
files), repeated to --pages; then the same pages in every markup their sites' real platforms
print (mirror/platforms/), which are as heavy as real pages: tens to hundreds of KB with their
platforms' heads, menus and scripts. The contenders run over the same list in the same process,
after one warm-up pass, taking turns a slice of the list at a time: load from elsewhere on the
machine then falls on all of them alike instead of on whichever ran while it lasted.

    .venv/bin/python bench/extraction_throughput.py [--pages 2000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, machine  # noqa: E402

from archive.storage.warc import read_response  # noqa: E402
from mirror.platforms import SITES, expected_records, markups, rendered  # noqa: E402
from pipeline import extract_with_sources  # noqa: E402

EXTRACTION_TARGET = 5.0  # times trafilatura's pages per second, at least
PARSE_TARGET = 3.0  # times slower than parsing alone, at most
SLICE = 100  # pages each contender reads in its turn


def captured_pages(folder: Path) -> list[tuple[str, bytes, str]]:
    """(url, body, content type) of every page a crawl of the bundled mirror archives."""
    db = folder / "archive.db"
    subprocess.run([sys.executable, "-m", "archive", "crawl", "--mirror", "--db", str(db)],
                   cwd=REPO, check=True, capture_output=True)
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT url, warc_file, warc_offset, content_type FROM captures"
        " WHERE archived = 1 AND record_type = 'response' ORDER BY url").fetchall()
    return [(url, read_response(folder / "captures" / warc_file, offset, decode=True).body,
             content_type or "") for url, warc_file, offset, content_type in rows]


def rates(pages: list[tuple[str, bytes, str]], contenders) -> list[float]:
    """Pages per second of each contender, measured in turns of SLICE pages."""
    for work in contenders:
        for url, body, ctype in pages[:50]:
            work(url, body, ctype)
    seconds = [0.0] * len(contenders)
    for at in range(0, len(pages), SLICE):
        for index, work in enumerate(contenders):
            start = time.perf_counter()
            for url, body, ctype in pages[at:at + SLICE]:
                work(url, body, ctype)
            seconds[index] += time.perf_counter() - start
    return [len(pages) / spent for spent in seconds]


def ours(url: str, body: bytes, ctype: str) -> None:
    extract_with_sources(body, url, ctype)


def theirs(url: str, body: bytes, ctype: str) -> None:
    trafilatura.bare_extraction(body, url=url, with_metadata=True)


def parse_only(url: str, body: bytes, ctype: str) -> None:
    lxml.html.document_fromstring(body)


def platform_pages() -> list[tuple[str, bytes, str]]:
    """(url, body, content type) of every archived mirror page in every platform markup."""
    return [(url, page.encoded(), f"text/html; charset={page.charset}")
            for site in SITES for markup in markups(site) for url in expected_records(site)
            for page in [rendered(site, markup, url)]]


def measure(what: str, suffix: str, sample: list[tuple[str, bytes, str]], count: int) -> list:
    """Print both ratios on `sample` repeated to `count` pages; returns those pages."""
    pages = (sample * (count // len(sample) + 1))[:count]
    size = sum(len(body) for _, body, _ in sample) / len(sample) / 1024
    print(f"pages: {len(sample)} {what} (mean {size:.0f} KB), repeated to {len(pages)}",
          flush=True)
    ours_rate, theirs_rate, parse_rate = rates(pages, (ours, theirs, parse_only))
    print(f"extraction vs trafilatura{suffix}: ours={ours_rate:.0f} pages/s, trafilatura="
          f"{theirs_rate:.0f} pages/s, ratio={ours_rate / theirs_rate:.2f} (target"
          f" {EXTRACTION_TARGET:.1f})")
    print(f"extraction vs parse only{suffix}: ours={ours_rate:.0f} pages/s, lxml parse="
          f"{parse_rate:.0f} pages/s, ratio={parse_rate / ours_rate:.2f} slower (target at most"
          f" {PARSE_TARGET:.1f})", flush=True)
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--profile", action="store_true",
                        help="also print where our extraction spends its time")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = captured_pages(Path(tmp))
    pages = measure("archived mirror pages", "", sample, args.pages)
    measure("the same pages in their platforms' markups", " (platform markups)",
            platform_pages(), args.pages)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [ours(*page) for page in pages[: min(500, len(pages))]])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
