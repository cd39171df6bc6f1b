"""Scrapy settings for the archive's spiders: polite by default, identifiable, and switchable to
the offline mirror with one setting (MIRROR_URL, or the environment's ARCHIVE_MIRROR_URL)."""

import os

from pipeline.rights import CRAWLER

BOT_NAME = "sociaalwerk-archief"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Site owners must be able to see who we are and reach us.
CONTACT_URL = os.environ.get(
    "ARCHIVE_CONTACT_URL", "https://github.com/sociaalwerk-archief/sociaalwerk-archief"
)
# Its product token is the name robots <meta>s and X-Robots-Tag rules address it by.
USER_AGENT = f"{CRAWLER}/0.1 (+{CONTACT_URL})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Limits against hostile servers: a page that never ends, a body or a decompressed body beyond
# any real article (spiders/safety.py refuses private addresses and redirect loops).
DOWNLOAD_TIMEOUT = int(os.environ.get("ARCHIVE_DOWNLOAD_TIMEOUT", "60"))
DOWNLOAD_MAXSIZE = 20 * 2**20
DOWNLOAD_WARNSIZE = 5 * 2**20
# Documents (spiders/base.py) may be larger than any page: a report with photographs. Beyond this
# one is not downloaded (a "too-large" failure); pipeline/documents.py reads at most 50 MiB of it.
DOCUMENT_MAXSIZE = int(os.environ.get("ARCHIVE_DOCUMENT_MAXSIZE", 100 * 2**20))
DOCUMENT_WARNSIZE = 30 * 2**20
# Retries wait: Retry-After when the server gives one, else 1, 2, 4 s (spiders/retry.py).
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 120.0
# A response yields at most one page; Scrapy's default of 100 items in parallel per response
# costs a crawl 100 cooperative tasks per response, about a sixth of its time (docs/performance.md).
CONCURRENT_ITEMS = 4
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Empty means the live web. The `archive crawl --mirror` command sets it to the bundled mirror.
MIRROR_URL = os.environ.get("ARCHIVE_MIRROR_URL", "")
DOWNLOAD_HANDLERS = {
    "http": "spiders.transport.MirrorAwareDownloadHandler",
    "https": "spiders.transport.MirrorAwareDownloadHandler",
}

# The bridges from the spiders to the archive (archive/crawl/): the crawl run they write into,
# built before them; raw pages in, records stored; every HTTP exchange kept in WARC (next to the
# downloader, so it sees the bytes as sent) and re-fetched conditionally; each URL's progress kept
# so a killed crawl can resume.
EXTENSIONS = {"archive.crawl.run.ArchiveRun": 0}
ITEM_PIPELINES = {"archive.crawl.ingest.ArchivePipeline": 300}
DOWNLOADER_MIDDLEWARES = {
    "spiders.safety.AddressGuardMiddleware": 40,
    # After robots.txt, which it obeys: each host's TDM file before its pages (spiders/tdmrep.py).
    "spiders.tdmrep.TdmRepMiddleware": 110,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.retry.PatientRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "spiders.safety.LoopAwareRedirectMiddleware": 600,
    "archive.crawl.capture.CaptureMiddleware": 950,
}
SPIDER_MIDDLEWARES = {"archive.crawl.url_state.CrawlStateMiddleware": 10}
# A page that asks not to be archived (`noarchive` in its robots <meta> or X-Robots-Tag) is neither
# written to WARC nor stored, but recorded as a "noarchive" failure; its links are still followed.
# True (`archive crawl --keep-noarchive`) archives it all the same, marked pages.noarchive = 1.
ARCHIVE_KEEP_NOARCHIVE = False
# Empty means the archive's default database, data/archive.db (archive/storage/files.py).
ARCHIVE_DB = os.environ.get("ARCHIVE_DB", "")
# Writes are committed in groups (archive/crawl/run.py): at most this many units of work (a page
# stored, a capture indexed, a response's links recorded) or this many seconds in one commit. A
# kill loses the open group, which a resumed crawl fetches again.
ARCHIVE_COMMIT_UNITS = int(os.environ.get("ARCHIVE_COMMIT_UNITS", "500"))
ARCHIVE_COMMIT_SECONDS = float(os.environ.get("ARCHIVE_COMMIT_SECONDS", "1.0"))
# Processes that extract records while the crawl fetches; 0 extracts in the crawl's own thread.
ARCHIVE_EXTRACT_PROCESSES = int(os.environ.get("ARCHIVE_EXTRACT_PROCESSES",
                                               max(1, (os.cpu_count() or 1) - 1)))
# The revisit policy (archive/crawl/url_state.py, docs/operations.md "Revisits"): a run re-checks
# at most this many known URLs of a site whose next check has passed, the most overdue first; what
# is new, and what a sitemap or feed announces changed, comes on top. True re-checks every known URL
# (`archive crawl --all`).
ARCHIVE_REVISIT_BUDGET = int(os.environ.get("ARCHIVE_REVISIT_BUDGET", "10000"))
ARCHIVE_REVISIT_ALL = False
# WARC files; empty means a `captures/` folder beside ARCHIVE_DB.
ARCHIVE_CAPTURES = os.environ.get("ARCHIVE_CAPTURES", "")

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
