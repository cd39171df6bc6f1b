"""Raw captures in WARC files on disk, checked with warcio's own command-line tools."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.storage.warc import WarcFile, Written, payload_digest, read_response

URL = "https://www.movisie.nl/artikel/wijkteams?pagina=2"
FETCHED = "2026-11-22T21:30:05Z"
EARLIER = "2026-10-01T08:00:00Z"
HTML = "<html><body><p>Één wijkteam voor sociaal werk</p></body></html>".encode()
REQUEST_HEADERS = [("Accept", "text/html"), ("User-Agent", "sociaalwerk-archief/0.1")]
WARCIO = Path(sys.executable).with_name("warcio")


def exchange(warc: WarcFile, **fields) -> Written:
    base = dict(
        url=URL,
        fetched_at=FETCHED,
        method="GET",
        request_headers=REQUEST_HEADERS,
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=HTML,
    )
    return warc.write_exchange(**{**base, **fields})


def revisit(warc: WarcFile, *, not_modified: bool) -> Written:
    return warc.write_revisit(
        url=URL,
        fetched_at=FETCHED,
        method="GET",
        request_headers=[*REQUEST_HEADERS, ("If-None-Match", '"v1"')],
        status=304 if not_modified else 200,
        reason="Not Modified" if not_modified else "OK",
        protocol="HTTP/1.1",
        response_headers=[("ETag", '"v1"')],
        payload_digest=payload_digest(HTML),
        refers_to_url=URL,
        refers_to_date=EARLIER,
        not_modified=not_modified,
    )


def warcio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=60)


def index(path: Path, *fields: str) -> list[dict]:
    result = warcio("index", "-f", ",".join(["offset", "length", "warc-type", *fields]), str(path))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def passes_check(path: Path) -> bool:
    result = warcio("check", str(path))
    return result.returncode == 0 and result.stdout == ""


def test_a_written_exchange_passes_warcio_check_and_indexes_as_response_and_request(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="sociaalwerk-archief 0.1") as warc:
        written = exchange(warc)

    check = warcio("check", "-v", str(path))
    assert check.returncode == 0, check.stdout
    assert check.stdout.count("digest pass") == 3  # digests were there, and were checked
    records = index(path, "warc-target-uri", "warc-date", "warc-record-id", "warc-concurrent-to")
    assert [record["warc-type"] for record in records] == ["warcinfo", "response", "request"]
    _, response, request = records
    assert response["warc-target-uri"] == request["warc-target-uri"] == URL
    assert response["warc-date"] == request["warc-date"] == FETCHED
    assert request["warc-concurrent-to"] == response["warc-record-id"]
    assert (int(response["offset"]), int(response["length"])) == (written.offset, written.length)


def test_read_response_gives_back_the_response_as_it_was_received(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    body = gzip.compress(HTML)
    with WarcFile(path, software="test") as warc:
        written = exchange(
            warc, status=404, reason="Not Found", response_headers=headers, body=body
        )

    stored = read_response(path, written.offset, decode=False)
    assert (stored.url, stored.fetched_at, stored.status, stored.reason, stored.protocol) == (
        URL,
        FETCHED,
        404,
        "Not Found",
        "HTTP/1.1",
    )
    assert stored.headers == headers
    assert stored.body == body
    head = b"HTTP/1.1 404 Not Found\r\n" + b"".join(
        f"{name}: {value}\r\n".encode() for name, value in headers
    )
    assert written.http_bytes == len(head + b"\r\n" + body)


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
    ids=["gzip", "deflate", "raw-deflate"],
)
def test_decode_undoes_the_content_encoding_for_extraction(tmp_path, encoding, encode):
    path = tmp_path / "crawl.warc.gz"
    body = encode(HTML)
    headers = [
        ("Content-Type", "text/html"),
        ("Content-Encoding", encoding),
        ("Content-Length", str(len(body))),
    ]
    with WarcFile(path, software="test") as warc:
        written = exchange(warc, response_headers=headers, body=body)

    stored = read_response(path, written.offset, decode=True)
    assert stored.body == HTML
    assert stored.headers == [("Content-Type", "text/html")]


def test_a_body_that_does_not_decode_is_an_error_not_garbage(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        written = exchange(warc, response_headers=[("Content-Encoding", "gzip")], body=HTML)

    with pytest.raises(ValueError, match="does not decode as gzip"):
        read_response(path, written.offset, decode=True)
    assert read_response(path, written.offset, decode=False).body == HTML


def test_a_de_chunked_body_is_stored_without_its_transfer_encoding(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    headers = [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]
    with WarcFile(path, software="test") as warc:
        written = exchange(warc, response_headers=headers)

    assert read_response(path, written.offset, decode=False).headers == [headers[0]]
    # warcio would de-chunk the payload again if the header were still there.
    payload = subprocess.run(
        [str(WARCIO), "extract", "--payload", str(path), str(written.offset)],
        capture_output=True,
        timeout=60,
    )
    assert payload.stdout == HTML


def test_the_recorded_payload_digest_is_that_of_the_body(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        first = exchange(warc)
        again = exchange(warc, url=URL + "&sort=nieuw")
        other = exchange(warc, body=HTML + b"\n")

    digests = {
        int(record["offset"]): record["warc-payload-digest"]
        for record in index(path, "warc-payload-digest")
        if record["warc-type"] == "response"
    }
    assert digests[first.offset] == first.payload_digest == payload_digest(HTML)
    assert digests[again.offset] == digests[first.offset]
    assert digests[other.offset] == payload_digest(HTML + b"\n") != payload_digest(HTML)


@pytest.mark.parametrize(
    "not_modified, profile",
    [
        (False, "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
        (True, "http://netpreserve.org/warc/1.1/revisit/server-not-modified"),
    ],
)
def test_a_revisit_refers_to_the_stored_capture_and_is_not_a_response(
    tmp_path, not_modified, profile
):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        written = revisit(warc, not_modified=not_modified)

    assert passes_check(path)
    fields = ("warc-profile", "warc-refers-to-target-uri", "warc-refers-to-date")
    records = index(path, *fields, "warc-payload-digest", "warc-record-id", "warc-concurrent-to")
    assert [record["warc-type"] for record in records] == ["warcinfo", "revisit", "request"]
    _, record, request = records
    assert [record[field] for field in fields] == [profile, URL, EARLIER]
    assert record["warc-payload-digest"] == written.payload_digest == payload_digest(HTML)
    assert request["warc-concurrent-to"] == record["warc-record-id"]
    assert int(record["offset"]) == written.offset
    with pytest.raises(ValueError, match="revisit record, not a response"):
        read_response(path, written.offset, decode=False)


def test_offset_and_length_frame_exactly_one_gzipped_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        written = [exchange(warc), revisit(warc, not_modified=True), exchange(warc)]

    with path.open("rb") as file:
        for record, kind in zip(written, ["response", "revisit", "response"], strict=True):
            file.seek(record.offset)
            member = file.read(record.length)
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            content = inflater.decompress(member)
            assert inflater.eof and inflater.unused_data == b""
            records = list(ArchiveIterator(io.BytesIO(content)))
            assert [r.rec_type for r in records] == [kind]


@pytest.mark.parametrize(
    "where, message",
    [
        (lambda written, size: written.offset + 1, "no WARC record"),
        (lambda written, size: written.offset + written.length, "request record, not a response"),
        (lambda written, size: 0, "warcinfo record, not a response"),
        (lambda written, size: size, "ends before a whole record"),
        (lambda written, size: -1, "negative offset"),
    ],
    ids=["inside-a-record", "request", "warcinfo", "end-of-file", "negative"],
)
def test_an_offset_that_is_not_a_response_record_is_a_value_error(tmp_path, where, message):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        written = exchange(warc)

    with pytest.raises(ValueError, match=message):
        read_response(path, where(written, path.stat().st_size), decode=False)


def test_a_fetch_time_not_in_utc_seconds_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        size = path.stat().st_size
        with pytest.raises(ValueError, match="not a UTC time"):
            exchange(warc, fetched_at="2026-11-22T22:30:05+01:00")
    assert path.stat().st_size == size


def test_a_new_file_starts_with_a_warcinfo_record_naming_the_software(tmp_path):
    path = tmp_path / "warc" / "2026" / "crawl.warc.gz"
    with WarcFile(path, software="sociaalwerk-archief 0.1", operator="Stichting Test"):
        pass

    with path.open("rb") as file:
        (record,) = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(file)]
    assert record[0] == "warcinfo"
    assert b"software: sociaalwerk-archief 0.1\r\n" in record[1]
    assert b"operator: Stichting Test\r\n" in record[1]


def test_appending_to_an_existing_file_keeps_both_exchanges_and_one_warcinfo(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test") as warc:
        first = exchange(warc, body=b"eerste")
    with WarcFile(path, software="test") as warc:
        second = exchange(warc, body=b"tweede")

    assert read_response(path, first.offset, decode=False).body == b"eerste"
    assert read_response(path, second.offset, decode=False).body == b"tweede"
    kinds = [record["warc-type"] for record in index(path)]
    assert kinds == ["warcinfo", "response", "request", "response", "request"]
    assert passes_check(path)


def test_a_second_writer_on_the_same_file_is_refused_while_the_first_is_open(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with WarcFile(path, software="test"):
        with pytest.raises(OSError, match="another WarcFile"):
            WarcFile(path, software="test")
    with WarcFile(path, software="test") as warc:
        exchange(warc)
    assert passes_check(path)


@pytest.fixture
def torn(tmp_path) -> tuple[Path, Written, Written]:
    """A file whose last write was cut off halfway through its response record, as a crawl killed
    in the middle of a write leaves it."""
    path = tmp_path / "warc" / "killed.warc.gz"
    with WarcFile(path, software="test") as warc:
        whole = exchange(warc)
        # Random bytes do not compress, so halfway through the record is halfway through the body.
        cut = exchange(warc, url=URL + "&pagina=3", body=random.Random(5).randbytes(50_000))
    os.truncate(path, cut.offset + cut.length // 2)
    return path, whole, cut


def test_a_torn_record_is_an_error_but_the_records_before_it_read_by_offset(torn):
    path, whole, cut = torn

    assert read_response(path, whole.offset, decode=False).body == HTML
    with pytest.raises(ValueError, match="the file ends before a whole record"):
        read_response(path, cut.offset, decode=False)


def test_warcio_check_does_not_notice_a_torn_last_record(torn):
    path, _, cut = torn

    assert passes_check(path)
    # Only the verbose listing gives a hint: the digest of the torn record was never checked.
    verbose = warcio("check", "-v", str(path))
    assert verbose.returncode == 0
    assert verbose.stdout.count("digest pass") == 3
    assert f"offset {cut.offset} " in verbose.stdout
    assert verbose.stdout.rstrip().endswith("digest present but not checked")


def test_after_a_torn_write_a_new_file_in_the_same_folder_takes_new_records(torn):
    path, whole, _ = torn
    fresh = path.with_name("resumed.warc.gz")

    with WarcFile(fresh, software="test") as warc:
        written = exchange(warc, body=b"na de herstart")

    assert read_response(fresh, written.offset, decode=False).body == b"na de herstart"
    assert passes_check(fresh)
    assert read_response(path, whole.offset, decode=False).body == HTML


def test_appending_to_a_file_with_a_torn_end_first_cuts_the_torn_record_off(torn):
    path, whole, cut = torn

    with WarcFile(path, software="test") as warc:
        assert path.stat().st_size == cut.offset
        written = exchange(warc, body=b"na de herstart")

    assert read_response(path, whole.offset, decode=False).body == HTML
    assert read_response(path, written.offset, decode=False).body == b"na de herstart"
    check = warcio("check", "-v", str(path))
    assert check.returncode == 0
    assert check.stdout.count("digest pass") == 5
    assert "not checked" not in check.stdout
    assert [record["warc-type"] for record in index(path)].count("warcinfo") == 1


def test_a_file_that_is_not_a_gzipped_warc_is_left_alone(tmp_path):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(b"WARC/1.1\r\nnot gzipped\r\n")

    with pytest.raises(ValueError, match="not a gzipped WARC file"):
        WarcFile(path, software="test")
    assert path.read_bytes() == b"WARC/1.1\r\nnot gzipped\r\n"
