"""`archive crawl`: the spiders of the chosen sites as one crawl run in one Scrapy process, into
one database, optionally against the bundled mirror that this command starts and stops."""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive.ingest import item_archived
from archive.store import Archive

STORED = ("new", "changed", "unchanged", "merged")


@dataclass
class Summary:
    run_id: int
    db_path: str
    mirror: bool
    per_site: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    finish_reasons: dict[str, str] = field(default_factory=dict)
    spider_errors: dict[str, int] = field(default_factory=dict)

    def record(self, outcome: str, item: dict, **_) -> None:
        self.per_site[item["site"]][outcome] += 1

    def site_ok(self, site: str) -> bool:
        stored = sum(self.per_site[site][o] for o in STORED)
        return (self.finish_reasons.get(site) == "finished" and not self.spider_errors.get(site)
                and stored > 0)

    @property
    def ok(self) -> bool:
        return all(self.site_ok(site) for site in self.finish_reasons)

    def report(self) -> str:
        source = "the bundled mirror" if self.mirror else "the live sites"
        lines = [f"crawl run {self.run_id} of {source} into {self.db_path}"]
        total = Counter()
        for site in self.finish_reasons:
            counts = self.per_site[site]
            total.update(counts)
            state = "ok" if self.site_ok(site) else (
                f"FAILED ({self.finish_reasons[site]}, {self.spider_errors.get(site, 0)} errors)")
            lines.append(f"  {site:<20} {_counts(counts)}  {state}")
        lines.append(f"  {'total':<20} {_counts(total)}")
        return "\n".join(lines)


def _counts(counts: Counter) -> str:
    pages = sum(counts[o] for o in STORED)
    return (f"archived {pages:>3}: new {counts['new']}, changed {counts['changed']}, "
            f"unchanged {counts['unchanged']}, merged {counts['merged']}; "
            f"failed {counts['failed']}, skipped {counts['skipped']}")


def crawl_settings(db_path: str, run_id: int, verbose: bool) -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    settings.set("ARCHIVE_DB", db_path, priority="cmdline")
    settings.set("ARCHIVE_RUN_ID", run_id, priority="cmdline")
    if not verbose:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings


def run_crawl(sites: list[str], db_path: str, *, mirror: bool, verbose: bool, progress) -> Summary:
    archive = Archive(db_path)  # fails early and clearly on a bad path, before any fetching
    run_id = archive.start_run(sites, mirror=mirror)
    summary = Summary(run_id=run_id, db_path=db_path, mirror=mirror)
    settings = crawl_settings(db_path, run_id, verbose)
    from mirror import MirrorServer

    with MirrorServer() if mirror else nullcontext() as server:
        if server is not None:
            # Loopback costs the sites nothing: no politeness delay against our own mirror.
            settings.set("MIRROR_URL", server.url, priority="cmdline")
            settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
            settings.set("AUTOTHROTTLE_START_DELAY", 0, priority="cmdline")
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
        archive.finish_run(run_id, status="finished" if summary.ok else "failed")
    return summary
