"""Bytes to one parsed tree. Sites lie about their encoding (the canon serves UTF-8 declared as
windows-1252), so the bytes are trusted over the label: valid UTF-8 is taken as UTF-8."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
from lxml import etree

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
logger = logging.getLogger(__name__)
# Characters that UTF-8 text shows when it was decoded as windows-1252 or latin-1.
MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152-\u0178\u2018-\u203a\u20ac\u2122]")


def declared_charset(content_type: str | None, body: bytes) -> str | None:
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'")
    match = META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(body: bytes, content_type: str | None = None) -> str:
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared_charset(content_type, body) or "windows-1252"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("windows-1252", errors="replace")


def looks_binary(text: str) -> bool:
    """Images, PDFs and archives decode to text full of control characters; HTML never does."""
    sample = text[:8192]
    odd = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f") or c == "\ufffd")
    return odd > len(sample) * 0.05


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as windows-1252 ("IdeeÃ«n" -> "Ideeën") where that round trip is clean."""
    if not MOJIBAKE.search(text):
        return text
    for wrong in ("windows-1252", "latin-1"):
        try:
            return text.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def parse(html: bytes | str, content_type: str | None = None) -> etree._Element:
    """The page as an lxml.html tree; raises ValueError when there is no HTML to parse."""
    text = decode(html, content_type) if isinstance(html, bytes) else html
    if not text.strip():
        raise ValueError("empty document")
    if looks_binary(text):
        raise ValueError("binary content, not an HTML page")
    text = repair_mojibake(text.replace("\x00", ""))
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ValueError(f"not an HTML document: {error}") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops descending at 256 levels; what lies deeper is not in the tree.
        logger.warning("page nests deeper than the parser reads: deeper text is left out")
    return tree
