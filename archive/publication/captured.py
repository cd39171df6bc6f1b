"""A capture as the published archive's capture frame shows it: captured HTML made inert and kept
within the archive (plugins/captures.py reads the body from its WARC record and serves this).

Captured HTML is hostile. What keeps it from running or reaching out is the frame it is shown in
and the policy it is served under (`sandbox` without `allow-scripts`, `script-src 'none'`, no
origin but the archive's; see the capture plugin). The rewrite here is for the reader: it drops
what could only fail under that policy (scripts, the live site's images, styles and frames), so
the frame shows the captured text without a trail of refused requests, and it points the
capture's links at the archive's captures of the pages they lead to.

A link to a page the archive has no capture of keeps its text but loses its address (the address
is its title): a click in the frame can go nowhere but into the archive. The reading page and the
capture's banner link to the live page, where a reader leaves the archive knowingly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html
from lxml import etree

from pipeline.html import XML_UNSAFE, decode, looks_binary, looks_like_html
from pipeline.sites import rules_for_url
from pipeline.urls import web_url

# Elements that run script or hold another document: dropped with all they hold.
DROPPED = {"script", "noscript", "template", "iframe", "frame", "frameset", "applet"}
# Elements that fetch, embed or steer the browser elsewhere: dropped, but not what they hold. An
# object's content is its fallback, and lxml's parser (HTML 4) nests what follows a `<link>` or
# `<embed>` inside it, which is the page's own text.
UNWRAPPED = {"link", "base", "meta", "object", "embed", "portal"}
# Attributes that fetch (or point a fetch, a form or a ping) at an address. `href` is kept only
# on links, where it is rewritten.
FETCHING = {"src", "srcset", "lowsrc", "dynsrc", "data", "poster", "background", "action",
            "formaction", "ping", "codebase", "archive", "manifest", "longdesc", "imagesrcset",
            "href", "{http://www.w3.org/1999/xlink}href", "xlink:href"}
LINKS = {"a", "area"}
# Inline images are part of the captured bytes; they fetch nothing.
INLINE = re.compile(r"^\s*data:", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(?!['"]?\s*data:)[^)]*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
UNARCHIVED = "Niet in het archief: {url}"


@dataclass(frozen=True)
class Shown:
    """What the frame is served: the body as UTF-8 and its media type."""

    body: bytes
    content_type: str


def is_html(content_type: str | None, body: bytes) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml") or (not media and looks_like_html(body))


def link_targets(body: bytes, content_type: str | None, url: str) -> set[str]:
    """Every web address the links of a captured HTML page lead to, in the spellings the archive
    may have captured it under (see `spellings`); none for a capture that is not HTML."""
    if not is_html(content_type, body):
        return set()
    tree = _parse(decode(body, content_type))
    return {spelling for href in _hrefs(tree) for spelling in spellings(url, href)}


def shown(body: bytes, content_type: str | None, url: str, archived: dict[str, str]) -> Shown:
    """The capture as the frame shows it. `archived` maps the addresses of `link_targets` that
    the archive holds to where its capture of them is shown."""
    text = decode(body, content_type)
    if looks_binary(text):
        note = f"Deze opname is geen tekst ({content_type or 'onbekend type'}, {len(body)} bytes)."
        return Shown(note.encode(), "text/plain; charset=utf-8")
    if not is_html(content_type, body):
        # XML, feeds, robots.txt: read as the text they are, never run (an SVG could be).
        return Shown(text.encode("utf-8", "replace"), "text/plain; charset=utf-8")
    tree = _parse(text)
    made_inert(tree, url, archived)
    page = lxml.html.tostring(tree, encoding="unicode", method="html")
    return Shown(("<!DOCTYPE html>\n" + page).encode("utf-8", "replace"),
                 "text/html; charset=utf-8")


def made_inert(tree: etree._Element, url: str, archived: dict[str, str]) -> None:
    for element in list(tree.iter(etree.Element)):
        if element.getparent() is None:
            continue
        if _tag(element) in DROPPED:
            element.drop_tree()
        elif _tag(element) in UNWRAPPED:
            element.drop_tag()
    for element in list(tree.iter(etree.Element)):
        tag = _tag(element)
        href = element.get("href") if tag in LINKS else None
        for name in list(element.attrib):
            value = element.attrib[name]
            if name.lower().startswith("on") or (name in FETCHING and not INLINE.match(value)):
                del element.attrib[name]
            elif name == "style":
                element.attrib[name] = _inert_css(value)
        if href is not None:
            _relink(element, url, href, archived)
        if tag == "style" and element.text:
            element.text = _inert_css(element.text)
        if tag == "img" and "src" not in element.attrib:
            _as_its_text(element)


def _as_its_text(image: etree._Element) -> None:
    """An image the archive does not hold, as its alternative text: a browser would draw a
    broken image beside it."""
    alt = (image.get("alt") or "").strip()
    if not alt:
        image.drop_tag()
        return
    image.attrib.clear()
    image.tag = "span"
    image.text = alt
    image.set("title", "Afbeelding, niet in het archief")


def spellings(url: str, href: str) -> list[str]:
    """The address `href` on the page at `url` leads to, as written and as its site's URL rules
    spell it (the spelling the crawler fetched it under); none if it is no web address."""
    address = web_url(url, href)
    if address is None:
        return []
    address = address.split("#", 1)[0]
    rules = rules_for_url(address)
    found = [address]
    if rules is not None:
        found.append(rules.urls.canonicalise(address))
    return list(dict.fromkeys(found))


def _relink(element: etree._Element, url: str, href: str, archived: dict[str, str]) -> None:
    if href.strip().startswith("#"):
        element.set("href", href.strip())  # a jump within the capture stays in the frame
        return
    target = next((archived[spelling] for spelling in spellings(url, href)
                   if spelling in archived), None)
    if target:
        element.set("href", target)
        # The whole page moves on, so the banner says which capture is shown.
        element.set("target", "_top")
    else:
        address = web_url(url, href)
        if address:
            element.set("title", UNARCHIVED.format(url=address))
        element.attrib.pop("target", None)


def _hrefs(tree: etree._Element) -> Iterable[str]:
    for element in tree.iter("a", "area"):
        href = element.get("href")
        if href:
            yield href


def _parse(html: str) -> etree._Element:
    html = XML_UNSAFE.sub("", html)
    try:
        return lxml.html.document_fromstring(html)
    except etree.ParserError:  # nothing a parser can make a document of
        return lxml.html.document_fromstring("<html><body></body></html>")


def _tag(element: etree._Element) -> str:
    return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""


def _inert_css(css: str) -> str:
    return CSS_URL.sub("none", CSS_IMPORT.sub("", css))
