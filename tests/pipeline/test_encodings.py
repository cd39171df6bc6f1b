"""Bytes to text: what each encoding fixture of bench/decode_agreement.py must decode to, and
what mojibake repair must give. Where beautifulsoup4's UnicodeDammit (with or without a charset
detector), ftfy on its own and the earlier hand-written code disagreed, the case is here with
the reading that won (docs/platforms/encodings.md)."""

import codecs
import json
import re

import pytest

from mirror.faults import _as_windows_1252
from mirror.server import SITES_DIR
from pipeline.html import decode, mislabelled_utf8, parse, repair_mojibake

DUTCH = "Ideeën over coöperaties, naïeve burgers en “zorg” – €5, ’s avonds"
LETTERS = "Ideeën over coöperaties en naïeve burgers in België"  # no quotes, dashes or €
EURO = "Ideeën voor €5 per uur in België"  # € is A4 in iso-8859-15, ¤ in windows-1252
RUSSIAN = "Социальная работа в районе начинается с доверия. Волонтёры работают рядом."
JAPANESE = "地域のソーシャルワークは信頼から始まります。ボランティアと専門家が並んで働きます。"
POLISH = "Praca socjalna zaczyna się od zaufania. Źródło: gmina Łódź, Kraków, Gdańsk."
CANON_WINDOW = SITES_DIR / "canon" / "files" / "nl_mw" / "details.php?canon_id=140"
# The page tests/spiders/test_faults.py serves with the mislabelled-charset fault.
ACCENTED = (SITES_DIR / "zorgwelzijn" / "files" / "hernieuwde-aandacht-voor-samenlevingsopbouw"
            / "index.html")


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{text}</p></body></html>"


def meta(label: str) -> str:
    return f'<meta charset="{label}">'


def header(label: str) -> str:
    return f"text/html; charset={label}"


# --- the bytes first --------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "shift_jis", "utf-16"])
def test_valid_utf8_is_read_as_utf8_whatever_the_label_says(label):
    html = page(DUTCH, meta(label))
    assert decode(html.encode("utf-8"), header(label)) == html


def test_the_mirrors_window_served_as_windows_1252_reads_as_the_utf8_it_is():
    """The canon serves this window's UTF-8 as windows-1252, in the header and the meta.
    UnicodeDammit, which believes the header, gives "IdeeÃ«n"."""
    routes = json.loads((SITES_DIR / "canon" / "site.json").read_text())["routes"]
    content_type = routes["/nl_mw/details.php?canon_id=140"]["headers"]["Content-Type"]
    body = CANON_WINDOW.read_bytes()
    assert "windows-1252" in content_type and b"windows-1252" in body
    assert decode(body, content_type) == body.decode("utf-8")
    assert "Ideeën" in decode(body, content_type)


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_a_byte_order_mark_wins_over_any_label(bom, codec):
    """UnicodeDammit tries the header's charset before the byte-order mark: a UTF-16 page
    served as windows-1252 came out as windows-1252."""
    html = page(DUTCH, meta("utf-8"))
    body = bom + html.encode(codec)
    assert decode(body, header("windows-1252")) == html
    assert decode(body) == html


# --- the labels -------------------------------------------------------------------------------

TRUE_LABELS = [
    ("windows-1252", "windows-1252", DUTCH), ("iso8859-15", "iso-8859-15", EURO),
    ("mac-roman", "macintosh", DUTCH), ("cp850", "ibm850", LETTERS),
    ("koi8-r", "KOI8-R", RUSSIAN), ("cp1251", "windows-1251", RUSSIAN),
    ("cp866", "ibm866", RUSSIAN), ("shift_jis", "Shift_JIS", JAPANESE),
    ("euc-jp", "EUC-JP", JAPANESE), ("cp1250", "windows-1250", POLISH),
    ("iso8859-2", "iso-8859-2", POLISH),
]


@pytest.mark.parametrize(("codec", "label", "text"), TRUE_LABELS,
                         ids=[codec for codec, _, _ in TRUE_LABELS])
@pytest.mark.parametrize("where", ["header", "meta", "xml declaration"])
def test_a_true_label_reads_the_page_in_its_encoding(codec, label, text, where):
    html = page(text, meta(label) if where == "meta" else "")
    if where == "xml declaration":  # XHTML; the earlier code read no XML declaration
        html = f'<?xml version="1.0" encoding="{label}"?>\n{html}'
    content_type = header(label) if where == "header" else "text/html"
    assert decode(html.encode(codec), content_type) == html


def test_windows_1252_bytes_declared_utf8_are_read_as_windows_1252():
    """The mirror's mislabelled-charset fault: the header and the meta say UTF-8."""
    body = page(DUTCH, meta("UTF-8")).encode("windows-1252")
    assert decode(body, header("utf-8")) == page(DUTCH, meta("UTF-8"))
    assert mislabelled_utf8(body, header("utf-8"))


def test_the_mirrors_mislabelled_charset_fault_reads_as_the_windows_1252_it_is():
    body = _as_windows_1252(ACCENTED.read_bytes())
    assert b'<meta charset="UTF-8"' in body
    assert decode(body, header("utf-8")) == body.decode("windows-1252")
    assert "ë" in decode(body, header("utf-8")) and mislabelled_utf8(body, header("utf-8"))


def test_a_page_that_is_what_it_says_is_not_mislabelled():
    assert not mislabelled_utf8(page(DUTCH).encode("utf-8"), header("utf-8"))
    assert not mislabelled_utf8(CANON_WINDOW.read_bytes(), header("windows-1252"))


@pytest.mark.parametrize(("codec", "label", "text"), [
    ("koi8-r", "KOI8-R", RUSSIAN), ("mac-roman", "macintosh", DUTCH),
    ("iso8859-15", "iso-8859-15", EURO), ("shift_jis", "Shift_JIS", JAPANESE),
], ids=["koi8-r", "mac-roman", "iso-8859-15", "shift_jis"])
def test_a_false_utf8_header_gives_way_to_the_pages_own_label(codec, label, text):
    """Bytes that are not UTF-8 prove a UTF-8 label false; the earlier code then went straight
    to windows-1252 and passed over the page's own, true, label."""
    html = page(text, meta(label))
    assert decode(html.encode(codec), header("utf-8")) == html


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "ascii", "us-ascii"])
def test_a_latin1_or_ascii_label_reads_quotes_dashes_and_euros_as_windows_1252(label):
    """Browsers read these labels as windows-1252 (the WHATWG Encoding Standard): its bytes
    80-9F are “ ” ’ – € where latin-1 has invisible control characters."""
    html = page(DUTCH, meta(label))
    assert decode(html.encode("windows-1252"), header(label)) == html
    assert decode(html.encode("windows-1252")) == html


@pytest.mark.parametrize("first", ["no-such-codec", "idna", "rot13", "utf-8"])
def test_a_label_no_codec_reads_gives_way_to_the_next(first):
    html = page(POLISH, meta("windows-1250"))
    assert decode(html.encode("cp1250"), header(first)) == html


def test_a_label_python_has_no_codec_for_but_bs4_knows_is_read():
    html = page(JAPANESE, meta("x-sjis"))
    assert decode(html.encode("shift_jis")) == html


def test_a_meta_label_with_spaces_inside_its_quotes_is_read():
    """bs4's declaration finder misses it; the meta pattern of the earlier code does not."""
    html = page(POLISH, '<meta charset="  windows-1250">')
    assert decode(html.encode("cp1250")) == html


# --- no label ---------------------------------------------------------------------------------

# Dutch pages have few letters beyond ASCII: too few for a charset detector. Each of these, as
# windows-1252 without a label, is misread by one of the detectors UnicodeDammit can use.
MISDETECTED = {
    "chardet: iso8859-3 (only a ’)": "zorgwelzijn/files/zo-kan-het-ook/index.html",
    "charset-normalizer: windows-1250 (ï as ď)":
        "socialevraagstukken/files/jongerenwerk-verdient-meer-erkenning/index.html",
    "cchardet: ISO-8859-13 (ë as ė)": "canon/files/nl/details.php?canon_id=18",
}


@pytest.mark.parametrize("path", MISDETECTED.values(), ids=MISDETECTED.keys())
def test_bytes_that_are_not_utf8_and_carry_no_label_are_read_as_windows_1252(path):
    text = (SITES_DIR / path).read_text(encoding="utf-8")
    text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.I)
    body = text.encode("windows-1252", "xmlcharrefreplace")
    assert decode(body, "text/html") == body.decode("windows-1252")
    assert decode(body) == body.decode("windows-1252")


# --- damaged bytes ----------------------------------------------------------------------------

@pytest.mark.parametrize(("codec", "label"), [("euc-jp", "EUC-JP"), ("shift_jis", "Shift_JIS")])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_true_label_reads_a_page_cut_inside_its_last_character(codec, label, where):
    """A truncated download: the label still decides, the cut character is one U+FFFD.
    UnicodeDammit tries every candidate strictly before any with replacement, and windows-1252
    reads EUC-JP strictly: the whole page came out as mojibake."""
    html = page(JAPANESE, meta(label) if where == "meta" else "").replace("</p></body></html>", "")
    body = html.encode(codec)[:-1]
    content_type = header(label) if where == "header" else "text/html"
    assert decode(body, content_type) == html[:-1] + "\ufffd"


def test_a_byte_windows_1252_leaves_undefined_becomes_one_replacement_character():
    """UnicodeDammit gives up on the label here and asks its detector."""
    html = page(DUTCH)
    body = html.encode("windows-1252").replace(b"<p>", b"<p>\x81")
    assert decode(body, header("windows-1252")) == html.replace("<p>", "<p>\ufffd")


# --- mojibake ---------------------------------------------------------------------------------

C1_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
TEXTS = [
    "Ideeën uit Amerika veranderen het maatschappelijk werk",
    "Één alinea over coöperaties, naïeve ideeën en de geëmancipeerde burger in België",
    "Zorg™ kost €5 per uur – “goed geregeld”, zei ze, ‘echt’…",
    "Curaçao, café, privé, reünie, ingrediënt — 2½ °C, § 3 en © Movisie",
]


def as_windows_1252(text: str) -> str:
    """UTF-8 read as windows-1252 as browsers read it: the undefined bytes as C1 controls."""
    return "".join(chr(b) if b in C1_UNDEFINED else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


@pytest.mark.parametrize("text", TEXTS, ids=["diaereses", "capitals", "symbols", "signs"])
def test_utf8_read_as_windows_1252_is_repaired(text):
    assert repair_mojibake(page(as_windows_1252(text))) == page(text)


@pytest.mark.parametrize("text", TEXTS, ids=["diaereses", "capitals", "symbols", "signs"])
def test_utf8_read_as_latin1_is_repaired(text):
    assert repair_mojibake(page(text.encode("utf-8").decode("latin-1"))) == page(text)


@pytest.mark.parametrize("text", TEXTS, ids=["diaereses", "capitals", "symbols", "signs"])
def test_utf8_read_as_windows_1252_twice_is_repaired(text):
    """The earlier round trip undid one misreading: "IdeeÃƒÂ«n" became "IdeeÃ«n"."""
    assert repair_mojibake(page(as_windows_1252(as_windows_1252(text)))) == page(text)


def test_a_closing_quote_whose_last_byte_windows_1252_leaves_undefined_is_repaired():
    """” is E2 80 9D; browsers show 9D as a C1 control, which windows-1252 cannot encode back:
    the earlier round trip gave up on the whole page."""
    assert as_windows_1252("”") == "â€\x9d"
    assert repair_mojibake(page(as_windows_1252("“goed”"))) == page("“goed”")


def test_the_canon_window_decoded_as_declared_is_repaired():
    text = CANON_WINDOW.read_bytes().decode("utf-8")
    assert repair_mojibake(as_windows_1252(text)) == text


def test_text_quoting_mojibake_beside_its_own_letters_is_left_alone():
    """ftfy on its own "repairs" the quote, making the sentence say nothing."""
    text = page("Zie je IdeeÃ«n in plaats van Ideeën? Dan is de tekst als windows-1252 gelezen.")
    assert repair_mojibake(text) == text


def test_mojibake_in_one_paragraph_of_a_correct_page_is_left_as_it_is():
    """ftfy on its own repairs this, but it cannot tell it from the quote above: only text
    that is mojibake as a whole is repaired."""
    text = page("Ideeën</p><p>" + as_windows_1252("coöperaties"))
    assert repair_mojibake(text) == text


@pytest.mark.parametrize("text", [
    "Op de kaart: SÃO PAULO – São Paulo, C O N C L U S Ã O",
    "Bremer/Mccoy – DrÃ¥ber",
    "Asistentul social câştigă încrederea: aşa ţine legătura cu mâţa vecinei",
    "Coördinatie, privé en “zorg”",
], ids=["portuguese", "mixed", "romanian", "dutch"])
def test_text_that_only_looks_like_mojibake_is_unchanged(text):
    assert repair_mojibake(page(text)) == page(text)


def test_a_page_whose_utf8_was_misread_twice_parses_to_its_letters():
    body = page(as_windows_1252(as_windows_1252("Ideeën")))
    assert parse(body.encode("utf-8"), header("utf-8")).findtext(".//p") == "Ideeën"
