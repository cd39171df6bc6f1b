"""`archive crawl`: the spiders of the chosen sites as one crawl run in one Scrapy process, into
one database, optionally against the bundled mirror that this command starts and stops.

The run holds the crawl lock from start to end; a run found unfinished (its process was killed)
is continued with `--resume` or, when a new run starts instead, marked interrupted. After the
spiders, the run's bytes and errors are totalled and the drift check compares its extraction
coverage with earlier runs."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import drift
from archive.ingest import item_archived
from archive.lock import CrawlLock
from archive.store import Archive

STORED = ("new", "changed", "unchanged", "merged")
UNFINISHED = ("running", "interrupted")


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

    def record(self, outcome: str, item: dict, **_) -> None:
        self.per_site[item["site"]][outcome] += 1

    def site_ok(self, site: str) -> bool:
        stored = sum(self.per_site[site][o] for o in STORED)
        # A resumed run may find a site already done: nothing left to store is then fine.
        return (self.finish_reasons.get(site) == "finished" and not self.spider_errors.get(site)
                and (stored > 0 or self.resumed))

    @property
    def ok(self) -> bool:
        return all(self.site_ok(site) for site in self.finish_reasons)

    def report(self) -> str:
        source = "the bundled mirror" if self.mirror else "the live sites"
        verb = "resumed" if self.resumed else "of"
        lines = [f"crawl run {self.run_id} {verb} {source} into {self.db_path}"]
        total = Counter()
        for site in self.finish_reasons:
            counts = self.per_site[site]
            total.update(counts)
            state = "ok" if self.site_ok(site) else (
                f"FAILED ({self.finish_reasons[site]}, {self.spider_errors.get(site, 0)} errors)")
            lines.append(f"  {site:<20} {_counts(counts)}  {state}")
        lines.append(f"  {'total':<20} {_counts(total)}")
        if self.totals:
            run = Counter({k.removeprefix("pages_"): v for k, v in self.totals.items()})
            lines.append(f"  {'whole run':<20} {_counts(run)}; "
                         f"downloaded {self.totals['bytes_downloaded']:,} bytes, "
                         f"retried {self.totals['retries']} times")
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
        with conn:
            conn.execute("UPDATE crawl_runs SET status = 'running' WHERE id = ?", (last[0],))
        return last[0], json.loads(last[1])
    with conn:
        # The lock is ours, so a run still marked running has lost its process.
        conn.execute("UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running'")
    return archive.start_run(sites, mirror=mirror), sites


SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_foreign_file(db_path: str) -> None:
    """A file that is not SQLite is refused before the crawl writes anything beside it."""
    path = Path(db_path)
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise ValueError(f"{db_path} is not a SQLite archive database")


def run_crawl(sites: list[str], db_path: str, *, mirror: bool, verbose: bool, progress,
              mirror_url: str | None = None, resume: bool = False, captures: str | None = None,
              drift_threshold: float = drift.DEFAULT_THRESHOLD) -> Summary:
    _refuse_foreign_file(db_path)
    with CrawlLock(db_path):
        archive = Archive(db_path)  # fails early and clearly on a bad path, before any fetching
        run_id, sites = _open_run(archive, sites, mirror or bool(mirror_url), resume)
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
        for site, crawler in crawlers.items():
            stats = crawler.stats.get_stats()
            summary.finish_reasons[site] = stats.get("finish_reason", "not started")
            summary.spider_errors[site] = stats.get("spider_exceptions/count", 0) + stats.get(
                "log_count/CRITICAL", 0)
        with archive:
            conn = archive.db.conn
            with conn:
                conn.execute("UPDATE crawl_runs SET errors = errors + ? WHERE id = ?",
                             (sum(summary.spider_errors.values()), run_id))
            drift.record_coverage(conn, run_id, sites)
            summary.alarms = drift.alarms(conn, run_id, drift_threshold)
            status = "finished" if summary.ok else "failed"
            if summary.alarms:
                status = "drift"
            counts = archive.finish_run(run_id, status=status)
            summary.totals = {**counts, **dict(zip(("bytes_downloaded", "retries"), conn.execute(
                "SELECT bytes_downloaded, (SELECT count(*) FROM fetch_retries WHERE run_id = ?)"
                " FROM crawl_runs WHERE id = ?", (run_id, run_id)).fetchone(), strict=True))}
    return summary
