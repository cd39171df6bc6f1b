"""Which WARC files hold an archive's captures, for the tools that read them whole: the WACZ
export and pywb replay. The `captures` table names them; a file it does not name (a crawl killed
before it indexed anything) holds nothing the archive stands for.

Whole files, not single records: a crawl writes one file per run and site, so a site's files hold
every record of its captures (requests, redirects, robots.txt, errors and revisits too), and a
revisit finds the earlier record holding its payload in them. A file holding captures that may
not be shown (archive/publication/withheld.py) is given as a copy without their records, the
others as they are."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


def archived_warc_files(conn: sqlite3.Connection, folder: Path, site: str | None = None
                        ) -> list[Path]:
    """The WARC files of the archive's captures (of one site's, with `site`), in the order they
    were written. Raises ValueError when there are none, one is missing from `folder`, a file
    of the site holds another site's captures too, or two share a name (tools that pack or
    serve them know a file by its name alone)."""
    rows = conn.execute(
        "SELECT warc_file, group_concat(DISTINCT site) FROM captures"
        + (" WHERE warc_file IN (SELECT warc_file FROM captures WHERE site = ?)" if site else "")
        + " GROUP BY warc_file ORDER BY min(id)",
        (site,) if site else (),
    ).fetchall()
    if not rows:
        raise ValueError(f"no captures of {site} in the archive" if site
                         else "no captures in the archive: run `archive crawl` first")
    files, names = [], {}
    for warc_file, sites in rows:
        path = folder / warc_file
        if site and sites != site:
            others = sites.replace(",", ", ")
            raise ValueError(f"{path} holds captures of {others}, not only of {site}")
        if not path.is_file():
            raise ValueError(f"{path}: WARC file missing from the captures folder")
        if path.name in names:
            raise ValueError(f"{path} and {names[path.name]} have the same file name")
        names[path.name] = path
        files.append(path)
    return files



def files_holding(conn: sqlite3.Connection, folder: Path, urls: set[str]) -> set[Path]:
    """The WARC files in `folder` holding a capture of one of `urls`: all the records of a fetch
    (its request, response or revisit) go to one file, which the captures table names."""
    return {folder / warc_file for warc_file, in conn.execute(
        "SELECT DISTINCT warc_file FROM captures WHERE url IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(urls)),))}


def copy_without(path: Path, urls: set[str], out: Path) -> int:
    """Writes a copy of the WARC file `path` to `out` without any record whose WARC-Target-URI
    is one of `urls` (requests, responses, revisits, metadata: all a fetch left); returns how
    many records it left out. The records kept are copied byte for byte, each its own gzip
    member as the crawl wrote it, so their digests and any tool's checks still hold. Raises
    ValueError for a file in which one gzip member holds several records, which could only be
    split by writing them anew."""
    with path.open("rb") as source:
        records = ArchiveIterator(source)
        members = [(records.get_record_offset(), record.rec_headers.get_header("WARC-Target-URI"))
                   for record in records]
        ends = [offset for offset, _ in members[1:]] + [source.seek(0, os.SEEK_END)]
        left_out = 0
        with out.open("wb") as copy:
            for (offset, url), end in zip(members, ends, strict=True):
                if end <= offset:
                    raise ValueError(f"{path}: several records share the gzip member at offset"
                                     f" {offset}, so one cannot be left out of it alone")
                if url in urls:
                    left_out += 1
                    continue
                source.seek(offset)
                copy.write(source.read(end - offset))
    return left_out
