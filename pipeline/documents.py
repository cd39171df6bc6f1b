"""A downloaded document's bytes to its text and metadata: the reports and handouts pages link.

What a file is comes from its bytes, not from the header it was served with nor from its
address: sites serve PDFs as application/octet-stream and answer a .pdf address with an HTML
login or error page. PDF is read with pypdf and .docx with python-docx, both pure Python;
bench/document_extraction.py compares pypdf with pdfminer.six, and docs/performance.md holds
the figures. Other formats are recognised, hashed and kept, but not read.

Reading never raises, whatever the bytes: a file that cannot be read is a Document with a
`problem` (a PROBLEMS code) and a `detail` in words, so one bad file cannot stop a crawl. How
long a read may take is the caller's to bound (archive/workers.py); its `timed_out` record is
made here, so it has the same format and fingerprint as a finished read.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import statistics
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise

import docx
import pypdf
from docx.opc.constants import RELATIONSHIP_TYPE
from pypdf import PasswordType
from pypdf.generic import IndirectObject

from pipeline.dates import parse_date
from pipeline.text import squash
from pipeline.urls import document_format

logger = logging.getLogger(__name__)

MAX_READ_BYTES = 50 * 2**20
# python-docx holds every part of a package in memory: a zip that unpacks to more is not opened.
MAX_UNPACKED_BYTES = 4 * MAX_READ_BYTES

PROBLEMS = {
    "encrypted": "the file needs a password to be read",
    "damaged": "the file cannot be parsed (truncated, corrupt)",
    "no-text": "the file has pages but no text layer (a scan, or images only); no OCR is done",
    "too-large": f"bigger than {MAX_READ_BYTES // 2**20} MB (a docx: unpacking to more than "
                 f"{MAX_UNPACKED_BYTES // 2**20} MB): kept but not read",
    "timeout": "reading took longer than the limit (set by the caller, not by this module)",
    "not-a-document": "the bytes are not a document at all (e.g. an HTML page served under a "
                      ".pdf address)",
    "unsupported": "a document format the archive has no text reader for (doc, xlsx, odt, ...)",
    "empty": "no bytes",
}

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
OLE2 = "application/msword"
ZIP = "application/zip"
RTF = "application/rtf"
OCTET_STREAM = "application/octet-stream"

# PDF readers accept a header anywhere in the first KiB, after junk a server or a mail gateway
# put before it.
PDF_MAGIC, PDF_HEADER_WINDOW = b"%PDF-", 1024
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
# The formats a URL's suffix may name for each kind of container: a .pdf address serving a zip
# says nothing about what is in it.
ZIP_FORMATS = ("docx", "xlsx", "pptx", "odt", "ods", "odp", "epub")
OLE2_FORMATS = ("doc", "xls", "ppt")
# Streams an OLE2 file's directory names (in UTF-16): the main stream of each legacy format, and
# the stream Office wraps a docx, xlsx or pptx in when it encrypts one with a password.
OLE2_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("PowerPoint Document", "ppt"))
ENCRYPTED_PACKAGE = "EncryptedPackage"
# A zip package's main part, for the formats made of one.
ZIP_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"),
             ("ppt/presentation.xml", "pptx"))
# OpenDocument and EPUB files start with an uncompressed member "mimetype" (its name at byte 30,
# its content at byte 38): what file(1) reads too.
ZIP_MIMETYPES = (
    (b"application/vnd.oasis.opendocument.text", "odt"),
    (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
    (b"application/vnd.oasis.opendocument.presentation", "odp"),
    (b"application/epub+zip", "epub"),
)

# Characters a damaged font map or a hostile file puts into extracted text: C0 controls other than
# tab and line breaks, DEL, and lone surrogates, which SQLite cannot store as UTF-8.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Ligatures unfolded, so that "financiering" finds the "ﬁnanciering" a PDF font gives.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
HYPHENS = ("-", "\u2010")
SOFT_HYPHEN = "\u00ad"
SENTENCE_END = re.compile(r"[.!?:][\"'’”»)]*$")
BULLETS = "•▪◦●■"
# A PDF line at most this share of a full line (the page's 90th-percentile line length) is short.
SHORT_LINE = 0.8
# A line further below the one before than this many times the page's usual line spacing starts
# a paragraph.
PARAGRAPH_GAP = 1.3
DETAIL_CHARS = 300
# What differs between two reads of one file in an error message: pypdf's IndirectObject repr
# carries the id() of its reader, other reprs an address. The archive compares details to tell
# a changed document from an unchanged one.
OBJECT_ADDRESS = re.compile(r"(IndirectObject\(\d+, \d+), \d+\)| at 0x[0-9a-fA-F]+")
WORDML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCX_SPACES = {WORDML + "tab", WORDML + "br", WORDML + "cr"}


@dataclass(frozen=True)
class Document:
    """One downloaded file as the archive keeps it (the `documents` table).

    format: "pdf", "docx", "html" (an HTML page, not a document), else what the bytes or the URL's
    suffix say ("doc", "xlsx"), else "unknown". media_type: what the bytes are, sniffed. Dates are
    `YYYY-MM-DD` from the file's own metadata. text: paragraphs separated by one blank line, ""
    when none. problem: a PROBLEMS code, None when the text was read; detail: why, in words.
    """

    format: str
    media_type: str
    bytes: int
    sha256: str
    title: str | None = None
    author: str | None = None
    created: str | None = None
    modified: str | None = None
    page_count: int | None = None
    text: str = ""
    problem: str | None = None
    detail: str | None = None


def read_document(body: bytes, url: str, content_type: str = "") -> Document:
    """The text and metadata of a downloaded file, or what kept them from being read."""
    document = _recognise(body, url, content_type)
    if document.problem:  # settled by the bytes alone
        return document
    if len(body) > MAX_READ_BYTES:
        return replace(document, problem="too-large",
                       detail=f"{len(body) / 2**20:.1f} MB, more than the "
                              f"{MAX_READ_BYTES // 2**20} MB that are read: kept, not read")
    try:
        return READERS[document.format](body, document)
    # pypdf and python-docx are third-party parsers over hostile bytes, and they fail in any way
    # (PdfReadError, KeyError, struct.error, zlib.error, RecursionError, ...): every failure is
    # the file's, so the file is damaged. The caller's timeout is a BaseException, not caught.
    except Exception as error:
        return replace(document, problem="damaged", detail=f"cannot be parsed: {_error(error)}")


def timed_out(body: bytes, url: str, content_type: str, seconds: float) -> Document:
    """The record of a read the caller stopped after `seconds`: what the file is, no text."""
    return replace(_recognise(body, url, content_type), problem="timeout",
                   detail=f"reading stopped after {seconds:g} seconds")


def _recognise(body: bytes, url: str, content_type: str) -> Document:
    """What the bytes are, their fingerprint, and the problem that settles already at that."""
    served = content_type.split(";")[0].strip().lower()
    served_as = f"served as {served}" if served else "served without a Content-Type"
    suffix_format = document_format(url)
    fingerprint = {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    start = body[:PDF_HEADER_WINDOW]

    if not body:
        return Document(suffix_format or "unknown", served or OCTET_STREAM, **fingerprint,
                        problem="empty", detail=f"no bytes ({served_as})")
    if body.startswith(PDF_MAGIC):
        return Document("pdf", PDF, **fingerprint)
    if _looks_like_html(start):
        return Document("html", HTML, **fingerprint, problem="not-a-document",
                        detail=f"an HTML page, {served_as}, under a document address (an error, "
                               "login or cookie page, most likely)")
    if PDF_MAGIC in start:
        return Document("pdf", PDF, **fingerprint)
    if body.startswith(ZIP_MAGIC):
        found = _zip_format(body)
        format = found or (suffix_format if suffix_format in ZIP_FORMATS else "unknown")
        if format == "docx":  # a zip offered as a docx is read as one, to be found damaged
            return Document("docx", DOCX if found else ZIP, **fingerprint)
        return Document(format, ZIP, **fingerprint, problem="unsupported",
                        detail=f"a zip package ({format}): the archive reads only PDF and docx")
    if body.startswith(OLE2_MAGIC):
        return _ole2_document(body, suffix_format, fingerprint)
    if body.startswith(RTF_MAGIC):
        return Document("rtf", RTF, **fingerprint, problem="unsupported",
                        detail="an RTF file: the archive reads only PDF and docx")
    return Document(suffix_format or "unknown", served or OCTET_STREAM, **fingerprint,
                    problem="not-a-document", detail=f"unrecognised bytes ({served_as})")


def _looks_like_html(start: bytes) -> bool:
    head = start.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith(b"<") and any(tag in head for tag in HTML_STARTS)


def _zip_format(body: bytes) -> str | None:
    """The format a zip package's members say it is. A docx whose zip cannot be opened
    (truncated: its directory is at the end) still names its main part near the start, and is
    then read as a docx, to be found damaged."""
    if body[30:38] == b"mimetype":
        found = next((f for mime, f in ZIP_MIMETYPES if body.startswith(mime, 38)), None)
        if found:
            return found
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            names = set(package.namelist())
    except Exception:  # zipfile over damaged bytes: BadZipFile, ValueError, EOFError, ...
        return "docx" if b"word/document.xml" in body else None
    return next((format for part, format in ZIP_PARTS if part in names), None)


def _ole2_document(body: bytes, suffix_format: str | None, fingerprint: dict) -> Document:
    """An OLE2 compound file: Office's formats before 2007, or a newer one locked with a
    password. Both are told by the streams its directory names."""
    if ENCRYPTED_PACKAGE.encode("utf-16-le") in body:
        format = suffix_format if suffix_format in ("docx", "xlsx", "pptx") else "unknown"
        return Document(format, OLE2, **fingerprint, problem="encrypted",
                        detail="an Office file encrypted with a password (an OLE2 "
                               "EncryptedPackage): cannot be read without it")
    format = next((format for stream, format in OLE2_STREAMS
                   if stream.encode("utf-16-le") in body),
                  suffix_format if suffix_format in OLE2_FORMATS else "unknown")
    return Document(format, OLE2, **fingerprint, problem="unsupported",
                    detail=f"a legacy Office file ({format}): the archive reads only PDF and docx")


def _read_pdf(body: bytes, document: Document) -> Document:
    reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted and (locked := _locked(reader)):
        return replace(document, problem="encrypted", detail=locked)
    document = replace(document, **_pdf_metadata(reader), page_count=len(reader.pages))
    paragraphs, unread = [], []
    for number, page in enumerate(reader.pages, start=1):
        try:
            paragraphs.extend(_pdf_paragraphs(_pdf_lines(page)))
        except Exception as error:  # one broken page (font, content stream) spoils only itself
            unread.append((number, error))
    text = "\n\n".join(paragraphs)
    if not document.page_count:
        return replace(document, problem="damaged", detail="a PDF without pages")
    if unread:
        numbers = ", ".join(str(number) for number, _ in unread)
        pages = "page" if len(unread) == 1 else "pages"
        return replace(document, text=text, problem="damaged",
                       detail=f"{pages} {numbers} of {document.page_count} cannot be read "
                              f"({_error(unread[0][1])}); the other pages' text is kept")
    if not text:
        return replace(document, problem="no-text",
                       detail=f"{document.page_count} pages and no text layer: probably scanned "
                              "images; no OCR is done")
    return replace(document, text=text)


def _locked(reader: pypdf.PdfReader) -> str | None:
    """Why an encrypted PDF cannot be read, or None once it is decrypted. A PDF locked only with
    an owner password (against printing or copying) opens with the empty user password."""
    cipher = _cipher(reader)
    try:
        if reader.decrypt("") != PasswordType.NOT_DECRYPTED:
            return None
    except Exception as error:  # an unknown security handler, or a missing AES library
        return f"encrypted ({cipher}) in a way that cannot be opened here: {_error(error)}"
    return f"encrypted with a user password ({cipher}): cannot be read without it"


def _cipher(reader: pypdf.PdfReader) -> str:
    """The PDF's encryption in words, from its /Encrypt dictionary (PDF 32000, 7.6)."""
    try:
        encrypt = reader.trailer["/Encrypt"].get_object()
        if encrypt.get("/Filter") != "/Standard":
            return f"the {str(encrypt.get('/Filter')).lstrip('/')} security handler"
        version = int(encrypt.get("/V", 0))
        if version >= 5:
            return "AES-256"
        if version == 4:
            method = encrypt["/CF"][encrypt.get("/StmF", "/StdCF")].get("/CFM")
            return "AES-128" if method == "/AESV2" else "RC4, 128-bit"
        return f"RC4, {int(encrypt.get('/Length', 40))}-bit"
    except Exception:  # a damaged /Encrypt dictionary still leaves the file encrypted
        return "an unknown cipher"


def _pdf_metadata(reader: pypdf.PdfReader) -> dict:
    try:
        info = reader.metadata or {}
        title, author, created, modified = (
            _pdf_string(info.get(key))
            for key in ("/Title", "/Author", "/CreationDate", "/ModDate"))
    except Exception as error:  # the text may still be readable when the info dictionary is not
        logger.warning("unreadable PDF metadata ignored: %s", _error(error))
        return {}
    return {"title": title, "author": author, "created": _pdf_date(created),
            "modified": _pdf_date(modified)}


def _pdf_string(value: object) -> str | None:
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return _metadata_text(value) if isinstance(value, str) else None


PDF_DATE = re.compile(r"(?:D:)?\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?"
                      r"\s*(Z|[+-]\d{2}(?:'?\d{2})?)?)?")


def _pdf_date(value: str | None) -> str | None:
    """A PDF date ("D:20190314103000+01'00'") as `YYYY-MM-DD`, by pipeline.dates' rules: a time
    with a UTC offset gives the date in the Netherlands, an impossible date gives None."""
    match = PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    moment = f"{year}-{month}-{day}"
    if hour and offset:
        offset = "Z" if offset == "Z" else offset[:3] + ":" + (offset[3:].strip("'") or "00")
        moment += f"T{hour}:{minute}:{second or '00'}{offset}"
    return parse_date(moment)


def _pdf_lines(page) -> list[tuple[str, float | None]]:
    """A page's lines in pypdf's reading order, each with the height on the page where it
    starts (None when pypdf gave no position for it)."""
    lines: list[list] = [["", None]]

    def visit(text, cm, tm, font, size) -> None:
        height = tm[5] * cm[3] + cm[5]  # the text's baseline, in the page's space
        for number, part in enumerate(text.split("\n")):
            if number:
                lines.append(["", None])
            if part.strip() and lines[-1][1] is None:
                lines[-1][1] = height
            lines[-1][0] += part

    page.extract_text(visitor_text=visit)
    return [(UNSTORABLE.sub("", text).strip(), height) for text, height in lines]


def _pdf_paragraphs(lines: list[tuple[str, float | None]]) -> Iterator[str]:
    """A page's paragraphs. pypdf gives lines without the space between paragraphs, so a
    paragraph ends where the next line stands further below than the page's usual line spacing
    (PARAGRAPH_GAP times it) or above this one (a new column), before a bullet, and at the
    page's end; where positions are missing, after a short line that ends a sentence when the
    next line starts with a capital. Lines are joined with a space, or without the hyphen of a
    word broken across them ("wijk-" + "teams" when the next line starts in lower case)."""
    lengths = sorted(len(text) for text, _ in lines if text)
    full = lengths[round(0.9 * (len(lengths) - 1))] if lengths else 0
    steps = [above - below for (_, above), (_, below) in pairwise(lines)
             if above is not None and below is not None and above > below]
    spacing = statistics.median_low(steps) if steps else None
    paragraph = ""
    for (line, height), (following, next_height) in pairwise([*lines, ("", None)]):
        paragraph = _join(paragraph, line)
        if spacing and height is not None and next_height is not None:
            apart = not PARAGRAPH_GAP * spacing >= height - next_height > 0
        else:
            apart = bool(SENTENCE_END.search(line) and len(line) <= SHORT_LINE * full
                         and following[:1].isupper())
        if not line or not following or following[0] in BULLETS or apart:
            if cleaned := _clean(paragraph):
                yield cleaned
            paragraph = ""


def _join(paragraph: str, line: str) -> str:
    if not paragraph or not line:
        return paragraph or line
    if paragraph.endswith(SOFT_HYPHEN):
        return paragraph[:-1] + line
    if paragraph.endswith(HYPHENS) and paragraph[-2:-1].isalpha():
        return (paragraph[:-1] if line[0].islower() else paragraph) + line
    return f"{paragraph} {line}"


def _read_docx(body: bytes, document: Document) -> Document:
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        unpacked = sum(member.file_size for member in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        return replace(document, problem="too-large",
                       detail=f"unpacks to {unpacked / 2**20:.0f} MB, more than the "
                              f"{MAX_UNPACKED_BYTES // 2**20} MB that are read: kept, not read")
    word = docx.Document(io.BytesIO(body))
    document = replace(document, **_docx_metadata(word))
    paragraphs = [text for text in map(_docx_paragraph, _docx_paragraph_elements(word)) if text]
    if not paragraphs:
        return replace(document, problem="no-text",
                       detail="a Word document without text (images only, or nothing): no OCR "
                              "is done")
    return replace(document, text="\n\n".join(paragraphs))


def _docx_paragraph_elements(word) -> Iterator:
    """Every paragraph of the body in document order: in tables (each cell once, however it is
    merged), content controls and text boxes too, but not the copy of a text box that a file
    keeps as a fallback for older Word versions."""
    for paragraph in word.element.body.iter(WORDML + "p"):
        if next(paragraph.iterancestors(MC_FALLBACK), None) is None:
            yield paragraph


def _docx_paragraph(paragraph) -> str:
    return _clean("".join(_docx_own_text(paragraph)))


def _docx_own_text(element) -> Iterator[str]:
    """The text of a paragraph itself: its runs, also within hyperlinks, tracked insertions and
    fields, but not a text box's paragraphs inside it (they are read on their own), deleted text
    or field codes."""
    for child in element:
        if child.tag == WORDML + "t":
            yield child.text or ""
        elif child.tag in DOCX_SPACES:
            yield " "
        elif child.tag not in (WORDML + "p", MC_FALLBACK):
            yield from _docx_own_text(child)


def _docx_metadata(word) -> dict:
    """The core properties the file has. python-docx makes up a part for a file without one
    (title "Word Document", modified now), so that part is only read when it is there."""
    try:
        part = word.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return {}
    try:
        properties = part.core_properties
        return {"title": _metadata_text(properties.title),
                "author": _metadata_text(properties.author),
                "created": _docx_date(properties.created),
                "modified": _docx_date(properties.modified)}
    except Exception as error:  # the text may still be readable when the properties are not
        logger.warning("unreadable docx core properties ignored: %s", _error(error))
        return {}


def _docx_date(moment: datetime | None) -> str | None:
    """python-docx gives core property times in UTC, without a time zone."""
    return parse_date(f"{moment:%Y-%m-%dT%H:%M:%S}Z") if moment else None


def _metadata_text(value: str | None) -> str | None:
    return _clean(value or "") or None


def _clean(text: str) -> str:
    """Text as the archive keeps it: storable, NFC, ligatures unfolded, soft hyphens gone,
    whitespace squashed."""
    text = UNSTORABLE.sub("", text).translate(LIGATURES).replace(SOFT_HYPHEN, "")
    return squash(unicodedata.normalize("NFC", text))


def _error(error: Exception) -> str:
    words = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    words = OBJECT_ADDRESS.sub(lambda match: f"{match[1]})" if match[1] else "", words)
    return _clean(words)[:DETAIL_CHARS]


READERS = {"pdf": _read_pdf, "docx": _read_docx}
