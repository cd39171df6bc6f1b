"""The mirror serves real documents under its pages' download links, each as its kind says:
readable ones hold their ground-truth text, and the broken, encrypted, scanned and mislabelled
ones fail the way such files fail on the live web."""

import email.utils
import hashlib
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.request
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import docx
import lxml.html
import pypdf
import pytest
from pypdf import PasswordType

from mirror import MirrorServer
from mirror.documents import (
    KINDS,
    PHRASE_DOCUMENT,
    PHRASE_ONLY_IN_A_DOCUMENT,
    every_document,
)
from mirror.faults import Faults
from mirror.platforms import markups
from mirror.server import SITES_DIR, load_sites

DOCUMENTS = every_document()
BY_URL = {document.url: document for document in DOCUMENTS}
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx", ".pptx")
DOWNLOAD_FOLDER = "/sites/movisie.nl/files/"


def of_kind(kind: str, suffix: str = ""):
    return [pytest.param(d, id=d.path.rsplit("/")[-1]) for d in DOCUMENTS
            if d.kind == kind and d.path.endswith(suffix)]


def fetch(mirror: MirrorServer, url: str, method: str = "GET", **headers):
    parts = urlsplit(url)
    request = urllib.request.Request(mirror.url + parts.path, method=method,
                                     headers={"Host": parts.netloc, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page_files():
    """(site, the page's real URL, its parsed tree) for every HTML file of the mirror."""
    for site in {site.slug: site for site in load_sites().values()}.values():
        for file in sorted(p for p in site.root.rglob("*") if p.is_file()):
            raw = file.read_bytes()
            if file.suffix in (".txt", ".xml") or not raw.lstrip().startswith(b"<"):
                continue
            relative = file.relative_to(site.root).as_posix().removesuffix("index.html")
            yield site, f"https://{site.hosts[0]}/{relative}", lxml.html.fromstring(raw)


def document_links() -> dict[str, set[str]]:
    """Every document a mirror page links, by its URL on the canonical host: the titles its
    links give it."""
    links: dict[str, set[str]] = {}
    for site, page_url, tree in page_files():
        for anchor in tree.iter("a"):
            url = urljoin(page_url, anchor.get("href", ""))
            parts = urlsplit(url)
            if parts.hostname not in site.hosts or not (
                    parts.path.lower().endswith(DOCUMENT_SUFFIXES)
                    or parts.path.startswith(DOWNLOAD_FOLDER)):
                continue
            canonical = f"https://{site.hosts[0]}{parts.path}"
            links.setdefault(canonical, set()).add(" ".join(anchor.text_content().split()))
    return links


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(body: bytes, password: str | None = None) -> str:
    reader = pypdf.PdfReader(BytesIO(body))
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_document_a_page_links_is_served_and_every_one_served_is_linked():
    assert sorted(document_links()) == sorted(BY_URL)


def test_every_kind_of_document_is_in_the_mirror():
    assert {document.kind for document in DOCUMENTS} == set(KINDS)


@pytest.mark.parametrize("document", [pytest.param(d, id=d.path.rsplit("/")[-1])
                                      for d in DOCUMENTS])
def test_a_document_link_is_answered_200_with_its_declared_type_length_and_date(mirror,
                                                                               document):
    status, headers, body = fetch(mirror, document.url)
    assert status == 200
    assert headers["Content-Type"] == document.served_as
    assert int(headers["Content-Length"]) == len(body) == len(document.body)
    assert body == document.body
    assert headers["Last-Modified"] == email.utils.format_datetime(document.created, usegmt=True)


def test_each_document_carries_the_title_its_link_gives():
    links = document_links()
    assert all(document.link_title in links[document.url] for document in DOCUMENTS)


@pytest.mark.parametrize("document", of_kind("readable", ".pdf"))
def test_a_readable_pdf_holds_its_text_and_metadata(mirror, document):
    body = fetch(mirror, document.url)[2]
    reader = pypdf.PdfReader(BytesIO(body))
    assert not reader.is_encrypted and 2 <= len(reader.pages) <= 6
    text = words(pdf_text(body))
    assert [p for p in document.paragraphs if words(p) not in text] == []
    assert (reader.metadata.title, reader.metadata.author) == (document.title, document.author)
    assert reader.metadata.creation_date == document.created


@pytest.mark.parametrize("document", of_kind("readable", ".docx"))
def test_a_readable_docx_holds_its_paragraphs_tables_and_properties(mirror, document):
    word = docx.Document(BytesIO(fetch(mirror, document.url)[2]))
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs == list(document.paragraphs)
    tables = [tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
              for table in word.tables]
    assert tables == list(document.tables)
    properties = word.core_properties
    assert (properties.title, properties.author) == (document.title, document.author)
    assert properties.created == properties.modified == document.created


def test_a_word_table_is_among_the_documents():
    assert any(d.tables and d.readable and d.path.endswith(".docx") for d in DOCUMENTS)


@pytest.mark.parametrize("document", of_kind("broken"))
def test_a_broken_pdf_is_cut_off_and_cannot_be_parsed(mirror, document):
    body = fetch(mirror, document.url)[2]
    assert body.startswith(b"%PDF-") and b"%%EOF" not in body
    with pytest.raises(pypdf.errors.PdfReadError):
        pypdf.PdfReader(BytesIO(body)).pages[0].extract_text()


@pytest.mark.parametrize("document", of_kind("encrypted"))
def test_an_encrypted_pdf_opens_only_with_its_user_password(mirror, document):
    body = fetch(mirror, document.url)[2]
    reader = pypdf.PdfReader(BytesIO(body))
    assert reader.is_encrypted
    assert reader.decrypt("") == PasswordType.NOT_DECRYPTED
    text = words(pdf_text(body, password=document.password))
    assert all(words(p) in text for p in document.paragraphs)


@pytest.mark.parametrize("document", of_kind("scanned"))
def test_a_scanned_pdf_has_image_pages_and_no_text(mirror, document):
    reader = pypdf.PdfReader(BytesIO(fetch(mirror, document.url)[2]))
    assert len(reader.pages) >= 2
    assert all(page.images and page.extract_text().strip() == "" for page in reader.pages)


@pytest.mark.parametrize("document", of_kind("mislabelled"))
def test_a_mislabelled_pdf_address_answers_200_with_an_html_not_found_page(mirror, document):
    status, headers, body = fetch(mirror, document.url)
    assert document.path.endswith(".pdf") and not body.startswith(b"%PDF")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert lxml.html.fromstring(body).findtext(".//title") == "Bestand niet gevonden"


def test_a_word_file_sent_as_an_octet_stream_download_is_still_a_word_file(mirror):
    (document,) = [d for d in DOCUMENTS if d.served_as == "application/octet-stream"]
    status, headers, body = fetch(mirror, document.url)
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == (
        f'attachment; filename="{document.path.rsplit("/")[-1]}"')
    assert [p.text for p in docx.Document(BytesIO(body)).paragraphs if p.text] == list(
        document.paragraphs)


def test_the_phrase_only_in_a_document_is_in_that_document_and_nowhere_else(mirror):
    phrase = PHRASE_ONLY_IN_A_DOCUMENT.casefold()
    assert phrase in words(pdf_text(fetch(mirror, PHRASE_DOCUMENT)[2])).casefold()
    holding = [d.url for d in DOCUMENTS if phrase in " ".join(d.paragraphs).casefold()]
    assert holding == [PHRASE_DOCUMENT]
    pages = [file for file in SITES_DIR.glob("*/files/**/*") if file.is_file()
             and phrase in file.read_text(encoding="utf-8", errors="replace").casefold()]
    assert pages == []


def test_readable_documents_keep_accented_words_to_fold():
    text = " ".join(p for d in DOCUMENTS if d.readable for p in d.paragraphs)
    assert all(word in text for word in ("coördinatie", "financiële", "ideeën"))


def test_a_document_asked_for_with_its_etag_or_date_gets_304_without_a_body(mirror):
    url = PHRASE_DOCUMENT
    _, headers, _ = fetch(mirror, url)
    status, _, body = fetch(mirror, url, **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, body = fetch(mirror, url, **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""
    older = {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert fetch(mirror, url, **older)[0] == 200


def test_a_head_request_for_a_document_gets_its_headers_without_the_body(mirror):
    status, headers, body = fetch(mirror, PHRASE_DOCUMENT, method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == len(BY_URL[PHRASE_DOCUMENT].body)


def test_a_document_is_served_on_the_sites_alias_hosts_too(mirror):
    (document,) = [d for d in DOCUMENTS if d.kind == "scanned"]
    alias = document.url.replace("://www.", "://", 1)
    assert fetch(mirror, alias)[2] == document.body


def test_a_site_served_in_a_platform_markup_serves_its_documents_as_they_are():
    chosen = {site: next(iter(markups(site))) for site in ("canon", "movisie")}
    with MirrorServer(markups=chosen) as mirror:
        assert all(fetch(mirror, d.url)[2] == d.body for d in DOCUMENTS)


def test_a_fault_due_on_a_document_is_served_before_the_document():
    path = urlsplit(PHRASE_DOCUMENT).path
    with MirrorServer(faults=Faults(by_path={path: "error-500"})) as mirror:
        assert fetch(mirror, PHRASE_DOCUMENT)[0] == 500
        assert fetch(mirror, PHRASE_DOCUMENT)[2] == BY_URL[PHRASE_DOCUMENT].body


HASHES = """
import hashlib
from mirror.documents import every_document
for document in every_document():
    print(document.url, hashlib.sha256(document.body).hexdigest())
"""


def test_documents_are_byte_identical_in_every_process():
    runs = [subprocess.run([sys.executable, "-c", HASHES], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[2]).stdout
            for _ in range(2)]
    here = "".join(f"{d.url} {hashlib.sha256(d.body).hexdigest()}\n" for d in DOCUMENTS)
    assert runs[0] == runs[1] == here
    assert len(runs[0].splitlines()) == len(DOCUMENTS)
