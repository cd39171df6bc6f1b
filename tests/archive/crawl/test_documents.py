"""The documents pages offer for download, as an archivist and a researcher meet them: every one
captured in WARC and re-checked conditionally, read into `documents` and searchable with the
pages, the unreadable ones kept with their reason without stopping the crawl, and their text
rebuilt from the WARC files alone."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import urllib.parse
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from archive.storage.warc import read_response
from archive.workers import context, read_document_in_worker
from mirror import MirrorServer
from mirror.documents import PHRASE_DOCUMENT, PHRASE_ONLY_IN_A_DOCUMENT, every_document
from mirror.server import SITES_DIR
from tests.conftest import query, run_archive
from tests.serving import get, get_json, served

CANON = "https://www.canonsociaalwerk.eu/upload/"
MOVISIE = "https://www.movisie.nl/sites/movisie.nl/files/publication-attachment/"
# Every download link of the mirror's pages, and what the archive makes of each.
DOWNLOADS = {
    f"{CANON}nl_jz/Dossierstudie_gezinsvoogdij_1922-1940.pdf": "encrypted",
    f"{CANON}nl_mw/kamphuis_casework.pdf": "no-text",
    f"{CANON}nl_so/Engbersen_2019_De_sociale_basis_keert_terug.pdf": None,
    f"{CANON}nl_so/Projectgroep_Dapperbuurt_1975.pdf": "not-a-document",
    f"{CANON}nl_so/Verslag_buurtbijeenkomst_juni_2020.docx": None,
    f"{CANON}nl_so/Werkblad_buurtplan_maken.docx": None,
    f"{MOVISIE}Factsheet-sociaal-werk-in-de-wijk.pdf": None,
    f"{MOVISIE}Gesprekskaarten-vrijwillige-inzet.pdf": "damaged",
    f"{MOVISIE}Handreiking-huiselijk-geweld-bespreekbaar-maken.pdf": None,
    f"{MOVISIE}Sociale-basis-versterken.pdf": None,
    f"{MOVISIE}TSV-zonder-burgerkracht-geen-wijkteams.pdf": None,
    f"{MOVISIE}Wat-werkt-bij-de-aanpak-van-eenzaamheid.pdf": None,
}
# Columns that say when or in which run, not what was read.
WHEN = ("first_seen_at", "last_seen_at", "last_changed_at", "fetched_at", "last_seen_run")


def documents(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(documents)")
                   if row[1] not in WHEN]
        return conn.execute(f"SELECT {', '.join(columns)} FROM documents ORDER BY url").fetchall()


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """The bundled mirror crawled twice, nothing changed in between."""
    db = tmp_path_factory.mktemp("documents") / "archive.db"
    with MirrorServer() as mirror:
        first = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db))
        asked_first = len(mirror.log)
        second = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db), "--all")
        second_log = mirror.log[asked_first:]
    return {"db": db, "first": first, "second": second, "second_log": second_log}


def test_the_mirror_offers_exactly_the_downloads_named_here():
    assert {document.url for document in every_document()} == set(DOWNLOADS)


def test_a_crawl_captures_every_download_link_of_the_mirrors_pages(nights):
    assert nights["first"].returncode == 0, nights["first"].stdout + nights["first"].stderr
    captured = query(nights["db"], "SELECT url, status, record_type FROM captures"
                     " WHERE run_id = 1 AND url IN (SELECT url FROM documents)")
    assert sorted(captured) == [(url, 200, "response") for url in sorted(DOWNLOADS)]
    assert {url for (url,) in query(nights["db"], "SELECT url FROM documents")} == set(DOWNLOADS)
    # Each is offered by a page of the archive, and the page's link says how.
    offered = dict(query(nights["db"], "SELECT l.url, l.title FROM links l"
                         " JOIN documents d ON d.url = l.url"))
    assert set(offered) == set(DOWNLOADS)
    assert all(offered.values())


def test_a_document_is_kept_byte_for_byte_in_its_warc_record(nights):
    folder = nights["db"].parent / "captures"
    rows = query(nights["db"], "SELECT d.url, d.sha256, d.bytes, c.warc_file, c.warc_offset"
                 " FROM documents d JOIN captures c ON c.url = d.url AND c.run_id = 1")
    assert len(rows) == len(DOWNLOADS)
    for url, sha256, size, warc_file, offset in rows:
        body = read_response(folder / warc_file, offset, decode=True).body
        assert (hashlib.sha256(body).hexdigest(), len(body)) == (sha256, size), url


def test_a_second_crawl_rechecks_every_document_with_a_304_and_no_new_bytes(nights):
    assert nights["second"].returncode == 0, nights["second"].stdout + nights["second"].stderr
    rechecked = query(nights["db"], "SELECT url, status, record_type, http_bytes FROM captures"
                      " WHERE run_id = 2 AND url IN (SELECT url FROM documents) ORDER BY url")
    assert [(url, status, kind) for url, status, kind, _ in rechecked] == [
        (url, 304, "revisit") for url in sorted(DOWNLOADS)]
    assert all(received < 1000 for *_, received in rechecked)  # headers only
    paths = {urllib.parse.urlsplit(url).path for url in DOWNLOADS}
    answers = [status for _, path, status in nights["second_log"] if path in paths]
    assert answers == [304] * len(DOWNLOADS)
    assert query(nights["db"], "SELECT documents_new, documents_changed, documents_unchanged"
                 " FROM crawl_runs WHERE id = 2") == [(0, 0, len(DOWNLOADS))]
    assert "documents            kept 12: new 0, changed 0, unchanged 12" in nights["second"].stdout


def test_unreadable_documents_are_kept_with_their_reason_and_named_in_the_summary(nights):
    problems = dict(query(nights["db"], "SELECT url, problem FROM documents"))
    assert problems == DOWNLOADS
    details = query(nights["db"], "SELECT problem_detail FROM documents WHERE problem IS NOT NULL")
    assert all(detail and len(detail) > 20 for (detail,) in details)
    (line,) = [line for line in nights["first"].stdout.splitlines()
               if line.lstrip().startswith("documents not read")]
    unread = {url: problem for url, problem in DOWNLOADS.items() if problem}
    assert line.split()[3] == f"{len(unread)},"
    for url, problem in unread.items():
        assert f"{url} ({problem})" in line


def test_readable_documents_give_their_text_title_and_page_count(nights):
    rows = {url: (title, pages, text) for url, title, pages, text in query(
        nights["db"], "SELECT url, title, page_count, text FROM documents WHERE problem IS NULL")}
    for document in every_document():
        if document.kind != "readable":
            continue
        title, pages, text = rows[document.url]
        assert title == document.title
        assert document.url.endswith(".docx") or pages >= 2
        paragraphs = [body for kind, body in document.blocks if kind == "paragraph"]
        assert paragraphs and all(paragraph in text for paragraph in paragraphs), document.url


def test_a_phrase_only_in_a_pdf_finds_the_document_and_no_page(nights):
    phrase = f'"{PHRASE_ONLY_IN_A_DOCUMENT}"'
    found = query(nights["db"], "SELECT d.url FROM documents_fts JOIN documents d"
                  " ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ?", phrase)
    assert found == [(PHRASE_DOCUMENT,)]
    assert query(nights["db"], "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?",
                 phrase) == [(0,)]


def test_the_published_archive_finds_a_phrase_only_in_a_pdf(nights):
    """Through Datasette as a researcher or a tool asks: the table's search, the ranked canned
    query, and the document's own page with its text."""
    words = urllib.parse.quote(f'"{PHRASE_ONLY_IN_A_DOCUMENT}"')
    with served(nights["db"]) as base:
        table = get_json(f"{base}/archive/documents.json?_search={words}&_shape=objects")
        assert [row["url"] for row in table["rows"]] == [PHRASE_DOCUMENT]
        ranked = get_json(f"{base}/archive/search.json?q={words}&_shape=objects")
        assert [(row["soort"], row["url"]) for row in ranked["rows"]] == [
            ("document", PHRASE_DOCUMENT)]
        (document_id,) = [row["id"] for row in table["rows"]]
        page = get(f"{base}/archive/documents/{document_id}").decode()
        assert PHRASE_ONLY_IN_A_DOCUMENT in page


def test_reextraction_rebuilds_the_documents_text_identically_from_the_warc_files(nights,
                                                                                  tmp_path):
    """The mirror is stopped: only the WARC files remain, and every document's text and
    metadata have been wiped from the copy."""
    copy = tmp_path / "archive.db"
    shutil.copy(nights["db"], copy)
    shutil.copytree(nights["db"].parent / "captures", tmp_path / "captures")
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE documents SET text = '', title = NULL, author = NULL,"
                     " created = NULL, page_count = NULL, problem = NULL, problem_detail = NULL")
    done = run_archive("reextract", "--db", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"documents            new 0, changed {len(DOWNLOADS)}, unchanged 0" in done.stdout
    assert documents(copy) == documents(nights["db"])
    # The search index followed the rebuilt text.
    assert query(copy, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                 f'"{PHRASE_ONLY_IN_A_DOCUMENT}"') == [(1,)]
    again = run_archive("reextract", "--db", str(copy))
    assert f"documents            new 0, changed 0, unchanged {len(DOWNLOADS)}" in again.stdout


def test_a_document_over_the_size_limit_is_not_downloaded_and_is_recorded_as_too_large(
        mirror, tmp_path):
    db = tmp_path / "archive.db"
    done = run_archive("crawl", "--mirror-url", mirror.url, "--site", "canon", "--db", str(db),
                       env={"ARCHIVE_DOCUMENT_MAXSIZE": "30000"})
    assert done.returncode == 0, done.stdout + done.stderr
    sizes = {document.url: len(document.body) for document in every_document()
             if document.url.startswith(CANON)}
    too_large = sorted(url for url, size in sizes.items() if size > 30000)
    assert too_large  # the scan and the Word files
    assert query(db, "SELECT url FROM fetch_failures WHERE reason = 'too-large' ORDER BY url"
                 ) == [(url,) for url in too_large]
    assert {url for (url,) in query(db, "SELECT url FROM documents")} == set(sizes) - set(
        too_large)


def test_a_document_removed_from_its_site_is_marked_gone_and_kept(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR, sites)
    db = tmp_path / "archive.db"
    removed = f"{MOVISIE}Factsheet-sociaal-werk-in-de-wijk.pdf"
    with MirrorServer(sites_dir=sites) as mirror:
        first = run_archive("crawl", "--mirror-url", mirror.url, "--site", "movisie",
                            "--db", str(db))
    listed = json.loads((sites / "movisie" / "documents.json").read_text(encoding="utf-8"))
    del listed[removed]
    (sites / "movisie" / "documents.json").write_text(json.dumps(listed), encoding="utf-8")
    with MirrorServer(sites_dir=sites) as mirror:
        second = run_archive("crawl", "--mirror-url", mirror.url, "--site", "movisie",
                             "--db", str(db), "--all")
    assert (first.returncode, second.returncode) == (0, 0), second.stdout + second.stderr
    rows = query(db, "SELECT url, gone_at IS NOT NULL, length(text) > 500 FROM documents"
                 " WHERE gone_at IS NOT NULL OR url = ?", removed)
    assert rows == [(removed, 1, 1)]  # gone, its text kept
    assert query(db, "SELECT pages_gone FROM crawl_runs WHERE id = 2") == [(1,)]


def slow_pdf(pages: int = 100) -> bytes:
    """A PDF of `pages` full pages of text (one page made, then repeated): about half a second
    for pypdf to read."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    pdf.multi_cell(0, 4, "samenlevingsopbouw in de wijk " * 400)
    page = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_document_that_reads_too_long_is_stopped_in_its_worker_and_recorded_as_timeout():
    body = slow_pdf()
    url = "https://www.movisie.nl/sites/movisie.nl/files/lang.pdf"
    with ProcessPoolExecutor(1, mp_context=context()) as pool:
        stopped = pool.submit(read_document_in_worker, body, url, "application/pdf", 0.05)
        read = pool.submit(read_document_in_worker, body, url, "application/pdf", 60)
        stopped, read = stopped.result(timeout=120).document, read.result(timeout=120).document
    assert (stopped.problem, stopped.text, stopped.sha256) == ("timeout", "", read.sha256)
    assert "0.05" in stopped.detail
    # The same worker goes on to read the next document whole.
    assert read.problem is None and read.page_count == 100
