"""Visible text as blocks: what a reader sees as separate paragraphs, headings, list items and
lines. Extraction reads labels from blocks and joins body blocks with one blank line."""

from __future__ import annotations

import re

from lxml import etree

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary table tbody td tfoot th "
    "thead tr ul caption".split()
)
INVISIBLE_TAGS = frozenset(
    "script style noscript template iframe nav form button select textarea input svg head "
    "object embed canvas".split()
)
SPACES = re.compile(r"[\s\u00a0\u200b]+")


def squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def blocks(element: etree._Element) -> list[str]:
    """The element's visible text, one string per block, in document order."""
    out: list[str] = []
    line: list[str] = []

    def flush() -> None:
        if not line:  # block tags in a row: nothing gathered since the last one
            return
        text = squash("".join(line))
        if text:
            out.append(text)
        line.clear()

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in INVISIBLE_TAGS:  # comments, scripts, menus: only the tail shows
            if node is not element and node.tail:
                line.append(node.tail)
            return
        block = tag in BLOCK_TAGS
        if block or tag == "br":
            flush()
        if node.text and tag != "br":
            line.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node is not element and node.tail:
            line.append(node.tail)

    walk(element)
    flush()
    return out


def text_of(element: etree._Element | str) -> str:
    """An element's visible text on one line (for titles, names, link texts)."""
    if isinstance(element, str):
        return squash(element)
    return squash(" ".join(blocks(element)))
