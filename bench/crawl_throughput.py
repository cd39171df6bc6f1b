"""Crawl throughput: `archive crawl` of a synthetic Zorg+Welzijn on loopback beside a bare Scrapy
spider that fetches the same pages, and where the archive crawl spends its time.

Both sides crawl the same synthetic mirror (bench/synthetic_mirror.py) through the same transport
(MIRROR_URL and the DOWNLOAD_HANDLERS of spiders/settings.py), discover the articles the same way
(the news listing and its pagination, /movisie/, the feed, with the spider's own XPaths) and run
with the same concurrency, politeness off. Each runs in a fresh child process and times itself
from the start of the crawl to its end; pages per second is archived (or, for the bare spider,
scraped) articles over that time.

`archive crawl` has no option for its concurrency: spiders/settings.py fixes
CONCURRENT_REQUESTS_PER_DOMAIN = 2 and AUTOTHROTTLE_ENABLED, and `--mirror-url` only zeroes the
delays. The bench's child therefore sets those attributes of the `spiders.settings` module before
it calls the `archive` command line in-process, which reads the module when the crawl starts.

With `--profile`, the archive crawl runs once more under py-spy, and the top functions by
cumulative and by self time are printed with the cost centres the archive adds to a crawl.

    .venv/bin/python bench/crawl_throughput.py                  # 10,000 pages
    .venv/bin/python bench/crawl_throughput.py --pages 500 --profile
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, REPO, figure, machine, run_child  # noqa: E402
from synthetic_mirror import build  # noqa: E402

from mirror.server import MirrorServer  # noqa: E402

TARGET = "0.60"
# Where the archive's own work shows in a profile: (label, file, function, statement). Without a
# statement, every sample with the function anywhere on its stack counts (cumulative); with one,
# the samples whose innermost frame is that function on that statement's line: time inside C
# (SQLite, zlib, the kernel) that the statement called, such as the SAVEPOINT that opens a unit
# of work. Indented centres are part of the one above.
COST_CENTRES = (
    ("extraction in this process (only with ARCHIVE_EXTRACT_PROCESSES=0)",
     "pipeline/extractor.py", "extract_page", None),
    ("pages to the extraction workers and records back", "archive/crawl/extraction.py",
     "extract", None),
    ("storing the record (Archive.store)", "archive/storage/store.py", "store", None),
    ("  INSERT INTO pages, with its FTS triggers", "archive/storage/pages.py", "_insert_page",
     "INSERT INTO pages"),
    ("capture middleware, response side (WARC, capture index)", "archive/crawl/capture.py",
     "process_response", None),
    ("  WARC records built and gzipped", "archive/storage/warc.py", "_gzip_member", None),
    ("  INSERT INTO captures", "archive/crawl/capture.py", "_index", None),
    ("  lookup of an earlier capture with the same payload", "archive/crawl/capture.py",
     "process_response", "earlier = self.db.execute("),
    ("capture middleware, conditional-request lookup", "archive/crawl/capture.py",
     "process_request", None),
    ("crawl state writes per response (CrawlStateMiddleware._done)", "archive/crawl/url_state.py",
     "_done", None),
    ("group commits (Archive.commit), wherever they fall", "archive/storage/store.py", "commit",
     None),
    ("  of which the WARC fsync before the commit", "archive/storage/warc.py", "sync", None),
    ("savepoints that make each unit of work whole (Archive.transaction)",
     "archive/storage/store.py", "transaction", "SAVEPOINT unit"),
    ("drift check after the crawl", "archive/quality/drift.py", "record_coverage", None),
    ("the spiders' retry and redirect middlewares", "spiders/", "process_response", None),
)
# Frames that only pass the work on: the bench, the command line, the event loop, Twisted's
# callbacks and HTTP parser (which hands a finished response down the chain), Scrapy's chains.
# Left out of the cumulative table, where they would fill every row.
PLUMBING = ("crawl_throughput.py", "click/", "asyncio/", "twisted/", "<frozen", "archive/cli.py",
            "archive/crawl/process.py", "scrapy/crawler.py", "scrapy/utils/defer.py",
            "scrapy/middleware.py", "scrapy/pipelines/", "scrapy/core/scraper.py")


def ours_child(args: argparse.Namespace) -> None:
    import spiders.settings as project

    project.CONCURRENT_REQUESTS = args.concurrency
    project.CONCURRENT_REQUESTS_PER_DOMAIN = args.concurrency
    project.AUTOTHROTTLE_ENABLED = False
    from archive.cli import cli

    start = time.perf_counter()
    try:
        cli.main(["crawl", "--mirror-url", args.mirror_url, "--site", "zorgwelzijn",
                  "--db", str(args.db)], standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise
    seconds = time.perf_counter() - start
    with sqlite3.connect(args.db) as conn:
        pages = conn.execute("SELECT pages_new + pages_changed + pages_unchanged + pages_merged"
                             " FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    print("RESULT " + json.dumps({"pages": pages, "seconds": seconds}), flush=True)


def bare_child(args: argparse.Namespace) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    import spiders.settings as project
    from spiders.zorgwelzijn import ARTICLE_LINKS, FEED_ITEMS, LISTING_PAGES, ZorgwelzijnSpider

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in ZorgwelzijnSpider.listing_urls:
                yield scrapy.Request(url, self.parse_listing)
            for url in ZorgwelzijnSpider.feed_urls:
                yield scrapy.Request(url, self.parse_feed)

        def parse_listing(self, response):
            yield from response.follow_all(response.xpath(ARTICLE_LINKS).getall(),
                                           self.parse_article)
            yield from response.follow_all(response.xpath(LISTING_PAGES).getall(),
                                           self.parse_listing)

        def parse_feed(self, response):
            yield from response.follow_all(response.xpath(FEED_ITEMS).getall(),
                                           self.parse_article)

        def parse_article(self, response):
            yield {"url": response.url}

    process = CrawlerProcess({
        **{name: getattr(project, name) for name in (
            "USER_AGENT", "ROBOTSTXT_OBEY", "COOKIES_ENABLED", "TELNETCONSOLE_ENABLED",
            "DOWNLOAD_HANDLERS", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE")},
        "MIRROR_URL": args.mirror_url,
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "WARNING",
    })
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    start = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - start
    pages = crawler.stats.get_value("item_scraped_count", 0)
    print("RESULT " + json.dumps({"pages": pages, "seconds": seconds}), flush=True)


def child_command(side: str, url: str, db: Path, concurrency: int) -> list[str]:
    return [PYTHON, str(Path(__file__).resolve()), "--child", side, "--mirror-url", url,
            "--db", str(db), "--concurrency", str(concurrency)]


def crawl(side: str, server: MirrorServer, work: Path, concurrency: int, expected: int
          ) -> tuple[int, float, float]:
    """One crawl in a fresh child and database; returns (pages, seconds, the child's CPU
    seconds) and says how busy the mirror (a thread of this process) was meanwhile."""
    run = work / side
    shutil.rmtree(run, ignore_errors=True)
    before, served = resource.getrusage(resource.RUSAGE_SELF), len(server.log)
    child = run_child(child_command(side, server.url, run / "archive.db", concurrency),
                      run / "log.txt").check()
    after = resource.getrusage(resource.RUSAGE_SELF)
    result = json.loads(child.result())
    mirror_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"  {side}: {result['pages']} pages in {result['seconds']:.1f} s of crawl "
          f"({child.seconds:.1f} s with start-up; child CPU {child.cpu_seconds:.1f} s, "
          f"{child.tree_cpu_seconds:.1f} s with its worker processes); "
          f"mirror answered {len(server.log) - served} requests with {mirror_cpu:.1f} s CPU; "
          f"load average now {os.getloadavg()[0]:.2f}", flush=True)
    if result["pages"] != expected:
        print(f"  WARNING: {side} got {result['pages']} pages of {expected}")
    return result["pages"], result["seconds"], child.tree_cpu_seconds


def profile(server: MirrorServer, work: Path, concurrency: int, rate: int, top: int) -> None:
    run = work / "profile"
    shutil.rmtree(run, ignore_errors=True)
    raw = run / "pyspy.txt"
    command = [str(Path(PYTHON).parent / "py-spy"), "record", "--format", "raw", "--rate",
               str(rate), "-o", str(raw), "--",
               *child_command("ours", server.url, run / "archive.db", concurrency)]
    child = run_child(command, run / "log.txt").check()
    result = json.loads(child.result())
    print(f"profile: py-spy at {rate} Hz over `archive crawl` of {result['pages']} pages, "
          f"{result['seconds']:.1f} s of crawl under the profiler; raw stacks in {raw}")
    summarise(raw, rate, top, result["pages"])


def _frames(stack: str) -> list[tuple[str, str, int]]:
    """(file, function, line) per frame of a py-spy collapsed stack, outermost first."""
    frames = []
    for frame in stack.split(";"):
        name, _, where = frame.rpartition(" (")
        path, _, line = where.rstrip(")").rpartition(":")
        frames.append((path, name, int(line) if line.isdigit() else 0))
    return frames


def summarise(raw: Path, rate: int, top: int, pages: int) -> None:
    cumulative: Counter = Counter()
    own: Counter = Counter()
    centres: Counter = Counter()
    lines = {(path, name, statement): _line_of(path, name, statement)
             for _, path, name, statement in COST_CENTRES if statement}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = _frames(stack) if stack.strip() else []
        if not frames or frames[-1][:2] == ("threading.py", "Condition.wait"):
            continue  # an idle worker thread of Twisted's pool: no work done
        samples = int(count)
        total += samples
        for key in {(path, name) for path, name, _ in frames}:
            cumulative[key] += samples
        own[frames[-1][:2]] += samples
        for label, path, name, statement in COST_CENTRES:
            if statement:
                hit = _is(frames[-1], path, name) and frames[-1][2] == lines[path, name, statement]
            else:
                hit = any(_is(frame, path, name) for frame in frames)
            centres[label] += samples if hit else 0

    def row(samples: int, what: str) -> None:
        print(f"  {100 * samples / total:5.1f} %  {samples / rate:7.1f} s  "
              f"{1000 * samples / rate / pages:6.2f} ms/page  {what}")

    for title, counts in (
            ("cumulative time, below the event loop and Twisted/Scrapy's plumbing", Counter(
                {key: n for key, n in cumulative.items() if not key[0].startswith(PLUMBING)})),
            ("self time", own)):
        print(f"top {top} by {title} ({total} samples = {total / rate:.0f} s busy):")
        for (path, name), samples in counts.most_common(top):
            row(samples, f"{name} ({path})")
    print("cost centres:")
    for label, *_ in COST_CENTRES:
        row(centres[label], label)


def _is(frame: tuple[str, str, int], path: str, name: str) -> bool:
    file, function, _ = frame
    return path in file and (function == name or function.endswith("." + name))


def _line_of(path: str, function: str, statement: str) -> int:
    """The line of `statement` in `function` in the product code as it is now."""
    lines = (REPO / path).read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if f"def {function}(" in line), None)
    found = None if start is None else next(
        (i for i, line in enumerate(lines[start:], start) if statement in line), None)
    if found is None:
        raise ValueError(f"{path}: no {statement!r} in {function}(); update COST_CENTRES")
    return found + 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16,
                        help="concurrent requests, in all and per site, on both sides")
    parser.add_argument("--rounds", type=int, default=1,
                        help="crawls per side, alternating; the best of each side counts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-crawl"))
    parser.add_argument("--profile", action="store_true",
                        help="also run the archive crawl under py-spy and print where it spends")
    parser.add_argument("--profile-rate", type=int, default=100, help="py-spy samples a second")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--commit-units", type=int, default=0,
                        help="what-if: our crawl's ARCHIVE_COMMIT_UNITS (1: commit each unit)")
    parser.add_argument("--child", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--mirror-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return (ours_child if args.child == "ours" else bare_child)(args)
    print(machine(), flush=True)
    if args.commit_units:
        os.environ["ARCHIVE_COMMIT_UNITS"] = str(args.commit_units)  # for our crawl's child
        print(f"what-if: ARCHIVE_COMMIT_UNITS={args.commit_units}")
    start = time.perf_counter()
    build(args.work / "sites", args.pages)
    print(f"synthetic mirror: {args.pages} articles in {time.perf_counter() - start:.1f} s; "
          f"concurrency {args.concurrency} per site, AutoThrottle off, no delay", flush=True)
    best: dict[str, float] = {}
    per_cpu: dict[str, float] = {}
    with MirrorServer(sites_dir=args.work / "sites") as server:
        for _ in range(args.rounds):
            for side in ("bare", "ours"):
                pages, seconds, cpu = crawl(side, server, args.work, args.concurrency, args.pages)
                best[side] = max(best.get(side, 0.0), pages / seconds)
                per_cpu[side] = max(per_cpu.get(side, 0.0), pages / cpu)
        print(figure("crawl throughput", best["ours"], "bare Scrapy", best["bare"], "pages/s",
                     TARGET), flush=True)
        # Both sides are CPU-bound on one core: per CPU second, a neighbour's load on the
        # machine, which the wall-clock figure suffers from, drops out.
        print(figure("crawl throughput per CPU second (start-up included)", per_cpu["ours"],
                     "bare Scrapy", per_cpu["bare"], "pages/CPU-s", TARGET), flush=True)
        if args.profile:
            profile(server, args.work, args.concurrency, args.profile_rate, args.top)


if __name__ == "__main__":
    main()
