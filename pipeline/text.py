"""Visible text as blocks: what a reader sees as separate paragraphs, headings, list items and
lines. Extraction reads labels from blocks and joins body blocks with one blank line."""

from __future__ import annotations

from lxml import etree

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td "
    "tfoot th thead tr ul caption".split()
)
INVISIBLE_TAGS = frozenset(
    "script style noscript template iframe form button select textarea input svg head "
    "object embed canvas".split()
)


# Deeper than the parser reads (pipeline.html cuts a tree at 256 levels) only a tree libxml2
# rebuilt from broken markup goes, beside what the cut reaches: its deeper text is left out, as
# the walk is a recursion.
DEEPEST = 300


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends. str.split knows the whitespace a regex's
    \\s does, NBSP included, without the regex; the zero-width space it does not know."""
    return " ".join(text.replace("\u200b", " ").split())


QUOTE_MARKS = " \"'‘’“”„«»"


def repeats_another(text: str, texts: list[str]) -> bool:
    """Whether a block repeats what a longer one says: a pull quote, a sentence set apart in large
    type that a reader also reads in the paragraph it is taken from. Its markup is the theme's
    own (a blockquote, an aside, a styled div); the repetition is not."""
    quote = text.strip(QUOTE_MARKS)
    return bool(quote) and any(len(other) > len(text) and quote in other for other in texts)


def blocks(element: etree._Element) -> list[str]:
    """The element's visible text, one string per block, in document order."""
    out: list[str] = []
    _read(element, out, {}, [], [])
    return out


class PageText:
    """A page's visible text, walked once. Labels are read from all of it, and the body, the title
    and other fields are the text of one element in it. The walk ends a block at both edges of a
    block element, so the blocks of one it passed through are a stretch of the page's blocks:
    taken from there instead of walking the element a second time.

    Where each block stands is kept too (`owners`: the innermost block element holding its text;
    `anchors`: each link with the block its text is in), so that what a reader sees in sequence
    (a heading, the links under it) can be tied back to the elements."""

    def __init__(self, root: etree._Element):
        self.blocks: list[str] = []
        self.owners: list[etree._Element] = []
        self.anchors: list[tuple[etree._Element, int]] = []
        self._spans: dict[etree._Element, tuple[int, int]] = {}
        _read(root, self.blocks, self._spans, self.owners, self.anchors)
        self.navigation = self._navigation(root)

    def _navigation(self, root: etree._Element) -> set[int]:
        """The blocks in a <nav>: a menu, a pager, a breadcrumb trail. A reader sees them, so
        they stand among the blocks as landmarks, but they are never an article's text."""
        found: set[int] = set()
        for nav in root.iter("nav"):
            span = self._spans.get(nav)
            if span:
                found.update(range(*span))
        return found

    def read_on(self, element: etree._Element) -> None:
        """Walk one more element after the root: what a broken page has after </html>, which a
        browser shows at the end of the body but lxml hangs beside it."""
        _read(element, self.blocks, self._spans, self.owners, self.anchors)
        self.navigation |= self._navigation(element)

    def blocks_of(self, element: etree._Element) -> list[str]:
        """`blocks(element)`; for an element the page's walk passed through, from that walk."""
        span = self._spans.get(element)
        return blocks(element) if span is None else self.blocks[span[0]:span[1]]

    def span(self, element: etree._Element) -> tuple[int, int] | None:
        """Where a block element's blocks start and end in the page's blocks, if it has any."""
        return self._spans.get(element)

    def text_of(self, element: etree._Element | str) -> str:
        """An element's visible text on one line (for titles, names, link texts)."""
        if isinstance(element, str):
            return squash(element)
        return " ".join(self.blocks_of(element))  # blocks are squashed: joined, they stay so


def _read(root: etree._Element, out: list[str], spans: dict, owners: list, anchors: list) -> None:
    """Append the root's blocks to `out`; note in `spans` where each block element's blocks start
    and end in `out`, in `owners` each block's innermost block element, in `anchors` each link and
    the index of its block. Comments, scripts, forms are left out but their tails show, the root's
    tail not. Plain functions passing their state, not closures: a closure that calls itself is a
    reference cycle, which would keep the whole tree alive until the cycle collector runs."""
    line: list[str] = []
    _walk(root, out, line, spans, owners, anchors, root)
    if line:
        _flush(line, out, owners, root)


def _walk(node: etree._Element, out: list[str], line: list[str], spans: dict, owners: list,
          anchors: list, owner: etree._Element, depth: int = 0) -> None:
    tag = node.tag
    # Comments, scripts, forms: nothing shows but their tails, which the parent adds.
    if not isinstance(tag, str) or tag in INVISIBLE_TAGS or depth > DEEPEST:
        return
    block = tag in BLOCK_TAGS
    if line and (block or tag == "br"):
        _flush(line, out, owners, owner)
    if tag == "a":
        anchors.append((node, len(out)))
    inner = node if block else owner
    start = len(out)
    text = node.text
    if text and tag != "br":
        line.append(text)
    for child in node:
        _walk(child, out, line, spans, owners, anchors, inner, depth + 1)
        tail = child.tail
        if tail:
            line.append(tail)
    if block:
        if line:
            _flush(line, out, owners, inner)
        spans[node] = (start, len(out))


def _flush(line: list[str], out: list[str], owners: list, owner: etree._Element) -> None:
    """End the line gathered so far as a block, unless it shows nothing."""
    text = squash("".join(line))
    if text:
        out.append(text)
        owners.append(owner)
    line.clear()
