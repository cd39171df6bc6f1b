"""Bytes to one parsed tree. Sites lie about their encoding (the canon serves UTF-8 declared as
windows-1252), so the bytes are trusted over the label: valid UTF-8 is taken as UTF-8.

What decides, first to last (docs/platforms/encodings.md has the measurement behind each rule):
a byte-order mark; bytes that are valid UTF-8; the Content-Type charset; the page's own
declaration (an XML declaration or a `<meta>`); windows-1252. A label naming UTF-8 on bytes that
are not UTF-8, or naming no codec Python can read text with, gives way to the next one."""

from __future__ import annotations

import codecs
import logging
import re

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252"
import lxml.html
from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import etree

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# How far into the bytes a page's own declaration is looked for; browsers look at the first 1024.
DECLARATION_BYTES = 4096
logger = logging.getLogger(__name__)
# Characters that UTF-8 text shows when it was decoded as windows-1252 or latin-1.
MOJIBAKE_LEADS = "ÃÂâ"
MOJIBAKE = re.compile(f"[{MOJIBAKE_LEADS}][\u0080-\u00bf\u0152-\u0178\u2018-\u203a\u20ac\u2122]")
# Only the steps of ftfy that undo a wrong decoding: no quotes uncurled, no normalisation.
FIX_ENCODING = ftfy.TextFixerConfig(explain=False)
# Control characters and two non-characters: libxml2 parses them, raw or as references (&#20;),
# but lxml refuses them in any text it is given, and trafilatura gives up on a tree holding them.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def declared_charset(content_type: str | None, body: bytes) -> str | None:
    """The charset the Content-Type names, else the one the page declares."""
    labels = declared_charsets(content_type, body)
    return labels[0] if labels else None


def declared_charsets(content_type: str | None, body: bytes) -> list[str]:
    """Every charset label, in the order they count: the Content-Type's, then the page's own.
    bs4's EncodingDetector finds the page's (an XML declaration, else a `<meta>`); META_CHARSET
    still reads the `<meta charset="  utf-8">` with spaces inside the quotes that it misses."""
    labels = []
    if content_type and "charset=" in content_type.lower():
        labels.append(content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'"))
    head = body[:DECLARATION_BYTES]
    labels.append(EncodingDetector.find_declared_encoding(head, is_html=True,
                                                          search_entire_document=True))
    match = META_CHARSET.search(head)
    labels.append(match.group(1).decode("ascii").lower() if match else None)
    return list(dict.fromkeys(label for label in labels if label))


def decode(body: bytes, content_type: str | None = None) -> str:
    """The page's text: see the module's docstring for what decides."""
    unmarked, bom_encoding = EncodingDetector.strip_byte_order_mark(body)
    if bom_encoding:
        return unmarked.decode(bom_encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in declared_charsets(content_type, body):
        text = _decode_as(body, label)
        if text is not None:
            return text
    # Not UTF-8 and no label to go by: the web's usual other encoding is windows-1252.
    return body.decode("windows-1252", errors="replace")


def _decode_as(body: bytes, label: str) -> str | None:
    """The bytes read as `label`, U+FFFD for bytes it cannot read; None for a label naming UTF-8
    (these bytes are not) or no text codec. bs4 knows labels Python does not ("x-sjis").
    Browsers read a latin-1 or ASCII label as windows-1252 (the WHATWG Encoding Standard), so
    bytes 80-9F are quotes, dashes and €."""
    try:
        codec = codecs.lookup(UnicodeDammit.CHARSET_ALIASES.get(label, label)).name
        if codec in ("utf-8", "utf-8-sig"):
            return None
        if codec in ("iso8859-1", "ascii"):
            codec = "windows-1252"
        return body.decode(codec, errors="replace")
    except (LookupError, ValueError):  # no text codec, or one that cannot replace (idna)
        return None


def mislabelled_utf8(body: bytes, content_type: str | None) -> bool:
    """Declared UTF-8, but the bytes are not: `decode` then reads them as the next label, or as
    windows-1252."""
    if declared_charset(content_type, body) not in ("utf-8", "utf8"):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def looks_like_html(body: bytes) -> bool:
    """Servers mislabel pages (application/octet-stream, text/plain): the start of the bytes
    tells an HTML page from a file that really is something else."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


# Control characters other than whitespace, and the replacement character of undecodable bytes,
# as UTF-8: a control character is one byte there that no other character's bytes contain.
CONTROL_BYTES = bytes(c for c in range(32) if chr(c) not in "\t\n\r\f")
REPLACEMENT_BYTES = "\ufffd".encode()


def looks_binary(text: str) -> bool:
    """Images, PDFs and archives decode to text full of control characters; HTML never does.
    Counted in the sample's UTF-8 bytes, where deleting a set of bytes is one pass in C."""
    sample = text[:8192]
    data = sample.encode("utf-8", "surrogatepass")  # str input may hold lone surrogates
    odd = len(data) - len(data.translate(None, CONTROL_BYTES)) + data.count(REPLACEMENT_BYTES)
    return odd > len(sample) * 0.05


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as windows-1252 or latin-1, once or more often ("IdeeÃ«n", "IdeeÃƒÂ«n"
    -> "Ideeën"), where the whole text is such a misreading; ftfy does the undoing, one round
    trip back where ftfy sees nothing to do. Text that also holds letters of its own is left
    alone: it may be quoting mojibake, and ftfy would "repair" the quote. Most pages hold none of
    the three lead characters; looking for each is faster than the regex, and than ftfy
    (milliseconds a page)."""
    if not any(lead in text for lead in MOJIBAKE_LEADS) or not MOJIBAKE.search(text):
        return text
    once = undo_misread_utf8(text)
    if once is None:
        return text
    fixed = ftfy.fix_encoding(text, FIX_ENCODING)
    return once if fixed == text else fixed


def undo_misread_utf8(text: str) -> str | None:
    """The text re-encoded as windows-1252 or latin-1 and read as the UTF-8 it then is; None if
    not all of it is such a misreading. "Sloppy" windows-1252 (ftfy's) also takes back the five
    bytes windows-1252 leaves undefined, which browsers show as C1 controls: the 9D of a closing
    quote ” makes "â€\x9d"."""
    for misread in ("sloppy-windows-1252", "latin-1"):
        try:
            return text.encode(misread).decode("utf-8")
        except UnicodeError:
            continue
    return None



# lxml.html's parser picks each element's Python class by calling a Python method for every
# element lxml hands out (80 a page in the extraction bench's profile). One class for all, chosen
# in C, does as well: the pipeline uses no element methods beyond lxml's own, and trafilatura and
# htmldate (the fallback) take the tree as long as it is made of lxml.html's HtmlElement.
HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse(html: bytes | str, content_type: str | None = None) -> etree._Element:
    """The page as an lxml.html tree; raises ValueError when there is no HTML to parse."""
    text = decode(html, content_type) if isinstance(html, bytes) else html
    if not text or text.isspace():
        raise ValueError("empty document")
    if looks_binary(text):
        raise ValueError("binary content, not an HTML page")
    text = repair_mojibake(text.replace("\x00", ""))
    # lxml refuses str input that carries an XML encoding declaration.
    text = XML_DECLARATION.sub("", text)
    tree, limited = _parse(text, huge=False)
    if limited:
        # libxml2 stops at its limits: a text node of 10 MB (within what a crawl downloads) or
        # nesting deeper than 256 levels. Without them it reads all the text; the nesting is
        # then cut where the limit would have cut it, as the extraction walks the tree by
        # recursion.
        tree, _ = _parse(text, huge=True)
        if _cut_deeper_than(tree, MAX_DEPTH):
            logger.warning("page nests deeper than the parser reads: deeper text is left out")
    _drop_unsafe_characters(tree)
    return tree


# The depth libxml2 reads without XML_PARSE_HUGE: elements this far down have no children.
MAX_DEPTH = 256


def _parse(text: str, *, huge: bool) -> tuple[etree._Element, bool]:
    """The tree, and whether libxml2 stopped at one of its limits making it."""
    parser = etree.HTMLParser(huge_tree=huge)  # its own, so its error log is this page's
    parser.set_element_class_lookup(HTML_CLASSES)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ValueError(f"not an HTML document: {error}") from None
    return tree, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _cut_deeper_than(root: etree._Element, depth: int) -> bool:
    """Remove what lies `depth` levels or more below the root, keeping the text between the
    removed elements in their parent; whether anything was. Level by level, not by recursion."""
    level = [root]
    for _ in range(depth - 1):
        level = [child for node in level for child in node]
        if not level:
            return False
    cut = False
    for node in level:
        if len(node):
            node.text = (node.text or "") + "".join(child.tail or "" for child in node)
            for child in list(node):
                node.remove(child)
            cut = True
    return cut


DOCUMENT_TEXT = etree.XPath("string(/)")


def _drop_unsafe_characters(tree: etree._Element) -> None:
    """Leave the tree only text lxml accepts back, so boilerplate can be dropped and a tail moved.
    No reader sees these characters; a form feed is whitespace in HTML. Found by XPath, as the
    rules find what they drop: in a tree libxml2 rebuilt from broken markup, lxml's own iteration
    can miss elements that XPath reaches. Most pages have none: the document's whole text, one
    XPath string, is searched first, and only a page that has some is walked node by node."""
    text = DOCUMENT_TEXT(tree)
    if not XML_UNSAFE.search(text) and "\x0c" not in text:
        return
    for text in tree.xpath("//text()"):
        if XML_UNSAFE.search(text):
            node, name = text.getparent(), "tail" if text.is_tail else "text"
            setattr(node, name, XML_UNSAFE.sub("", getattr(node, name).replace("\x0c", " ")))
