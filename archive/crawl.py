"""`archive crawl`: the spiders of the chosen sites as one crawl run in one Scrapy process, into
one database, optionally against the bundled mirror that this command starts and stops.

The run holds the crawl lock from start to end; a run found unfinished (its process was killed,
or it failed) is continued with `--resume` or, when a new run starts instead, marked interrupted
if it was still marked running. After the spiders, the run's bytes and errors are totalled and
the drift check compares its extraction coverage with earlier runs.

A write the archive could not keep (archive/crawl_run.py) stops the crawl and fails the run, which
`--resume` continues once the cause is mended. The summary then says what the crawl fetched and
did not keep: the difference between what the crawlers handed to the archive and what the
database holds of the run."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import drift
from archive.capture import NOT_ASKED, REFETCHED, WARC_RECORDS
from archive.crawl_run import WRITE_FAILURE
from archive.ingest import NOT_KEPT, item_archived
from archive.lock import CrawlLock
from archive.store import Archive, ArchiveWriteError

STORED = ("new", "changed", "unchanged", "merged")
OUTCOMES = (*STORED, "gone", "failed", "skipped")
# A run that did not finish: killed, or failed (a site could not be crawled, or the archive could
# not be written). `--resume` continues the last of them.
UNFINISHED = ("running", "interrupted", "failed")


@dataclass
class Kept:
    """Pages and failures (counted outcomes), and WARC records (indexed captures): what the
    database holds of a run, or what the crawlers handed it."""

    outcomes: int = 0
    captures: int = 0

    @classmethod
    def of(cls, conn: sqlite3.Connection, run_id: int) -> Kept:
        columns = " + ".join(f"pages_{outcome}" for outcome in OUTCOMES)
        return cls(*conn.execute(
            f"SELECT {columns}, (SELECT count(*) FROM captures WHERE run_id = ?)"
            " FROM crawl_runs WHERE id = ?", (run_id, run_id)).fetchone())


@dataclass
class Summary:
    run_id: int
    db_path: str
    mirror: bool
    resumed: bool = False
    per_site: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    finish_reasons: dict[str, str] = field(default_factory=dict)
    spider_errors: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    alarms: list[drift.Alarm] = field(default_factory=list)
    # URLs fetched in full because their stored capture could not be used, by cause.
    refetched: Counter = field(default_factory=Counter)
    # Why the archive stopped taking writes, and how much of what the crawlers handed it (pages
    # and failures, WARC records written) it kept.
    write_failure: str | None = None
    handed: Kept = field(default_factory=Kept)
    kept: Kept = field(default_factory=Kept)
    ended: bool = True  # False when even the run's end could not be written: it stays running

    def record(self, outcome: str, item: dict, **_) -> None:
        self.per_site[item["site"]][outcome] += 1

    def site_ok(self, site: str) -> bool:
        stored = sum(self.per_site[site][o] for o in STORED)
        # A resumed run may find a site already done: nothing left to store is then fine.
        return (self.finish_reasons.get(site) == "finished" and not self.spider_errors.get(site)
                and (stored > 0 or self.resumed))

    @property
    def ok(self) -> bool:
        return self.write_failure is None and all(
            self.site_ok(site) for site in self.finish_reasons)

    def not_kept(self) -> str:
        return (f"the archive kept {self.kept.outcomes} of the {self.handed.outcomes} pages and"
                f" failures the crawl handed it, and indexed {self.kept.captures} of the"
                f" {self.handed.captures} WARC records it wrote")

    def error(self, resume: str) -> str | None:
        """One line that tells the archivist what went wrong and what to do (`resume`: the
        command that continues the run); None when every write was kept."""
        if self.write_failure is None:
            return None
        state = "is marked failed" if self.ended else "is still marked running"
        return (f"{self.write_failure}. Crawl run {self.run_id} stopped and {state}:"
                f" {self.not_kept()}. Mend that, then run `{resume}`")

    def report(self) -> str:
        source = "the bundled mirror" if self.mirror else "the live sites"
        verb = "resumed" if self.resumed else "of"
        lines = [f"crawl run {self.run_id} {verb} {source} into {self.db_path}"]
        total = Counter()
        for site in self.finish_reasons:
            counts = self.per_site[site]
            total.update(counts)
            if self.write_failure is not None:
                state = "NOT KEPT"  # whatever the spider did: see the line below
            elif self.site_ok(site):
                state = "ok"
            else:
                state = (f"FAILED ({self.finish_reasons[site]},"
                         f" {self.spider_errors.get(site, 0)} errors)")
            lines.append(f"  {site:<20} {_counts(counts)}  {state}")
        lines.append(f"  {'total':<20} {_counts(total)}")
        if self.totals:
            run = Counter({k.removeprefix("pages_"): v for k, v in self.totals.items()})
            lines.append(f"  {'whole run':<20} {_counts(run)}; "
                         f"downloaded {self.totals['bytes_downloaded']:,} bytes, "
                         f"retried {self.totals['retries']} times")
        if self.write_failure is not None:
            lines.append(f"  {'NOT KEPT':<20} {self.write_failure}: {self.not_kept()}")
        if self.refetched[NOT_ASKED]:
            lines.append(f"  {'fetched in full':<20} {self.refetched[NOT_ASKED]} URLs: the WARC"
                         " file of their last capture is missing")
        if self.refetched[REFETCHED]:
            lines.append(f"  {'fetched again':<20} {self.refetched[REFETCHED]} URLs: their last"
                         " capture could not be read")
        lines += [str(alarm) for alarm in self.alarms]
        return "\n".join(lines)


def _counts(counts: Counter) -> str:
    pages = sum(counts[o] for o in STORED)
    return (f"archived {pages:>3}: new {counts['new']}, changed {counts['changed']}, "
            f"unchanged {counts['unchanged']}, merged {counts['merged']}; "
            f"gone {counts['gone']}, failed {counts['failed']}, skipped {counts['skipped']}")


def crawl_settings(db_path: str, run_id: int, verbose: bool, resume: bool,
                   captures: str | None) -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    settings.set("ARCHIVE_DB", db_path, priority="cmdline")
    settings.set("ARCHIVE_RUN_ID", run_id, priority="cmdline")
    settings.set("ARCHIVE_RESUME", resume, priority="cmdline")
    if captures:
        settings.set("ARCHIVE_CAPTURES", captures, priority="cmdline")
    if not verbose:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings


def _open_run(archive: Archive, sites: list[str], mirror: bool, resume: bool
              ) -> tuple[int, list[str]]:
    conn = archive.db.conn
    # Re-extraction runs are no crawls: there is nothing of theirs to resume.
    last = conn.execute("SELECT id, spiders, status FROM crawl_runs WHERE spiders != ?"
                        " ORDER BY id DESC LIMIT 1", (json.dumps(["reextract"]),)).fetchone()
    if resume:
        if last is None or last[2] not in UNFINISHED:
            state = "no crawl run" if last is None else f"run {last[0]} ended {last[2]}"
            raise ValueError(f"nothing to resume in {archive.path}: {state}")
        with archive.transaction() as conn:
            conn.execute("UPDATE crawl_runs SET status = 'running' WHERE id = ?", (last[0],))
        return last[0], json.loads(last[1])
    with archive.transaction() as conn:
        # The lock is ours, so a run still marked running has lost its process.
        conn.execute("UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running'")
    return archive.start_run(sites, mirror=mirror), sites


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_path(db_path: str, resume: bool) -> None:
    """A file that is not SQLite is refused before the crawl writes anything beside it, and a
    resume needs an archive to resume."""
    path = Path(db_path)
    if resume and not path.is_file():
        raise ValueError(f"nothing to resume: no archive at {db_path}")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise ValueError(f"{db_path} is not a SQLite archive database")


def run_crawl(sites: list[str], db_path: str, *, mirror: bool, verbose: bool, progress,
              mirror_url: str | None = None, resume: bool = False, captures: str | None = None,
              drift_threshold: float = drift.DEFAULT_THRESHOLD) -> Summary:
    """Raises OSError (ArchiveWriteError among them) or ValueError, before any fetching, for an
    archive that cannot be crawled into; a write failing later is in the summary."""
    _check_path(db_path, resume)
    sites = list(dict.fromkeys(sites))  # a site named twice is crawled once
    with CrawlLock(db_path), Archive(db_path) as archive:
        run_id, sites = _open_run(archive, sites, mirror or bool(mirror_url), resume)
        kept_before = Kept.of(archive.db.conn, run_id)
        summary = Summary(run_id=run_id, db_path=db_path, mirror=mirror or bool(mirror_url),
                          resumed=resume)
        settings = crawl_settings(db_path, run_id, verbose, resume, captures)
        from mirror import MirrorServer

        with MirrorServer() if mirror and not mirror_url else nullcontext() as server:
            if server is not None or mirror_url:
                # Loopback costs the sites nothing: no politeness delay against our own mirror.
                settings.set("MIRROR_URL", mirror_url or server.url, priority="cmdline")
                settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
                settings.set("AUTOTHROTTLE_START_DELAY", 0, priority="cmdline")
                settings.set("RETRY_BACKOFF_BASE", 0.1, priority="cmdline")
            process = CrawlerProcess(settings)
            crawlers = {}
            for site in sites:
                crawler = process.create_crawler(site)
                crawler.signals.connect(progress.count, signal=item_archived)
                crawler.signals.connect(summary.record, signal=item_archived)
                process.crawl(crawler)
                crawlers[site] = crawler
            process.start()
        progress.close()
        handed, written = 0, 0
        for site, crawler in crawlers.items():
            stats = crawler.stats.get_stats()
            summary.finish_reasons[site] = stats.get("finish_reason", "not started")
            summary.spider_errors[site] = stats.get("spider_exceptions/count", 0) + stats.get(
                "log_count/CRITICAL", 0)
            summary.write_failure = summary.write_failure or stats.get(WRITE_FAILURE)
            summary.refetched.update({cause: stats.get(cause, 0)
                                      for cause in (NOT_ASKED, REFETCHED)})
            handed += sum(summary.per_site[site].values()) + stats.get(NOT_KEPT, 0)
            written += stats.get(WARC_RECORDS, 0)
        try:
            _finish(archive, summary, sites, drift_threshold)
        except ArchiveWriteError as error:
            summary.write_failure = summary.write_failure or str(error)
            summary.ended = False
        kept = Kept.of(archive.db.conn, run_id)
        summary.handed = Kept(handed, written)
        summary.kept = Kept(kept.outcomes - kept_before.outcomes,
                            kept.captures - kept_before.captures)
    return summary


def _finish(archive: Archive, summary: Summary, sites: list[str], threshold: float) -> None:
    """The run's end: its errors and coverage, its drift alarms, its status and totals. A run that
    lost writes ends failed, its coverage not recorded: the resumed run's will be."""
    run_id = summary.run_id
    with archive.transaction() as conn:
        conn.execute("UPDATE crawl_runs SET errors = errors + ? WHERE id = ?",
                     (sum(summary.spider_errors.values()), run_id))
        if summary.write_failure is None:
            drift.record_coverage(conn, run_id, sites)
    if summary.write_failure is None:
        summary.alarms = drift.alarms(archive.db.conn, run_id, threshold)
    status = "finished" if summary.ok else "failed"
    if summary.alarms:
        status = "drift"
    counts = archive.finish_run(run_id, status=status)
    summary.totals = {**counts, **dict(zip(("bytes_downloaded", "retries"), archive.db.conn.execute(
        "SELECT bytes_downloaded, (SELECT count(*) FROM fetch_retries WHERE run_id = ?)"
        " FROM crawl_runs WHERE id = ?", (run_id, run_id)).fetchone(), strict=True))}
