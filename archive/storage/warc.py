"""Raw captures kept as gzipped WARC/1.1 files (ISO 28500), so that extraction can be redone from
what the sites actually sent, and so that any WARC tool can read the archive.

The crawler writes here through a plain-Python API and finds captures again by file and offset.
A crawl may be killed at any moment, so every record is serialised in memory as a whole gzip
member and appended with a single write, and synced before anything that points to it is
committed: a kill leaves at most one torn write at the end of a file. Nobody holds an offset into
it, as that write never returned, so `WarcFile` cuts it off before it appends to the file again.

The files are WARC/1.1 (warcio's default is 1.0) because the revisit profiles are the 1.1 ones.
warcio writes HTTP headers as ASCII and percent-encodes any other value (RFC 8187), so only ASCII
header values, which are nearly all there are, come back exactly as they were given.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import os
import zlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

from pipeline.dates import TIME_FORMAT

WARC_VERSION = "WARC/1.1"
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
GZIP_LEVEL = 6
# How much of a file is read, and inflated, at a time.
CHUNK = 1 << 20

_BUILDER = RecordBuilder(warc_version=WARC_VERSION)


@dataclass(frozen=True)
class Written:
    """Where a response (or revisit) record landed, for the index that finds it again."""

    offset: int  # of the record's gzip member in the file
    length: int  # of that gzip member
    payload_digest: str  # "sha1:<BASE32>", as in WARC-Payload-Digest
    # The HTTP message as the record holds it: status line, headers and, except in a revisit,
    # the body (de-chunked, so a chunked transfer counts fewer bytes than went over the wire).
    http_bytes: int


@dataclass(frozen=True)
class StoredResponse:
    url: str
    fetched_at: str
    status: int
    reason: str
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes


class WarcFile:
    """Appends records to one .warc.gz file, as its only writer (an exclusive lock says so)."""

    def __init__(self, path: Path, *, software: str, operator: str | None = None,
                 sync_each_record: bool = True):
        """Without `sync_each_record`, the owner calls `sync` before it commits index rows that
        point into the file (a crawl's grouped commits)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.sync_each_record = sync_each_record
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # A second writer could lose records to the cut below, or cut off the other's.
                raise OSError(f"{path}: another WarcFile is writing to it") from None
            with path.open("rb") as file:
                end = _end_of_whole_members(file, path)
                # The file's fixity (its SHA-256 and size), kept up as records are appended, so
                # closing it costs no second read (archive/storage/fixity.py).
                file.seek(0)
                self._sha256 = hashlib.sha256()
                while chunk := file.read(min(CHUNK, end - file.tell())):
                    self._sha256.update(chunk)
                self.size = end
            if end < os.fstat(self._fd).st_size:
                os.ftruncate(self._fd, end)
                os.fsync(self._fd)
            if end == 0:
                info = {
                    "software": software,
                    "operator": operator,
                    "format": "WARC File Format 1.1",
                    "conformsTo": CONFORMS_TO,
                }
                self._append(_BUILDER.create_warcinfo_record(path.name, info))
        except BaseException:
            os.close(self._fd)
            raise

    def write_exchange(
        self,
        *,
        url: str,
        fetched_at: str,
        method: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        protocol: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
    ) -> Written:
        """A response record, then the request record that asked for it."""
        response = _BUILDER.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=_response_http(status, reason, protocol, response_headers),
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)},
        )
        return self._write_with_request(response, method, protocol, request_headers)

    def write_revisit(
        self,
        *,
        url: str,
        fetched_at: str,
        method: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        protocol: str,
        response_headers: list[tuple[str, str]],
        payload_digest: str,
        refers_to_url: str,
        refers_to_date: str,
        not_modified: bool,
    ) -> Written:
        """A revisit record, which keeps the headers but not a body already stored, then its
        request record. `not_modified` is for a 304 answer to a conditional request."""
        revisit = _BUILDER.create_revisit_record(
            url,
            payload_digest,
            refers_to_url,
            _warc_date(refers_to_date),
            http_headers=_response_http(status, reason, protocol, response_headers),
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)},
        )
        revisit.rec_headers.replace_header(
            "WARC-Profile", SERVER_NOT_MODIFIED if not_modified else IDENTICAL_PAYLOAD
        )
        return self._write_with_request(revisit, method, protocol, request_headers)

    def sync(self) -> None:
        if self._fd >= 0:
            try:
                os.fsync(self._fd)
            except OSError as error:
                raise OSError(error.errno, error.strerror, str(self.path)) from None

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of the file as written so far (all of it, once closed)."""
        return self._sha256.hexdigest()

    def close(self) -> None:
        if self._fd >= 0:
            self.sync()
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> WarcFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write_with_request(
        self,
        main: ArcWarcRecord,
        method: str,
        protocol: str,
        headers: list[tuple[str, str]],
    ) -> Written:
        url = main.rec_headers.get_header("WARC-Target-URI")
        parts = urlsplit(url)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        request = _BUILDER.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(),
            length=0,
            http_headers=StatusAndHeaders(
                f"{method} {target} {protocol}", headers, is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": main.rec_headers.get_header("WARC-Date"),
                "WARC-Concurrent-To": main.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        offset, length = self._append(main, request)
        return Written(
            offset=offset,
            length=length,
            payload_digest=main.rec_headers.get_header("WARC-Payload-Digest"),
            http_bytes=int(main.rec_headers.get_header("Content-Length")),
        )

    def _append(self, *records: ArcWarcRecord) -> tuple[int, int]:
        """Writes the records in one go; gives the offset and length of the first one."""
        members = [_gzip_member(record) for record in records]
        data = b"".join(members)
        offset = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            written = os.write(self._fd, data)
        except OSError as error:  # a full disk, a file size limit (EFBIG), an I/O error
            os.ftruncate(self._fd, offset)
            raise OSError(error.errno, error.strerror, str(self.path)) from None
        if written != len(data):
            # Cut now, so that later records do not bury the torn ones in the middle of the file.
            os.ftruncate(self._fd, offset)
            raise OSError(f"{self.path}: only {written} of {len(data)} bytes written"
                          " (the disk is full, or the file at its size limit)")
        self._sha256.update(data)
        self.size += len(data)
        if self.sync_each_record:
            os.fsync(self._fd)
        return offset, len(members[0])


def read_response(path: Path, offset: int, *, decode: bool) -> StoredResponse:
    """The response record at `offset`. With `decode`, the body has its Content-Encoding undone
    (and the headers that describe the encoded body dropped), for extraction; without, body and
    headers are as received, for a client such as Scrapy that decodes them itself."""
    if offset < 0:
        raise ValueError(f"{path}: no record at negative offset {offset}")
    with path.open("rb") as file:
        file.seek(offset)
        try:
            # Inflated apart first: warcio reads a record cut off by a crash as a shorter one.
            member = _inflate_member(file, keep=True)
            if member is None:
                raise ValueError(f"{path}: the file ends before a whole record at offset {offset}")
            record = next(ArchiveIterator(io.BytesIO(member), check_digests="raise"))
            if record.rec_type != "response":
                raise ValueError(
                    f"{path}: the record at offset {offset} is a {record.rec_type} record, "
                    "not a response"
                )
            body = record.raw_stream.read()
        except (zlib.error, ArchiveLoadFailed, StatusAndHeadersParserException) as error:
            raise ValueError(f"{path}: no WARC record at offset {offset}: {error}") from None
    http = record.http_headers
    code, _, reason = http.statusline.partition(" ")
    headers = list(http.headers)
    if decode:
        encoding = (http.get_header("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            body = _undo_content_encoding(body, encoding, f"{path} at offset {offset}")
            headers = [
                (name, value)
                for name, value in headers
                if name.lower() not in ("content-encoding", "content-length")
            ]
    return StoredResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        status=int(code),
        reason=reason,
        protocol=http.protocol,
        headers=headers,
        body=body,
    )


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest a response with this body gets, to spot a body already stored."""
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _warc_date(fetched_at: str) -> str:
    """WARC-Date takes the one form of timestamp the crawler hands over as it is."""
    try:
        datetime.strptime(fetched_at, TIME_FORMAT)
    except ValueError:
        raise ValueError(f"not a UTC time like 2026-11-22T21:30:05Z: {fetched_at!r}") from None
    return fetched_at


def _response_http(
    status: int, reason: str, protocol: str, headers: list[tuple[str, str]]
) -> StatusAndHeaders:
    # Scrapy hands over the body already de-chunked; a Transfer-Encoding header kept with it would
    # make readers de-chunk it again.
    kept = [(name, value) for name, value in headers if name.lower() != "transfer-encoding"]
    return StatusAndHeaders(f"{status} {reason}", kept, protocol=protocol)


def _gzip_member(record: ArcWarcRecord) -> bytes:
    """The record as one gzip member, at level 6: warcio's own gzip uses 9, which costs a crawl a
    quarter more time for the same size (within 0.1 % on the sites' pages)."""
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION).write_record(record)
    return zlib.compress(buffer.getvalue(), GZIP_LEVEL, wbits=16 + zlib.MAX_WBITS)


def _end_of_whole_members(file: BinaryIO, path: Path) -> int:
    """Where the last whole gzip member ends. What follows it can only be the start of a member
    whose write was cut short; anything else is not ours to cut off."""
    try:
        while _inflate_member(file, keep=False) is not None:
            pass
    except zlib.error as error:
        raise ValueError(f"{path}: not a gzipped WARC file: {error}") from None
    return file.tell()


def _inflate_member(file: BinaryIO, *, keep: bool) -> bytes | None:
    """The content (if kept) of the gzip member at the file's position, which then moves to the
    member's end; None, and the position unchanged, if the file ends before the member does."""
    start = file.tell()
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    parts = []
    while not member.eof:
        chunk = member.unconsumed_tail or file.read(CHUNK)
        if not chunk:
            file.seek(start)
            return None
        # Bounded, so that a large body is never held whole when it is not kept.
        content = member.decompress(chunk, CHUNK)
        if keep:
            parts.append(content)
    file.seek(-len(member.unused_data), os.SEEK_CUR)
    return b"".join(parts)


def _undo_content_encoding(body: bytes, encoding: str, where: str) -> bytes:
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                # Some servers send raw deflate data without the zlib wrapper.
                return zlib.decompress(body, -zlib.MAX_WBITS)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"{where}: body does not decode as {encoding}: {error}") from None
    raise ValueError(f"{where}: cannot undo Content-Encoding {encoding!r}")
