"""Fixity: proof that the WARC files are still what the crawl wrote. The NDSA Levels of Digital
Preservation ask for fixity information at ingest and checks at intervals; this is both halves.

At ingest, a crawl records each WARC file's SHA-256 and size in `warc_files` as it closes the
file (archive/crawl/capture.py, `record_file`). `verify` later re-hashes every file, reads every
record of every file, and compares what it finds with that and with the `captures` index:

- **missing**: a file the archive indexes or recorded is not in the captures folder;
- **truncated**: a file ends inside a record's gzip member, is shorter than recorded, or ends
  before an indexed record;
- **altered**: a file's SHA-256 is not the recorded one, or a record fails its gzip check, its
  WARC block or payload digest, or is not the record the index says lies at its offset;
- **unindexed**: a response or revisit record that no row of `captures` points at (a killed
  crawl's last group leaves these, see docs/operations.md; so does anything appended later).

Files written before their hash was recorded at close (archives older than migration 11, or a
crawl killed before it closed its file) are named **unrecorded**: their records are checked all
the same, but the file as a whole cannot be, so that is no problem. `record=True` records their
hash once they check clean, the one write `verify` makes, and only when asked.

Everything is read in bounded chunks, one gzip member at a time, so memory stays flat however
large a file or a record is. The crawl lock is held throughout: a file a crawl is writing has
records whose index rows are not committed yet, and would read as unindexed."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archive.storage.files import read_only
from archive.storage.lock import CrawlLock
from archive.storage.store import Archive
from archive.storage.warc import CHUNK
from pipeline.dates import utc_now

PROBLEMS = ("missing", "truncated", "altered", "unindexed")
# Records the captures table indexes; warcinfo and request records it does not, by design.
INDEXED_TYPES = ("response", "revisit")


@dataclass(frozen=True)
class Problem:
    kind: str  # one of PROBLEMS
    file: str
    detail: str
    offset: int | None = None
    url: str | None = None

    def line(self) -> str:
        at = "" if self.offset is None else f" at offset {self.offset}"
        url = f" ({self.url})" if self.url else ""
        return f"{self.kind}: {self.file}{at}{url}: {self.detail}"


@dataclass(frozen=True)
class _Hashed:
    sha256: str
    size: int
    prefix_sha256: str | None  # of the first `recorded` bytes, to tell an appended file


@dataclass
class Verification:
    files: int = 0
    bytes: int = 0
    records: int = 0  # indexed records read and checked
    problems: list[Problem] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)
    recorded_now: list[str] = field(default_factory=list)  # by `record=True`

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        lines = [problem.line() for problem in self.problems]
        lines += [f"unrecorded: {name}: no SHA-256 was recorded when it was closed; its records"
                  " were checked" + ("; recorded now" if name in self.recorded_now else "")
                  for name in self.unrecorded]
        counts = Counter(problem.kind for problem in self.problems)
        verdict = ("clean" if self.ok else f"{len(self.problems)} problems ("
                   + ", ".join(f"{counts[kind]} {kind}" for kind in PROBLEMS if counts[kind])
                   + ")")
        lines.append(f"verified {self.files} WARC files ({self.bytes:,} bytes) and {self.records}"
                     f" indexed records: {verdict}")
        return "\n".join(lines)


def record_file(conn: sqlite3.Connection, name: str, run_id: int | None, sha256: str,
                size: int, by: str) -> None:
    """Record a WARC file's fixity (`name` relative to the captures folder), once: the first
    record of a file is the one later checks hold it to."""
    conn.execute(
        "INSERT OR IGNORE INTO warc_files (name, run_id, sha256, bytes, recorded_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)", (name, run_id, sha256, size, utc_now(), by))


def verify(db_path: str | Path, captures: Path, *, record: bool = False,
           progress: Callable[[int, int, str], None] | None = None) -> Verification:
    """Check every WARC file of the archive and every record in them; see the module's doc.
    `progress(done, total, name)` is told of each file as it is begun."""
    result = Verification()
    with CrawlLock(db_path):
        with closing(read_only(db_path)) as conn:
            recorded = _recorded(conn)
            indexed = dict(conn.execute(
                "SELECT warc_file, min(run_id) FROM captures GROUP BY warc_file").fetchall())
            on_disk = {path.relative_to(captures).as_posix()
                       for path in captures.rglob("*.warc.gz")} if captures.is_dir() else set()
            names = sorted(indexed.keys() | recorded.keys() | on_disk)
            index = _IndexByFile(conn)
            clean: dict[str, tuple[int | None, _Hashed]] = {}
            for done, name in enumerate(names):
                if progress is not None:
                    progress(done, len(names), name)
                file_rows = index.rows(name) if name in indexed else {}
                before = len(result.problems)
                hashed = _check_file(captures, name, file_rows, recorded.get(name), result)
                if hashed is not None and name not in recorded:
                    result.unrecorded.append(name)
                    if len(result.problems) == before:
                        clean[name] = (indexed.get(name), hashed)
            if progress is not None:
                progress(len(names), len(names), "")
        if record and clean:
            with Archive(db_path) as archive, archive.transaction() as writing:
                for name, (run_id, hashed) in clean.items():
                    record_file(writing, name, run_id, hashed.sha256, hashed.size, "verify")
            result.recorded_now = list(clean)
    return result


def _recorded(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """name -> (sha256, bytes); nothing for an archive older than migration 11, which verify
    leaves as it is."""
    try:
        return {name: (sha, size) for name, sha, size in
                conn.execute("SELECT name, sha256, bytes FROM warc_files")}
    except sqlite3.OperationalError:
        return {}


class _IndexByFile:
    """Each indexed file's index rows by offset, asked for in the order of the files' names:
    the index is streamed once, never held whole."""

    def __init__(self, conn: sqlite3.Connection):
        cursor = conn.execute(
            "SELECT warc_file, warc_offset, warc_length, payload_digest, record_type, url"
            " FROM captures ORDER BY warc_file, warc_offset, id")
        self.groups = groupby(cursor, key=lambda row: row[0])

    def rows(self, name: str) -> dict[int, tuple]:
        for group_name, group in self.groups:
            if group_name == name:
                return {row[1]: row[2:] for row in group}
        return {}


def _check_file(captures: Path, name: str, rows: dict[int, tuple],
                recorded: tuple[str, int] | None, result: Verification) -> _Hashed | None:
    path = captures / name
    problems = result.problems
    if not path.is_file():
        why = f"the captures table indexes {len(rows)} records in it" if rows else \
            "its SHA-256 was recorded when it was closed"
        problems.append(Problem("missing", name, f"the file is not there; {why}"))
        return None
    hashed = _hash(path, recorded[1] if recorded else None)
    result.files += 1
    result.bytes += hashed.size
    if recorded is not None:
        sha, size = recorded
        if hashed.size > size and hashed.prefix_sha256 == sha:
            problems.append(Problem("altered", name, f"{hashed.size - size:,} bytes were appended"
                                    f" after it was closed (its first {size:,} are as recorded)"))
        elif hashed.size < size:
            problems.append(Problem("truncated", name, f"{hashed.size:,} bytes of the {size:,}"
                                    " recorded when it was closed"))
        elif hashed.sha256 != sha:
            problems.append(Problem("altered", name, "its SHA-256 is not the one recorded when it"
                                    f" was closed ({hashed.sha256} instead of {sha})"))
    _check_records(path, name, rows, hashed.size, result)
    return hashed


def _hash(path: Path, prefix: int | None) -> _Hashed:
    sha, size, prefix_sha = hashlib.sha256(), 0, None
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            if prefix is not None and size <= prefix < size + len(chunk):
                sha.update(chunk[:prefix - size])
                prefix_sha = sha.hexdigest()
                sha.update(chunk[prefix - size:])
            else:
                sha.update(chunk)
            size += len(chunk)
    return _Hashed(sha.hexdigest(), size, prefix_sha)


def _check_records(path: Path, name: str, rows: dict[int, tuple], size: int,
                   result: Verification) -> None:
    """Walk the file member by member; each indexed offset must start the record the index
    names, and every response or revisit record must be indexed."""
    problems = result.problems
    seen = set()
    with path.open("rb") as file:
        offset = 0
        while offset < size:
            row = rows.get(offset)
            url = row[3] if row else None
            file.seek(offset)
            try:
                found = _read_member(file)
            except _Truncated as cut:
                problems.append(Problem("truncated", name, "the file ends inside this record's"
                                        f" gzip member ({cut.have:,} bytes of it are there)",
                                        offset, url))
                break
            except _Unreadable as error:
                problems.append(Problem("altered", name, str(error), offset, url))
                # Its end is unknown: go on at the next record the index knows of.
                offset = min((o for o in rows if o > offset), default=size)
                continue
            if row is not None:
                seen.add(offset)
                result.records += 1
                _compare(found, row, name, offset, problems)
            elif found.type in INDEXED_TYPES:
                problems.append(Problem("unindexed", name, f"a {found.type} record that the"
                                        " captures table does not index", offset, found.url))
            if found.digest_problems and row is None:
                problems.append(Problem("altered", name, "; ".join(found.digest_problems),
                                        offset, found.url))
            offset += found.length
    for offset in sorted(rows.keys() - seen):
        url = rows[offset][3]
        if offset >= size:
            problems.append(Problem("truncated", name, "the file ends before this indexed"
                                    f" record ({size:,} bytes)", offset, url))
        elif not any(p.offset == offset and p.file == name for p in problems):
            problems.append(Problem("altered", name, "no record starts at this indexed offset",
                                    offset, url))


def _compare(found: _Record, row: tuple, name: str, offset: int,
             problems: list[Problem]) -> None:
    length, digest, record_type, url = row
    differences = list(found.digest_problems)
    if found.type != record_type:
        differences.append(f"a {found.type} record where the index has a {record_type}")
    if found.url != url:
        differences.append(f"its WARC-Target-URI is {found.url}")
    if found.payload_digest != digest:
        differences.append(f"its WARC-Payload-Digest is {found.payload_digest}, the index has"
                           f" {digest}")
    if found.length != length:
        differences.append(f"its gzip member is {found.length:,} bytes, the index has {length:,}")
    if differences:
        problems.append(Problem("altered", name, "; ".join(differences), offset, url))


@dataclass(frozen=True)
class _Record:
    type: str
    url: str | None
    payload_digest: str | None
    digest_problems: list[str]
    length: int  # of its gzip member in the file


class _Truncated(Exception):
    def __init__(self, have: int):
        self.have = have


class _Unreadable(Exception):
    pass


def _read_member(file: BinaryIO) -> _Record:
    """The WARC record in the gzip member at the file's position, read through to the member's
    end (so its CRC is checked) and its digests with it (warcio checks a response's block and
    payload digests; a revisit's payload digest names a payload stored elsewhere)."""
    member = _Member(file)
    try:
        stream = io.BufferedReader(member, CHUNK)
        record = next(iter(ArchiveIterator(stream, check_digests=True)), None)
        if record is None:
            raise _Unreadable("no WARC record in this gzip member")
        while record.raw_stream.read(CHUNK):
            pass
        while stream.read(CHUNK):
            pass
    except zlib.error as error:
        raise _Unreadable(f"its gzip member is damaged ({error})") from None
    except (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError) as error:
        if member.truncated:
            raise _Truncated(member.consumed) from None
        raise _Unreadable(f"not a WARC record ({error})") from None
    if member.truncated:
        raise _Truncated(member.consumed)
    headers = record.rec_headers
    return _Record(
        type=record.rec_type,
        url=headers.get_header("WARC-Target-URI"),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
        digest_problems=list(record.digest_checker.problems),
        length=member.consumed,
    )


class _Member(io.RawIOBase):
    """The inflated content of one gzip member, read from `file` in bounded chunks. At the
    member's end, `consumed` is its length in the file; if the file ends first, `truncated`."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.pending = b""
        self.read_in = 0
        self.consumed = 0
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.inflater.eof and not self.truncated:
            chunk = self.inflater.unconsumed_tail or self._read()
            if not chunk:
                self.truncated = True
                self.consumed = self.read_in
                break
            self.pending = self.inflater.decompress(chunk, CHUNK)
            if self.inflater.eof:
                self.consumed = self.read_in - len(self.inflater.unused_data)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _read(self) -> bytes:
        data = self.file.read(CHUNK)
        self.read_in += len(data)
        return data
