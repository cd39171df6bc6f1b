"""Downloaded documents to text and metadata: real files made here with fpdf2, pypdf and
python-docx, the ways they are found broken on the web, and bytes that are no document at all."""

import hashlib
import io
import random
import re
import unicodedata
import zipfile
from datetime import UTC, datetime
from functools import cache

import docx
import pypdf
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline import documents
from pipeline.documents import (
    MAX_READ_BYTES,
    PROBLEMS,
    Document,
    read_document,
    timed_out,
)
from pipeline.urls import is_document_url

PDF_URL = "https://www.movisie.nl/sites/default/files/wijkteams-in-beeld.pdf"
DOCX_URL = "https://www.movisie.nl/sites/default/files/handout.docx"
FIRST = ("De wijkteams werken samen met bewoners aan een betere buurt. Het idee is dat sociaal "
         "werkers dichtbij staan en de continuïteit van zorg bewaken, ook als het moeilijk wordt.")
# Forced line breaks: a word broken across lines, and a compound whose second part is a name.
SECOND = "Tweede alinea: een café in de wijk, geëvalueerd door de wijk-\nteams uit Noord-\nHolland."
THIRD = "Pagina twee begint hier, zonder punt aan het eind"


def make_pdf(*pages: tuple[str, ...], title: str = "", author: str = "",
             encryption: dict | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2019, 3, 14, 10, 0, tzinfo=UTC))
    pdf.set_title(title)
    pdf.set_author(author)
    if encryption:
        pdf.set_encryption(**encryption)
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


@cache
def report_pdf() -> bytes:
    return make_pdf((FIRST, SECOND), (THIRD,), title="  Wijkteams in beeld ",
                    author="Mariël Jansen")


def make_docx(build) -> bytes:
    word = docx.Document()
    build(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def handout(word) -> None:
    word.core_properties.title = "Handreiking buurtteams"
    word.core_properties.author = "Kees de Vries"
    word.core_properties.created = datetime(2020, 5, 1, 9, 0)
    word.core_properties.modified = datetime(2021, 2, 3, 12, 0)
    word.add_heading("Buurtteams in de praktijk", level=1)
    word.add_paragraph("Eerste alinea   met\textra  witruimte.")
    word.add_paragraph("")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Wijk"
    table.cell(1, 0).text = "Noord"
    table.cell(1, 1).text = "Zuid"
    word.add_paragraph("Na de tabel.")


@cache
def handout_docx() -> bytes:
    return make_docx(handout)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "PNG")
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in members.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(name, content, compress_type=compression)
    return out.getvalue()


def ole2(*streams: str) -> bytes:
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + directory


def assert_well_formed(document: Document, body: bytes) -> None:
    assert document.bytes == len(body)
    assert document.sha256 == hashlib.sha256(body).hexdigest()
    assert document.problem is None or document.problem in PROBLEMS
    assert (document.detail is None) == (document.problem is None)
    assert document.text == document.text.strip()
    assert document.text == unicodedata.normalize("NFC", document.text)
    for paragraph in document.text.split("\n\n") if document.text else ():
        assert paragraph and paragraph == " ".join(paragraph.split())
    for value in (document.title, document.author):
        assert value is None or (value and value == value.strip())


def test_a_pdf_gives_its_text_in_paragraphs_and_its_metadata():
    document = read_document(report_pdf(), PDF_URL, "application/pdf")

    assert_well_formed(document, report_pdf())
    assert document.text == "\n\n".join([
        FIRST,
        "Tweede alinea: een café in de wijk, geëvalueerd door de wijkteams uit Noord-Holland.",
        THIRD,
    ])
    assert (document.format, document.media_type) == ("pdf", "application/pdf")
    assert (document.title, document.author) == ("Wijkteams in beeld", "Mariël Jansen")
    assert (document.created, document.page_count) == ("2019-03-14", 2)
    assert document.problem is None


@pytest.mark.parametrize("written, expected", [
    ("D:20190314", "2019-03-14"),
    ("D:20190314103000+01'00'", "2019-03-14"),
    ("D:20191231233000-05'00'", "2020-01-01"),  # the date in the Netherlands, as for pages
    ("20190314103000Z", "2019-03-14"),
    ("D:2019", None),  # no day: nothing is guessed
    ("D:20191332", None),
    ("gisteren", None),
])
def test_pdf_dates_are_read_as_pipeline_dates_reads_dates(written, expected):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/ModDate": written})
    out = io.BytesIO()
    writer.write(out)

    assert read_document(out.getvalue(), PDF_URL).modified == expected


def test_an_owner_password_only_pdf_is_read():
    body = make_pdf((FIRST,), title="Beveiligd", encryption={
        "owner_password": "eigenaar", "encryption_method": EncryptionMethod.AES_256})
    document = read_document(body, PDF_URL)

    assert (document.problem, document.text, document.title) == (None, FIRST, "Beveiligd")


def fpdf_locked(method: EncryptionMethod) -> bytes:
    return make_pdf((FIRST,), encryption={
        "owner_password": "eigenaar", "user_password": "lezer", "encryption_method": method})


def pypdf_locked(algorithm: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf((FIRST,))))
    writer.encrypt(user_password="lezer", owner_password="eigenaar", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("body, cipher", [
    (fpdf_locked(EncryptionMethod.RC4), "RC4, 128-bit"),
    (fpdf_locked(EncryptionMethod.AES_128), "AES-128"),
    (fpdf_locked(EncryptionMethod.AES_256), "AES-256"),
    (pypdf_locked("RC4-40"), "RC4, 40-bit"),
], ids=["rc4-128", "aes-128", "aes-256", "rc4-40"])
def test_a_pdf_locked_with_a_user_password_is_encrypted(body, cipher):
    document = read_document(body, PDF_URL)

    assert_well_formed(document, body)
    assert document.problem == "encrypted"
    assert document.detail == (
        f"encrypted with a user password ({cipher}): cannot be read without it")
    assert (document.format, document.text, document.page_count) == ("pdf", "", None)


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9], ids=["quarter", "half", "nine-tenths"])
def test_a_truncated_pdf_is_damaged_not_an_exception(keep):
    body = report_pdf()[:int(len(report_pdf()) * keep)]
    document = read_document(body, PDF_URL)

    assert_well_formed(document, body)
    assert (document.problem, document.format) == ("damaged", "pdf")


def test_a_pdf_with_one_broken_page_keeps_the_text_of_the_others():
    body = make_pdf(("Pagina een.",), ("Pagina twee.",), ("Pagina drie.",))
    second_stream = [i for i in range(len(body)) if body.startswith(b"/FlateDecode", i)][1]
    body = body[:second_stream] + b"/FlateDecodX" + body[second_stream + 12:]
    document = read_document(body, PDF_URL)

    assert document.text == "Pagina een.\n\nPagina drie."
    assert document.problem == "damaged"
    assert document.detail.startswith("page 2 of 3 cannot be read (NotImplementedError")


def test_a_damaged_pdf_gets_the_same_detail_every_time_it_is_read():
    # A content stream whose length is itself: pypdf names the object with its reader's id().
    body = re.sub(rb"(\d+) 0 obj\n<<\n/Filter /FlateDecode\n/Length \d+",
                  lambda match: match[0].rsplit(b" ", 1)[0] + b" " + match[1] + b" 0 R",
                  report_pdf(), count=1)
    first, second = read_document(body, PDF_URL), read_document(body, PDF_URL)

    assert first.problem == "damaged"
    assert "IndirectObject(" in first.detail
    assert first.detail == second.detail


def test_a_scan_without_text_layer_is_no_text():
    pdf = FPDF()
    pdf.set_title("Gescand verslag")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(png()), x=10, y=10, w=100)
    body = bytes(pdf.output())
    document = read_document(body, PDF_URL)

    assert_well_formed(document, body)
    assert (document.problem, document.page_count, document.text) == ("no-text", 2, "")
    assert document.detail == ("2 pages and no text layer: probably scanned images; "
                               "no OCR is done")
    assert document.title == "Gescand verslag"


def test_html_under_a_pdf_address_is_not_a_document():
    body = b"\xef\xbb\xbf\n  <!DOCTYPE html><html><head><title>Inloggen</title></head></html>"
    document = read_document(body, PDF_URL, "text/html; charset=utf-8")

    assert_well_formed(document, body)
    assert (document.problem, document.format, document.media_type) == (
        "not-a-document", "html", "text/html")
    assert "served as text/html" in document.detail


@pytest.mark.parametrize("body, url", [
    (report_pdf(), "https://www.movisie.nl/download?id=12"),
    (b"\r\n" * 200 + report_pdf(), PDF_URL),
    (report_pdf(), DOCX_URL),
], ids=["no-suffix", "junk-before-header", "under-a-docx-address"])
def test_a_pdf_served_as_octet_stream_is_read_by_its_bytes(body, url):
    document = read_document(body, url, "application/octet-stream")

    assert (document.format, document.media_type, document.problem) == (
        "pdf", "application/pdf", None)
    assert document.text.startswith("De wijkteams")


def test_docx_text_follows_document_order_with_tables():
    document = read_document(handout_docx(), DOCX_URL)

    assert_well_formed(document, handout_docx())
    assert document.text == ("Buurtteams in de praktijk\n\nEerste alinea met extra witruimte."
                             "\n\nWijk\n\nNoord\n\nZuid\n\nNa de tabel.")
    assert (document.format, document.media_type) == (
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert (document.title, document.author) == ("Handreiking buurtteams", "Kees de Vries")
    assert (document.created, document.modified) == ("2020-05-01", "2021-02-03")
    assert (document.page_count, document.problem) == (None, None)


def test_docx_tracked_insertions_are_text_and_deletions_are_not():
    def revised(word):
        paragraph = word.add_paragraph("De buurt ")
        paragraph._p.append(parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>krijgt</w:t></w:r></w:ins>'))
        paragraph._p.append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>verliest</w:delText>'
            "</w:r></w:del>"))
        paragraph.add_run(" een wijkteam.")

    assert read_document(make_docx(revised), DOCX_URL).text == "De buurt krijgt een wijkteam."


def test_a_docx_without_core_properties_has_no_made_up_metadata():
    with zipfile.ZipFile(io.BytesIO(handout_docx())) as package:
        members = {name: package.read(name) for name in package.namelist()
                   if name != "docProps/core.xml"}
    members["_rels/.rels"] = re.sub(rb"<Relationship [^>]*docProps/core.xml[^>]*/>", b"",
                                    members["_rels/.rels"])
    document = read_document(zipped(members), DOCX_URL)

    assert document.text.startswith("Buurtteams in de praktijk")
    assert (document.title, document.author, document.created, document.modified) == (
        None, None, None, None)


def test_a_truncated_docx_is_damaged():
    body = handout_docx()[: len(handout_docx()) // 2]
    document = read_document(body, "https://www.movisie.nl/download?id=7")

    assert_well_formed(document, body)
    assert (document.problem, document.format) == ("damaged", "docx")


def test_a_docx_that_unpacks_beyond_the_limit_is_not_opened(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 1000)
    document = read_document(handout_docx(), DOCX_URL)

    assert (document.problem, document.text) == ("too-large", "")
    assert document.detail.startswith("unpacks to")


def test_legacy_doc_is_unsupported_but_hashed():
    body = ole2("Root Entry", "WordDocument", "1Table")
    document = read_document(body, "https://www.movisie.nl/files/verslag.DOC", "application/msword")

    assert_well_formed(document, body)
    assert (document.format, document.media_type, document.problem) == (
        "doc", "application/msword", "unsupported")


def test_a_password_protected_office_file_is_encrypted():
    document = read_document(ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), DOCX_URL)

    assert (document.format, document.problem) == ("docx", "encrypted")


@pytest.mark.parametrize("body, url, format, media_type", [
    (zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
     "https://www.movisie.nl/download?id=3", "xlsx", "application/zip"),
    (zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     DOCX_URL, "odt", "application/zip"),
    (zipped({"slides.xml": b"<x/>"}), "https://www.movisie.nl/files/presentatie.pptx", "pptx",
     "application/zip"),
    (zipped({"slides.xml": b"<x/>"}), PDF_URL, "unknown", "application/zip"),
    (ole2("Root Entry", "Workbook"), "https://www.movisie.nl/download?id=4", "xls",
     "application/msword"),
    (ole2("Root Entry"), PDF_URL, "unknown", "application/msword"),
    (b"{\\rtf1\\ansi Verslag}", PDF_URL, "rtf", "application/rtf"),
], ids=["xlsx-by-its-parts", "odt-by-its-mimetype", "pptx-by-its-suffix", "zip-under-a-pdf-name",
        "xls-by-its-stream", "ole2-under-a-pdf-name", "rtf"])
def test_other_formats_are_unsupported_with_the_format_their_bytes_show(body, url, format,
                                                                          media_type):
    document = read_document(body, url)

    assert_well_formed(document, body)
    assert (document.format, document.media_type, document.problem) == (
        format, media_type, "unsupported")


def test_a_zip_offered_as_a_docx_is_read_as_one_and_found_damaged():
    document = read_document(zipped({"slides.xml": b"<x/>"}), DOCX_URL)

    assert (document.format, document.media_type, document.problem) == (
        "docx", "application/zip", "damaged")


def test_too_large_is_not_parsed():
    body = report_pdf() + bytes(MAX_READ_BYTES)
    document = read_document(body, PDF_URL)

    assert_well_formed(document, body)
    assert (document.format, document.problem, document.text, document.page_count) == (
        "pdf", "too-large", "", None)


@pytest.mark.parametrize("body, content_type, problem, detail", [
    (b"", "application/pdf", "empty", "no bytes (served as application/pdf)"),
    (b"Dit is geen PDF", "application/pdf", "not-a-document",
     "unrecognised bytes (served as application/pdf)"),
    (bytes(100), "", "not-a-document", "unrecognised bytes (served without a Content-Type)"),
], ids=["empty", "text", "zeros"])
def test_bytes_that_are_no_document_say_so(body, content_type, problem, detail):
    document = read_document(body, PDF_URL, content_type)

    assert_well_formed(document, body)
    assert (document.problem, document.detail) == (problem, detail)


def test_a_read_stopped_by_the_caller_is_a_timeout_with_the_files_fingerprint():
    document = timed_out(report_pdf(), PDF_URL, "application/pdf", 60.0)

    assert_well_formed(document, report_pdf())
    assert (document.format, document.problem, document.text) == ("pdf", "timeout", "")
    assert document.detail == "reading stopped after 60 seconds"


MAGIC_STARTS = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                b"<html>", b"\xef\xbb\xbf"]


@settings(max_examples=150, deadline=None)
@given(start=st.sampled_from(MAGIC_STARTS), rest=st.binary(max_size=3000),
       url=st.sampled_from([PDF_URL, DOCX_URL, "https://x/", "http://[x"]),
       content_type=st.sampled_from(["", "application/pdf", "text/html; charset=utf-8"]))
def test_random_bytes_never_raise(start, rest, url, content_type):
    body = start + rest
    assert_well_formed(read_document(body, url, content_type), body)
    assert_well_formed(timed_out(body, url, content_type, 1.5), body)


@pytest.mark.parametrize("original", [report_pdf, handout_docx], ids=["pdf", "docx"])
def test_damaged_copies_of_real_files_never_raise(original):
    body = original()
    chance = random.Random(20240501)
    copies = [body[:cut] for cut in range(0, len(body), max(1, len(body) // 40))]
    for _ in range(150):
        flipped = bytearray(body)
        for _ in range(chance.randint(1, 12)):
            flipped[chance.randrange(len(flipped))] = chance.randrange(256)
        copies.append(bytes(flipped))
    for copy in copies:
        assert_well_formed(read_document(copy, PDF_URL), copy)


@pytest.mark.parametrize("url, expected", [
    ("https://www.movisie.nl/sites/default/files/rapport.pdf", True),
    ("https://www.movisie.nl/files/Handout.DOCX", True),
    ("https://www.movisie.nl/files/cijfers.xlsx?download=1", True),
    ("https://www.movisie.nl/files/boek.epub#hoofdstuk-2", True),
    ("https://www.movisie.nl/download?file=rapport.pdf", False),
    ("https://www.movisie.nl/artikel/pdf", False),
    ("https://www.movisie.nl/artikel/rapport.pdf.html", False),
    ("http://[x", False),
])
def test_is_document_url(url, expected):
    assert is_document_url(url) is expected

