"""Documents in the published archive, over HTTP: found by the same search as the pages (accents
folded, prefixes) and marked as what they are, listed and faceted, listed on the reading page of
the page that offers them, read on a page of their own with every character escaped, and their
archived file answered from its WARC record as a download that no browser renders as a page
(plugins/documents.py).

The archive is built here: a page stored as the crawl stores it, linking three documents whose
rows and captures are written as the crawl writes them (a real PDF made with fpdf2, a ".pdf" that
is HTML, a file whose WARC file is gone)."""

import gzip
import hashlib
import sqlite3
import urllib.parse
from contextlib import closing

import lxml.html
import pytest
from fpdf import FPDF

from archive.storage.store import Archive
from archive.storage.warc import WarcFile, Written
from pipeline.documents import PROBLEMS
from pipeline.identity import url_id
from tests.serving import datasette_plugin, fetch, get, get_json, served

PAGE_URL = "https://www.movisie.nl/publicatie/samen-werken-de-buurtkamer"
PDF_URL = "https://www.movisie.nl/sites/default/files/2024-03/Co%C3%B6rdinatie-buurtkamer.pdf"
HTML_URL = "https://www.movisie.nl/download/werkblad.pdf"
LOST_URL = "https://www.movisie.nl/sites/default/files/verslag.docx"
PHRASE = "coördinatie in de buurtkamer"
PLANTED = "<script>alert('document')</script> en <b>vet</b>"
PDF_TEXT = f"Handreiking voor de {PHRASE}\n\nWie doet wat in de wijk?\n\n{PLANTED}"
FIRST, OTHER, AGAIN = "2026-03-01T10:00:00Z", "2026-03-08T10:00:00Z", "2026-03-15T10:00:00Z"
WARC = "documents.warc.gz"
HTML_BODY = b"<html><body><script>alert('werkblad')</script><p>Werkblad</p></body></html>"


def pdf(*paragraphs: str) -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=12)
    for paragraph in paragraphs:
        document.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


PDF = pdf(f"Handreiking voor de {PHRASE}", "Wie doet wat in de wijk?")
# What the server sent for a week in between: another file under the same URL.
OTHER_PDF = pdf("Tijdelijk een ander bestand")

PAGE = {
    "url": PAGE_URL, "site": "movisie", "kind": "publicatie",
    "title": "Samen werken in de buurtkamer", "subtitle": None, "canon_year": None,
    "published": "2024-03-12", "modified": None, "authors": [],
    "body_text": f"Over de {PHRASE}.\n\nDe handreiking staat hieronder.",
    "reactions": [], "view_count": None, "reading_time_minutes": None, "language": "nl",
    "links": [
        {"kind": "download", "title": "Handreiking (pdf)", "url": PDF_URL},
        {"kind": "download", "title": "Werkblad", "url": HTML_URL},
        {"kind": "link", "title": "Movisie", "url": "https://www.movisie.nl/"},
        {"kind": "download", "title": "Verslag", "url": LOST_URL},
    ],
}


def document_row(url: str, body: bytes, **fields) -> dict:
    return {
        "id": url_id(url), "url": url, "site": "movisie", "format": "pdf",
        "media_type": "application/pdf", "served_type": "application/pdf", "title": None,
        "author": None, "created": None, "modified": None, "year": None, "page_count": None,
        "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest(), "text": "",
        "problem": None, "problem_detail": None, "first_seen_at": FIRST, "last_seen_at": AGAIN,
        "last_changed_at": FIRST, "fetched_at": AGAIN, "gone_at": None, "last_seen_run": 1,
        "extractor_version": "test", **fields,
    }


DOCUMENTS = [
    document_row(PDF_URL, PDF, title="Handreiking coördinatie", author="Movisie",
                 created="2024-03-01", year=2024, page_count=1, text=PDF_TEXT),
    document_row(HTML_URL, HTML_BODY, media_type="text/html", served_type="application/pdf",
                 problem="not-a-document", problem_detail="the body is an HTML page"),
    document_row(LOST_URL, b"PK", format="docx", year=2023, problem="damaged",
                 media_type="application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document"),
]
PDF_ID, HTML_ID, LOST_ID = (row["id"] for row in DOCUMENTS)
PAGE_ID = url_id(PAGE_URL)  # a Movisie publication is keyed on its URL


def exchange(warc: WarcFile, url: str, fetched_at: str, body: bytes,
             headers: list[tuple[str, str]]) -> Written:
    return warc.write_exchange(url=url, fetched_at=fetched_at, method="GET",
                               request_headers=[("Accept", "*/*")], status=200, reason="OK",
                               protocol="HTTP/1.1", response_headers=headers, body=body)


def index(conn: sqlite3.Connection, url: str, fetched_at: str, written: Written, *,
          record_type: str = "response", refers_to: int | None = None,
          warc_file: str = WARC) -> int:
    """The capture's row in `captures`, as the crawl's capture middleware writes it."""
    return conn.execute(
        "insert into captures (run_id, site, url, fetched_at, status, content_type, record_type,"
        " payload_digest, refers_to, warc_file, warc_offset, warc_length, http_bytes, archived)"
        " values (1, 'movisie', ?, ?, 200, 'application/pdf', ?, ?, ?, ?, ?, ?, ?, 0)",
        (url, fetched_at, record_type, written.payload_digest, refers_to, warc_file,
         written.offset, written.length, written.http_bytes)).lastrowid


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    """The page stored by the archive, its documents' rows, and their captures: the PDF sent
    gzip-encoded, then another file for a week, then the first file again (a revisit of the
    first capture); the HTML under a .pdf link; the docx indexed in a WARC file that is gone."""
    folder = tmp_path_factory.mktemp("documents")
    db = folder / "archive.db"
    with Archive(db) as archive:
        run = archive.start_run(["movisie"], mirror=False)
        archive.store(PAGE, fetched_at=FIRST, run_id=run)
    with WarcFile(folder / "captures" / WARC, software="test") as warc:
        first = exchange(warc, PDF_URL, FIRST, gzip.compress(PDF),
                         [("Content-Type", "application/pdf"), ("Content-Encoding", "gzip")])
        other = exchange(warc, PDF_URL, OTHER, OTHER_PDF, [("Content-Type", "application/pdf")])
        again = warc.write_revisit(
            url=PDF_URL, fetched_at=AGAIN, method="GET", request_headers=[("Accept", "*/*")],
            status=200, reason="OK", protocol="HTTP/1.1",
            response_headers=[("Content-Type", "application/pdf")],
            payload_digest=first.payload_digest, refers_to_url=PDF_URL, refers_to_date=FIRST,
            not_modified=False)
        html = exchange(warc, HTML_URL, FIRST, HTML_BODY, [("Content-Type", "application/pdf")])
    with closing(sqlite3.connect(db)) as conn, conn:
        columns = ", ".join(DOCUMENTS[0])
        conn.executemany(f"insert into documents ({columns}) values"
                         f" ({', '.join(':' + name for name in DOCUMENTS[0])})", DOCUMENTS)
        first_id = index(conn, PDF_URL, FIRST, first)
        index(conn, PDF_URL, OTHER, other)
        index(conn, PDF_URL, AGAIN, again, record_type="revisit", refers_to=first_id)
        index(conn, HTML_URL, FIRST, html)
        index(conn, LOST_URL, FIRST, first, warc_file="gone.warc.gz")
    return db


@pytest.fixture(scope="module")
def site(archive_db):
    with served(archive_db) as base:
        yield base


def listing(site: str, table: str, **parameters) -> list[dict]:
    query = urllib.parse.urlencode({"_shape": "array", **parameters})
    return get_json(f"{site}/archive/{table}.json?{query}")


# -- search and facets ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["documents", "document_overview"])
@pytest.mark.parametrize("term", ["coordinatie", "coördinatie", "coordinat*", '"in de buurtkamer"'])
def test_a_search_finds_the_document_with_or_without_its_accent_and_by_a_prefix(
        site, table, term):
    assert [row["id"] for row in listing(site, table, _search=term)] == [PDF_ID]


def test_the_ranked_search_finds_the_page_and_the_document_each_marked_as_what_it_is(site):
    rows = get_json(f"{site}/archive/search.json?q=coordinat*&_shape=array")
    assert {(row["soort"], row["id"]) for row in rows} == {("pagina", PAGE_ID),
                                                           ("document", PDF_ID)}
    assert [row["score"] for row in rows] == sorted(row["score"] for row in rows)
    document = next(row for row in rows if row["soort"] == "document")
    assert document["kind"] == "pdf" and document["url"] == PDF_URL
    assert all("<mark>" in row["snippet"] for row in rows)
    html = get(f"{site}/archive/search?q=coordinat*").decode()
    titles = {a.get("href"): a.text_content() for a in lxml.html.fromstring(html).xpath(
        "//td[contains(@class, 'col-title')]/a")}
    assert titles == {f"/archive/pages/{PAGE_ID}": "Samen werken in de buurtkamer",
                      f"/archive/documents/{PDF_ID}": "Handreiking coördinatie"}
    assert "<mark>coördinatie</mark>" in html


def test_an_empty_ranked_search_returns_nothing_rather_than_an_error(site):
    assert get_json(f"{site}/archive/search.json?q=+&_shape=array") == []


def test_the_search_box_across_tables_searches_the_documents_too(site):
    html = get(f"{site}/-/search?q=coordinatie").decode()
    searched = lxml.html.fromstring(html).xpath("//li/@data-searchable-url")
    assert {"/archive/pages", "/archive/documents"} <= set(searched)
    # What the page's script asks each table for.
    found = get_json(f"{site}/archive/documents.json?_shape=objects&_labels=on&_extra=count"
                     "&_extra=database&_extra=table&_size=5&_search=coordinatie")
    assert found["filtered_table_rows_count"] == 1 and found["rows"][0]["id"] == PDF_ID


@pytest.mark.parametrize("table", ["documents", "document_overview"])
def test_documents_are_faceted_by_site_format_year_and_problem(site, table):
    facets = get_json(f"{site}/archive/{table}.json?_size=0")["facet_results"]
    counts = {name: {r["value"]: r["count"] for r in facets[name]["results"]}
              for name in ("site", "format", "year", "problem")}
    assert counts == {"site": {"movisie": 3}, "format": {"pdf": 2, "docx": 1},
                      "year": {2024: 1, 2023: 1}, "problem": {"not-a-document": 1, "damaged": 1}}


# -- the reading page and the document's page ----------------------------------------------------


def test_the_reading_page_lists_its_documents_with_their_size_and_archived_file(site):
    html = get(f"{site}/archive/pages/{PAGE_ID}").decode()
    items = lxml.html.fromstring(html).xpath("//section[@class='page-documents']//li")
    assert [item.xpath("string(a[@class='document-page'])") for item in items] == [
        "Handreiking (pdf)", "Werkblad", "Verslag"]
    handout, worksheet, _ = items
    size = datasette_plugin("documents").file_size(len(PDF))
    facts = handout.xpath("string(span[@class='document-facts'])")
    assert facts == f" · pdf · {size} · 1 pagina"
    assert handout.xpath("a/@href") == [f"/archive/documents/{PDF_ID}",
                                        f"/-/document/{PDF_ID}/file"]
    assert handout.xpath("string(a[@class='document-file'])") == "gearchiveerd bestand"
    assert "geen document, maar bijvoorbeeld een webpagina" in worksheet.xpath(
        "string(span[@class='document-problem'])")


def test_a_documents_page_shows_its_text_in_paragraphs_every_character_escaped(site):
    html = get(f"{site}/archive/documents/{PDF_ID}").decode()
    article = lxml.html.fromstring(html).xpath("//article[@class='archived-document']")[0]
    assert article.xpath("string(h2)") == "Handreiking coördinatie"
    assert [p.text_content() for p in article.xpath("div[@class='archived-text']/p")] == \
        PDF_TEXT.split("\n\n")
    assert "<script>alert('document')" not in html and "<b>vet" not in html
    assert "&lt;script&gt;alert(" in html
    assert article.xpath(".//a[@class='document-file']/@href") == [f"/-/document/{PDF_ID}/file"]
    (live,) = article.xpath(".//a[@class='archived-live']")
    assert live.get("href") == PDF_URL and live.get("rel") == "nofollow noopener noreferrer"
    offered = article.xpath("div[@class='document-offered']//a")
    assert [(a.get("href"), a.text_content()) for a in offered] == [
        (f"/archive/pages/{PAGE_ID}", "Samen werken in de buurtkamer")]


def test_a_documents_page_says_in_words_why_it_has_no_text(site):
    html = get(f"{site}/archive/documents/{LOST_ID}").decode()
    problem = lxml.html.fromstring(html).xpath("string(//p[@class='archived-problem'])")
    assert "het bestand is beschadigd of onvolledig" in problem
    assert lxml.html.fromstring(html).xpath("string(//article/h2)") == "Verslag"


# -- the archived file ---------------------------------------------------------------------------


def test_the_archived_file_is_the_pdf_as_received_and_only_ever_a_download(site):
    status, headers, body = fetch(f"{site}/-/document/{PDF_ID}/file")
    assert status == 200 and body == PDF, "not the PDF, decoded from its Content-Encoding"
    assert headers["content-length"] == str(len(PDF))
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == (
        "attachment; filename=\"Coordinatie-buurtkamer.pdf\";"
        " filename*=UTF-8''Co%C3%B6rdinatie-buurtkamer.pdf")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    (policy,) = headers.get_all("content-security-policy")
    assert policy.startswith("default-src 'none'; sandbox")


def test_a_revisit_is_served_from_the_capture_that_holds_its_payload(site, archive_db):
    with closing(sqlite3.connect(archive_db)) as conn:
        newest = conn.execute("select record_type from captures where url = ?"
                              " order by fetched_at desc limit 1", (PDF_URL,)).fetchone()
    assert newest == ("revisit",)
    body = fetch(f"{site}/-/document/{PDF_ID}/file")[2]
    assert body == PDF and body != OTHER_PDF, "not the payload the newest capture refers to"


def test_a_document_that_is_html_is_served_as_bytes_to_save_never_as_a_page(site):
    status, headers, body = fetch(f"{site}/-/document/{HTML_ID}/file")
    assert status == 200 and body == HTML_BODY
    assert headers["content-type"] == "application/octet-stream"
    assert headers["content-disposition"] == 'attachment; filename="werkblad.pdf"'
    assert headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in headers["content-security-policy"].split("; ")


def test_an_unknown_document_is_not_found(site):
    status, headers, body = fetch(f"{site}/-/document/0000000000000000/file")
    assert status == 404 and "geen document 0000000000000000" in body.decode()
    assert headers["content-type"].startswith("text/plain")


def test_a_document_whose_warc_file_is_missing_says_so(site):
    status, _, body = fetch(f"{site}/-/document/{LOST_ID}/file")
    assert status == 404
    assert "het WARC-bestand gone.warc.gz ontbreekt" in body.decode()


# -- sizes and names -----------------------------------------------------------------------------


def test_every_problem_a_document_can_have_is_said_to_the_reader_in_dutch():
    assert set(datasette_plugin("documents").PROBLEM_WORDS) == set(PROBLEMS)


@pytest.mark.parametrize(("count", "said"), [
    (1, "1 byte"), (850, "850 bytes"), (1234, "1,2 kB"), (85_000, "85 kB"), (9_960, "10 kB"),
    (999_600, "1,0 MB"), (1_234_567, "1,2 MB"), (45_600_000, "46 MB"),
])
def test_a_size_reads_as_a_dutch_reader_says_it(count, said):
    assert datasette_plugin("documents").file_size(count) == said


@pytest.mark.parametrize(("url", "saved"), [
    ("https://example.nl/files/rapport%202024.pdf", 'attachment; filename="rapport 2024.pdf"'),
    ("https://example.nl/files/", 'attachment; filename="document-abc.pdf"'),
    ("https://example.nl/download?id=7", 'attachment; filename="download.pdf"'),
    ("https://example.nl/a%22b%2F..%2Fc.pdf",
     "attachment; filename=\"a_b_.._c.pdf\"; filename*=UTF-8''a%22b_.._c.pdf"),
    ("https://example.nl/%E6%8A%A5%E5%91%8A.pdf",
     "attachment; filename=\"document.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf"),
])
def test_the_file_is_saved_under_the_last_segment_of_its_url_made_safe(url, saved):
    plugin = datasette_plugin("documents")
    assert plugin.content_disposition(plugin.file_name(url, "abc", "pdf")) == saved
