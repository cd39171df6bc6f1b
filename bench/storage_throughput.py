"""Storage throughput: records a second through `Archive.store`, the path every crawled page
takes (pages, page_urls, authors, reactions, links, revisions, full-text triggers), beside a plain
sqlite-utils `insert_all` of the same rows into the same tables of a fresh database.

The records are real extractions: every article-like page of the bundled mirror (the four sites,
with their authors, reactions and links) through `pipeline.extract_with_sources`, then varied in
URL, title and text until there are N distinct ones. Both sides open the database the archive's
way (`archive.storage.schema.connect` and its migrations: WAL, foreign keys, the FTS5 triggers),
so they differ only in how they write. The sqlite-utils side builds its rows from the same records
inside its timing, and commits once per insert_all batch as sqlite-utils does.

Ours groups its commits as a crawl does (ARCHIVE_COMMIT_UNITS records or ARCHIVE_COMMIT_SECONDS
in one transaction, each record a savepoint in it). Then ours is measured once more with each
statement timed (a connection wrapper, the product code unchanged), and once with a commit per
record, as the archive stored before it grouped its commits.

    .venv/bin/python bench/storage_throughput.py                 # 20,000 records
    .venv/bin/python bench/storage_throughput.py --records 500
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import figure, machine  # noqa: E402

from archive.storage.pages import PAGE_FIELDS, content_hash  # noqa: E402
from archive.storage.schema import connect, migrate  # noqa: E402
from archive.storage.store import Archive  # noqa: E402
from mirror.server import SITES_DIR  # noqa: E402
from pipeline import extract_with_sources  # noqa: E402
from pipeline.identity import collection, page_id  # noqa: E402
from pipeline.names import name_key  # noqa: E402
from pipeline.version import extractor_version  # noqa: E402
from spiders.settings import ARCHIVE_COMMIT_SECONDS, ARCHIVE_COMMIT_UNITS  # noqa: E402

TARGET = "0.50"
FETCHED_AT = "2026-11-22T21:00:00Z"
NOT_PAGES = (".txt", ".xml", ".pdf")
TABLES = ("pages", "page_urls", "authors", "page_authors", "reactions", "links", "revisions")
Record = tuple[dict, dict]  # (record, field sources)


def mirror_records() -> list[Record]:
    """Every page of the bundled mirror whose text the site rules found: articles, windows,
    publications; not listings, tag or author archives, which the fallback reads."""
    found = []
    for site_json in sorted(SITES_DIR.glob("*/site.json")):
        host = json.loads(site_json.read_text(encoding="utf-8"))["hosts"][0]
        root = site_json.parent / "files"
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            if relative.endswith(NOT_PAGES):
                continue
            url = f"https://{host}/{relative.removesuffix('index.html')}"
            try:
                record, sources = extract_with_sources(path.read_bytes(), url)
            except ValueError:
                continue
            if sources.get("body_text") == "rule":
                found.append((record, sources))
    return found


def varied(base: list[Record], count: int) -> list[Record]:
    """`count` distinct pages: each base record again and again under a URL and title numbered
    its own (a canon window's identity is its year and title), its paragraphs rotated and its
    number in the text, so every page id and content hash differs."""
    records = []
    for number in range(count):
        record, sources = base[number % len(base)]
        url = record["url"]
        url = (url[:-1] + f"-{number}/" if url.endswith("/")
               else url + ("&" if "?" in url else "?") + f"v={number}")
        paragraphs = (record["body_text"] or "").split("\n\n")
        shift = number // len(base) % len(paragraphs)
        body = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
        records.append(({**record, "url": url, "title": f"{record['title']} ({number})",
                         "body_text": f"{body}\n\nVervolg {number}."}, sources))
    return records


def store_all(records: list[Record], db: Path, grouped: bool = True) -> float:
    """Ours: Archive.store per record, its commits grouped as a crawl groups them (or one per
    record); seconds."""
    archive = Archive(db)
    run = archive.start_run(["bench"], mirror=True)
    if grouped:
        archive.group_commits(units=ARCHIVE_COMMIT_UNITS, seconds=ARCHIVE_COMMIT_SECONDS)
    start = time.perf_counter()
    for record, sources in records:
        archive.store(record, fetched_at=FETCHED_AT, run_id=run, sources=sources)
    archive.commit()
    seconds = time.perf_counter() - start
    archive.close()
    return seconds


def insert_all(records: list[Record], db: Path) -> float:
    """The peer: the same rows built from the records and written with sqlite-utils insert_all,
    table by table, parents first; seconds."""
    database = connect(str(db))
    migrate(database)
    start = time.perf_counter()
    version = extractor_version()
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    authors: dict[str, dict] = {}
    author_pages: dict[str, set[str]] = {}
    for record, sources in records:
        pid, digest, url = page_id(record), content_hash(record), record["url"]
        published, reactions = record.get("published"), record.get("reactions") or []
        rows["pages"].append({
            "id": pid, "url": url, **{f: record.get(f) for f in PAGE_FIELDS},
            "year": int(published[:4]) if published else None,
            "author_names": json.dumps([a["name"] for a in record["authors"]], ensure_ascii=False),
            "reaction_count": len(reactions),
            "reactions_text": "\n\n".join(r.get("text") or "" for r in reactions) or None,
            "content_hash": digest, "first_seen_at": FETCHED_AT, "last_seen_at": FETCHED_AT,
            "last_changed_at": FETCHED_AT, "fetched_at": FETCHED_AT,
            "field_sources": json.dumps(sources, sort_keys=True), "extractor_version": version,
        })
        rows["page_urls"].append({
            "url": url, "page_id": pid, "collection": collection(url), "content_hash": digest,
            "first_seen_at": FETCHED_AT, "last_seen_at": FETCHED_AT, "last_seen_run": 1})
        credited: set[tuple[str, str]] = set()
        for position, author in enumerate(record["authors"], start=1):
            aid, role = name_key(author["name"]), author.get("role") or "author"
            if not aid or (aid, role) in credited:
                continue
            credited.add((aid, role))
            authors.setdefault(aid, {"id": aid, "name": author["name"]})
            author_pages.setdefault(aid, set()).add(pid)
            rows["page_authors"].append({"page_id": pid, "author_id": aid, "role": role,
                                         "position": position, "bio": author.get("bio")})
        rows["reactions"] += [{"id": f"{pid}:{r['position']}", "page_id": pid,
                               "position": r["position"], "author": r.get("author"),
                               "posted": r.get("posted"), "text": r.get("text"),
                               "parent": r.get("parent")} for r in reactions]
        rows["links"] += [{"id": f"{pid}:{p}", "page_id": pid, "position": p,
                           "kind": link.get("kind"), "title": link.get("title"),
                           "url": link["url"]} for p, link in enumerate(record["links"], 1)]
        rows["revisions"].append({
            "page_id": pid, "run_id": 1, "fetched_at": FETCHED_AT, "content_hash": digest,
            "changed_fields": "[]", "extractor_version": version,
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True)})
    rows["authors"] = [{**row, "page_count": len(author_pages[aid])}
                       for aid, row in authors.items()]
    database["crawl_runs"].insert({"id": 1, "started_at": FETCHED_AT, "spiders": '["bench"]',
                                   "mirror": 1, "status": "running",
                                   "pages_new": len(records)})
    for table in TABLES:
        database[table].insert_all(rows[table])
    seconds = time.perf_counter() - start
    database.conn.close()
    return seconds


class Timed:
    """A connection that times every statement, by its SQL with the values taken out, and the
    COMMIT that leaving each `with conn:` block runs."""

    def __init__(self, conn):
        self.conn = conn
        self.seconds: Counter = Counter()
        self.calls: Counter = Counter()

    def _time(self, sql: str, start: float) -> None:
        key = re.sub(r"\s+", " ", sql).strip()
        self.seconds[key] += time.perf_counter() - start
        self.calls[key] += 1

    def execute(self, sql: str, *params):
        start = time.perf_counter()
        cursor = self.conn.execute(sql, *params)
        self._time(sql, start)
        return cursor

    def executemany(self, sql: str, rows):
        start = time.perf_counter()
        cursor = self.conn.executemany(sql, rows)
        self._time(sql, start)
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def commit(self) -> None:
        start = time.perf_counter()
        self.conn.commit()
        self._time("COMMIT", start)

    def __enter__(self):
        self.conn.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        start = time.perf_counter()
        self.conn.__exit__(*exc_info)
        self._time("COMMIT (leaving `with conn:`)", start)


def statements(records: list[Record], db: Path, top: int) -> None:
    archive = Archive(db)
    run = archive.start_run(["bench"], mirror=True)
    archive.group_commits(units=ARCHIVE_COMMIT_UNITS, seconds=ARCHIVE_COMMIT_SECONDS)
    timed = archive.db.conn = Timed(archive.db.conn)
    start = time.perf_counter()
    for record, sources in records:
        archive.store(record, fetched_at=FETCHED_AT, run_id=run, sources=sources)
    archive.commit()
    seconds = time.perf_counter() - start
    in_sql = sum(timed.seconds.values())
    print(f"ours, each statement timed: {seconds:.1f} s for {len(records)} records, "
          f"{in_sql:.1f} s of it in SQLite calls, {sum(timed.calls.values()) / len(records):.1f} "
          f"calls per record; the top {top} by time:")
    for sql, spent in timed.seconds.most_common(top):
        print(f"  {100 * spent / seconds:5.1f} %  {1000 * spent / len(records):6.3f} ms/record"
              f"  {timed.calls[sql] / len(records):4.1f}x  {sql[:110]}")
    archive.db.conn = timed.conn
    archive.close()


def counts(db: Path) -> dict[str, int]:
    database = connect(str(db))
    found = {table: database[table].count for table in (*TABLES, "pages_fts_docsize")}
    database.conn.close()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", "--pages", type=int, default=20_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-storage"))
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    start = time.perf_counter()
    base = mirror_records()
    records = varied(base, args.records)
    fields = sum(len(r["authors"]) + len(r["reactions"]) + len(r["links"]) for r, _ in records)
    print(f"records: {len(records)} from {len(base)} extracted mirror pages in "
          f"{time.perf_counter() - start:.1f} s; {fields / len(records):.1f} authors, reactions "
          f"and links per record", flush=True)
    ours = store_all(records, args.work / "ours.db")
    peer = insert_all(records, args.work / "peer.db")
    print(f"  ours {ours:.1f} s, sqlite-utils {peer:.1f} s", flush=True)
    ours_counts, peer_counts = counts(args.work / "ours.db"), counts(args.work / "peer.db")
    print("rows written, ours / sqlite-utils: " + ", ".join(
        f"{t} {ours_counts[t]}/{peer_counts[t]}" for t in ours_counts))
    print(figure("storage", len(records) / ours, "sqlite-utils insert_all", len(records) / peer,
                 "records/s", TARGET), flush=True)
    statements(records, args.work / "timed.db", args.top)
    seconds = store_all(records, args.work / "what-if.db", grouped=False)
    print(f"ours with a commit per record (no grouping): {len(records) / seconds:.1f} records/s",
          flush=True)

if __name__ == "__main__":
    main()
