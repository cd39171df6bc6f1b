"""The documents the mirror's pages link for download, made when first asked for.

The live sites serve PDF and Word files under their download links: Movisie's publication
attachments, the canon's literature and "Aanvullend materiaal". The mirror checks no such files
in. It makes them from `sites/<slug>/documents.json` (mirror/document_files.py: fpdf2,
python-docx, Pillow), so their text is data, and that text is also the ground truth that tests
and benches hold text extraction to.

A crawl must get the same bytes from every process: the ETag is their hash, and a second crawl
expects 304. So every date is the document's own, fixed; the PDF's /ID is fpdf2's hash of the
content and that date; encryption is RC4, whose key follows from the /ID and the passwords (AES
would draw a random IV); a .docx's zip entries carry the document's date, not the clock; the scan's
noise comes from a generator seeded with the document's URL.

documents.json maps each document's real URL to:
    kind        readable; broken (cut off at BROKEN_SHARE of its bytes, as an interrupted upload
                leaves a file); encrypted (a user password: nothing can be read without it);
                scanned (an old print's pages as images, no text layer); mislabelled (a document
                address that answers 200 with an HTML "file not found" page, as PHP sites do)
    served_as   the Content-Type sent
    attachment  whether Content-Disposition calls it an attachment, as PHP download scripts do
    link_title  what the link to it says on the page
    title, author, subject, creator   its metadata (null: none)
    created     its creation date, which is also its Last-Modified
    footer      the line at the foot of every page but the first
    password    an encrypted document's user password
    blocks      its text: a string is a paragraph; {"title": ...}, {"subtitle": ...},
                {"heading": ...}, {"table": [[cell, ...], ...]} (in a .docx; the first row is
                the header) and {"page": true}, a page break
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DOCUMENTS_FILE = "documents.json"
KINDS = ("readable", "broken", "encrypted", "scanned", "mislabelled")
# A phrase that stands in one readable PDF and in no mirror page or other document, so a search
# that finds it has searched the documents' text.
PHRASE_ONLY_IN_A_DOCUMENT = "buurtkamer als kwartiermaker"
PHRASE_DOCUMENT = ("https://www.movisie.nl/sites/movisie.nl/files/publication-attachment/"
                   "Wat-werkt-bij-de-aanpak-van-eenzaamheid.pdf")
BROKEN_SHARE = 0.4
TEXT_KINDS = ("title", "subtitle", "heading", "paragraph")

Rows = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Document:
    url: str
    site: str  # the mirror's site folder
    kind: str  # one of KINDS
    served_as: str
    link_title: str
    title: str | None
    author: str | None
    created: datetime
    # (kind, text) for TEXT_KINDS, ("table", rows), ("page", None)
    blocks: tuple[tuple[str, str | Rows | None], ...]
    subject: str | None = None
    creator: str | None = None
    footer: str | None = None
    password: str | None = None
    attachment: bool = False

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def readable(self) -> bool:
        return self.kind == "readable"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text a reader sees, block by block in reading order (tables apart): for a scan,
        what its images show; for a mislabelled one, the error page's text."""
        return tuple(value for kind, value in self.blocks if kind in TEXT_KINDS)

    @property
    def tables(self) -> tuple[Rows, ...]:
        return tuple(value for kind, value in self.blocks if kind == "table")

    @property
    def headers(self) -> dict[str, str]:
        """What is sent beside its Content-Type."""
        if not self.attachment:
            return {}
        return {"Content-Disposition": f'attachment; filename="{self.path.rsplit("/")[-1]}"'}

    @property
    def body(self) -> bytes:
        return build(self)


def site_documents(folder: Path) -> dict[str, Document]:
    """A site folder's documents by the path they are served under. Read anew each time: a test
    may change a copy of the mirror, and the bytes are cached by what a document is."""
    file = folder / DOCUMENTS_FILE
    if not file.is_file():
        return {}
    entries = json.loads(file.read_text(encoding="utf-8"))
    return {urlsplit(url).path: _document(url, folder.name, entry)
            for url, entry in entries.items()}


def every_document() -> tuple[Document, ...]:
    """Every document the mirror serves, in URL order."""
    from mirror.server import SITES_DIR  # the server imports this module

    return tuple(sorted((document for folder in sorted(SITES_DIR.iterdir())
                         for document in site_documents(folder).values()), key=lambda d: d.url))


def _document(url: str, site: str, entry: dict) -> Document:
    if entry["kind"] not in KINDS:
        raise ValueError(f"{url}: kind {entry['kind']!r} is none of {', '.join(KINDS)}")
    blocks = tuple(_block(block) for block in entry["blocks"])
    if not url.endswith(".docx") and any(kind == "table" for kind, _ in blocks):
        raise ValueError(f"{url}: only a Word document is made with tables")
    return Document(
        url=url, site=site, kind=entry["kind"], served_as=entry["served_as"],
        link_title=entry["link_title"], title=entry.get("title"), author=entry.get("author"),
        created=datetime.fromisoformat(entry["created"]),
        blocks=blocks,
        subject=entry.get("subject"), creator=entry.get("creator"), footer=entry.get("footer"),
        password=entry.get("password"), attachment=entry.get("attachment", False),
    )


def _block(block: str | dict) -> tuple[str, str | Rows | None]:
    if isinstance(block, str):
        return "paragraph", block
    ((kind, value),) = block.items()
    if kind == "table":
        return kind, tuple(tuple(row) for row in value)
    return kind, None if kind == "page" else value


@cache
def build(document: Document) -> bytes:
    """The bytes served, made once per process. The makers (fpdf2, python-docx, Pillow) are
    imported only then: every process that starts a mirror imports this module, and most of them
    never serve a document."""
    from mirror import document_files

    if document.kind == "mislabelled":
        return document_files.not_found_page(document)
    if document.kind == "scanned":
        return document_files.scanned_pdf(document)
    if document.path.endswith(".docx"):
        made = document_files.word_file(document)
    else:
        made = document_files.typeset_pdf(document)
    return made[: int(len(made) * BROKEN_SHARE)] if document.kind == "broken" else made
