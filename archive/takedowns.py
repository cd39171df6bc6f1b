"""The takedown register: who asked for what to be removed from the public archive, why, and
when a removal was lifted again (AVG art. 17 requests, a publisher's objection).

The register lives in the archive (`takedowns`) and is never pruned: a row is added, and lifted
by filling its lift columns, so it stays the proof of both. Nothing is deleted from the archive
itself: every public output (the public copy, the WACZ, replay) is made from the archive with the
register applied (archive/publication/withheld.py), so a takedown holds through every later crawl
and re-extraction, and lifting it restores what it withheld.

A takedown names a URL, an author or a commenter, and is matched by a key: the URL in the one
spelling the archive stores it under (the site's URL rules, pipeline/urls.py), or the name's
pipeline.names.name_key, so that "marja  JANSEN" withholds Marja Jansen however a page prints her.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.dates import utc_now
from pipeline.names import name_key
from pipeline.sites import rules_for_url
from pipeline.urls import WEB_SCHEMES, UrlRules

KINDS = ("url", "author", "commenter")
# What the sites' rules do to a URL on a host that is none of theirs: scheme, host and query
# order normalised, the host kept (UrlRules.canonicalise).
OTHER_HOSTS = UrlRules(canonical_host="")
COLUMNS = ("id", "kind", "value", "key", "reason", "added_at", "added_by", "lifted_at",
           "lifted_by", "lift_reason")


@dataclass(frozen=True)
class Takedown:
    id: int
    kind: str  # url, author or commenter
    value: str  # as the archivist gave it
    key: str  # what it is matched by: the canonical URL, or the name's name_key
    reason: str
    added_at: str
    added_by: str
    lifted_at: str | None = None
    lifted_by: str | None = None
    lift_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.lifted_at is None


def canonical_url(url: str) -> str:
    """The spelling the archive stores `url` under, by its site's rules. Raises ValueError for
    anything but an http or https address with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        raise ValueError(f"{url!r} is not a web address: give it with http:// or https://")
    rules = rules_for_url(url.strip())
    return (rules.urls if rules else OTHER_HOSTS).canonicalise(url)


def key_of(kind: str, value: str) -> str:
    """What a takedown of `kind` naming `value` is matched by. Raises ValueError when `value`
    names nothing."""
    if kind not in KINDS:
        raise ValueError(f"a takedown is of a url, an author or a commenter, not {kind!r}")
    if kind == "url":
        return canonical_url(value)
    key = name_key(value)
    if not key:
        raise ValueError(f"{value!r} is no name: it has no letters or digits")
    return key


def add(conn: sqlite3.Connection, kind: str, value: str, reason: str, by: str) -> Takedown:
    """Register a takedown. Raises ValueError without a reason or a name for who adds it, for
    a value that names nothing, and when one in force already withholds the same key."""
    key = key_of(kind, value)
    reason = _required(reason, "a takedown needs a reason")
    by = _required(by, "a takedown needs the name of who adds it")
    with _writing(conn):
        same = conn.execute("SELECT id FROM takedowns WHERE kind = ? AND key = ?"
                            " AND lifted_at IS NULL ORDER BY id LIMIT 1", (kind, key)).fetchone()
        if same:
            raise ValueError(f"takedown {same[0]} already withholds {kind} {key}: lift it first"
                             " to register it again")
        cursor = conn.execute(
            "INSERT INTO takedowns (kind, value, key, reason, added_at, added_by)"
            " VALUES (?, ?, ?, ?, ?, ?)", (kind, value.strip(), key, reason, utc_now(), by))
        return _one(conn, cursor.lastrowid)


def lift(conn: sqlite3.Connection, takedown_id: int, reason: str, by: str) -> Takedown:
    """Lift a takedown in force, keeping its row. Raises ValueError without a reason or a name,
    for an id the register lacks, and for one lifted already."""
    reason = _required(reason, "lifting a takedown needs a reason")
    by = _required(by, "lifting a takedown needs the name of who lifts it")
    with _writing(conn):
        found = _one(conn, takedown_id)
        if found is None:
            raise ValueError(f"no takedown {takedown_id} in the register:"
                             " `archive takedown list` shows them")
        if not found.active:
            raise ValueError(f"takedown {takedown_id} was lifted already, on {found.lifted_at}"
                             f" by {found.lifted_by}")
        conn.execute("UPDATE takedowns SET lifted_at = ?, lifted_by = ?, lift_reason = ?"
                     " WHERE id = ?", (utc_now(), by, reason, takedown_id))
        return _one(conn, takedown_id)


def register(conn: sqlite3.Connection) -> list[Takedown]:
    """Every takedown ever registered, lifted ones too, in the order they were added."""
    return _select(conn, "")


def active(conn: sqlite3.Connection) -> list[Takedown]:
    """The takedowns in force, in the order they were added."""
    return _select(conn, "WHERE lifted_at IS NULL")


def _select(conn: sqlite3.Connection, where: str) -> list[Takedown]:
    _check_register(conn)
    return [Takedown(*row) for row in
            conn.execute(f"SELECT {', '.join(COLUMNS)} FROM takedowns {where} ORDER BY id")]


def _one(conn: sqlite3.Connection, takedown_id: int) -> Takedown | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM takedowns WHERE id = ?",
                       (takedown_id,)).fetchone()
    return Takedown(*row) if row else None


def _required(text: str | None, missing: str) -> str:
    """`text` with its spacing tidied; the register is the proof of a takedown, so what it
    records may not be blank (raises ValueError saying `missing`)."""
    text = " ".join((text or "").split())
    if not text:
        raise ValueError(missing)
    return text


def _check_register(conn: sqlite3.Connection) -> None:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'takedowns'"
                    ).fetchone() is None:
        raise ValueError("the archive predates the takedown register: open it once with"
                         " `archive crawl` or `archive reextract` to migrate it")


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken before the register is read, so that two archivists adding
    the same takedown at once cannot both pass the check for a duplicate."""
    _check_register(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
