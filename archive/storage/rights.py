"""What each site said the archive may do, as the archive keeps it: the robots.txt and
tdmrep.json a run read (`policy_files`, one row per run, site and file, so the robots.txt a
capture obeyed is always at hand), and each page's rights signals (`page_rights`, a row each time
a URL's signals change, carried forward by `last_seen_run` while they do not, and the page's
current ones on its `pages` row for those who export pages).

A page's TDM reservation is resolved here, where the run's tdmrep.json for its host is at hand:
the crawl reads that file before any page of the host (spiders/tdmrep.py), so it is recorded
before the page is stored."""

from __future__ import annotations

import hashlib
import sqlite3
from urllib.parse import urlsplit

from pipeline.rights import Rights, Tdm, tdm_for, tdm_rules

ROBOTS = "robots.txt"
TDMREP = "tdmrep.json"
# Where each policy file lives on a host, by its kind.
POLICY_PATHS = {"/robots.txt": ROBOTS, "/.well-known/tdmrep.json": TDMREP}
# The columns of page_rights that are the signals: a row is added when one of them changes.
SIGNALS = ("page_id", "meta_robots", "x_robots_tag", "noarchive", "noindex", "nosnippet",
           "tdm_reservation", "tdm_policy", "tdm_source", "licence", "licence_source")


def policy_kind(url: str) -> str | None:
    """ROBOTS or TDMREP for the URL of a host's policy file, else None."""
    return POLICY_PATHS.get(urlsplit(url).path)


def record_policy_file(conn: sqlite3.Connection, *, run_id: int, site: str, url: str,
                       fetched_at: str, status: int, body: bytes | None) -> None:
    """A policy file as the run read it; a site without one (a 404) is kept as its status. The
    same answer read again in the run (a resumed crawl's new process) is kept once."""
    kind = policy_kind(url)
    if kind is None:
        raise ValueError(f"{url} is no robots.txt or tdmrep.json")
    if not 200 <= status < 300:
        body = None
    digest = hashlib.sha256(body).hexdigest() if body is not None else None
    known = conn.execute(
        "SELECT 1 FROM policy_files WHERE run_id = ? AND url = ? AND status = ?"
        " AND sha256 IS ?", (run_id, url, status, digest)).fetchone()
    if known is None:
        conn.execute(
            "INSERT INTO policy_files (run_id, site, kind, url, fetched_at, status, body, sha256)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, site, kind, url, fetched_at, status,
             body.decode("utf-8", errors="replace") if body is not None else None, digest))


def record_page_rights(conn: sqlite3.Connection, rights: Rights, *, url: str, page_id: str,
                       site: str, run_id: int, fetched_at: str, fetched_run: int | None = None,
                       live: bool = True) -> Rights:
    """The page's signals, its TDM declaration resolved against the tdmrep.json for its host of
    the run that fetched it (`fetched_run`, this run unless it is a re-extraction's): a new
    page_rights row if they differ from the URL's last one, else that row carried to this run
    (`live=False`, re-read from a capture: left as it is); and the page's columns. Returns the
    signals as recorded."""
    fetched_run = fetched_run or run_id
    rights = rights.with_file(_file_tdm(conn, fetched_run, url))
    values = {
        "page_id": page_id, "meta_robots": rights.meta_robots,
        "x_robots_tag": rights.x_robots_tag, "noarchive": int(rights.noarchive),
        "noindex": int(rights.noindex), "nosnippet": int(rights.nosnippet),
        "tdm_reservation": rights.tdm_reservation, "tdm_policy": rights.tdm_policy,
        "tdm_source": rights.tdm_source, "licence": rights.licence,
        "licence_source": rights.licence_source,
    }
    last = conn.execute(f"SELECT id, {', '.join(SIGNALS)} FROM page_rights WHERE url = ?"
                        " ORDER BY id DESC LIMIT 1", (url,)).fetchone()
    if last is not None and tuple(last[1:]) == tuple(values[column] for column in SIGNALS):
        if live:
            conn.execute("UPDATE page_rights SET last_seen_run = max(last_seen_run, ?)"
                         " WHERE id = ?", (run_id, last[0]))
    else:
        row = {**values, "url": url, "site": site, "run_id": run_id, "last_seen_run": run_id,
               "fetched_at": fetched_at,
               "robots_file_id": _policy_file(conn, fetched_run, url, ROBOTS)}
        conn.execute(f"INSERT INTO page_rights ({', '.join(row)})"
                     f" VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    conn.execute("UPDATE pages SET noarchive = ?, tdm_reservation = ?, tdm_policy = ?,"
                 " licence = ? WHERE id = ?",
                 (values["noarchive"], rights.tdm_reservation, rights.tdm_policy, rights.licence,
                  page_id))
    return rights


def _policy_file(conn: sqlite3.Connection, run_id: int, url: str, kind: str) -> int | None:
    """The id of the run's last reading of that kind of file on the URL's host."""
    parts = urlsplit(url)
    path = next(path for path, named in POLICY_PATHS.items() if named == kind)
    row = conn.execute("SELECT max(id) FROM policy_files WHERE url = ? AND run_id = ?",
                       (f"{parts.scheme}://{parts.netloc}{path}", run_id)).fetchone()
    return row[0]


def _file_tdm(conn: sqlite3.Connection, run_id: int, url: str) -> Tdm:
    file_id = _policy_file(conn, run_id, url, TDMREP)
    if file_id is None:
        return Tdm()
    body = conn.execute("SELECT body FROM policy_files WHERE id = ?", (file_id,)).fetchone()[0]
    return tdm_for(url, tdm_rules(body))
