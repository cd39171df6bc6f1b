"""Which WARC files hold an archive's captures, for the tools that read them whole: the WACZ
export and pywb replay. The `captures` table names them; a file it does not name (a crawl killed
before it indexed anything) holds nothing the archive stands for.

Whole files, not single records: a crawl writes one file per run and site, so a site's files hold
every record of its captures (requests, redirects, robots.txt, errors and revisits too), and a
revisit finds the earlier record holding its payload in them."""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
