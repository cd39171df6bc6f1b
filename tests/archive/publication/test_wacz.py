"""`archive export --format wacz`: the mirror crawl's captures as one WACZ file that py-wacz's own
validator accepts, with the archive's pages list (one entry per archived page, each at a capture
the index holds in full), the WARC files as they are, and `--site` for one site's share."""

import gzip
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.publication.wacz import export_wacz
from tests.archive.publication.test_withheld import OLD_TOOL_URL, TOOL, captures_of, copy_archive
from tests.archive.test_cli import assert_clean_error
from tests.conftest import run_archive

WACZ = str(Path(sys.executable).with_name("wacz"))  # the console script: exits 1 when invalid


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([WACZ, "validate", "-f", str(path)], capture_output=True, text=True,
                          timeout=120)


def export(db_path: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    done = run_archive("export", "--db", str(db_path), "--format", "wacz", "--out", str(out),
                       *options)
    assert done.returncode == 0, done.stderr
    return done


def rows(db_path: Path, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


def pages_list(wacz: zipfile.ZipFile) -> tuple[dict, list[dict]]:
    header, *entries = (json.loads(line) for line in
                        wacz.read("pages/pages.jsonl").decode("utf-8").splitlines())
    return header, entries


def index_lines(wacz: zipfile.ZipFile) -> list[dict]:
    lines = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode("utf-8").splitlines()
    return [json.loads(line.split(" ", 2)[2]) | {"ts": line.split(" ", 2)[1]} for line in lines]


@pytest.fixture(scope="module")
def whole(crawled, tmp_path_factory):
    out = tmp_path_factory.mktemp("wacz") / "archive.wacz"
    done = export(crawled.db_path, out)
    return out, done


def test_wacz_validate_accepts_the_wacz_of_a_mirror_crawl(whole):
    out, done = whole
    assert "wacz: 53 pages, 8 WARC files" in done.stderr
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout
    assert "the passed WACZ is valid" in checked.stdout


def test_its_pages_list_has_one_entry_per_archived_page_with_our_title(crawled, whole):
    with zipfile.ZipFile(whole[0]) as wacz:
        header, entries = pages_list(wacz)
    assert header["format"] == "json-pages-1.0"
    pages = {page_id: (url, title) for page_id, url, title
             in rows(crawled.db_path, "SELECT id, url, title FROM pages")}
    assert len(entries) == len(pages) == 53
    assert {entry["id"]: (entry["url"], entry["title"]) for entry in entries} == pages


def test_each_page_opens_at_a_capture_that_holds_it_in_full(crawled, whole):
    """The second crawl re-fetched every page as a 304 revisit, which replays as an empty 304:
    the list points at the last capture with the body, and the index holds it there."""
    with zipfile.ZipFile(whole[0]) as wacz:
        _, entries = pages_list(wacz)
        index = {(line["url"], line["ts"]): line for line in index_lines(wacz)}
    for entry in entries:
        stamp = entry["ts"].replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
        line = index[(entry["url"], stamp)]
        assert (line["status"], line["mime"]) == ("200", "text/html"), entry
    revisits = rows(crawled.db_path, "SELECT count(*) FROM captures WHERE status = 304")
    assert revisits[0][0] >= len(entries)


def test_it_carries_every_warc_file_as_it_is(crawled, whole):
    """A WACZ is evidence: the files whole (requests, redirects, robots.txt, errors, revisits),
    byte for byte, stored rather than compressed again so a replay can seek in them."""
    captures = crawled.db_path.parent / "captures"
    with zipfile.ZipFile(whole[0]) as wacz:
        stored = {info.filename: info for info in wacz.infolist()
                  if info.filename.startswith("archive/")}
        assert sorted(stored) == sorted(f"archive/{path.name}"
                                        for path in captures.glob("*.warc.gz"))
        for name, info in stored.items():
            assert info.compress_type == zipfile.ZIP_STORED
            assert wacz.read(info) == (captures / Path(name).name).read_bytes()
        kinds = {line["mime"] for line in index_lines(wacz)}
    assert {"text/html", "warc/revisit", "text/plain"} <= kinds  # robots.txt is text/plain


def test_site_packs_only_that_sites_captures_and_pages(crawled, tmp_path):
    out = tmp_path / "canon.wacz"
    export(crawled.db_path, out, "--site", "canon")
    assert validate(out).returncode == 0
    with zipfile.ZipFile(out) as wacz:
        _, entries = pages_list(wacz)
        warcs = [name for name in wacz.namelist() if name.startswith("archive/")]
        urls = {line["url"] for line in index_lines(wacz)}
        title = json.loads(wacz.read("datapackage.json"))["title"]
    canon = rows(crawled.db_path, "SELECT id FROM pages WHERE site = 'canon'")
    assert sorted(entry["id"] for entry in entries) == sorted(page_id for page_id, in canon)
    assert warcs and all("-canon-" in name for name in warcs)
    assert all(url.startswith("https://www.canonsociaalwerk.eu/") for url in urls)
    assert title == "Sociaal Werk Archief: Canon Sociaal Werk"


def test_wacz_validate_refuses_a_wacz_whose_capture_was_altered(whole, tmp_path):
    """The validator checks what it is trusted for: one byte changed in a WARC file fails it."""
    altered = tmp_path / "altered.wacz"
    with zipfile.ZipFile(whole[0]) as source, zipfile.ZipFile(altered, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("archive/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.writestr(info, data)
    assert validate(altered).returncode == 1


def test_wacz_needs_an_output_file(crawled):
    assert_clean_error(run_archive("export", "--db", str(crawled.db_path), "--format", "wacz"))


def test_a_missing_warc_file_is_a_one_line_error(crawled, tmp_path):
    empty = tmp_path / "no-captures"
    empty.mkdir()
    done = run_archive("export", "--db", str(crawled.db_path), "--format", "wacz",
                       "--captures", str(empty), "--out", str(tmp_path / "x.wacz"))
    assert_clean_error(done)
    assert "WARC file missing" in done.stderr
    assert not (tmp_path / "x.wacz").exists()


def records(data: bytes) -> list[tuple[str, str, str | None]]:
    """(record id, type, target URL) of each record of a WARC file, every digest checked."""
    found = []
    for record in ArchiveIterator(io.BytesIO(data), check_digests="raise"):
        record.content_stream().read()
        found.append((record.rec_headers.get_header("WARC-Record-ID"), record.rec_type,
                      record.rec_headers.get_header("WARC-Target-URI")))
    return found


def test_a_url_takedown_leaves_its_pages_records_out_and_lifting_it_puts_them_back(crawled,
                                                                                   tmp_path):
    """The tool, its old URL that redirects to it, and nothing else: the movisie file of each of
    the two crawls is packed as a copy without them, every other record as it was; the other
    files whole."""
    db, captures = copy_archive(crawled, tmp_path), captures_of(crawled)
    added = run_archive("takedown", "add", "--url", TOOL, "--reason", "verzoek", "--db", str(db))
    assert added.returncode == 0, added.stderr
    out = tmp_path / "withheld.wacz"
    export(db, out, "--captures", str(captures))
    assert validate(out).returncode == 0
    withheld = {TOOL, OLD_TOOL_URL}
    with zipfile.ZipFile(out) as wacz:
        _, entries = pages_list(wacz)
        packed = {Path(name).name: wacz.read(name) for name in wacz.namelist()
                  if name.startswith("archive/")}
        indexed = {line["url"] for line in index_lines(wacz)}
    (archived,), = rows(db, "SELECT count(*) FROM pages")
    assert TOOL not in {entry["url"] for entry in entries} and len(entries) == archived - 1
    assert not withheld & indexed
    copied = 0
    for name, data in packed.items():
        original = (captures / name).read_bytes()
        kept = [record for record in records(original) if record[2] not in withheld]
        assert records(data) == kept
        if data != original:
            copied += 1
            assert len(kept) < len(records(original))
    assert copied == 2
    lifted = run_archive("takedown", "lift", "1", "--reason", "ingetrokken", "--db", str(db))
    assert lifted.returncode == 0, lifted.stderr
    export(db, out, "--captures", str(captures))
    with zipfile.ZipFile(out) as wacz:
        assert all(wacz.read(f"archive/{name}") == (captures / name).read_bytes()
                   for name in packed)
        assert len(pages_list(wacz)[1]) == archived


def test_a_public_wacz_leaves_out_the_pages_with_readers_reactions(crawled, tmp_path):
    out = tmp_path / "public.wacz"
    packed = export_wacz(crawled.db_path, out, public=True)
    reacted = {page for page, in rows(crawled.db_path, "SELECT page_id FROM reactions")}
    assert reacted and packed.pages_withheld == len(reacted)
    assert packed.records_withheld > 0
    assert validate(out).returncode == 0
    with zipfile.ZipFile(out) as wacz:
        assert not reacted & {entry["id"] for entry in pages_list(wacz)[1]}
