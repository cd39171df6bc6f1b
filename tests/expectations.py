"""The mirror's expectations: for every URL a crawl of the mirror archives, the record its page
in today's mirror markup extracts to, kept in mirror/sites/<slug>/expected.json. The platform
markups (mirror/platforms/) render those records, and the tests hold every markup to them.

    python -m tests.expectations --write    # after a deliberate change to the mirror or rules
    python -m tests.expectations            # only says what would change
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from mirror import MirrorServer
from mirror.platforms import EXPECTED_FILE, expected_records
from mirror.server import SITES_DIR
from pipeline import extract
from tests.conftest import run_archive


def archived_urls(mirror: MirrorServer) -> list[tuple[str, str]]:
    """(site, URL) of every page URL a whole crawl of the mirror archives."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "archive.db"
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db))
        if done.returncode != 0:
            sys.exit(f"the crawl of the mirror failed:\n{done.stdout}{done.stderr}")
        with closing(sqlite3.connect(db)) as conn:
            return conn.execute("SELECT p.site, u.url FROM page_urls u JOIN pages p"
                                " ON p.id = u.page_id ORDER BY p.site, u.url").fetchall()


def current_records() -> dict[str, dict[str, dict]]:
    """site -> URL -> the record today's mirror markup gives."""
    records: dict[str, dict[str, dict]] = {}
    with MirrorServer() as mirror:
        for site, url in archived_urls(mirror):
            body, content_type = mirror.get(url)
            records.setdefault(site, {})[url] = extract(body, url, content_type)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the expectations")
    args = parser.parse_args()
    for site, records in sorted(current_records().items()):
        before = expected_records(site)
        changed = sorted(url for url in records.keys() | before.keys()
                         if records.get(url) != before.get(url))
        print(f"{site}: {len(records)} pages, {len(changed)} changed")
        for url in changed:
            print(f"  {url}")
        if args.write:
            (SITES_DIR / site / EXPECTED_FILE).write_text(
                json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                encoding="utf-8")


if __name__ == "__main__":
    main()
