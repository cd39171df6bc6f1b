"""The generic layer: trafilatura and htmldate, for pages whose markup the site rules do not
know. Both libraries prune the tree they are given, so they work on copies.

Trafilatura finds an article by the markup of the last fifteen years: <article>, <main>, <p>,
class names such as "entry-content". A page built by hand around 2006 has none of it: layout
tables, <font>, text split into paragraphs by <br><br>, headings in <b>. Given such a page as it
is, trafilatura returns every table of the layout as markdown rows, the article's paragraphs
run into one cell. So the body is read in three steps (docs/platforms/fallback.md has the
figures):

1. the page is given the structure trafilatura looks for: layout tables become blocks, runs of
   <br><br> become paragraphs, and where the page marks no <article> or <main> of its own, the
   element holding most of its prose near its title is marked as the <article>;
2. trafilatura extracts that article as it is: precision over recall, no second opinion from
   readability or justext, no padding with paragraphs from elsewhere when it is short;
3. its own XML (not its text rendering) is read into blocks the way the site rules read a page
   (pipeline/text.py): a heading, a paragraph, a line ended by <br>, a list item, a table cell
   each a block; the title, labels, menus, credits and link lists are left off the edges.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass

import htmldate
import trafilatura
from lxml import etree
from trafilatura.settings import DEFAULT_CONFIG

from pipeline.text import BLOCK_TAGS, repeats_another, squash

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# The article trafilatura finds (the page's <article> or <main>, or the one marked here) is taken
# as it is. Below MIN_EXTRACTED_SIZE characters trafilatura would add every paragraph it finds
# anywhere on the page ("wild text" recovery) and ask justext for more: a short article (an
# author's bio) came back with a sidebar's promotions or a cookie banner. fast=True in the call
# likewise skips readability and justext second-guessing the container.
CONFIG = copy.deepcopy(DEFAULT_CONFIG)
CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
# What the page itself says is about a person, not the article: an author box or byline marked
# up as schema.org microdata, which trafilatura's class-name patterns miss.
PRUNE = ["//*[@itemprop='author']", "//*[contains(@itemtype, 'schema.org/Person')]"]

# What ends a paragraph in HTML; <nav>, <form> and <main> are blocks even where no text shows.
BLOCKS = BLOCK_TAGS | {"main", "nav", "form", "menu", "hgroup", "search"}
# Elements whose content is not paragraphs to split or prose to score.
OPAQUE = frozenset("html head pre textarea script style title select option svg math".split())
CELLS = ("td", "th")
ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
# Where a page's title text also stands without being its title (a site's name links home).
NOT_TITLES = frozenset("head a option select form button label noscript script".split())
# A cell holding this much text is a column of a layout, not a datum.
LAYOUT_CELL_TEXT = 200
# Trafilatura's XML elements that stand as blocks of their own (<lb/> ends a line).
XML_BLOCKS = frozenset("body div p head list item quote code table row cell".split())
# A paragraph in a quote, a list item or a table cell is read as part of that.
CONTAINING_KINDS = ("quote", "item", "cell")
SENTENCE_END = tuple(".!?’”\"')")
# Prose, for scoring containers: a paragraph this long counts, and less than half of it links.
MIN_PROSE = 25
MAX_LINK_SHARE = 0.5
# The edges of a body: a label ("Leestijd: 4 min.", "Tekst door: X"), a credit or a date line
# is no prose when short. Matched on squashed blocks.
LABEL = re.compile(r"^[^\W\d][\w() .'’-]{0,30}\s?:\s*\S.{0,40}$")
EDGE_MAX = 80


def body_text(tree: etree._Element, url: str) -> str:
    """The article text of a page no site rule knows: blocks joined by one blank line, as the
    rules give it, or "" when trafilatura finds nothing."""
    work = copy.deepcopy(tree)
    titles = page_titles(work)
    unwrap_layout_tables(work)
    split_paragraphs(work)
    mark_article(work, titles)
    # Not deduplicate=True: trafilatura's cache lives for the whole process, so a page extracted
    # twice (a re-crawl, a re-extraction) would lose the text it had the first time.
    document = trafilatura.bare_extraction(
        work, url=url, include_comments=False, include_tables=True, include_links=True,
        favor_precision=True, fast=True, config=CONFIG, prune_xpath=PRUNE,
    )
    if document is None or document.body is None:
        return ""
    found = trafilatura_blocks(document.body)
    return "\n\n".join(trim_edges(found, titles))


# --- 1. the structure trafilatura looks for ----------------------------------------------

def unwrap_layout_tables(root: etree._Element) -> None:
    """Tables used to lay a page out become plain blocks, one per cell, so each cell's text is
    read as paragraphs instead of flattened into a table row. Data tables stay tables. All are
    judged before any is changed, as unwrapping an inner table must not change the verdict on
    the table around it."""
    layout = [table for table in root.iter("table") if is_layout_table(table)]
    for table in layout:
        for row in ROWS(table):
            for cell in row:
                if cell.tag in CELLS:
                    cell.tag = "div"
            row.tag = "div"
        for part in table:
            if part.tag in ("thead", "tbody", "tfoot", "caption"):
                part.tag = "div"
        table.tag = "div"


def is_layout_table(table: etree._Element) -> bool:
    """A grid of data has rows and columns of short cells; a layout has one row or one column,
    or cells holding paragraphs, blocks, line breaks or long text."""
    rows = ROWS(table)
    widths = [sum(1 for cell in row if cell.tag in CELLS) for row in rows]
    if len(rows) < 2 or max(widths, default=0) < 2:
        return True
    return any(_holds_prose(cell) for row in rows for cell in row if cell.tag in CELLS)


def _holds_prose(cell: etree._Element) -> bool:
    if len("".join(cell.itertext())) > LAYOUT_CELL_TEXT:
        return True
    return any(isinstance(d.tag, str) and (d.tag in BLOCKS or d.tag == "br")
               for d in cell.iterdescendants())


def split_paragraphs(root: etree._Element) -> None:
    """Give the page the paragraphs a reader sees: a run of text ended by <br><br>, or standing
    loose beside blocks, becomes a <p>, and an inline element (<font>, <span>) that holds
    blocks becomes a block itself. Children before parents, so each element sees its children
    as they end up."""
    for element in reversed(list(root.iter())):
        tag = element.tag
        if not isinstance(tag, str) or tag in OPAQUE or tag in ("br", "table", "tr", "a"):
            continue
        holds_blocks = any(isinstance(child.tag, str) and child.tag in BLOCKS
                           for child in element)
        if _has_double_break(element) or holds_blocks and (tag not in BLOCKS
                                                           or _has_loose_text(element)):
            _wrap_runs(element)
            if tag not in BLOCKS or tag == "p":
                element.tag = "div"


def _has_loose_text(element: etree._Element) -> bool:
    """Text standing beside block children, not in an element of its own."""
    return bool(squash(element.text or "")) or any(
        squash(child.tail or "") for child in element if isinstance(child.tag, str))


def _has_double_break(element: etree._Element) -> bool:
    """Two <br> with nothing but whitespace between them, among the element's children."""
    after_break = False
    for child in element:
        if child.tag == "br":
            if after_break:
                return True
            after_break = not (child.tail or "").strip()
        elif isinstance(child.tag, str):
            after_break = False
    return False


def _wrap_runs(element: etree._Element) -> None:
    """Rebuild the element's content as paragraphs: inline content up to a <br><br> or a block
    child is one <p>; block children stay as they are, in place; the breaks are dropped."""
    items: list[str | etree._Element] = [element.text or ""]
    for child in element:
        tail, child.tail = child.tail, None
        items += [child, tail or ""]
    element.text = None
    for child in list(element):
        element.remove(child)
    run: list[str | etree._Element] = []
    for item in items:
        if isinstance(item, str) or not isinstance(item.tag, str):
            run.append(item)
        elif item.tag in BLOCKS:
            _close_run(element, run)
            element.append(item)
        elif item.tag == "br" and _ends_with_break(run):
            _close_run(element, run)
        else:
            run.append(item)
    _close_run(element, run)


def _ends_with_break(run: list) -> bool:
    significant = [i for i in run if not isinstance(i, str) or i.strip()]
    return bool(significant) and not isinstance(significant[-1], str) \
        and significant[-1].tag == "br"


def _close_run(parent: etree._Element, run: list) -> None:
    """Append the run as a <p> unless it shows nothing; breaks at its ends are dropped."""
    def blank(item) -> bool:
        return not item.strip() if isinstance(item, str) else item.tag == "br"

    while run and blank(run[0]):
        run.pop(0)
    while run and blank(run[-1]):
        run.pop()
    if run:
        paragraph = etree.SubElement(parent, "p")
        last = None
        for item in run:
            if not isinstance(item, str):
                paragraph.append(item)
                last = item
            elif last is None:
                paragraph.text = (paragraph.text or "") + item
            else:
                last.tail = (last.tail or "") + item
    run.clear()


def mark_article(root: etree._Element, titles: set[str]) -> None:
    """Where the page marks no <article> or <main> of its own, mark the element that holds
    most of its prose as the <article>, which trafilatura then extracts from.
    Scored as readability scores: each paragraph of prose adds to its parent in full and to
    its grandparent by half. An article does not stand before its own title, so where the
    page's title is found, the prose before it does not count (a sidebar of news printed
    before the content column never outscores a short article)."""
    if next(root.iter("article", "main"), None) is not None:
        return
    heading = title_element(root, titles)
    scores = container_scores(_paragraphs_after(root, heading))
    if not scores and heading is not None:  # no prose after the title: it was no title
        heading, scores = None, container_scores(_paragraphs_after(root, None))
    if not scores:
        return
    if heading is not None:
        scores = _near_title(scores, heading)
    best = max(scores, key=scores.__getitem__)
    if best.tag in ("body", "html"):
        return
    best.tag = "article"
    # In div soup a <div> of text is a paragraph: said so, as trafilatura reads <p>.
    for element in best.iter("div"):
        if _is_text_div(element):
            element.tag = "p"


def container_scores(paragraphs) -> dict[etree._Element, float]:
    """Each element's score for the prose it holds: its paragraphs' in full, its
    grandchildren's by half."""
    scores: dict[etree._Element, float] = {}
    for paragraph in paragraphs:
        score = prose_score(paragraph)
        parent = paragraph.getparent()
        if not score or parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + score / 2
    return scores


def _near_title(scores: dict[etree._Element, float], heading: etree._Element) -> dict:
    """Each score divided by how far up from the title one goes to reach the container's
    branch: an article stands by its title, a column of promotions beside it further off."""
    steps = {ancestor: at for at, ancestor in enumerate(heading.iterancestors(), 1)}
    near = {}
    for element, score in scores.items():
        meeting = next((a for a in (element, *element.iterancestors()) if a in steps), None)
        near[element] = score / steps[meeting] if meeting is not None else score
    return near


def _paragraphs_after(root: etree._Element, heading: etree._Element | None):
    """The page's paragraphs (<p>, <pre>, <blockquote>, a <div> of text alone), from its
    title on where it has one."""
    started = heading is None
    for element in root.iter():
        started = started or element is heading
        if started and (element.tag in ("p", "pre", "blockquote") or _is_text_div(element)):
            yield element


def _is_text_div(element: etree._Element) -> bool:
    return element.tag == "div" and not any(
        isinstance(child.tag, str) and child.tag in BLOCKS for child in element)


def title_element(root: etree._Element, titles: set[str]) -> etree._Element | None:
    """The page's title as printed: the first element of the body whose text reads as the
    title, not a link, in a form or a menu of options. A <title> names the site too ("Site -
    Title"), and the site's name is printed more often (logo, menu, footer): of the title's
    parts, the one the page prints least is looked for first."""
    body = root.find("body")
    body = body if body is not None else root
    found: dict[str, etree._Element] = {}
    for element in body.iter():
        own = squash(element.text or "") if isinstance(element.tag, str) else ""
        if not own or not any(own in title for title in titles):
            continue
        parent = element.getparent()
        # A title printed in a few pieces ("<span>2011</span> Burgerkracht") is its parent's.
        pieces = (element, parent) if parent is not None and len(parent) <= 4 else (element,)
        for candidate in pieces:
            text = squash("".join(candidate.itertext()))
            if text in titles and text not in found and _may_be_title(candidate):
                found[text] = candidate
    if not found:
        return None
    printed = squash(" ".join(body.itertext()))
    return found[min(found, key=lambda text: (printed.count(text), -len(text)))]


def _may_be_title(element: etree._Element) -> bool:
    return next(element.iter("a"), None) is None and not any(
        e.tag in NOT_TITLES for e in (element, *element.iterancestors()))


def prose_score(paragraph: etree._Element) -> float:
    text = squash("".join(paragraph.itertext()))
    if len(text) < MIN_PROSE:
        return 0.0
    linked = sum(len(squash("".join(a.itertext()))) for a in paragraph.iter("a"))
    share = linked / len(text)
    if share > MAX_LINK_SHARE:
        return 0.0
    return (1 + text.count(",") + min(len(text) / 100, 3)) * (1 - share)


# --- 3. trafilatura's XML read as blocks -------------------------------------------------

@dataclass
class Block:
    """One block of the body as the rules would give it, with what the trimming needs to know:
    the kind of element it came from and how much of its text is link text."""

    text: str
    kind: str  # trafilatura's element: p, head, item, cell, quote, code
    linked: int = 0
    opens_with_link: bool = False

    def link_share(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0


def trafilatura_blocks(body: etree._Element) -> list[Block]:
    """The blocks of trafilatura's XML body, cut as pipeline.text cuts an HTML page: a heading,
    a paragraph, a line ended by <lb/>, a list item, a table cell each one block, with no
    markdown pipes or list dashes added."""
    out: list[Block] = []
    line: list[tuple[str, bool]] = []
    _walk(body, out, line, "p", False)
    _flush(out, line, "p")
    return out


def _walk(node: etree._Element, out: list[Block], line: list, kind: str, in_link: bool) -> None:
    tag = node.tag
    if not isinstance(tag, str):
        return
    if tag in XML_BLOCKS or tag == "lb":
        _flush(out, line, kind)
        if tag in XML_BLOCKS and not (tag == "p" and kind in CONTAINING_KINDS):
            kind = tag
    in_link = in_link or tag == "ref"
    if node.text and tag != "lb":
        line.append((node.text, in_link))
    for child in node:
        _walk(child, out, line, kind, in_link)
        if child.tail:
            line.append((child.tail, in_link))
    if tag in XML_BLOCKS:
        _flush(out, line, kind)


def _flush(out: list[Block], line: list[tuple[str, bool]], kind: str) -> None:
    shown = [(part, link) for part, link in line if part.strip()]
    if shown:
        text = squash("".join(part for part, _ in line))
        linked = len(squash("".join(part for part, link in shown if link)))
        out.append(Block(text, kind, linked, opens_with_link=shown[0][1]))
    line.clear()


def page_titles(tree: etree._Element) -> set[str]:
    """What the page says its title is (<title>, og:title, <h1>), and the parts of a <title>
    that also names the site ("Titel - Site", "Site | Titel")."""
    found = [tree.findtext(".//title") or ""]
    found += tree.xpath("//meta[@property='og:title']/@content")
    found += ["".join(h1.itertext()) for h1 in tree.iter("h1")]
    titles = {squash(title) for title in found}
    for title in list(titles):
        titles.update(squash(part) for part in re.split(r"\s[-|–—:·»]\s", title))
    return {title for title in titles if title}


def trim_edges(found: list[Block], titles: set[str]) -> list[str]:
    """The body's text without what opens or closes it but is no part of the article: the
    title, labels, menus and share bars, and at the end the lists of links, credits and
    headings left with nothing under them. A short block inside the body (a heading) stays;
    a quote repeating a sentence of the body (a pull quote) goes."""
    start, end = 0, len(found)
    while start < end and _opens_no_article(found[start], titles):
        start += 1
    while end > start and _closes_no_article(found[end - 1]):
        end -= 1
    kept = found[start:end] or found  # all of it trimmed: the trimming was wrong
    texts = [block.text for block in kept]
    return [block.text for block in kept
            if not (block.kind == "quote" and repeats_another(block.text, texts))]


def _opens_no_article(block: Block, titles: set[str]) -> bool:
    """Before the article's first paragraph: its title, labels, menus, facts in a list."""
    return (block.text in titles or _not_prose(block)
            or block.kind != "head" and _short_line(block))


def _closes_no_article(block: Block) -> bool:
    """After its last paragraph: labels, credits, share bars, headings, and lists of links
    (lines opening with a link, list items holding one): what the record's links hold."""
    return (_not_prose(block) or block.kind == "head" or _short_line(block)
            or block.opens_with_link or block.kind in ("item", "cell") and block.linked > 0)


def _not_prose(block: Block) -> bool:
    return _label(block) or block.link_share() > MAX_LINK_SHARE


def _short_line(block: Block) -> bool:
    """A line too short to be a paragraph, not ending as a sentence does."""
    return len(block.text) <= EDGE_MAX and not block.text.endswith(SENTENCE_END)


def _label(block: Block) -> bool:
    return len(block.text) <= EDGE_MAX and bool(LABEL.match(block.text))


def published(tree: etree._Element, url: str) -> str | None:
    """The page's original publication date from its own markup, never from the crawl time."""
    try:
        found = htmldate.find_date(
            copy.deepcopy(tree), url=url, original_date=True, extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError):
        return None
    return found or None
