"""Decoding agreement: how often each decoder turns a page's bytes back into exactly the text
that was encoded, and how long it takes. The question behind it: can beautifulsoup4's
UnicodeDammit (with a charset detector) and ftfy replace the hand-written decoding and mojibake
repair in pipeline/html.py without losing a page the hand-written code reads right?

The corpus (every case has the exact text it must decode to):

- served: every mirror HTML page (mirror/sites/*/files/) as the mirror serves it, with the real
  mislabelled canon window (UTF-8 bytes, windows-1252 in header and meta: site.json routes);
- fault: every mirror page as the `mislabelled-charset` fault serves it (mirror/faults.py:
  windows-1252 bytes, UTF-8 in header and meta);
- re-encoded: every mirror page and drift fixture (tests/fixtures/drift/), and a Russian,
  Japanese and Polish sample, each encoded into several encodings (characters the encoding lacks
  become character references, as a browser submits them) under a true label, a false one or
  none, in the Content-Type header, a `<meta charset>`, both, or the two disagreeing;
- damaged: under a true label, UTF-8 pages cut inside a character or with one stray
  windows-1252 byte, windows-1252 pages with a byte it leaves undefined, the samples in their
  multi-byte encodings cut inside a character (the text a browser shows: U+FFFD for the bad
  bytes);
- mojibake: Dutch text with diacritics, €, ™ and curly quotes as UTF-8 read as windows-1252
  (once, twice, or with the undefined bytes as C1 controls, as browsers do) or as latin-1,
  whole pages or one paragraph among correct text, as str (what `parse` repairs) and as the
  UTF-8 bytes a CMS would serve;
- lookalike: text that only looks like mojibake (a page quoting mojibake, Romanian ş/ţ,
  Portuguese Ã, capitals before a no-break space) and 300 generated strings drawn like the
  property tests' text: nothing may change.

    .venv/bin/python bench/decode_agreement.py [--pages N] [--losses 5]

Detectors are whichever of charset-normalizer (a trafilatura dependency), chardet and cchardet
are importable. None is a project dependency, and the `cchardet` module comes from either the
cchardet or the faust-cchardet distribution, so install them outside the venv, one cchardet at
a time:

    .venv/bin/pip install --target /tmp/faust chardet faust-cchardet
    PYTHONPATH=/tmp/faust .venv/bin/python bench/decode_agreement.py
    .venv/bin/pip install --target /tmp/yoshi chardet cchardet
    PYTHONPATH=/tmp/yoshi .venv/bin/python bench/decode_agreement.py

"hand-written" is pipeline/html.py's decoding and repair before this measurement (a copy is
kept here as the baseline); "pipeline" is what pipeline/html.py does now; "w3lib" is Scrapy's
own decoding, for reference. RULES below states each decoder's precedence."""

from __future__ import annotations

import argparse
import codecs
import importlib
import importlib.metadata
import logging
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bs4.dammit
import ftfy
import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252
from bs4 import UnicodeDammit
from w3lib.encoding import html_to_unicode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from common import machine  # noqa: E402

from mirror.faults import _as_windows_1252  # noqa: E402
from mirror.server import load_sites  # noqa: E402
from pipeline import html  # noqa: E402

DRIFT = REPO / "tests" / "fixtures" / "drift"
UTF8 = "text/html; charset=utf-8"

RULES = {
    "hand-written": "BOM > valid UTF-8 > header charset > meta charset > windows-1252; a UTF-8"
                    " label on bytes that are not UTF-8 counts as no label, so windows-1252; the"
                    " label decodes with U+FFFD for bad bytes; a label no codec reads gives"
                    " windows-1252 (pipeline/html.py before this measurement)",
    "dammit": "header charset (strict) > BOM > XML declaration, else meta charset (strict) >"
              " detector's guess (strict) > UTF-8 > windows-1252 (strict), then the same list"
              " again with U+FFFD: UnicodeDammit(body, [header charset], is_html=True), as"
              " BeautifulSoup(body, from_encoding=header charset) calls it",
    "bytes+dammit": "BOM > valid UTF-8 (the hand-written checks), then UnicodeDammit as above",
    "w3lib": "BOM > header charset > XML declaration or meta > windows-1252, all with U+FFFD,"
             " latin-1 and ASCII labels read as windows-1252 (w3lib.encoding.html_to_unicode,"
             " Scrapy's TextResponse.text)",
    "pipeline": "BOM (bs4's EncodingDetector) > valid UTF-8 > header charset > the page's own:"
                " XML declaration, else meta (bs4's EncodingDetector in the first 4 KB, then the"
                " hand-written meta pattern) > windows-1252; a label naming UTF-8 on bytes that"
                " are not, or naming no text codec, gives way to the next; a latin-1 or ASCII"
                " label reads as windows-1252 (WHATWG); U+FFFD for bad bytes",
    "hand-written repair": "the whole text re-encoded as windows-1252 (else latin-1) decodes as"
                           " UTF-8: that, once",
    "ftfy": "ftfy.fix_encoding: ftfy's badness heuristic per stretch of text, repeated until"
            " stable (several single-byte encodings, C1 controls, lost bytes)",
    "ftfy whole": "ftfy.fix_encoding, only on text holding a mojibake pair that as a whole"
                  " re-encodes as sloppy windows-1252 (C1 controls as their bytes) or latin-1"
                  " into UTF-8",
    "pipeline repair": "ftfy whole, falling back to the hand-written round trip where ftfy"
                       " changes nothing",
}


@dataclass(frozen=True)
class Case:
    group: str
    source: str  # the page or text it was made from
    kind: str  # what was done to it: a difference is counted under group and kind
    body: bytes | str
    content_type: str | None
    expected: str

    @property
    def name(self) -> str:
        return f"{self.source} | {self.kind}"


# --- the pages --------------------------------------------------------------------------------

SAMPLE_PAGE = ("<!DOCTYPE html>\n<html lang=\"{lang}\"><head><title>{title}</title></head>\n"
               "<body><h1>{title}</h1>\n{paragraphs}\n</body></html>\n")
SAMPLES = {
    "russian": ("ru", "Социальная работа в районе", (
        "Социальная работа в районе начинается с доверия. Социальные работники помогают"
        " жителям найти поддержку, организовать соседскую помощь и решать проблемы вместе с"
        " муниципалитетом.",
        "Волонтёры и профессионалы работают рядом: одни знают улицу, другие знают правила."
        " «Без участия жителей ничего не получится», — говорит координатор проекта.",
        "Исследование показывает, что одиночество пожилых людей уменьшается, когда соседи"
        " встречаются регулярно, а социальный работник знает их по имени.",
    )),
    "japanese": ("ja", "地域のソーシャルワーク", (
        "地域のソーシャルワークは信頼から始まります。ソーシャルワーカーは住民が支援を見つけ、"
        "近所の助け合いを組織し、自治体と一緒に問題を解決するのを手伝います。",
        "ボランティアと専門家が並んで働きます。一方は通りを知り、もう一方は規則を知っています。"
        "「住民の参加なしには何もできません」とプロジェクトの調整役は言います。",
        "調査によると、近所の人が定期的に集まり、ソーシャルワーカーが名前で呼びかけると、"
        "高齢者の孤独は減ります。",
    )),
    "polish": ("pl", "Praca socjalna w dzielnicy", (
        "Praca socjalna w dzielnicy zaczyna się od zaufania. Pracownicy socjalni pomagają"
        " mieszkańcom znaleźć wsparcie, zorganizować sąsiedzką pomoc i rozwiązywać problemy"
        " razem z gminą.",
        "Wolontariusze i profesjonaliści pracują obok siebie: jedni znają ulicę, drudzy znają"
        " przepisy. „Bez udziału mieszkańców nic się nie uda” – mówi koordynatorka projektu.",
        "Badanie pokazuje, że samotność starszych osób maleje, gdy sąsiedzi spotykają się"
        " regularnie, a pracownik socjalny zna ich z imienia. Źródło: gmina Łódź, Kraków, Gdańsk.",
    )),
}


def sample_page(slug: str) -> str:
    lang, title, paragraphs = SAMPLES[slug]
    return SAMPLE_PAGE.format(lang=lang, title=title,
                              paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def mirror_files() -> list[tuple[str, Path, str]]:
    """(name, path, Content-Type as served) of every mirror HTML page."""
    pages = []
    sites = {site.slug: site for site in load_sites().values()}  # keyed by host: once a site
    for site in sites.values():
        served = {}
        for key, route in site.routes.items():
            ctype = route.get("headers", {}).get("Content-Type")
            path = site.file_for(route.get("file", key))
            if ctype and path:
                served[path.resolve()] = ctype
        for path in sorted(site.root.rglob("*")):
            if path.is_file() and html.looks_like_html(path.read_bytes()):
                name = f"{site.slug}/{path.relative_to(site.root)}"
                pages.append((name, path, served.get(path.resolve(), UTF8)))
    return sorted(pages)


def source_pages(limit: int | None) -> list[tuple[str, str]]:
    """(name, text) of the pages to re-encode: mirror pages, drift fixtures, the samples."""
    pages = [(name, path.read_bytes().decode("utf-8")) for name, path, _ in mirror_files()]
    pages += [(f"drift/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(DRIFT.iterdir())]
    pages = pages[:limit] if limit else pages
    return pages + [(f"sample/{slug}", sample_page(slug)) for slug in SAMPLES]


# --- re-encoding ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Encoding:
    name: str  # how the figures name it
    codec: str  # Python codec that writes the bytes
    label: str  # what a true label says
    false: tuple[str, ...]  # the false labels it is served under
    bom: bytes = b""  # written before the bytes (for codecs that write none themselves)
    reader: str = ""  # Python codec that reads the bytes back (default: codec)


LATIN = (
    Encoding("windows-1252", "cp1252", "windows-1252", ("utf-8", "iso-8859-1")),
    Encoding("iso-8859-1", "latin-1", "iso-8859-1", ("utf-8", "windows-1252")),
    Encoding("iso-8859-15", "iso8859-15", "iso-8859-15", ("utf-8", "windows-1252")),
    Encoding("utf-8", "utf-8", "utf-8", ("windows-1252", "iso-8859-1")),
    Encoding("utf-8 BOM", "utf-8-sig", "utf-8", ("windows-1252", "iso-8859-1")),
    Encoding("utf-16le BOM", "utf-16-le", "utf-16", ("utf-8", "windows-1252"),
             codecs.BOM_UTF16_LE, "utf-16"),
    Encoding("utf-16be BOM", "utf-16-be", "utf-16", ("utf-8", "windows-1252"),
             codecs.BOM_UTF16_BE, "utf-16"),
    Encoding("utf-32le BOM", "utf-32-le", "utf-32", ("utf-8", "windows-1252"),
             codecs.BOM_UTF32_LE, "utf-32"),
    Encoding("utf-16le", "utf-16-le", "utf-16le", ("utf-8", "windows-1252")),
    Encoding("mac-roman", "mac-roman", "macintosh", ("utf-8", "windows-1252")),
    Encoding("cp850", "cp850", "ibm850", ("utf-8", "windows-1252")),
)
UNICODE = tuple(e for e in LATIN if e.name in ("utf-8", "utf-16le BOM"))
ENCODINGS = {
    "russian": (
        Encoding("koi8-r", "koi8-r", "KOI8-R", ("utf-8", "windows-1252")),
        Encoding("windows-1251", "cp1251", "windows-1251", ("utf-8", "windows-1252")),
        Encoding("iso-8859-5", "iso8859-5", "iso-8859-5", ("utf-8", "windows-1252")),
        Encoding("cp866", "cp866", "ibm866", ("utf-8", "windows-1252")),
    ) + UNICODE,
    "japanese": (
        Encoding("shift_jis", "shift_jis", "Shift_JIS", ("utf-8", "windows-1252")),
        Encoding("euc-jp", "euc-jp", "EUC-JP", ("utf-8", "windows-1252")),
        Encoding("iso-2022-jp", "iso-2022-jp", "ISO-2022-JP", ("utf-8", "windows-1252")),
    ) + UNICODE,
    "polish": (
        Encoding("windows-1250", "cp1250", "windows-1250", ("utf-8", "windows-1252")),
        Encoding("iso-8859-2", "iso8859-2", "iso-8859-2", ("utf-8", "windows-1252")),
    ) + UNICODE,
}
CHARSET_META = re.compile(r"<meta\s+(charset=[^>]*|http-equiv=[\"']?content-type[^>]*)>\s*", re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)


def labelled(text: str, meta: str | None, xml: str | None = None) -> str:
    """The page with its own charset declarations taken out and `meta` declared in a
    `<meta charset>`, `xml` in an XML declaration (as XHTML pages do), if given."""
    text = CHARSET_META.sub("", text)
    if meta is not None:
        tag = f'<meta charset="{meta}">'
        head = HEAD.search(text)
        text = text[:head.end()] + tag + text[head.end():] if head else tag + text
    return f'<?xml version="1.0" encoding="{xml}"?>\n{text}' if xml else text


def label_variants(encoding: Encoding) -> list[tuple[str, str | None, str | None, str | None]]:
    """(variant, charset in the header, in a meta, in an XML declaration) for one encoding."""
    true = encoding.label
    variants = [("true header", true, None, None), ("true meta", None, true, None),
                ("true header+meta", true, true, None), ("true xml declaration", None, None, true),
                ("no label", None, None, None)]
    for false in encoding.false:
        variants += [(f"false {false} header", false, None, None),
                     (f"false {false} meta", None, false, None),
                     (f"false {false} header, true meta", false, true, None),
                     (f"true header, false {false} meta", true, false, None)]
    return variants


def reencoded(name: str, text: str, encoding: Encoding) -> list[Case]:
    cases = []
    for variant, header, meta, xml in label_variants(encoding):
        page = labelled(text, meta, xml)
        body = encoding.bom + page.encode(encoding.codec, "xmlcharrefreplace")
        expected = body.decode(encoding.reader or encoding.codec)
        ctype = f"text/html; charset={header}" if header else "text/html"
        cases.append(Case("re-encoded", name, f"{encoding.name} | {variant}", body, ctype,
                          expected))
    return cases


# --- mojibake ---------------------------------------------------------------------------------

MOJIBAKE_TEXTS = (
    "Ideeën uit Amerika veranderen het maatschappelijk werk",
    "Één alinea over coöperaties, naïeve ideeën en de geëmancipeerde burger in België",
    "Zorg™ kost €5 per uur – “goed geregeld”, zei ze, ‘echt’…",
    "Curaçao, café, privé, reünie, ingrediënt — 2½ °C, § 3 en © Movisie",
)
LOOKALIKES = (
    "Zie je IdeeÃ«n in plaats van Ideeën? Dan is de tekst als windows-1252 gelezen.",
    "Op de kaart: SÃO PAULO – São Paulo, C O N C L U S Ã O",
    "Bremer/Mccoy – DrÃ¥ber",
    "Asistentul social câştigă încrederea: aşa ţine legătura cu mâţa vecinei",
    "MISUTÂ\u00a0AJIKKO",
)
PLAIN_PAGE = "<html><head><title>Pagina</title></head><body><h1>Pagina</h1><p>{}</p></body></html>"
C1_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def as_windows_1252(text: str) -> str:
    """UTF-8 read as windows-1252 the way browsers read it: undefined bytes as C1 controls."""
    return "".join(chr(b) if b in C1_UNDEFINED else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


def as_latin_1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


MISREADS: dict[str, Callable[[str], str]] = {
    "windows-1252": as_windows_1252,
    "latin-1": as_latin_1,
    "windows-1252 twice": lambda text: as_windows_1252(as_windows_1252(text)),
}


def text_cases(group: str, source: str, kind: str, given: str, expected: str) -> list[Case]:
    """The text as str (as `parse` gets it) and as the UTF-8 bytes a server sends with it."""
    return [Case(group, source, f"{kind}, str", given, None, expected),
            Case(group, source, f"{kind}, utf-8 bytes", given.encode("utf-8", "surrogatepass"),
                 UTF8, expected)]


def mojibake_cases(canon_window: str) -> list[Case]:
    cases = []
    for index, text in enumerate(MOJIBAKE_TEXTS):
        for misread, wrong in MISREADS.items():
            whole = PLAIN_PAGE.format(text)
            cases += text_cases("mojibake", f"text {index}", f"whole page, {misread}",
                                wrong(whole), whole)
            mixed = PLAIN_PAGE.format(f"Ideeën</p><p>{wrong(text)}")
            cases += text_cases("mojibake", f"text {index}", f"in a correct page, {misread}",
                                mixed, PLAIN_PAGE.format(f"Ideeën</p><p>{text}"))
    cases += text_cases("mojibake", "canon window 140", "whole page as declared, windows-1252",
                        as_windows_1252(canon_window), canon_window)
    return cases


def generated_texts(count: int, seed: int = 0) -> list[str]:
    """Strings drawn as tests/pipeline/test_properties.py draws page text: any letter, mark,
    symbol or space but control characters, surrogates and the three mojibake leads."""
    rng = random.Random(seed)
    banned = set("ÃÂâ\ufffd\ufffe\uffff")
    ranges = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x52F), (0x2000, 0x2BFF), (0x3000, 0x9FFF),
              (0x1F300, 0x1FAFF), (0x20, 0x10FFFF))
    texts = []
    while len(texts) < count:
        chars = []
        for _ in range(rng.randrange(1, 41)):
            low, high = rng.choice(ranges)
            char = chr(rng.randint(low, high))
            if char not in banned and not (0xD800 <= ord(char) < 0xE000) and char.isprintable():
                chars.append(char)
        texts.append("".join(chars))
    return texts


def lookalike_cases() -> list[Case]:
    cases = []
    for text in LOOKALIKES:
        page = PLAIN_PAGE.format(text)
        cases += text_cases("lookalike", f"{text[:24]!r}", "written", page, page)
    for index, text in enumerate(generated_texts(300)):
        page = PLAIN_PAGE.format(text)
        cases.append(Case("lookalike", f"generated {index}", "generated, str", page, None, page))
    return cases


def damaged_cases(pages: list[tuple[str, str]]) -> list[Case]:
    """Pages with a few bad bytes under a true label: UTF-8 cut inside its last character (a
    truncated download) or with one character pasted in as windows-1252 (é as the byte E9);
    the samples in their multi-byte encodings cut the same way; a windows-1252 page holding a
    byte windows-1252 leaves undefined. The text expected is what a browser shows: U+FFFD for
    each bad sequence."""
    cases = []
    for name, text in pages:
        if name.startswith("sample/"):
            cases += cut_sample(name, text)
            continue
        body = text.encode("utf-8")
        last = max((i for i, b in enumerate(body) if b >= 0xC0), default=None)
        if last is not None:
            cut = body[:last + 1]
            cases.append(Case("damaged", name, "utf-8 cut in a character", cut, UTF8,
                              cut.decode("utf-8", "replace")))
        at = body.find(b"</p>")
        if at > 0:
            stray = body[:at] + "é".encode("cp1252") + body[at:]
            cases.append(Case("damaged", name, "utf-8 with one windows-1252 byte", stray, UTF8,
                              stray.decode("utf-8", "replace")))
            undefined = labelled(text, None).encode("cp1252", "xmlcharrefreplace")
            undefined = undefined[:at] + b"\x81" + undefined[at:]
            cases.append(Case("damaged", name, "windows-1252 with an undefined byte", undefined,
                              "text/html; charset=windows-1252",
                              undefined.decode("cp1252", "replace")))
    return cases


def cut_sample(name: str, text: str) -> list[Case]:
    """A sample page in each of its multi-byte encodings, cut inside its last non-ASCII
    character, under a true label in the header or in the meta."""
    cases = []
    last = max(i for i, char in enumerate(text) if ord(char) > 127)
    for encoding in ENCODINGS[name.removeprefix("sample/")]:
        one = len(text[last].encode(encoding.codec, "xmlcharrefreplace"))
        if encoding.codec in ("utf-8", "cp1251", "cp1250", "koi8-r", "cp866") or one < 2:
            continue  # single-byte encodings cannot be cut inside a character
        for where, header, meta in (("header", encoding.label, None),
                                    ("meta", None, encoding.label)):
            page = labelled(text[:last + 1], meta)
            body = (encoding.bom + page.encode(encoding.codec, "xmlcharrefreplace"))[:-1]
            ctype = f"text/html; charset={header}" if header else "text/html"
            cases.append(Case("damaged", name, f"{encoding.name} cut in a character, label in"
                              f" the {where}", body, ctype,
                              body.decode(encoding.reader or encoding.codec, "replace")))
    return cases


def corpus(limit: int | None) -> list[Case]:
    cases = []
    canon_window = ""
    for name, path, ctype in mirror_files():
        body = path.read_bytes()
        mislabelled = "windows-1252" in ctype
        kind = "UTF-8 served as windows-1252" if mislabelled else "as served"
        cases.append(Case("served", name, kind, body, ctype, body.decode("utf-8")))
        canon_window = body.decode("utf-8") if mislabelled else canon_window
        fault = _as_windows_1252(body)
        cases.append(Case("fault", name, "windows-1252 served as UTF-8", fault, UTF8,
                          fault.decode("cp1252")))
    pages = source_pages(limit)
    for name, text in pages:
        slug = name.removeprefix("sample/")
        for encoding in ENCODINGS.get(slug, LATIN):
            cases += reencoded(name, text, encoding)
    cases += damaged_cases(pages)
    return cases + mojibake_cases(canon_window) + lookalike_cases()


# --- the decoders -----------------------------------------------------------------------------

HANDWRITTEN_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
HANDWRITTEN_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def handwritten_charset(content_type: str | None, body: bytes) -> str | None:
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'")
    match = HANDWRITTEN_META.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def handwritten_repair(text: str) -> str:
    """pipeline/html.py's repair_mojibake before this measurement."""
    if not any(lead in text for lead in "ÃÂâ") or not MOJIBAKE_PAIR.search(text):
        return text
    for wrong in ("windows-1252", "latin-1"):
        try:
            return text.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def detectors() -> dict[str, object | None]:
    """Detector name -> module with chardet's detect(), for every one importable."""
    found: dict[str, object | None] = {}
    for module_name in ("charset_normalizer", "chardet", "cchardet"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        dist = importlib.metadata.packages_distributions().get(module_name, [module_name])[0]
        found[f"{dist} {importlib.metadata.version(dist)}"] = module
    found["no detector"] = None
    return found


def dammit(module) -> Callable[[bytes, str | None], str]:
    """UnicodeDammit as BeautifulSoup(body, from_encoding=header charset) uses it, with the
    detector given (bs4 picks whichever is installed; here each is set in turn)."""
    def decode(body: bytes, content_type: str | None) -> str:
        bs4.dammit.chardet_module = module
        charset = handwritten_charset(content_type, b"")
        return UnicodeDammit(body, [charset] if charset else [], is_html=True).unicode_markup or ""
    return decode


def bytes_then(fallback: Callable[[bytes, str | None], str]):
    """The hand-written bytes-first checks (BOM, valid UTF-8), then `fallback`."""
    def decode(body: bytes, content_type: str | None) -> str:
        for bom, encoding in HANDWRITTEN_BOMS:
            if body.startswith(bom):
                return body.decode(encoding, errors="replace")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return fallback(body, content_type)
    return decode


def _handwritten_labels(body: bytes, content_type: str | None) -> str:
    charset = handwritten_charset(content_type, body)
    if charset in (None, "utf-8", "utf8"):
        charset = "windows-1252"
    try:
        return body.decode(charset, errors="replace")
    except (LookupError, ValueError):
        return body.decode("windows-1252", errors="replace")


# pipeline/html.py's decode before this measurement, kept as the baseline: the bytes-first
# checks, then the header's or the page's label, else windows-1252.
handwritten_decode = bytes_then(_handwritten_labels)


def w3lib_decode(body: bytes, content_type: str | None) -> str:
    """Scrapy's own decoding (TextResponse.text), with windows-1252 where it finds no label."""
    return html_to_unicode(content_type, body, default_encoding="cp1252")[1]


FIX_ENCODING = ftfy.TextFixerConfig(explain=False)
MOJIBAKE_PAIR = re.compile("[ÃÂâ][\u0080-\u00bf\u0152-\u0178\u2018-\u203a\u20ac\u2122]")


def ftfy_whole(text: str) -> str:
    """ftfy, only where the whole text is UTF-8 read as (sloppy) windows-1252 or latin-1."""
    if not any(lead in text for lead in "ÃÂâ") or not MOJIBAKE_PAIR.search(text):
        return text
    for misread in ("sloppy-windows-1252", "latin-1"):
        try:
            text.encode(misread).decode("utf-8")
        except UnicodeError:
            continue
        return ftfy.fix_encoding(text, FIX_ENCODING)
    return text


REPAIRS: dict[str, Callable[[str], str]] = {
    "no repair": lambda text: text,
    "hand-written repair": handwritten_repair,
    "ftfy": lambda text: ftfy.fix_encoding(text, FIX_ENCODING),
    "ftfy whole": ftfy_whole,
    "pipeline repair": html.repair_mojibake,
}
BASELINE = "hand-written + hand-written repair"


def decoders() -> dict[str, tuple[Callable[[bytes, str | None], str], tuple[str, ...]]]:
    """Decoder name -> (decode, the repairs it is measured with)."""
    found = {"hand-written": (handwritten_decode,
                              ("hand-written repair", "no repair", "ftfy", "ftfy whole"))}
    for detector, module in detectors().items():
        found[f"dammit ({detector})"] = (dammit(module),
                                         ("no repair", "hand-written repair", "ftfy"))
    for detector, module in detectors().items():
        found[f"bytes+dammit ({detector})"] = (bytes_then(dammit(module)),
                                               ("hand-written repair", "ftfy"))
    found["w3lib"] = (w3lib_decode, ("hand-written repair",))
    found["pipeline"] = (html.decode, ("pipeline repair",))
    return found


# --- measuring --------------------------------------------------------------------------------

def timed(function, *args) -> tuple[str, float]:
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def measure(cases: list[Case]):
    """{"decoder + repair": ([exact per case], [seconds per case])}. A repair runs once per
    distinct text it is given (most decoders agree on most pages), its time counted each time."""
    results = {}
    repaired: dict[tuple[str, str], tuple[str, float]] = {}
    for decoder_name, (decode, repairs) in decoders().items():
        decoded = [(case.body, 0.0) if isinstance(case.body, str)
                   else timed(decode, case.body, case.content_type) for case in cases]
        for repair_name in repairs:
            exact, seconds = [], []
            for case, (text, spent) in zip(cases, decoded, strict=True):
                key = (repair_name, text)
                if key not in repaired:
                    repaired[key] = timed(REPAIRS[repair_name], text)
                fixed, repair_spent = repaired[key]
                exact.append(fixed == case.expected)
                seconds.append(spent + repair_spent)
            results[f"{decoder_name} + {repair_name}"] = (exact, seconds)
        print(f"  measured {decoder_name}", file=sys.stderr, flush=True)
    return results


def share(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):5.1f}%" if flags else "    -"


GROUPS = ("served", "fault", "re-encoded", "damaged", "mojibake", "lookalike")


def report(cases: list[Case], results, losses_shown: int) -> None:
    counts = Counter(case.group for case in cases)
    print("corpus: " + ", ".join(f"{g} {counts[g]}" for g in GROUPS) + f"; {len(cases)} cases")
    print("\nexact: share of cases decoded exactly to the text that was encoded; ms: mean time"
          " per case (decode + repair); served ms: per mirror page as served; wins and losses:"
          f" cases exact where {BASELINE} is not, and the other way round")
    print(f"{'decoder + repair':58} {'exact':>6} " + " ".join(f"{g[:10]:>10}" for g in GROUPS)
          + f" {'ms':>6} {'served ms':>9} {'wins':>5} {'losses':>6}")
    baseline = results[BASELINE][0]
    served = [i for i, case in enumerate(cases) if case.group == "served"]
    for name, (exact, seconds) in results.items():
        by_group = defaultdict(list)
        for case, ok in zip(cases, exact, strict=True):
            by_group[case.group].append(ok)
        wins = sum(ok and not old for ok, old in zip(exact, baseline, strict=True))
        losses = sum(old and not ok for ok, old in zip(exact, baseline, strict=True))
        served_ms = 1000 * sum(seconds[i] for i in served) / len(served)
        print(f"{name:58} {share(exact)} " + " ".join(f"{share(by_group[g]):>10}" for g in GROUPS)
              + f" {1000 * sum(seconds) / len(seconds):6.2f} {served_ms:9.3f} {wins:5} {losses:6}")
    print("\nre-encoded pages: exact share per encoding (all labels), per label (all encodings)")
    reencoded_report(cases, results)
    print(f"\nwhere each differs from {BASELINE} (the {losses_shown} largest kinds each way):")
    for name, (exact, _) in results.items():
        differences(name, cases, exact, baseline, losses_shown)
    print("\nrules:")
    for name, rule in RULES.items():
        print(f"  {name}: {rule}")


def columns(results) -> dict[str, str]:
    """Column heading -> result name, for the decoders the per-encoding table compares."""
    chosen = {"hand": BASELINE, "pipeline": "pipeline + pipeline repair",
              "w3lib": "w3lib + hand-written repair"}
    for name in results:
        if name.endswith("+ hand-written repair") and "(" in name:
            detector = name.split("(")[1].split()[0].split("-")[0][:7]
            stem = "B+UD" if name.startswith("bytes+") else "UD"
            chosen[f"{stem}-{detector}"] = name
    return chosen


def reencoded_report(cases: list[Case], results) -> None:
    chosen = columns(results)
    indexes = [i for i, case in enumerate(cases) if case.group == "re-encoded"]
    for part, title in ((0, "encoding"), (1, "label")):
        keys = sorted({cases[i].kind.split(" | ")[part] for i in indexes})
        print(f"{title:36} " + " ".join(f"{heading:>10}" for heading in chosen))
        for key in keys:
            rows = [i for i in indexes if cases[i].kind.split(" | ")[part] == key]
            print(f"{key:36} " + " ".join(
                f"{share([results[name][0][i] for i in rows]):>10}" for name in chosen.values()))


def differences(name, cases, exact, baseline, shown: int) -> None:
    won, lost = Counter(), Counter()
    example: dict[str, str] = {}  # the first case of each kind lost
    for case, ok, old in zip(cases, exact, baseline, strict=True):
        if ok != old:
            where = f"{case.group}: {case.kind}"
            (won if ok else lost)[where] += 1
            example.setdefault(where, case.source)
    if not won and not lost:
        return
    print(f"{name}: wins {sum(won.values())}, losses {sum(lost.values())}")
    for where, n in lost.most_common(shown):
        print(f"    lost {n:4} x {where}  (e.g. {example[where]})")
    for where, n in won.most_common(shown):
        print(f"    won  {n:4} x {where}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None,
                        help="re-encode only the first N mirror pages (default: all)")
    parser.add_argument("--losses", type=int, default=5, help="kinds of difference listed")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # UnicodeDammit warns on every replacement pass
    print(machine(), flush=True)
    cases = corpus(args.pages)
    report(cases, measure(cases), args.losses)


if __name__ == "__main__":
    main()
