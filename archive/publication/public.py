"""The public copy of the archive: what `archive serve --public`, `archive publish` and `archive
export --public` give strangers, with no reader's name in it and nothing the register withholds.

Reader reactions carry the names of private persons, and people may ask to be removed (AVG,
art. 17). So the public copy is a separate SQLite file made from the archive, in which:

- every commenter is a stable pseudonym per person and site, "Lezer 7f3a": an HMAC of the site
  and the name's key (pipeline.names.name_key, so "Marieke de Vries" and "marieke de vries" are
  one reader) under the archive's own secret, which never leaves the archive. A plain hash
  would give the name back to anyone who hashes a list of names;
- the names of a page's commenters, and their given names, are replaced by their pseudonyms
  inside the reactions' text too (a reader who signs "Groet, Kees van Dam", or who answers
  "Eens met Marja"), and in the searchable `pages.reactions_text` and every stored version in
  `revisions`;
- what the takedown register names is gone: a page taken down by URL, and every `noarchive`
  page, with all its rows; a person (an author, a commenter) with their rows and every spelling
  of their name in any text, which reads "[naam verwijderd]";
- the captures of pages whose HTML prints a reader's name, and of everything withheld, are
  left out (archive/publication/withheld.py decides which);
- the register itself, the secret, and the crawl's own records of withheld URLs are left out;
- the full-text indexes are rebuilt from the scrubbed rows, the copy is made with VACUUM INTO
  (no free page of the archive comes along) and written with secure_delete, so no freed page of
  it still holds a name; its ranked-search index (archive/publication/ranked.py) is built from
  the finished copy.

Authors of articles, who publish in their professional role, stay named, their bios too. A copy
rather than a view over the archive: whatever a Datasette feature, plugin, facet or export
reads, it can only read the copy. The register is applied each time a copy is made, so a
takedown holds through every later crawl and re-extraction."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from archive.publication.ranked import build_index, index_is_current, index_path
from archive.publication.withheld import removed_page_ids, withheld_urls
from archive.storage.files import check_archive, file_state, read_only
from archive.storage.schema import CREDITS_AND_REACTIONS, PUBLICATION_SECRET
from archive.takedowns import Takedown, active
from pipeline.dates import TIME_FORMAT
from pipeline.names import name_key

PSEUDONYM = "Lezer {}"
PSEUDONYM_DIGITS = 4  # hex digits: "Lezer 7f3a"
ERASED = "[naam verwijderd]"
# A given name shorter than this is not looked for on its own ("Jo", "Al" are words too).
GIVEN_NAME_LETTERS = 3
# Marks a file as a public copy, and says from which state of which archive it was made.
PUBLICATION = "publication"
# The pages' rowid in the copy: their order of publication (_number_pages_by_date).
PUBLICATION_ORDER = "rowid"
# Raised when what the copy leaves out changes, so that a cached copy is made again.
RULES_VERSION = "2"
# Left out of the copy whole: the pseudonyms' key, and the register, which names the people who
# asked to be removed.
PRIVATE_TABLES = (PUBLICATION_SECRET, "takedowns")
# The crawl's own records by URL, where a withheld page would still be named.
BY_URL = ("crawl_state", "fetch_failures", "fetch_retries", "page_rights")
# Tables holding a page's rows, by the column naming the page.
PAGE_ROWS = (("page_urls", "page_id"), ("page_authors", "page_id"), ("reactions", "page_id"),
             ("links", "page_id"), ("revisions", "page_id"), ("page_rights", "page_id"))
# Free text a name may stand in, and the column keying each table's rows.
TEXTS = {
    "pages": ("id", ("title", "subtitle", "body_text", "reactions_text")),
    "reactions": ("id", ("text",)),
    "page_authors": ("rowid", ("bio",)),
    "links": ("id", ("title",)),
    "documents": ("id", ("title", "author", "text")),
}
FTS_INDEXES = ("pages_fts", "reactions_fts", "authors_fts", "documents_fts")


@dataclass(frozen=True)
class PublicCopy:
    path: Path
    commenters: int  # distinct (site, reader) pseudonyms
    reactions: int
    pages_removed: int  # taken down by URL, or noarchive
    people_removed: int  # authors and commenters the register names
    captures_withheld: int
    seconds: float
    reused: bool = False  # a copy made earlier from the same archive, served again


class Pseudonyms:
    """Each reader's pseudonym per site: the first PSEUDONYM_DIGITS hex digits of an HMAC-SHA256
    of the site and the name's key. Where two readers of one site share those digits (one
    chance in 65,536 per pair), both get as many more digits as tell them apart, so no two
    people ever share a pseudonym; every other reader's stays the same from copy to copy."""

    def __init__(self, secret: bytes, readers: Iterable[tuple[str, str]]):
        digests = {(site, name_key(name)): hmac.new(
            secret, f"{site}\n{name_key(name)}".encode(), "sha256").hexdigest()
            for site, name in readers if name and name_key(name)}
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for (site, key), digest in digests.items():
            groups[site, digest[:PSEUDONYM_DIGITS]].append((site, key))
        self.alias: dict[tuple[str, str], str] = {}
        for members in groups.values():
            digits = PSEUDONYM_DIGITS
            while len({digests[m][:digits] for m in members}) < len(members):
                digits += 2
            for member in members:
                self.alias[member] = PSEUDONYM.format(digests[member][:digits])

    def of(self, site: str, name: str) -> str:
        return self.alias[site, name_key(name)]


def persons(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def is_public_copy(db_path: str | Path) -> bool:
    with closing(read_only(db_path)) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (PUBLICATION,)).fetchone() is not None


def cached_copy_path(db_path: str | Path) -> Path:
    """Where `archive serve --public` keeps the public copy of an archive: beside it, so that
    the captures folder beside the archive is the copy's too."""
    path = Path(db_path).resolve()
    return path.with_name(f"{path.stem}.public{path.suffix or '.db'}")


def source_stamp(db_path: str | Path) -> str:
    """The archive's state, with the rules' version, so a changed rule makes the copy again."""
    parts = [RULES_VERSION, str(Path(db_path).resolve()), *file_state(db_path)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def public_copy(db_path: str | Path, progress: Callable[[str], None] | None = None) -> PublicCopy:
    """The cached public copy of the archive, made again when the archive has changed since."""
    out = cached_copy_path(db_path)
    stamp = source_stamp(db_path)
    if out.is_file():
        with closing(read_only(out)) as conn:
            try:
                made = dict(conn.execute(f"SELECT key, value FROM {PUBLICATION}"))
            except sqlite3.DatabaseError:
                made = {}
        if made.get("source_stamp") == stamp:
            if not index_is_current(out):  # a copy made before its ranked index, or without
                build_index(out, progress=progress)
            return PublicCopy(out, int(made["commenters"]), int(made["reactions"]),
                              int(made["pages_removed"]), int(made["people_removed"]),
                              int(made["captures_withheld"]), 0.0, reused=True)
    return build_public_copy(db_path, out, progress=progress, stamp=stamp)


def build_public_copy(db_path: str | Path, out: str | Path, *,
                      progress: Callable[[str], None] | None = None,
                      stamp: str | None = None) -> PublicCopy:
    """Write the public copy of the archive at `db_path` to `out`, whole or not at all: it is
    made beside `out` and renamed when done."""
    check_archive(db_path)
    if is_public_copy(db_path):
        raise ValueError(f"{db_path} is a public copy already: make one from the archive itself")
    say = progress or (lambda _: None)
    started = time.monotonic()
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a folder: give the public copy's file path")
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        say(f"copying {db_path}")
        with closing(read_only(db_path)) as source:
            _check_migrated(source)
            source.execute("VACUUM INTO ?", (str(partial),))
        with closing(sqlite3.connect(partial)) as copy:
            copy.execute("PRAGMA secure_delete = ON")
            # A copy that fails half-way is thrown away, so nothing needs rolling back: no
            # journal, which would write every page the scrub and the rebuilds change twice.
            copy.execute("PRAGMA journal_mode = OFF")
            counts = _make_public(copy, say)
            _mark(copy, db_path, stamp or source_stamp(db_path), counts)
            copy.commit()
        say("building the ranked-search index")
        build_index(partial, index_path(out), progress=say)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return PublicCopy(out, **counts, seconds=round(time.monotonic() - started, 1))


def _check_migrated(conn: sqlite3.Connection) -> None:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                    (PUBLICATION_SECRET,)).fetchone() is None:
        raise ValueError("the archive predates its public copy (no pseudonym secret): open it"
                         " once with `archive crawl` or `archive reextract` to migrate it")


def _make_public(copy: sqlite3.Connection, say: Callable[[str], None]) -> dict[str, int]:
    register = active(copy)
    secret = bytes.fromhex(copy.execute(f"SELECT secret FROM {PUBLICATION_SECRET}").fetchone()[0])
    # Decided before anything is removed: which captures show what the copy leaves out.
    captures = withheld_urls(copy, public=True)
    removed_urls = withheld_urls(copy, public=False)
    say(f"{len(register)} takedowns in force; {len(captures):,} URLs' captures withheld")
    triggers = _drop_index_triggers(copy)
    pages = removed_page_ids(copy)
    _delete_pages(copy, pages)
    _delete_documents(copy, [t.key for t in register if t.kind == "url"])
    people = _remove_people(copy, register)
    say(f"{len(pages):,} pages and {persons(people)} removed")
    pseudonyms = Pseudonyms(secret, _readers(copy))
    names = _commenters(copy, pseudonyms)
    reactions = _pseudonymise_reactions(copy, names)
    _pseudonymise_revisions(copy, names, pseudonyms)
    say(f"{reactions:,} reactions under pseudonyms")
    withheld = _delete_by_url(copy, "captures", captures)
    for table in BY_URL:
        _delete_by_url(copy, table, removed_urls)
    for table in PRIVATE_TABLES:
        copy.execute(f"DROP TABLE IF EXISTS {table}")
    say("numbering the pages by publication date")
    _number_pages_by_date(copy)
    say("rebuilding the full-text indexes")
    for index in FTS_INDEXES:
        copy.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
    for trigger in triggers:
        copy.execute(trigger)
    readers = {alias for by_name in names.values() for alias in by_name.values()}
    return {"commenters": len(readers), "reactions": reactions, "pages_removed": len(pages),
            "people_removed": people, "captures_withheld": withheld}


def _number_pages_by_date(copy: sqlite3.Connection) -> None:
    """Gives the pages rowids in the order the search lists them: rowid descending is published
    descending (undated pages last), then id. pages_fts is keyed by that rowid and walks a term's
    matches in rowid order, so the newest matches of even the broadest term are its first
    postings (plugins/bounded_search.py). Negative rowids first, so no two rows ever share one;
    nothing stores a page's rowid, and the full-text indexes are rebuilt after this."""
    copy.execute(
        "CREATE TEMP TABLE page_order AS SELECT rowid AS old, row_number() OVER"
        " (ORDER BY published IS NOT NULL, published, id DESC) AS new FROM pages")
    copy.execute("CREATE UNIQUE INDEX temp.page_order_old ON page_order (old)")
    copy.execute("UPDATE pages SET rowid = -(SELECT new FROM page_order WHERE old = pages.rowid)")
    copy.execute("UPDATE pages SET rowid = -rowid")
    copy.execute("DROP TABLE temp.page_order")


def _drop_index_triggers(copy: sqlite3.Connection) -> list[str]:
    """Drops the triggers that keep the full-text indexes in step with their tables, and returns
    them to be made again: every index is rebuilt once after the scrub, so indexing each row the
    scrub changes would be work for nothing (most of the pages with reactions, at scale)."""
    tables = [index.removesuffix("_fts") for index in FTS_INDEXES]
    triggers = copy.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN"
        f" ({', '.join('?' * len(tables))})", tables).fetchall()
    for name, _ in triggers:
        copy.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in triggers]


def _mark(copy: sqlite3.Connection, db_path: str | Path, stamp: str,
          counts: dict[str, int]) -> None:
    copy.execute(f"CREATE TABLE {PUBLICATION} (key TEXT PRIMARY KEY, value TEXT)")
    made = {"mode": "public", "made_at": time.strftime(TIME_FORMAT, time.gmtime()),
            "source": Path(db_path).name, "source_stamp": stamp, "rules_version": RULES_VERSION,
            **{key: str(value) for key, value in counts.items()}}
    copy.executemany(f"INSERT INTO {PUBLICATION} (key, value) VALUES (?, ?)", made.items())


def _delete_pages(copy: sqlite3.Connection, pages: set[str]) -> None:
    if not pages:
        return
    copy.execute("CREATE TEMP TABLE gone_pages (id TEXT PRIMARY KEY)")
    copy.executemany("INSERT INTO gone_pages VALUES (?)", [(page,) for page in pages])
    for table, column in PAGE_ROWS:
        copy.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM gone_pages)")
    copy.execute("DELETE FROM pages WHERE id IN (SELECT id FROM gone_pages)")
    copy.execute("DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM page_authors)")
    _recount_authors(copy)
    copy.execute("DROP TABLE gone_pages")


def _delete_documents(copy: sqlite3.Connection, urls: list[str]) -> None:
    copy.executemany("DELETE FROM documents WHERE url = ?", [(url,) for url in urls])


def _delete_by_url(copy: sqlite3.Connection, table: str, urls: Iterable[str]) -> int:
    return copy.executemany(f"DELETE FROM {table} WHERE url = ?",
                            [(url,) for url in urls]).rowcount


def _recount_authors(copy: sqlite3.Connection) -> None:
    copy.execute("UPDATE authors SET page_count = (SELECT count(DISTINCT page_id)"
                 " FROM page_authors WHERE author_id = authors.id)")


def _remove_people(copy: sqlite3.Connection, register: list[Takedown]) -> int:
    """Every author and commenter the register names: their credits and reactions, and each
    spelling of their name in every text of the copy."""
    keys = {t.kind: set() for t in register}
    for takedown in register:
        keys[takedown.kind].add(takedown.key)
    authors, commenters = keys.get("author", set()), keys.get("commenter", set())
    if not (authors or commenters):
        return 0
    spellings = {t.value for t in register if t.kind in ("author", "commenter")}
    author_ids = [(author_id,) for author_id, name in copy.execute("SELECT id, name FROM authors")
                  if name_key(name) in authors]
    spellings.update(name for name, in copy.execute(
        "SELECT name FROM authors WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps([i for i, in author_ids]),)))
    credited = {page for page, in copy.execute(
        "SELECT DISTINCT page_id FROM page_authors WHERE author_id IN (SELECT value FROM"
        " json_each(?))", (json.dumps([i for i, in author_ids]),))}
    copy.executemany("DELETE FROM page_authors WHERE author_id = ?", author_ids)
    copy.executemany("DELETE FROM authors WHERE id = ?", author_ids)
    reactions = [(reaction_id, page, author) for reaction_id, page, author in copy.execute(
        "SELECT id, page_id, author FROM reactions WHERE author IS NOT NULL")
        if name_key(author) in commenters]
    spellings.update(author for _, _, author in reactions)
    copy.executemany("DELETE FROM reactions WHERE id = ?", [(r[0],) for r in reactions])
    _refresh_pages(copy, credited | {page for _, page, _ in reactions})
    pattern = _pattern(spellings)
    for table, (key, columns) in TEXTS.items():
        _erase(copy, table, key, columns, pattern)
    _erase_in_revisions(copy, pattern, authors, commenters)
    return len(authors) + len(commenters)


def _refresh_pages(copy: sqlite3.Connection, pages: set[str]) -> None:
    """The columns of a page row made from its credits and reactions, after some went."""
    copy.executemany(f"UPDATE pages SET {CREDITS_AND_REACTIONS} WHERE id = ?",
                     [(page,) for page in pages])
    _recount_authors(copy)


def _pattern(spellings: Iterable[str]) -> re.Pattern | None:
    """The names, longest first, as whole words in any case and any spacing."""
    names = sorted({" ".join(name.split()) for name in spellings if name and name.strip()},
                   key=len, reverse=True)
    if not names:
        return None
    spelled = (r"\s+".join(map(re.escape, name.split())) for name in names)
    return re.compile(r"(?<!\w)(" + "|".join(spelled) + r")(?!\w)", re.I)


def _erase(copy: sqlite3.Connection, table: str, key: str, columns: tuple[str, ...],
           pattern: re.Pattern | None) -> None:
    if pattern is None:
        return
    for column in columns:
        rows = copy.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
        changed = [(pattern.sub(ERASED, text), row_key) for row_key, text in rows
                   if isinstance(text, str) and pattern.search(text)]
        copy.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", changed)


def _erase_in_revisions(copy: sqlite3.Connection, pattern: re.Pattern | None,
                        authors: set[str], commenters: set[str]) -> None:
    """The same in every stored version: a version's credits and reactions by the people named
    go, and their names in its texts."""
    if pattern is None:
        return
    updates = []
    for revision_id, record in copy.execute("SELECT id, record FROM revisions"):
        if not pattern.search(record):
            continue
        version = json.loads(record)
        version["authors"] = [a for a in version.get("authors") or []
                              if name_key(a.get("name") or "") not in authors]
        version["reactions"] = [r for r in version.get("reactions") or []
                                if name_key(r.get("author") or "") not in commenters]
        updates.append((json.dumps(_erased(version, pattern), ensure_ascii=False,
                                   sort_keys=True), revision_id))
    copy.executemany("UPDATE revisions SET record = ? WHERE id = ?", updates)


def _erased(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_erased(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _erased(item, pattern) for key, item in value.items()}
    return value


def _readers(copy: sqlite3.Connection) -> Iterable[tuple[str, str]]:
    """(site, name) of every reader in the reactions and in every stored version's."""
    yield from copy.execute(
        "SELECT DISTINCT p.site, r.author FROM reactions r JOIN pages p ON p.id = r.page_id"
        " WHERE coalesce(r.author, '') != ''")
    for site, record in copy.execute(
            "SELECT p.site, r.record FROM revisions r JOIN pages p ON p.id = r.page_id"
            " WHERE r.record LIKE '%\"reactions\": [{%'"):
        for reaction in json.loads(record).get("reactions") or []:
            yield site, reaction.get("author") or ""


def _commenters(copy: sqlite3.Connection, pseudonyms: Pseudonyms) -> dict[str, dict[str, str]]:
    """page id -> each commenter's name on that page -> their pseudonym."""
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for page_id, site, author in copy.execute(
            "SELECT r.page_id, p.site, r.author FROM reactions r JOIN pages p ON p.id = r.page_id"
            " WHERE coalesce(r.author, '') != ''"):
        names[page_id][author] = pseudonyms.of(site, author)
    return names


def _with_given_names(by_name: dict[str, str]) -> dict[str, str]:
    """A page's commenters by name, and by given name where only one of them has it: readers
    answer each other by first name ("Eens met Kees")."""
    given: dict[str, set[str]] = defaultdict(set)
    for name, alias in by_name.items():
        words = name.split()
        if len(words) > 1 and len(words[0]) >= GIVEN_NAME_LETTERS and words[0][0].isupper():
            given[words[0]].add(alias)
    spelled = {" ".join(name.split()).casefold() for name in by_name}
    return {**{first: aliases.pop() for first, aliases in given.items()
               if len(aliases) == 1 and first.casefold() not in spelled}, **by_name}


def _scrubbed(text: str | None, by_name: dict[str, str], pattern: re.Pattern | None) -> str | None:
    if not text or pattern is None:
        return text
    folded = {" ".join(name.split()).casefold(): alias for name, alias in by_name.items()}
    return pattern.sub(lambda match: folded[" ".join(match[1].split()).casefold()], text)


def _pseudonymise_reactions(copy: sqlite3.Connection, names: dict[str, dict[str, str]]) -> int:
    rows = copy.execute("SELECT id, page_id, author, text FROM reactions").fetchall()
    spoken = {page_id: _with_given_names(by_name) for page_id, by_name in names.items()}
    patterns = {page_id: _pattern(by_name) for page_id, by_name in spoken.items()}
    copy.executemany(
        "UPDATE reactions SET author = ?, text = ? WHERE id = ?",
        [(names[page_id].get(author) if author else author,
          _scrubbed(text, spoken.get(page_id, {}), patterns.get(page_id)), reaction_id)
         for reaction_id, page_id, author, text in rows])
    copy.execute(f"UPDATE pages SET {CREDITS_AND_REACTIONS}"
                 " WHERE id IN (SELECT page_id FROM reactions)")
    return len(rows)


def _pseudonymise_revisions(copy: sqlite3.Connection, names: dict[str, dict[str, str]],
                            pseudonyms: Pseudonyms) -> None:
    """Every stored version's reactions as the reactions table now has them: a page's earlier
    versions name the same readers, and some who have since gone from it."""
    site_of = dict(copy.execute("SELECT id, site FROM pages"))
    updates = []
    for revision_id, page_id, record in copy.execute(
            "SELECT id, page_id, record FROM revisions WHERE record LIKE '%\"reactions\": [{%'"):
        version = json.loads(record)
        reactions = version.get("reactions") or []
        if not reactions:
            continue
        by_name = dict(names.get(page_id, {}))
        for reaction in reactions:
            author = reaction.get("author")
            if author and author not in by_name:  # a reader of an earlier version only
                by_name[author] = pseudonyms.of(site_of[page_id], author)
        spoken = _with_given_names(by_name)
        pattern = _pattern(spoken)
        for reaction in reactions:
            reaction["text"] = _scrubbed(reaction.get("text"), spoken, pattern)
            if reaction.get("author"):
                reaction["author"] = by_name[reaction["author"]]
        updates.append((json.dumps(version, ensure_ascii=False, sort_keys=True), revision_id))
    copy.executemany("UPDATE revisions SET record = ? WHERE id = ?", updates)
