"""`archive crawl`: the spiders of the chosen sites as one crawl run in one Scrapy process, into
one database, optionally against the bundled mirror that this command starts and stops.

The run holds the crawl lock from start to end; a run found unfinished (its process was killed,
or it failed) is continued with `--resume` or, when a new run starts instead, marked interrupted
if it was still marked running. After the spiders, the run's bytes and errors are totalled and
the drift check compares its extraction coverage with earlier runs.

A write the archive could not keep (archive/crawl/run.py) stops the crawl and fails the run, which
`--resume` continues once the cause is mended. The summary then says what the crawl fetched and
did not keep: the difference between what the crawlers handed to the archive and what the
database holds of the run."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive.crawl.capture import NOT_ASKED, REFETCHED, WARC_RECORDS
from archive.crawl.ingest import NOT_KEPT, document_archived, item_archived
from archive.crawl.run import WRITE_FAILURE
from archive.crawl.summary import (
    Kept,
    Summary,
    documents_of_run,
    noarchive_of_run,
    revisits_of_run,
)
from archive.quality import drift
from archive.storage.files import check_archive
from archive.storage.lock import CrawlLock
from archive.storage.store import UNFINISHED, Archive, ArchiveWriteError


def crawl_settings(db_path: str, run_id: int, verbose: bool, resume: bool,
                   captures: str | None, keep_noarchive: bool, every_url: bool = False,
                   budget: int | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    settings.set("ARCHIVE_DB", db_path, priority="cmdline")
    settings.set("ARCHIVE_RUN_ID", run_id, priority="cmdline")
    settings.set("ARCHIVE_RESUME", resume, priority="cmdline")
    if every_url:
        settings.set("ARCHIVE_REVISIT_ALL", True, priority="cmdline")
    if budget is not None:
        settings.set("ARCHIVE_REVISIT_BUDGET", budget, priority="cmdline")
    if keep_noarchive:
        settings.set("ARCHIVE_KEEP_NOARCHIVE", True, priority="cmdline")
    if captures:
        settings.set("ARCHIVE_CAPTURES", captures, priority="cmdline")
    if not verbose:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings


def _open_run(archive: Archive, sites: list[str], mirror: bool, resume: bool
              ) -> tuple[int, list[str]]:
    if resume:
        last = archive.last_crawl()
        if last is None or last[2] not in UNFINISHED:
            state = "no crawl run" if last is None else f"run {last[0]} ended {last[2]}"
            raise ValueError(f"nothing to resume in {archive.path}: {state}")
        archive.resume_run(last[0])
        return last[0], last[1]
    archive.interrupt_runs()  # the lock is ours
    return archive.start_run(sites, mirror=mirror), sites


def run_crawl(sites: list[str], db_path: str, *, mirror: bool, verbose: bool, progress,
              mirror_url: str | None = None, resume: bool = False, captures: str | None = None,
              drift_threshold: float = drift.DEFAULT_THRESHOLD,
              keep_noarchive: bool = False, every_url: bool = False,
              budget: int | None = None) -> Summary:
    """Raises OSError (ArchiveWriteError among them) or ValueError, before any fetching, for an
    archive that cannot be crawled into; a write failing later is in the summary. `every_url`
    re-checks every known URL, `budget` bounds a site's re-checks (archive/crawl/url_state.py);
    a resumed run keeps the choice it began with."""
    # Refused before the crawl writes anything beside the file (its lock).
    if resume and not Path(db_path).is_file():
        raise ValueError(f"nothing to resume: no archive at {db_path}")
    check_archive(db_path, may_be_new=True)
    sites = list(dict.fromkeys(sites))  # a site named twice is crawled once
    with CrawlLock(db_path), Archive(db_path) as archive:
        run_id, sites = _open_run(archive, sites, mirror or bool(mirror_url), resume)
        kept_before = Kept.of(archive.db.conn, run_id)
        summary = Summary(run_id=run_id, db_path=db_path, mirror=mirror or bool(mirror_url),
                          resumed=resume)
        settings = crawl_settings(db_path, run_id, verbose, resume, captures, keep_noarchive,
                                  every_url, budget)
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
                crawler.signals.connect(progress.count_document, signal=document_archived)
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
        summary.revisits = revisits_of_run(archive.db.conn, run_id)
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
        archive.add_errors(run_id, sum(summary.spider_errors.values()))
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
    summary.documents = documents_of_run(archive.db.conn, run_id)
    summary.noarchive = noarchive_of_run(archive.db.conn, run_id)
