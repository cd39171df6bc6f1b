"""Reaching the mirror as the spiders do: a real spider in a child process (Twisted's reactor
cannot be restarted inside the test process), or one real URL fetched over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pipeline import extract_with_sources
from pipeline.urls import is_document_url
from spiders import settings
from spiders.movisie import UPLOADS

REPO = Path(__file__).resolve().parent.parent
EXPORTED = "site,url,status,redirected_from,reason"
FETCHING = {name: order for name, order in settings.DOWNLOADER_MIDDLEWARES.items()
            if not name.startswith("archive.")}


def crawl_items(spider: str, mirror_url: str, out_dir: Path, *settings: str) -> list[dict]:
    """Items (raw pages and failures, without bodies) the spider yields, in order."""
    out = out_dir / f"{spider}.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-s", f"MIRROR_URL={mirror_url}",
        # The spider and its fetching alone: none of the archive's components, nothing written.
        "-s", "EXTENSIONS={}",
        "-s", "ITEM_PIPELINES={}",
        "-s", f"DOWNLOADER_MIDDLEWARES={json.dumps(FETCHING)}",
        "-s", "SPIDER_MIDDLEWARES={}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_START_DELAY=0",
        "-s", "LOG_LEVEL=INFO",
        "-s", f"FEED_EXPORT_FIELDS={EXPORTED}",
        "-O", f"{out}:jsonlines",
        *[arg for s in settings for arg in ("-s", s)],
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "ARCHIVE_MIRROR_URL": ""})
    assert done.returncode == 0, done.stderr[-4000:]
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def pages(items: list[dict]) -> list[dict]:
    return [i for i in items if "status" in i and "reason" not in i and not is_document(i)]


def documents(items: list[dict]) -> list[dict]:
    """The downloads the spider fetched beside its pages."""
    return [i for i in items if "status" in i and "reason" not in i and is_document(i)]


def is_document(item: dict) -> bool:
    return is_document_url(item["url"]) or bool(UPLOADS.search(urlsplit(item["url"]).path))


def failures(items: list[dict]) -> list[dict]:
    return [i for i in items if "reason" in i]


def extract_page(mirror, url: str) -> dict:
    """The record the pipeline makes of a real URL's page in the mirror."""
    return extract_with_sources_page(mirror, url)[0]


def extract_with_sources_page(mirror, url: str) -> tuple[dict, dict]:
    body, content_type = mirror.get(url)
    return extract_with_sources(body, url, content_type)
