"""Visible text as blocks: what a reader sees as separate paragraphs, headings, list items and
lines. Extraction reads labels from blocks and joins body blocks with one blank line."""

from __future__ import annotations

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


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends. str.split knows the whitespace a regex's
    \\s does, NBSP included, without the regex; the zero-width space it does not know."""
    return " ".join(text.replace("\u200b", " ").split())


def blocks(element: etree._Element) -> list[str]:
    """The element's visible text, one string per block, in document order."""
    out: list[str] = []
    _read(element, out, {})
    return out


class PageText:
    """A page's visible text, walked once. Labels are read from all of it, and the body, the title
    and other fields are the text of one element in it. The walk ends a block at both edges of a
    block element, so the blocks of one it passed through are a stretch of the page's blocks:
    taken from there instead of walking the element a second time."""

    def __init__(self, root: etree._Element):
        self.blocks: list[str] = []
        self._spans: dict[etree._Element, tuple[int, int]] = {}
        _read(root, self.blocks, self._spans)

    def blocks_of(self, element: etree._Element) -> list[str]:
        """`blocks(element)`; for an element the page's walk passed through, from that walk."""
        span = self._spans.get(element)
        return blocks(element) if span is None else self.blocks[span[0]:span[1]]

    def text_of(self, element: etree._Element | str) -> str:
        """An element's visible text on one line (for titles, names, link texts)."""
        if isinstance(element, str):
            return squash(element)
        return " ".join(self.blocks_of(element))  # blocks are squashed: joined, they stay so


def _read(root: etree._Element, out: list[str], spans: dict) -> None:
    """Append the root's blocks to `out`; note in `spans` where each block element's blocks start
    and end in `out`. Comments, scripts, menus are left out but their tails show, the root's tail
    not. Plain functions passing their state, not closures: a closure that calls itself is a
    reference cycle, which would keep the whole tree alive until the cycle collector runs."""
    line: list[str] = []
    _walk(root, out, line, spans)
    if line:
        _flush(line, out)


def _walk(node: etree._Element, out: list[str], line: list[str], spans: dict) -> None:
    tag = node.tag
    # Comments, scripts, menus: nothing shows but their tails, which the parent adds.
    if not isinstance(tag, str) or tag in INVISIBLE_TAGS:
        return
    block = tag in BLOCK_TAGS
    if line and (block or tag == "br"):
        _flush(line, out)
    start = len(out)
    text = node.text
    if text and tag != "br":
        line.append(text)
    for child in node:
        _walk(child, out, line, spans)
        tail = child.tail
        if tail:
            line.append(tail)
    if block:
        if line:
            _flush(line, out)
        spans[node] = (start, len(out))


def _flush(line: list[str], out: list[str]) -> None:
    """End the line gathered so far as a block, unless it shows nothing."""
    text = squash("".join(line))
    if text:
        out.append(text)
    line.clear()
