"""Markup transformations: the mirror's archived pages rewritten the way real sites differ from the
markup this project wrote for them, while what a reader sees stays the same. Every page the
extractor has met is that markup; the real sites' class names and nesting were never seen. A
rewritten page must give the record of the original for every field whose evidence the rewrite
keeps (tests/pipeline/test_markup_transforms.py holds the extractor to that;
bench/transform_agreement.py measures it at scale).

A field's evidence is what a reader sees (the visible text and its reading order) and what the
page says to machines (meta, JSON-LD, <title>, <time datetime>) where the rewrite leaves it. Every
transformation keeps the visible text and its order (the sidebar move changes only where text
that is no article stands), so each declares the machine evidence it takes away (`removes`); a
field is not kept where, on that page, its value rests on nothing else (`kept_fields`).

Each transformation rewrites an lxml.html tree in place from a random.Random; a chain of them is
named "a+b" and draws from one Random(seed) in turn, so (URL, chain, seed) rebuilds a variant:

    .venv/bin/python -m tests.markup_transforms URL CHAIN SEED [--out FILE]

writes the rewritten page (to build/markup-transforms/ by default) and says which kept fields
the extractor reads differently from the original; `--list` prints each transformation and the
evidence it declares kept.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import random
import re
import string
import sys
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from mirror.server import SITES_DIR, load_sites
from pipeline import extract
from pipeline.record import FIELDS

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "build" / "markup-transforms"
SITES = ("canon", "movisie", "socialevraagstukken", "zorgwelzijn")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Elements a browser lays out as blocks: text on either side of one is on another line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption".split()
)
# What no reader sees, wherever it stands.
UNSEEN_TAGS = frozenset("head script style noscript template title meta link".split())
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements that may hold blocks: a layout table or a wrapping div may stand in them.
FLOW_PARENTS = frozenset(
    "body div main article section header footer aside nav td th li dd blockquote form figure "
    "center details dialog".split()
)
# Elements whose place is fixed by their parent (a list's items, a table's rows): never wrapped.
FIXED_PLACE = frozenset(
    "html head body li dt dd tr td th thead tbody tfoot caption col colgroup option optgroup "
    "summary legend figcaption source track param area br wbr".split()
)
FIXED_PARENTS = frozenset("ul ol dl table thead tbody tfoot tr select datalist picture".split())
# Class names that hide an element in the sites' style sheets. Dropping or renaming them would
# show a reader text the original hides, so the rewrite says the same in an inline style.
CLIPPED = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"
HIDING_CLASSES = {"hidden": "display:none", "visually-hidden": CLIPPED,
                  "screen-reader-text": CLIPPED, "sr-only": CLIPPED, "element-invisible": CLIPPED}
# Attributes that point at an id, renamed with it.
ID_REFERENCES = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls")

Tree = lxml.html.HtmlElement
Rewrite = Callable[[Tree, random.Random], None]


# Walking and moving


def _elements(root: Tree) -> list[Tree]:
    """The element nodes under root in document order, as a list: rewrites change the tree."""
    return [el for el in root.iter() if isinstance(el.tag, str)]


def _body(root: Tree) -> Tree:
    return root.body


def _classes(el: Tree) -> list[str]:
    return (el.get("class") or "").split()


def _tokens(el: Tree) -> set[str]:
    """The element's class names and id: what conventions key a role on."""
    return set(_classes(el)) | ({el.get("id")} if el.get("id") else set())


def _is_block(node) -> bool:
    """A block element, or an inline one holding a block (a teaser link around a heading)."""
    if not isinstance(node, etree._Element) or not isinstance(node.tag, str):
        return False
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in node.iter())


def _unseen(node) -> bool:
    """A node a reader never sees: a comment, a script, or whitespace."""
    if isinstance(node, str):
        return not node.strip()
    return not isinstance(node.tag, str) or node.tag in UNSEEN_TAGS


def _detach(el: Tree) -> None:
    """Take an element out of the tree; its tail text belongs to what stood before it."""
    parent, tail = el.getparent(), el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    el.tail = None
    parent.remove(el)


def _wrap(el: Tree, tag: str) -> Tree:
    """Put a new element around `el` in its place; the tail follows the wrapper."""
    wrapper = el.makeelement(tag, {})
    wrapper.tail, el.tail = el.tail, None
    el.addprevious(wrapper)
    wrapper.append(el)
    return wrapper


def _take_content(parent: Tree) -> list:
    """Empty `parent` and return what it held in order: text strings and elements (tails split
    off as strings), so the content can be laid out again elsewhere."""
    items: list = [parent.text] if parent.text else []
    parent.text = None
    for child in list(parent):
        tail, child.tail = child.tail, None
        parent.remove(child)
        items.append(child)
        if tail:
            items.append(tail)
    return items


def _put_content(parent: Tree, items: Iterable) -> None:
    """Append text strings and elements to `parent`, as `_take_content` returned them."""
    for item in items:
        if isinstance(item, str):
            last = parent[-1] if len(parent) else None
            if last is None:
                parent.text = (parent.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            parent.append(item)


def _runs(items: list) -> list[list]:
    """Group content into what a reader sees as separate lines: each block alone, and each stretch
    of text and inline elements together (splitting "Door <a>Naam</a>" would split a line).
    What nobody sees (whitespace, comments, scripts) between blocks goes with the block after it,
    or the last run."""
    runs: list[list] = []
    inline: list | None = None
    unseen: list = []
    for item in items:
        if _unseen(item):
            (inline if inline is not None else unseen).append(item)
        elif _is_block(item):
            runs.append([item, *unseen])
            unseen, inline = [], None
        else:
            if inline is None:
                inline, unseen = [*unseen], []
                runs.append(inline)
            inline.append(item)
    if unseen and runs:
        runs[-1].extend(unseen)
    elif unseen:
        runs.append(unseen)
    return runs


def _br(el: Tree) -> Tree:
    return el.makeelement("br", {})


def _insert_after(el: Tree, new: Tree) -> None:
    """Insert `new` right after `el`, before el's tail text."""
    new.tail, el.tail = el.tail, None
    el.addnext(new)


def _add_style(el: Tree, *declarations: str) -> None:
    """Add declarations to the element's inline style, after those it has."""
    el.set("style", ";".join(filter(None, [el.get("style", "").strip().rstrip(";"),
                                           *declarations])))


def _keep_hidden(el: Tree) -> None:
    """Say in an inline style what a hiding class said to the style sheet."""
    styles = [HIDING_CLASSES[name] for name in _classes(el) if name in HIDING_CLASSES]
    if styles:
        _add_style(el, *styles)


# Classes and ids


def drop_class_and_id(root: Tree, rng: random.Random) -> None:
    """Every class and id gone: real sites' names were never seen, so none may be needed."""
    for el in _elements(root):
        _keep_hidden(el)
        el.attrib.pop("class", None)
        el.attrib.pop("id", None)


def _fresh_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        tail = rng.choices(string.ascii_lowercase + string.digits + "-_", k=rng.randint(2, 9))
        name = rng.choice(string.ascii_lowercase) + "".join(tail)
        if name not in taken:
            taken.add(name)
            return name


def rename_class_and_id(root: Tree, rng: random.Random) -> None:
    """Every class and id renamed at random, the same name for the same name within the page (a
    theme's own vocabulary), and the references to ids with them."""
    names: dict[str, str] = {}
    taken: set[str] = set()

    def new(name: str) -> str:
        if name not in names:
            names[name] = _fresh_name(rng, taken)
        return names[name]

    for el in _elements(root):
        _keep_hidden(el)
        if el.get("class") is not None:
            el.set("class", " ".join(new(name) for name in _classes(el)))
        if el.get("id") is not None:
            el.set("id", new(el.get("id")))
    for el in _elements(root):
        href = el.get("href") or ""
        if href.startswith("#") and href[1:] in names:
            el.set("href", "#" + names[href[1:]])
        for attribute in ID_REFERENCES:
            if el.get(attribute):
                el.set(attribute, " ".join(names.get(v, v) for v in el.get(attribute).split()))


# Tables and divs


def _layout_table(el: Tree, runs: list[list], rng: random.Random) -> Tree:
    """A layout table holding the runs in reading order: one row of columns, one row per run, or
    rows of a few cells. A run that is one div becomes the cell itself."""
    table = el.makeelement("table", {"width": "100%", "border": "0", "cellpadding": "0",
                                     "cellspacing": "0"})
    per_row = rng.choice((1, len(runs), rng.randint(1, max(1, len(runs)))))
    row = None
    for index, run in enumerate(runs):
        if index % per_row == 0:
            row = etree.SubElement(table, "tr")
        seen = [item for item in run if not _unseen(item)]
        if len(seen) == 1 and isinstance(seen[0], etree._Element) and seen[0].tag == "div":
            cell = seen[0]
            cell.tag = "td"
            row.append(cell)
            _put_content(cell, [item for item in run if item is not cell])
        else:
            _put_content(etree.SubElement(row, "td", {"valign": "top"}), run)
    return table


def divs_to_tables(root: Tree, rng: random.Random) -> None:
    """Blocks laid out in table cells as sites of 2006 did (<table><tr><td>), divs becoming the
    cells: cells are read row by row, so the text keeps its order and its lines."""
    for el in reversed(_elements(_body(root))):
        if el.tag not in FLOW_PARENTS or not len(el) or rng.random() > 0.35:
            continue
        runs = _runs(_take_content(el))
        if runs:
            el.append(_layout_table(el, runs, rng))


def tables_to_divs(root: Tree, rng: random.Random) -> None:
    """Layout tables as divs, as a redesign does: every table, row and cell a div, in order."""
    for el in _elements(_body(root)):
        if el.tag in ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"):
            el.tag = "div"
            for attribute in ("width", "border", "cellpadding", "cellspacing", "valign",
                              "colspan", "rowspan"):
                el.attrib.pop(attribute, None)


# Headings and paragraphs


def headings_to_bold(root: Tree, rng: random.Random) -> None:
    """Headings printed as <b>, <strong> or <font size=...>, with a line break before and after
    them: a reader still sees a heading line, nothing says it is one."""
    for heading in _elements(_body(root)):
        if heading.tag not in HEADINGS:
            continue
        level = int(heading.tag[1])
        form = rng.choice(("b", "strong", "font", "font+b"))
        heading.tag = "font" if form.startswith("font") else form
        if heading.tag == "font":
            heading.set("size", str(max(1, 7 - level + rng.choice((-1, 0, 0, 1)))))
        if form == "font+b":
            inner = heading.makeelement("b", {})
            _put_content(inner, _take_content(heading))
            heading.append(inner)
        heading.addprevious(_br(heading))
        _insert_after(heading, _br(heading))


def _beside(node: Tree, after: bool) -> list:
    """The text and elements next to `node` among its siblings, nearest first."""
    if after:
        return [node.tail or ""] + [x for el in node.itersiblings() for x in (el, el.tail or "")]
    before = [x for el in node.itersiblings(preceding=True) for x in (el.tail or "", el)]
    return before + [node.getparent().text or ""]


def _shares_line(el: Tree, after: bool) -> bool:
    """Whether text or an inline element stands on the line of `el`, before or after it, looking
    out through the inline elements around it."""
    node = el
    while node.getparent() is not None:
        for item in _beside(node, after):
            if isinstance(item, str):
                if item.strip():
                    return True
            elif not _unseen(item):
                return not _is_block(item)
        node = node.getparent()
        if node.tag in BLOCK_TAGS:
            return False
    return False


def paragraphs_to_breaks(root: Tree, rng: random.Random) -> None:
    """The paragraphs of a container as one run of text with <br><br> between them, as editors
    of old and WYSIWYG fields write them: the blank line a reader sees stays."""
    containers = {p.getparent() for p in _elements(_body(root)) if p.tag == "p"}
    for container in [el for el in _elements(root) if el in containers]:
        if rng.random() > 0.8:
            continue
        for p in [child for child in container if child.tag == "p"]:
            if _shares_line(p, after=False):
                p.addprevious(_br(p))
                p.addprevious(_br(p))
            following = p.getnext()
            if _shares_line(p, after=True) and not (following is not None and following.tag == "p"):
                _insert_after(p, _br(p))
                _insert_after(p, _br(p))
            p.drop_tag()


# Wrappers


def _wrappable(el: Tree) -> bool:
    parent = el.getparent()
    return (el.tag not in FIXED_PLACE and el.tag not in UNSEEN_TAGS and parent is not None
            and parent.tag not in FIXED_PARENTS)


def wrap_blocks(root: Tree, rng: random.Random) -> None:
    """Extra divs and spans around elements, one to four deep, as page builders nest them: a div
    or span around a block, a span within a line."""
    for el in _elements(_body(root))[1:]:
        if not _wrappable(el) or rng.random() > 0.3:
            continue
        in_line = el.getparent().tag not in FLOW_PARENTS or not _is_block(el)
        for _ in range(rng.randint(1, 4)):
            el = _wrap(el, "span" if in_line else rng.choice(("div", "div", "span")))


# Sidebars

SIDEBAR_WORDS = ("sidebar", "zijbalk", "related", "gerelateerd")


def _is_sidebar(el: Tree) -> bool:
    """An aside, a complementary region, or a block the page names a sidebar or related posts."""
    return (el.tag == "aside" or el.get("role") == "complementary"
            or any(word in token.lower() for token in _tokens(el) for word in SIDEBAR_WORDS))


def sidebars(root: Tree) -> list[Tree]:
    """The outermost sidebars that do not hold the page's headline."""
    anchor = _article_anchor(root)
    found = []
    for el in _elements(_body(root)):
        if _is_sidebar(el) and not any(a in found for a in el.iterancestors()):
            if anchor is None or anchor not in el.iter():
                found.append(el)
    return found


def _article_anchor(root: Tree) -> Tree | None:
    """Where the article starts: its headline, else the main content, else the body's first
    element."""
    for xpath in ("//body//h1", "//body//main", "//body//article", "//body/*"):
        hits = root.xpath(xpath)
        if hits:
            return hits[0]
    return None


def sidebars_first(root: Tree, rng: random.Random) -> None:
    """Sidebars and related-post blocks moved before the article, as a theme with the sidebar on
    the left prints them: no field's text moves, only text that is no article."""
    anchor = _article_anchor(root)
    if anchor is None:
        return
    for sidebar in sidebars(root):
        ancestors = set(sidebar.iterancestors())
        target = anchor
        while target.getparent() is not None and target.getparent() not in ancestors:
            target = target.getparent()
        if target.getparent() is None:
            continue
        _detach(sidebar)
        target.addprevious(sidebar)


# HTML4 and HTML5

HTML5_SECTIONING = ("article", "section", "header", "footer", "nav", "aside", "main", "figure",
                    "figcaption")


def html5_to_html4(root: Tree, rng: random.Random) -> None:
    """HTML5's elements as an HTML4 site writes them: article, section, header, footer, nav,
    aside, main, figure and figcaption become divs, <time> a span with its text and without its
    datetime attribute."""
    for el in _elements(_body(root)):
        if el.tag in HTML5_SECTIONING:
            el.tag = "div"
        elif el.tag == "time":
            el.tag = "span"
            el.attrib.pop("datetime", None)


# The role a div plays, by the names and ARIA roles themes give it.
ROLE_NAMES = {
    "header": {"header", "banner", "masthead", "site-header", "page-header", "td-header-wrap"},
    "nav": {"nav", "menu", "navigatie", "navigation", "main-navigation", "breadcrumb",
            "breadcrumbs", "td-crumb-container"},
    "aside": {"sidebar", "zijbalk", "td-main-sidebar", "region-sidebar-first", "widget-area"},
    "footer": {"footer", "colophon", "site-footer", "td-footer-wrapper", "region-footer"},
    "main": {"content", "main", "site-content", "site-main", "main-content", "td-main-content",
             "layout-content"},
    "section": {"venstertekst", "entry-content", "td-post-content", "field--name-body",
                "comments", "comments-area", "auteurinfo"},
}
ARIA_ROLES = {"banner": "header", "navigation": "nav", "complementary": "aside",
              "contentinfo": "footer", "main": "main", "article": "article", "region": "section"}
# Elements HTML5 does not let nest in themselves.
NO_NESTING = ("main", "header", "footer")


def _html5_role(div: Tree, rng: random.Random) -> str | None:
    if div.get("role") in ARIA_ROLES:
        return ARIA_ROLES[div.get("role")]
    tokens = _tokens(div)
    for tag, names in ROLE_NAMES.items():
        if tokens & names:
            # A page with no article yet (the canon's) may call its content one.
            if tag == "main" and not div.getroottree().xpath("//article"):
                return rng.choice(("main", "article"))
            return tag
    return "section" if rng.random() < 0.15 else None


def html4_to_html5(root: Tree, rng: random.Random) -> None:
    """Divs as the HTML5 elements their names and roles say they are (a menu a nav, the sidebar
    an aside, the content main or an article, other blocks sometimes a section)."""
    for div in _elements(_body(root)):
        if div.tag != "div":
            continue
        tag = _html5_role(div, rng)
        if tag is None:
            continue
        if tag in NO_NESTING and any(
                e.tag == tag for e in [*div.iterancestors(), *div.iterdescendants()]):
            continue
        div.tag = tag


# Inline styles

STYLES = (
    ("color", ("#111", "#222", "#333", "black", "#1a1a2e", "navy")),
    ("background-color", ("#fff", "white", "#fafafa", "#fffff0", "transparent")),
    ("font-family", ("Georgia, serif", "Verdana, sans-serif", "Arial, Helvetica, sans-serif",
                     "'Times New Roman', serif")),
    ("font-size", ("12px", "13px", "14px", "16px", "18px", "0.9em", "1.1em", "100%")),
    ("line-height", ("1.2", "1.4", "1.6", "20px", "normal")),
    ("margin", ("0", "4px", "0 0 1em 0", "2px 4px", "auto")),
    ("padding", ("0", "2px", "4px 8px", "1em")),
    ("border", ("0", "none", "1px solid #ccc", "1px dotted #999")),
    ("text-align", ("left", "justify", "start")),
    ("letter-spacing", ("normal", "0.01em")),
    ("max-width", ("none", "100%", "960px")),
)


def inline_styles(root: Tree, rng: random.Random) -> None:
    """An inline style on every element, as page builders write them: colours, fonts, margins,
    borders; never one that hides, moves or re-cases text."""
    for el in _elements(_body(root)):
        chosen = rng.sample(STYLES, rng.randint(1, 4))
        _add_style(el, *(f"{name}:{rng.choice(values)}" for name, values in chosen))


# Reader reactions


def _is_comment(el: Tree) -> bool:
    names = {name.lower() for name in _classes(el)}
    return bool(names & {"comment", "reactie", "reaction"})


def comment_items(root: Tree) -> list[Tree]:
    """The page's reader reactions, each the element holding one (its replies inside it)."""
    return [el for el in _elements(_body(root)) if _is_comment(el)]


INDENT = "margin-left:2em"  # how a list shows a reply; divs and articles need saying so


def _rewrite_comments(root: Tree, rng: random.Random, item_tag: str, list_tags: tuple[str, ...],
                      replies_tag: str | None) -> None:
    """Rewrite the thread's markup: each reaction an `item_tag`, the thread a list element, the
    replies to a reaction in a `replies_tag` inside it (None: directly inside it). Replies stay
    inside what they answer, indented as a list indents them, and every reaction keeps its own
    content (author, date, text); a reaction's one wrapper around that content may go."""
    items = comment_items(root)
    item_set = set(items)
    threads = {item.getparent() for item in items
               if not any(a in item_set for a in item.iterancestors())}
    for thread in [el for el in _elements(root) if el in threads]:
        thread.tag = rng.choice(list_tags)
    for item in items:
        direct = [c for c in item if c in item_set]
        if direct and replies_tag is not None:
            # Replies set straight into the reaction (an earlier rewrite's articles) go into a
            # list of their own: an <li> in an <li> would close the one it stands in.
            holder = etree.Element(replies_tag)
            direct[0].addprevious(holder)
            holder.extend(direct)
        children = [c for c in item if isinstance(c.tag, str) and c not in item_set]
        replies = [c for c in children if any(d in item_set for d in c.iterdescendants())]
        content = [c for c in children if c not in replies]
        for child in replies:
            if replies_tag is None:
                for reply in child:
                    _add_style(reply, INDENT)
                child.drop_tag()
            else:
                child.tag = replies_tag
                if replies_tag == "div":
                    _add_style(child, INDENT)
        # One wrapper only: unwrapping two side by side would run their lines together.
        if len(content) == 1 and content[0].tag in ("article", "div") and rng.random() < 0.5:
            content[0].drop_tag()
        item.tag = item_tag


def comments_as_list(root: Tree, rng: random.Random) -> None:
    """Reader reactions as a list: <ol>/<ul> of <li>, replies in a nested list."""
    _rewrite_comments(root, rng, "li", ("ol", "ul"), rng.choice(("ol", "ul")))


def comments_as_divs(root: Tree, rng: random.Random) -> None:
    """Reader reactions as a run of divs, replies in a div inside the reaction they answer."""
    _rewrite_comments(root, rng, "div", ("div",), "div")


def comments_as_articles(root: Tree, rng: random.Random) -> None:
    """Reader reactions as <article>s in a section, replies as articles nested in the one they
    answer (as HTML5 describes comments)."""
    _rewrite_comments(root, rng, "article", ("section", "div"), None)


# The transformations and what each keeps


# The kinds of machine evidence a rewrite may take away, and what they are.
EVIDENCE = {"datetime": "<time datetime>"}


@dataclass(frozen=True)
class Transform:
    name: str
    rewrite: Rewrite
    # Machine evidence the rewrite takes away ("datetime": <time datetime>). The visible text and
    # its order, meta, JSON-LD and <title> every rewrite keeps.
    removes: frozenset[str] = frozenset()

    @property
    def description(self) -> str:
        return " ".join((self.rewrite.__doc__ or "").split())

    @property
    def declaration(self) -> str:
        """What the rewrite says it keeps, in words."""
        if not self.removes:
            return "keeps every field's evidence"
        removed = ", ".join(EVIDENCE[kind] for kind in sorted(self.removes))
        return (f"keeps every field's evidence but {removed}: a field whose value on a page only "
                "that gives is not compared there")

    def keeps(self, page: ArchivedPage) -> frozenset[str]:
        """The record fields whose evidence survives this rewrite of the page."""
        return kept_fields((self,), page)


TRANSFORMS: tuple[Transform, ...] = (
    # In the order chains apply them: those that find parts by their names come first.
    Transform("sidebars_first", sidebars_first),
    Transform("comments_as_list", comments_as_list),
    Transform("comments_as_divs", comments_as_divs),
    Transform("comments_as_articles", comments_as_articles),
    Transform("html4_to_html5", html4_to_html5),
    Transform("html5_to_html4", html5_to_html4, removes=frozenset({"datetime"})),
    Transform("divs_to_tables", divs_to_tables),
    Transform("tables_to_divs", tables_to_divs),
    Transform("wrap_blocks", wrap_blocks),
    Transform("headings_to_bold", headings_to_bold),
    Transform("paragraphs_to_breaks", paragraphs_to_breaks),
    Transform("rename_class_and_id", rename_class_and_id),
    Transform("drop_class_and_id", drop_class_and_id),
    Transform("inline_styles", inline_styles),
)
BY_NAME = {t.name: t for t in TRANSFORMS}
Chain = tuple[Transform, ...]


def all_chains() -> list[Chain]:
    """Every transformation alone and every pair of two, in the order TRANSFORMS lists them."""
    singles = [(t,) for t in TRANSFORMS]
    pairs = [(a, b) for i, a in enumerate(TRANSFORMS) for b in TRANSFORMS[i + 1:]]
    return singles + pairs


def chain_name(chain: Chain) -> str:
    return "+".join(t.name for t in chain)


def parse_chain(name: str) -> Chain:
    try:
        return tuple(BY_NAME[part] for part in name.split("+"))
    except KeyError as error:
        raise ValueError(f"no transformation {error}; known: {', '.join(BY_NAME)}") from None


def kept_fields(chain: Chain, page: ArchivedPage) -> frozenset[str]:
    """Every record field but those whose value, on this page, rests only on evidence a rewrite
    of the chain removes."""
    removed = frozenset().union(*(t.removes for t in chain))
    lost = frozenset().union(*(page.resting_on(kind) for kind in removed))
    return frozenset(FIELDS) - lost


# The archived pages


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    site: str
    path: Path
    content_type: str

    @property
    def body(self) -> bytes:
        return _read(self.path)

    def record(self) -> dict:
        """What the extractor gives for the page as archived."""
        return original_record(self)

    def resting_on(self, kind: str) -> frozenset[str]:
        """Fields whose value on this page only the evidence `kind` gives."""
        if kind == "datetime":
            return _resting_on_datetime(self)
        raise ValueError(f"unknown evidence {kind!r}")


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


@cache
def archived_pages() -> tuple[ArchivedPage, ...]:
    """Every page in the mirror's expected.json files, with the file and Content-Type the mirror
    serves it with (mirror/server.py's lookup, without the server)."""
    by_host = load_sites()
    pages = []
    for slug in SITES:
        expected = json.loads((SITES_DIR / slug / "expected.json").read_text(encoding="utf-8"))
        for url in sorted(expected):
            parts = urlsplit(url)
            site = by_host[parts.hostname]
            key = site.target(parts.path + (f"?{parts.query}" if parts.query else ""))
            route = site.routes.get(key, {})
            path = site.file_for(route.get("file", key))
            content_type = route.get("headers", {}).get("Content-Type") or (
                f"text/html; charset={site.charset}")
            pages.append(ArchivedPage(url, slug, path, content_type))
    return tuple(pages)


def page_for(url: str) -> ArchivedPage:
    for page in archived_pages():
        if page.url == url:
            return page
    raise ValueError(f"{url} is no archived page of the mirror")


@cache
def original_record(page: ArchivedPage) -> dict:
    return extract(page.body, page.url, page.content_type)


def parse(body: bytes) -> Tree:
    """The page as lxml.html parses it; the mirror's pages are UTF-8 whatever they say."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return lxml.html.document_fromstring(body)
    return lxml.html.document_fromstring(body, parser=lxml.html.HTMLParser(encoding="utf-8"))


@cache
def _parsed(page: ArchivedPage) -> Tree:
    return parse(page.body)


def serialize(root: Tree, doctype: str | None = None) -> bytes:
    """The tree as UTF-8 markup, under the doctype given or the tree's own (a copied tree has
    none). etree's serializer, not lxml.html's: that one leaves out <meta http-equiv>, the very
    charset label the canon gets wrong."""
    doctype = doctype or root.getroottree().docinfo.doctype or None
    return etree.tostring(root, doctype=doctype, encoding="utf-8", method="html")


def transformed(page: ArchivedPage, chain: Chain, seed: int) -> bytes:
    """The page rewritten by the chain, every step drawing from one Random(seed) in turn."""
    rng = random.Random(seed)
    original = _parsed(page)
    root = copy.deepcopy(original)
    for transform in chain:
        transform.rewrite(root, rng)
    return serialize(root, original.getroottree().docinfo.doctype)


def variant_seed(base: int, url: str, chain: Chain) -> int:
    """A variant's own seed, the same on every machine and Python (no hash randomisation)."""
    return zlib.crc32(f"{base}|{url}|{chain_name(chain)}".encode())


# Evidence: what a reader sees, what the page tells machines

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3,
    "mrt": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WRITTEN_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})\b")
TIMESTAMP = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")


def _day(year: str, month: int | str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def dates_in(text: str) -> set[str]:
    """Every date spelled in the text (day-first, ISO or written in Dutch or English), as ISO;
    a timestamp also as the day it is in Amsterdam."""
    text = " ".join(text.lower().split())
    found = {_day(y, m, d) for d, m, y in NUMERIC_DATE.findall(text)}
    found |= {_day(y, m, d) for y, m, d in ISO_DATE.findall(text)}
    found |= {_day(y, MONTHS[m], d) for d, m, y in WRITTEN_DATE.findall(text) if m in MONTHS}
    for stamp in TIMESTAMP.findall(text.upper()):
        try:
            moment = datetime.fromisoformat(stamp.replace(" ", "T"))
        except ValueError:
            continue
        found.add(moment.astimezone(AMSTERDAM).date().isoformat())
    return found - {None}


def visible_lines(root: Tree) -> list[str]:
    """The page's text as a reader sees it, line by line: a block's edges and a <br> end a line;
    nothing a reader does not see (head, scripts, what a hiding class or style hides)."""
    parts: list[str] = []
    _visible(_body(root), parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _hidden(el: Tree) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("hidden") is not None or "display:none" in style
            or "clip:rect(000" in style or any(n in HIDING_CLASSES for n in _classes(el)))


def _visible(el: Tree, parts: list[str]) -> None:
    if not isinstance(el.tag, str) or el.tag in UNSEEN_TAGS or _hidden(el):
        return
    separate = el.tag in BLOCK_TAGS or el.tag == "br"
    if separate:
        parts.append("\n")
    parts.append((el.text or "").replace("\n", " "))
    for child in el:
        _visible(child, parts)
        parts.append((child.tail or "").replace("\n", " "))
    if separate:
        parts.append("\n")


def _machine_text(root: Tree) -> str:
    """What the page says to machines other than <time datetime>: meta, JSON-LD, <title>."""
    values = root.xpath("//meta/@content") + root.xpath("//title/text()")
    values += root.xpath("//script[contains(@type, 'ld+json')]/text()")
    return " ".join(values)


@cache
def _resting_on_datetime(page: ArchivedPage) -> frozenset[str]:
    """The fields whose value no other evidence than a <time datetime> gives: a date no text,
    meta or JSON-LD of the page spells, or a reaction's timestamp (its clock and offset)."""
    root = _parsed(page)
    if not root.xpath("//time[@datetime]"):
        return frozenset()
    record = original_record(page)
    elsewhere = dates_in(" ".join(visible_lines(root))) | dates_in(_machine_text(root))
    fields = {name for name in ("published", "modified")
              if record[name] and record[name] not in elsewhere}
    if any(r["posted"] and ("T" in r["posted"] or r["posted"] not in elsewhere)
           for r in record["reactions"]):
        fields.add("reactions")
    return frozenset(fields)


# Comparing records


def differences(page: ArchivedPage, chain: Chain, seed: int) -> dict[str, tuple]:
    """Kept field -> (original, rewritten) for every kept field the rewrite reads differently; a
    refused page differs in every kept field (the refusal as its value)."""
    expected = page.record()
    try:
        got = extract(transformed(page, chain, seed), page.url, page.content_type)
    except ValueError as error:
        got = {name: f"refused: {error}" for name in FIELDS}
    return {name: (expected[name], got[name]) for name in sorted(kept_fields(chain, page))
            if expected[name] != got[name]}


def check_variant(url: str, chain: str, seed: int) -> tuple[list[str], str] | None:
    """One variant by name, as a worker process takes it: the kept fields that differ and the
    report, or None when every kept field is as the original's."""
    page, steps = page_for(url), parse_chain(chain)
    found = differences(page, steps, seed)
    return (sorted(found), report(page, steps, seed, found)) if found else None


def _short(value, limit: int = 160, raw: bool = False) -> str:
    text = value if raw else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def describe(name: str, expected, got, lines: int = 12) -> str:
    """One field's difference, readable: the paragraphs that differ (a unified diff, one line a
    paragraph), the first list item that differs, or both values."""
    if name == "body_text" and isinstance(got, str):
        diff = list(difflib.unified_diff(expected.split("\n\n"), got.split("\n\n"), n=0,
                                         lineterm=""))[2:]
        shown = [f"    {_short(line, 150, raw=True)}" for line in diff[:lines]]
        more = [f"    ... {len(diff) - lines} more diff lines"] if len(diff) > lines else []
        return "\n".join(["body_text differs by paragraph:", *shown, *more])
    if isinstance(expected, list) and isinstance(got, list):
        at = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
                  min(len(expected), len(got)))
        first = _short(expected[at]) if at < len(expected) else "no such item"
        second = _short(got[at]) if at < len(got) else "no such item"
        return (f"{name}: {len(expected)} items, rewritten {len(got)}; item {at + 1}: expected "
                f"{first}, got {second}")
    return f"{name}: expected {_short(expected)}, got {_short(got)}"


def report(page: ArchivedPage, chain: Chain, seed: int, found: dict[str, tuple]) -> str:
    name = chain_name(chain)
    lines = [f"{page.url} rewritten by {name}, seed {seed}: {len(found)} of "
             f"{len(kept_fields(chain, page))} kept fields differ"]
    lines += [f"  {describe(field, *values)}" for field, values in found.items()]
    lines.append(f"  reproduce: .venv/bin/python -m tests.markup_transforms '{page.url}' {name} "
                 f"{seed}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write one rewritten page and compare records.")
    parser.add_argument("url", nargs="?", help="an archived page's real URL "
                                               "(mirror/sites/*/expected.json)")
    parser.add_argument("chain", nargs="?", help="transformations joined by '+'")
    parser.add_argument("seed", nargs="?", type=int)
    parser.add_argument("--out", type=Path, help="where to write the page")
    parser.add_argument("--list", action="store_true",
                        help="list the transformations and the evidence each keeps")
    args = parser.parse_args(argv)
    if args.list:
        for transform in TRANSFORMS:
            print(f"{transform.name}: {transform.description}\n    {transform.declaration}")
        return 0
    if args.seed is None:
        parser.error("give URL CHAIN SEED, or --list")
    page, chain = page_for(args.url), parse_chain(args.chain)
    out = args.out or OUT_DIR / (re.sub(r"[^\w.-]+", "_", args.url.split("//", 1)[-1])
                                 + f"--{args.chain}--{args.seed}.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(transformed(page, chain, args.seed))
    print(f"wrote {out} (extract it: .venv/bin/archive extract {out} --url '{page.url}')")
    print(f"kept fields: {', '.join(sorted(kept_fields(chain, page)))}")
    found = differences(page, chain, args.seed)
    print(report(page, chain, args.seed, found) if found else "every kept field as the original")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
