"""Canon Sociaal Werk in the markup its platform could really print (docs/platforms/canon.md).

The canon is a hand-built PHP site, so there is no platform to copy, only its eras:

- "php-2006": the site as first built in 2006 (Dreamweaver-style layout tables, <font> tags, no
  ids or classes, no <h1>, text split by <br><br>, an image map and rollover buttons, served as
  windows-1252 with the editor's named entities in the text);
- "php-2010-divs": the same PHP scripts after a div refresh (XHTML 1.0 Transitional, #wrapper,
  #kolom-links, .venster-titel, the labels in a table, section headings as <h3>, the logo as the
  page's <h1>, jQuery widgets, AddThis, a YouTube <object>);
- "php-2015-bootstrap": the PHP site after its mobile refresh (a Bootstrap 3 grid, a collapsing
  navbar, panels for the sections, a second navigation bar for phones, the year in its own block
  before the <h1>);
- "cms-2020": a migration to a CMS (Drupal 8/9 with a Bartik-derived theme: header, nav, main,
  article, aside, footer, a consent <dialog>, the year in its own element beside the <h1>, the
  labels in a list with the colon left to CSS, sections headed by <h2>, field wrappers, a
  sidebar with the canon's windows and the agenda, JSON-LD and drupalSettings).

Every rendering prints what the record holds (title line with its year, subtitle, the text's
paragraphs and subheadings in order, the labels with day-first dates, authors and contributors,
bios, the link sections) and keeps every link that leads on (navigation bars, Verwante vensters,
author links) with the href today's mirror page gives it, so a crawl can discover what it
discovers today. The text is read from today's page (#venstertekst, #auteurinfo), never from
the record's flattened body_text, so inline links and line breaks survive."""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import dataclass, field
from functools import cache
from html.entities import codepoint2name
from urllib.parse import quote, urlsplit

from lxml import etree

from mirror.platforms import Page, Rendered, Renderer, expected_records

SITE_NAME = "Canon Sociaal Werk"
CANON_NAMES = {
    "nl": "Canon Sociaal Werk",
    "nl_so": "Canon samenlevingsopbouw",
    "nl_mw": "Canon maatschappelijk werk",
    "nl_jz": "Canon jeugdzorg",
}
# The canons the site's menus offer beside the four in the mirror (site-notes.md lists the
# prefixes; the names of the ones marked as guessed in docs/platforms/canon.md are ours).
OTHER_CANONS = (
    ("nl_mo", "Canon maatschappelijke opvang"),
    ("nl_bbwonen", "Canon beschermd en begeleid wonen"),
    ("nl_han", "Canon HAN sociale studies"),
    ("be_ggz", "Canon geestelijke gezondheidszorg Vlaanderen"),
    ("nl_vsz", "Canon vrouwen en sociale zorg"),
    ("int", "International canon of social work"),
    ("uit", "Uitgelicht"),
)
# Every canon the menus offer, (slug, name), the mirror's four first: the order every markup's
# menus, jump lists and sitemaps keep.
ALL_CANONS = (*CANON_NAMES.items(), *OTHER_CANONS)
# The agenda a window page shows where today's page has no sidebar to read it from: the same
# lines today's author pages print.
AGENDA = (
    ("13-06-2024", "Symposium erfgoed en sociaal werk"),
    ("31-01-2020", "Presentatie Canon samenlevingsopbouw tijdens de Participatielezing"),
    ("20-09-2019", "Laatste bijeenkomst masterclass Canon samenlevingsopbouw"),
    ("08-12-2016", "Tien jaar Canon sociaal werk"),
)
HEADING_TAGS = frozenset(("b", "strong"))


# -- The content of one page: what every markup prints ------------------------------------------

@dataclass(frozen=True)
class Anchor:
    text: str
    href: str


@dataclass(frozen=True)
class Line:
    """One line of text between <br>s. `parts` are strings and inline elements as today's page
    has them, so each markup can print links and emphasis in its own way."""

    parts: tuple
    heading: bool = False  # a <b> subheading alone on its line

    @property
    def text(self) -> str:
        return " ".join(
            "".join(p if isinstance(p, str) else p.xpath("string()") for p in self.parts).split()
        )


@dataclass(frozen=True)
class Reference:
    """An item of Literatuur, Aanvullend materiaal, Links, Video or Verwante vensters."""

    anchor: Anchor
    doctype: str = ""  # "PDF document"
    note: str = ""  # what follows the link: " | Registratie van ...", " [Een beschouwing ...]"


@dataclass(frozen=True)
class Section:
    key: str  # verwant, literatuur, aanvullend, links, video
    heading: str  # as printed: "Verder studeren", "Literatuur", "Video" ...
    subheading: str = ""  # "Literatuur" under "Verder studeren"
    items: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class Content:
    """What a window or author page shows, read from today's mirror page and its record."""

    url: str
    canon: str
    kind: str  # venster or auteur
    year: int | None
    title: str
    subtitle: str | None
    published: str | None  # dd-mm-yyyy, as the site prints it
    modified: str | None
    published_iso: str | None
    modified_iso: str | None
    authors: tuple[Anchor, ...]
    contributors: str  # "Henk Krijnen en Jos van der Lans", as printed
    contributor_names: tuple[str, ...]
    nav_top: tuple[Anchor, ...]
    nav_bottom: tuple[Anchor, ...]
    body: tuple[tuple[Line, ...], ...]  # paragraphs of lines
    photo: dict | None  # the author's portrait: src, alt, width
    sections: tuple[Section, ...]
    extra: tuple[tuple[Line, ...], ...]  # the "Extra" box between Verwante vensters and the rest
    news: tuple[Anchor, ...]  # the NIEUW banner, where today's page has one
    news_date: str  # "Symposium 13 juni", printed right after the symposium's title
    window_list: tuple[str, tuple[Anchor, ...]] | None
    author_windows: tuple[Anchor, ...]
    agenda: tuple[tuple[str, str], ...]
    promo: tuple[str, ...] = field(default=())  # VERS VAN DE PERS, NIEUW CANON-boek texts

    @property
    def canon_name(self) -> str:
        return CANON_NAMES.get(self.canon, SITE_NAME)

    @property
    def title_line(self) -> str:
        return f"{self.year} {self.title}" if self.year else self.title

    @property
    def head_title(self) -> str:
        """The <title> a PHP page of the site gives: site, canon, title line."""
        parts = [SITE_NAME] + ([self.canon_name] if self.canon != "nl" else [])
        return " - ".join([*parts, self.title_line])

    @property
    def description(self) -> str:
        text = " ".join(line.text for paragraph in self.body for line in paragraph)
        return text[:157].rsplit(" ", 1)[0] + "..." if len(text) > 160 else text


def read_content(page: Page) -> Content:
    """The page's content: fields from the record, text and links from today's page."""
    record, tree = page.record, page.original
    canon = urlsplit(page.url).path.strip("/").split("/")[0]
    navs = [_anchors(bar) for bar in tree.xpath("//div[@class='navigatie']")]
    body_box = _first(tree, "//div[@id='venstertekst'] | //div[@id='auteurinfo']")
    photo = _first(tree, "//div[@id='auteurinfo']/img")
    news = _first(tree, "//div[@id='nieuws']")
    sidebar = _first(tree, "//div[@id='zijbalk']")
    people = record["authors"]
    return Content(
        url=page.url,
        canon=canon,
        kind=record["kind"],
        year=record["canon_year"],
        title=record["title"],
        subtitle=record["subtitle"],
        published=_day_first(record["published"]),
        modified=_day_first(record["modified"]),
        published_iso=record["published"],
        modified_iso=record["modified"],
        authors=_author_anchors(tree, people),
        contributors=_contributor_text(tree),
        contributor_names=tuple(p["name"] for p in people if p["role"] == "contributor"),
        nav_top=tuple(navs[0]) if navs else (),
        nav_bottom=tuple(navs[-1]) if navs else (),
        body=_paragraphs(body_box) if body_box is not None else (),
        photo=dict(photo.attrib) if photo is not None else None,
        sections=_sections(tree),
        extra=_extra(tree),
        news=tuple(_anchors(news)) if news is not None else (),
        news_date=news.xpath("string(.//span[@class='nieuws_datum'])") if news is not None else "",
        window_list=_window_list(tree),
        author_windows=tuple(_anchors(_first(tree, "//ul[@class='auteurvensters']"))),
        agenda=_agenda(sidebar),
        promo=_promo(sidebar),
    )


def _first(tree, xpath: str):
    hits = tree.xpath(xpath) if tree is not None else []
    return hits[0] if hits else None


def _anchors(element) -> list[Anchor]:
    if element is None:
        return []
    return [Anchor(" ".join(a.text_content().split()), a.get("href", ""))
            for a in element.iter("a")]


def _day_first(iso: str | None) -> str | None:
    """2019-11-14 as the site prints it: 14-11-2019."""
    return "-".join(reversed(iso.split("-"))) if iso else None


def _author_anchors(tree: etree._Element, people: list[dict]) -> tuple[Anchor, ...]:
    """The Auteur(s) links of today's page, or the record's names where a name has none."""
    links = {a.text: a for a in _anchors(_first(tree, "//div[@id='gegevens']"))}
    return tuple(links.get(p["name"], Anchor(p["name"], ""))
                 for p in people if p["role"] == "author")


def _contributor_text(tree: etree._Element) -> str:
    box = _first(tree, "//div[@id='gegevens']")
    text = box.text_content() if box is not None else ""
    match = re.search(r"met medewerking van\s+(.+)", text)
    return " ".join(match.group(1).split()) if match else ""


def _paragraphs(container: etree._Element) -> tuple[tuple[Line, ...], ...]:
    """The container's text as paragraphs of lines: each <p> is one, and so is the loose text
    and inline markup between them; <br> ends a line. The container's own <img> (the author's
    portrait) is no text."""
    paragraphs, loose = [], [container.text or ""]
    for child in container:
        if child.tag in ("p", "div"):
            paragraphs.append(_lines(loose))
            paragraphs.append(_lines(_parts_of(child)))
            loose = []
        elif child.tag != "img":
            loose.append(child)
        loose.append(child.tail or "")
    paragraphs.append(_lines(loose))
    return tuple(p for p in paragraphs if p)


def _parts_of(element: etree._Element) -> list:
    """An element's content as parts: its text, then each child followed by its tail."""
    parts = [element.text or ""]
    for child in element:
        parts += [child, child.tail or ""]
    return parts


def _lines(parts: list) -> tuple[Line, ...]:
    """Split parts at <br> into lines; drop the empty ones; mark lone <b> lines as headings."""
    lines, current = [], []
    for part in [*parts, None]:
        if part is None or (not isinstance(part, str) and part.tag == "br"):
            kept = _trim(current)
            if any(not isinstance(p, str) or p.strip() for p in kept):
                lone = len(kept) == 1 and not isinstance(kept[0], str)
                lines.append(Line(kept, lone and kept[0].tag in HEADING_TAGS))
            current = []
        else:
            current.append(part)
    return tuple(lines)


def _trim(parts: list) -> tuple:
    """The line's parts without the whitespace at both ends."""
    parts = [p for p in parts if not isinstance(p, str) or p]
    while parts and isinstance(parts[0], str) and not parts[0].strip():
        parts.pop(0)
    while parts and isinstance(parts[-1], str) and not parts[-1].strip():
        parts.pop()
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return tuple(parts)


SECTION_IDS = ("verwant", "literatuur", "aanvullend", "links", "video")


def _sections(tree: etree._Element) -> tuple[Section, ...]:
    """The link sections in page order, empty ones included (the PHP site prints their
    headings anyway)."""
    sections = []
    for box in tree.xpath("//div[@id='content']/div[@id]"):
        key = box.get("id")
        if key not in SECTION_IDS:
            continue
        items = box.xpath(".//li") or box.xpath(".//p")
        sections.append(Section(
            key=key,
            heading=" ".join(box.xpath("string(h4)").split()),
            subheading=" ".join(box.xpath("string(h5)").split()),
            items=tuple(_reference(item) for item in items if item.find(".//a") is not None),
        ))
    return tuple(sections)


def _reference(item: etree._Element) -> Reference:
    anchor = item.find(".//a")
    note = "".join([anchor.tail or ""] + [n.text_content() + (n.tail or "")
                                         for n in anchor.itersiblings()])
    return Reference(
        anchor=Anchor(" ".join(anchor.text_content().split()), anchor.get("href", "")),
        doctype=item.xpath("string(span[@class='doctype'])"),
        note=" ".join(note.split()),
    )


def _extra(tree: etree._Element) -> tuple[tuple[Line, ...], ...]:
    box = _first(tree, "//div[@class='extra']")
    if box is None:
        return ()
    box = copy.deepcopy(box)  # today's page stays as it is
    for label in box.xpath("span[@class='extra_kop']"):
        box.text = (box.text or "") + (label.tail or "")
        box.remove(label)
    return _paragraphs(box)


def _window_list(tree: etree._Element) -> tuple[str, tuple[Anchor, ...]] | None:
    box = _first(tree, "//div[@id='vensterlijst']")
    if box is None:
        return None
    return box.xpath("string(b)"), tuple(_anchors(box))


def _agenda(sidebar) -> tuple[tuple[str, str], ...]:
    box = _first(sidebar, "div[@class='ticker']")
    lines = [re.match(r"(\d\d-\d\d-\d{4})\s*→\s*(.+)", line) for line in _text_lines(box)]
    return tuple((m.group(1), m.group(2)) for m in lines if m) or AGENDA


def _promo(sidebar) -> tuple[str, ...]:
    """The promo box's lines: VERS VAN DE PERS, its book, NIEUW CANON-boek, its book."""
    box = _first(sidebar, "div[@class='promo']")
    return tuple(_text_lines(box)) or (
        "VERS VAN DE PERS",
        "Jos van der Lans, De marktwerking voorbij. Samenlevingsopbouw in de 21e eeuw. "
        "Gratis te bestellen, u betaalt alleen de verzendkosten.",
        "NIEUW CANON-boek",
        "Canon sociaal werk in Nederland. 50 vensters op de geschiedenis van het sociaal "
        "werk. ISBN 978 90 469 0310 8, € 29,50",
    )


def _text_lines(element) -> list[str]:
    """The element's text, one string per line between its <br>s, empty lines left out."""
    if element is None:
        return []
    element = copy.deepcopy(element)  # today's page stays as it is
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [" ".join(line.split()) for line in element.xpath("string()").split("\n")
            if line.strip()]


@cache
def canon_windows(canon: str) -> tuple[Anchor, ...]:
    """Every window of a canon the mirror archives, in the order of their years: what a CMS
    sidebar lists (today's index pages miss some and list a removed one)."""
    records = [r for url, r in expected_records("canon").items()
               if r["kind"] == "venster" and urlsplit(url).path.startswith(f"/{canon}/")]
    records.sort(key=lambda r: (r["canon_year"] or 0, r["url"]))
    return tuple(Anchor(f"{r['canon_year']} {r['title']}", r["url"]) for r in records)


# -- Printing helpers ----------------------------------------------------------------------------

def esc(text: str) -> str:
    """Text as PHP's htmlspecialchars() prints it."""
    return html.escape(text, quote=False)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def entities(text: str) -> str:
    """Text as a 2006 WYSIWYG editor (FCKeditor, ProcessHTMLEntities) stored it: every character
    outside ASCII as its named entity, or a numeric one."""
    out = []
    for char in esc(text):
        code = ord(char)
        if code < 128:
            out.append(char)
        elif code in codepoint2name:
            out.append(f"&{codepoint2name[code]};")
        else:
            out.append(f"&#{code};")
    return "".join(out)


def inline(parts: tuple, text=esc, keep_class: bool = False, bold: str = "b") -> str:
    """A line's parts as HTML: text through `text`, elements rebuilt (links keep their href)."""
    return "".join(text(p) if isinstance(p, str) else _element(p, text, keep_class, bold)
                   for p in parts)


def _element(node: etree._Element, text, keep_class: bool, bold: str) -> str:
    tag = node.tag
    if tag in HEADING_TAGS:
        tag = bold
    keep = ("href", "src", "alt", "width", "height", "target", "title")
    names = keep + (("class",) if keep_class else ())
    attrs = "".join(f' {k}="{attr(v)}"' for k, v in node.attrib.items() if k in names)
    if tag == "img":
        return f"<img{attrs} border=\"0\">"
    inner = text(node.text or "") + "".join(
        _element(child, text, keep_class, bold) + text(child.tail or "") for child in node)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def joined(items, separator: str = "\n") -> str:
    return separator.join(item for item in items if item)


def document(*parts: str, charset: str = "utf-8") -> Rendered:
    """A whole page as the site's templates print it: its parts one a line, empty ones left out,
    from the doctype to the body's last script, then the closing tags every era prints."""
    return Rendered(joined((*parts, "</body>", "</html>")), charset=charset)


def html_head(*lines: str) -> str:
    """A page's <head> with its lines, one a line."""
    return joined(("<head>", *lines, "</head>"))


def by_kind(content: Content, author, window) -> str:
    """The page's own part: `author` prints an author page, `window` a window."""
    return author(content) if content.kind == "auteur" else window(content)


def anchor_link(anchor: Anchor) -> str:
    """A link as every markup prints navigation, window lists and author links: href and text,
    no attributes of its own."""
    return f'<a href="{attr(anchor.href)}">{esc(anchor.text)}</a>'


def text_or_link(anchor: Anchor) -> str:
    """An author's name: linked where today's page links it, plain text where it does not."""
    return anchor_link(anchor) if anchor.href else esc(anchor.text)


def line_html(line: Line, bold: str = "b", text=esc) -> str:
    """One line of a text: a subheading as its bare text in `bold`, any other line with its
    links and emphasis (the markups differ only in the bold tag and how text is escaped)."""
    if line.heading:
        return f"<{bold}>{text(line.text)}</{bold}>"
    return inline(line.parts, text=text, bold=bold)


def html_paragraphs(paragraphs: tuple[tuple[Line, ...], ...], bold: str, br: str) -> str:
    """A text as the editors after 2006 left it: one <p> a paragraph, its lines apart by `br`
    (<br /> in XHTML, <br> in HTML)."""
    return "\n".join(f"<p>{br.join(line_html(line, bold) for line in paragraph)}</p>"
                     for paragraph in paragraphs)


def label_lines(content: Content) -> list[str]:
    """The labels under a window's text as the PHP scripts print them in 2006 and still after
    the 2015 refresh, one line each, with the seeds' quirks: a space before the colon of "Datum
    laatste wijziging :" and none after it, a comma after every author."""
    lines = []
    if content.published:
        lines.append(f"Publicatiedatum: {content.published}")
    if content.modified:
        lines.append(f"Datum laatste wijziging :{content.modified}")
    if content.authors:
        names = " ".join(f"{text_or_link(a)}," for a in content.authors)
        lines.append(f"Auteur(s): {names}")
    if content.contributors:
        lines.append(f"met medewerking van {esc(content.contributors)}")
    return lines


def seed_nav_links(anchors: tuple[Anchor, ...]) -> str:
    """A navigation bar's links as the seeds print them: a non-breaking space, a line break,
    then the links apart by non-breaking spaces."""
    return "&nbsp;<br>\n&nbsp; " + " &nbsp; ".join(anchor_link(a) for a in anchors)


def news_banner(content: Content, box: str, link: str, dated: str, separator: str = "") -> str:
    """The NIEUW banner where today's page has one, nothing where it has none. Each news link
    goes through the markup's `link` template ({href}, {text}); today's page runs the
    symposium's title and its date together in one link, and the `dated` template ({title},
    {date}) sets the two apart as the markup does. The links, apart by `separator`, fill the
    `box` template ({links}). Values come escaped."""
    if not content.news:
        return ""
    links = []
    for anchor in content.news:
        text = anchor.text
        if content.news_date and text.endswith(content.news_date):
            text_html = dated.format(title=esc(text[: -len(content.news_date)]),
                                     date=esc(content.news_date))
        else:
            text_html = esc(text)
        links.append(link.format(href=attr(anchor.href), text=text_html))
    return box.format(links=separator.join(links))


def portrait(content: Content, template: str) -> str:
    """The author's portrait through the markup's `template` ({src}, {file}: the image's file
    name, {alt}, {width}; escaped for an attribute), or nothing on a page without one."""
    photo = content.photo
    if not photo:
        return ""
    src = photo.get("src", "")
    return template.format(src=attr(src), file=attr(src.rsplit("/", 1)[-1]),
                           alt=attr(photo.get("alt", "")), width=attr(photo.get("width", "120")))


def sections_with_extra(content: Content, section, extra: str) -> list[str]:
    """The link sections, each through `section`, with the Extra box (`extra`, "" for none)
    where the site prints it: right after Verwante vensters, or first without them."""
    sections = [section(s) for s in content.sections]
    position = next((i + 1 for i, s in enumerate(content.sections) if s.key == "verwant"), 0)
    sections.insert(position, extra)
    return sections


def note_text(ref: Reference) -> str:
    """What follows a reference's link, after a space; nothing where there is no note."""
    return f" {esc(ref.note)}" if ref.note else ""


def youtube_id(href: str) -> str | None:
    """The film's id in a YouTube watch link (...?v=ID), from which the players are built."""
    match = re.search(r"[?&]v=([\w-]+)", href)
    return match.group(1) if match else None


def is_promo_heading(line: str) -> bool:
    """A promo box's heading (VERS VAN DE PERS, NIEUW CANON-boek), not a book's description."""
    return line.isupper() or line.startswith("NIEUW")


def css_rules(prefix: str, blocks: tuple[str, ...], props: tuple[str, ...]) -> str:
    """A stylesheet's worth of rules for the named blocks and their parts, as themes ship them:
    every block with its elements and modifiers."""
    parts = ("", "__inner", "__title", "__item", "__link", "__meta", "--active", "--compact")
    rules = []
    for i, block in enumerate(blocks):
        for j, part in enumerate(parts):
            chosen = [props[(i * 7 + j * 3 + k) % len(props)] for k in range(4)]
            rules.append(f".{prefix}{block}{part}{{{';'.join(chosen)}}}")
    return "\n".join(rules)


# -- php-2006: layout tables, <font>, no ids or classes ------------------------------------------

FONT = 'face="Verdana, Arial, Helvetica, sans-serif"'
SPACER = '<img src="/img/spacer.gif" width="{w}" height="{h}" border="0" alt="">'


def php_2006(page: Page) -> Rendered:
    """A window or author page as the 2006 site printed it."""
    content = read_content(page)
    return document(
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">', "<html>",
        _php2006_head(content),
        '<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0" '
        "onLoad=\"MM_preloadImages('/img/knop_home_f2.gif','/img/knop_over_f2.gif',"
        "'/img/knop_boeken_f2.gif','/img/knop_bronnen_f2.gif','/img/knop_zoeken_f2.gif')\">",
        '<table width="780" border="0" cellspacing="0" cellpadding="0" align="center">',
        _php2006_banner(content),
        _php2006_noscript_menu(),
        _php2006_news(content),
        "<tr>",
        f'<td width="170" valign="top" bgcolor="#E9EEF3">{_php2006_left(content)}</td>',
        f'<td width="10" valign="top">{SPACER.format(w=10, h=1)}</td>',
        f'<td width="600" valign="top">{by_kind(content, _php2006_author, _php2006_window)}</td>',
        "</tr>",
        _php2006_footer(content),
        "</table>",
        _php2006_maps(content),
        _php2006_counter(),
        charset="windows-1252",
    )


def _php2006_head(content: Content) -> str:
    return html_head(
        f"<title>{esc(content.head_title)}</title>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        f'<meta name="description" content="{attr(content.description)}">',
        '<meta name="keywords" content="canon, sociaal werk, geschiedenis, vensters, '
        'samenlevingsopbouw, maatschappelijk werk, jeugdzorg, opbouwwerk, welzijnswerk, '
        'armenzorg, kinderbescherming, maatschappelijke opvang, onderwijs, hbo, sph, mwd, cmv">',
        '<meta name="robots" content="index,follow">',
        '<meta name="revisit-after" content="7 days">',
        '<meta name="language" content="Dutch">',
        '<link rel="shortcut icon" href="/favicon.ico">',
        '<style type="text/css">\n<!--\n' + _php2006_css() + "\n-->\n</style>",
        '<script language="JavaScript" type="text/JavaScript">\n<!--\n' + _php2006_js()
        + "\n//-->\n</script>",
        '<script language="JavaScript" type="text/JavaScript">\n<!--\n'
        + _php2006_menu_script(content) + "\n//-->\n</script>",
        '<script src="http://www.google-analytics.com/urchin.js" type="text/javascript">'
        "</script>",
        '<script type="text/javascript">\n_uacct = "UA-1081543-1";\nurchinTracker();\n</script>',
    )


def _php2006_css() -> str:
    """Tag selectors only: the 2006 pages carry no class or id to style."""
    tags = ("body", "td", "th", "p", "font", "a:link", "a:visited", "a:hover", "a:active",
            "select", "input", "textarea", "b", "i", "ul", "li", "img", "form", "table")
    props = ("font-family: Verdana, Arial, Helvetica, sans-serif", "font-size: 11px",
             "color: #333333", "margin: 0px", "padding: 0px", "text-decoration: none",
             "line-height: 15px", "color: #003366", "text-decoration: underline",
             "border: 0px", "background-color: #FFFFFF", "scrollbar-face-color: #E9EEF3",
             "scrollbar-arrow-color: #003366", "scrollbar-track-color: #FFFFFF")
    rules = []
    for i, tag in enumerate(tags):
        chosen = "; ".join(props[(i * 5 + k) % len(props)] for k in range(5))
        rules.append(f"{tag} {{ {chosen}; }}")
    return "\n".join(rules)


def _php2006_js() -> str:
    """Rollover, pop-up and jump-menu functions in the style Dreamweaver pasted into each page
    (written here, not copied)."""
    return """function MM_preloadImages() { //v3.0
  var d=document; if(d.images){ if(!d.MM_p) d.MM_p=new Array();
    var i,j=d.MM_p.length,a=MM_preloadImages.arguments;
    for(i=0; i<a.length; i++) {
      if (a[i].indexOf("#")!=0) { d.MM_p[j]=new Image; d.MM_p[j++].src=a[i]; } } }
}
function MM_swapImgRestore() { //v3.0
  var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc;
}
function MM_findObj(n, d) { //v4.01
  var p,i,x; if(!d) d=document;
  if((p=n.indexOf("?"))>0&&parent.frames.length) {
    d=parent.frames[n.substring(p+1)].document; n=n.substring(0,p); }
  if(!(x=d[n])&&d.all) x=d.all[n];
  for (i=0;!x&&i<d.forms.length;i++) x=d.forms[i][n];
  for(i=0;!x&&d.layers&&i<d.layers.length;i++) x=MM_findObj(n,d.layers[i].document);
  if(!x && d.getElementById) x=d.getElementById(n); return x;
}
function MM_swapImage() { //v3.0
  var i,j=0,x,a=MM_swapImage.arguments; document.MM_sr=new Array;
  for(i=0;i<(a.length-2);i+=3) {
    if ((x=MM_findObj(a[i]))!=null) {
      document.MM_sr[j++]=x; if(!x.oSrc) x.oSrc=x.src; x.src=a[i+2]; } }
}
function MM_jumpMenu(targ,selObj,restore){ //v3.0
  eval(targ+".location='"+selObj.options[selObj.selectedIndex].value+"'");
  if (restore) selObj.selectedIndex=0;
}
function MM_openBrWindow(theURL,winName,features) { //v2.0
  window.open(theURL,winName,features);
}
function printVenster() {
  var w = window.open(document.location.href + '&print=1', 'print',
                      'width=640,height=480,scrollbars=yes');
  if (w) { w.focus(); }
}
function bookmark(url, title) {
  if (window.sidebar) { window.sidebar.addPanel(title, url, ""); }
  else if (window.external) { window.external.AddFavorite(url, title); }
  else { alert("Druk op Ctrl-D om deze pagina aan uw favorieten toe te voegen."); }
}
var datum = new Date();
var maanden = new Array("januari","februari","maart","april","mei","juni","juli","augustus",
  "september","oktober","november","december");
function schrijfDatum() {
  document.write(datum.getDate() + " " + maanden[datum.getMonth()] + " " + datum.getFullYear());
}"""


SECTIONS_OF_A_CANON = (("homepage", "index.php"), ("over de canon", "overdecanon.php"),
                       ("alle vensters", "vensters.php"), ("boeken", "publicaties.php?cps=0"),
                       ("bronnen", "bronnen.php"), ("onderwijs", "onderwijs.php"),
                       ("auteurs", "auteurs.php"))


def _php2006_menu_script(content: Content) -> str:
    """A DHTML drop-down menu of the time: its data, one entry per canon and page, and the small
    engine that writes the layers and shows them on mouse-over (written here, not copied)."""
    canons = ALL_CANONS
    rows = []
    for i, (slug, name) in enumerate(canons):
        rows.append(f'menuItems[{i}] = new Array("{name}", "/{slug}/index.php", {len(rows)});')
        for j, (label, target) in enumerate(SECTIONS_OF_A_CANON):
            rows.append(f'subItems[{i}][{j}] = new Array("{label}", "/{slug}/{target}");')
    subs = "\n".join(f"subItems[{i}] = new Array();" for i in range(len(canons)))
    return f"""var menuItems = new Array();
var subItems = new Array();
{subs}
{chr(10).join(rows)}
var menuTimer = null;
var menuOpen = -1;
var isIE = (document.all) ? true : false;
var isNS4 = (document.layers) ? true : false;
var isDOM = (document.getElementById) ? true : false;
function menuLayer(n) {{
  if (isDOM) return document.getElementById("menulaag" + n);
  if (isIE) return document.all["menulaag" + n];
  if (isNS4) return document.layers["menulaag" + n];
  return null;
}}
function toonMenu(n) {{
  if (menuTimer) {{ clearTimeout(menuTimer); menuTimer = null; }}
  if (menuOpen != -1 && menuOpen != n) verbergNu(menuOpen);
  var laag = menuLayer(n);
  if (!laag) return;
  if (isNS4) laag.visibility = "show"; else laag.style.visibility = "visible";
  menuOpen = n;
}}
function verbergMenu(n) {{
  menuTimer = setTimeout("verbergNu(" + n + ")", 400);
}}
function verbergNu(n) {{
  var laag = menuLayer(n);
  if (!laag) return;
  if (isNS4) laag.visibility = "hide"; else laag.style.visibility = "hidden";
  if (menuOpen == n) menuOpen = -1;
}}
function schrijfMenu() {{
  for (var i = 0; i < menuItems.length; i++) {{
    var html = '<div id="menulaag' + i + '" style="position:absolute; visibility:hidden; '
      + 'left:' + (170 + (i % 4) * 150) + 'px; top:134px; width:160px; z-index:' + (100 + i)
      + '; background-color:#E9EEF3; border:1px solid #003366" '
      + 'onMouseOver="toonMenu(' + i + ')" onMouseOut="verbergMenu(' + i + ')">';
    for (var j = 0; j < subItems[i].length; j++) {{
      html += '<a href="' + subItems[i][j][1] + '" style="display:block; padding:2px 6px">'
        + subItems[i][j][0] + '</a>';
    }}
    document.write(html + '</div>');
  }}
}}
var huidigeCanon = "{content.canon}";"""


def _php2006_noscript_menu() -> str:
    """What a browser without JavaScript got instead of the drop-down menu."""
    links = " | ".join(f'<a href="/{slug}/index.php">{esc(name)}</a>'
                       for slug, name in ALL_CANONS)
    return (f'<tr><td colspan="3"><noscript><font {FONT} size="1">{links}</font></noscript>'
            '<script language="JavaScript" type="text/JavaScript">schrijfMenu();</script>'
            "</td></tr>")


def _php2006_banner(content: Content) -> str:
    """The banner image with its image map, then the row of rollover image buttons."""
    canon = content.canon
    buttons = (("home", f"/{canon}/index.php", "homepage", 95),
               ("over", f"/{canon}/overdecanon.php", "over de canon", 110),
               ("boeken", f"/{canon}/publicaties.php?cps=0", "boeken", 80),
               ("bronnen", f"/{canon}/bronnen.php", "bronnen", 85),
               ("zoeken", f"/zoeken.php?canon={canon}", "zoeken", 80))
    cells = "".join(
        f'<td><a href="{attr(href)}" onMouseOut="MM_swapImgRestore()" '
        f"onMouseOver=\"MM_swapImage('knop_{name}','','/img/knop_{name}_f2.gif',1)\">"
        f'<img src="/img/knop_{name}.gif" name="knop_{name}" width="{width}" height="22" '
        f'border="0" alt="{attr(alt)}"></a></td>'
        for name, href, alt, width in buttons)
    return joined((
        f'<tr><td colspan="3"><img src="/img/banner_{canon}.jpg" width="780" height="110" '
        f'border="0" usemap="#Map" alt="{attr(content.canon_name)}"></td></tr>',
        '<tr><td colspan="3" bgcolor="#003366">'
        f'<table border="0" cellspacing="0" cellpadding="0"><tr>{cells}'
        f'<td width="330">{SPACER.format(w=330, h=22)}</td></tr></table></td></tr>',
    ))


def _php2006_news(content: Content) -> str:
    """The NIEUW banner row, where the page has one: the symposium's title and date run
    together, as the seed shows them."""
    box = ('<tr><td colspan="3" bgcolor="#FFF4D6"><table width="100%" border="0" cellspacing="0" '
           'cellpadding="4"><tr><td width="60" valign="top">'
           f'<font {FONT} size="2" color="#CC0000"><b>NIEUW</b></font></td><td>'
           f'<font {FONT} size="1">{{links}}</font></td></tr></table></td></tr>')
    return news_banner(content, box, '<a href="{href}">{text}</a>',
                       '<b>{title}</b><font size="1" color="#666666">{date}</font>', "<br>")


def _php2006_left(content: Content) -> str:
    """The left column: jump menu of canons, the canon's window list where the page has one,
    the agenda ticker and book promos on author pages, a search box, the sponsors."""
    options = "".join(
        f'<option value="/{slug}/index.php"{" selected" if slug == content.canon else ""}>'
        f"{esc(name)}</option>"
        for slug, name in ALL_CANONS)
    parts = [
        SPACER.format(w=170, h=8) + "<br>",
        '<form name="canonkeuze" method="post" action="">'
        '<select name="menu1" onChange="MM_jumpMenu(\'parent\',this,0)">'
        f'<option value="">Kies een canon ...</option>{options}</select></form>',
    ]
    if content.window_list:
        title, anchors = content.window_list
        links = "<br>".join(anchor_link(a) for a in anchors)
        parts.append(f'<font {FONT} size="1"><b>{esc(title)}</b><br>{links}</font><br><br>')
    if content.kind == "auteur":
        parts.append(_php2006_ticker(content))
        parts.append(_php2006_promo(content))
    parts.append(
        '<form name="zoek" method="get" action="/zoeken.php">'
        f'<input type="hidden" name="canon" value="{attr(content.canon)}">'
        '<input type="text" name="q" size="14"> <input type="image" src="/img/knop_zoek.gif" '
        'alt="zoek" border="0"></form>')
    parts.append(_php2006_sponsors())
    return joined(parts)


def _php2006_ticker(content: Content) -> str:
    lines = "<br>\n".join(f"{day} &rarr; {esc(event)}" for day, event in content.agenda)
    return (f'<table width="100%" border="0" cellpadding="4" cellspacing="0" bgcolor="#FFFFFF">'
            f'<tr><td><font {FONT} size="1"><b>Agenda &amp; nieuws</b><br>\n{lines}'
            "</font></td></tr></table><br>")


def _php2006_promo(content: Content) -> str:
    lines = list(content.promo)
    out = []
    for line in lines:
        if is_promo_heading(line):
            out.append(f'<font color="#CC0000"><b>{esc(line)}</b></font>')
            if line == "VERS VAN DE PERS":
                out.append(f'<a href="/{content.canon}/publicaties.php?cps=0">'
                           '<img src="/img/boek_marktwerking.jpg" width="100" height="140" '
                           'border="0" alt=""></a>')
        else:
            out.append(esc(line))
    return f'<font {FONT} size="1">{"<br>".join(out)}</font><br><br>'


def _php2006_sponsors() -> str:
    logos = ("hogeschool_utrecht", "movisie", "lsa", "bpsw", "swp", "coutinho")
    cells = "".join(
        f'<tr><td align="center"><a href="/links.php#{name}" target="_blank">'
        f'<img src="/img/logo_{name}.gif" width="120" height="40" border="0" alt=""></a>'
        "</td></tr>" for name in logos)
    return ('<table width="100%" border="0" cellspacing="0" cellpadding="6">'
            f'<tr><td><font {FONT} size="1" color="#666666">met steun van:</font></td></tr>'
            f"{cells}</table>")


def _php2006_title(content: Content) -> str:
    """The title line in bold and a big font, the subtitle in bold italics below it."""
    sub = (f'<br><font {FONT} size="2" color="#666666"><b><i>{esc(content.subtitle)}</i></b>'
           "</font>" if content.subtitle else "")
    return (f'<tr><td><font face="Georgia, Times New Roman, Times, serif" size="5" '
            f'color="#003366"><b>{esc(content.title_line)}</b></font>{sub}</td></tr>')


def _php2006_nav(anchors: tuple[Anchor, ...]) -> str:
    """The bar as the seeds show it: a non-breaking space, a line break, then the links."""
    return f'<tr><td><font {FONT} size="1">{seed_nav_links(anchors)}</font></td></tr>'


def _php2006_text(paragraphs: tuple[tuple[Line, ...], ...]) -> str:
    """Paragraphs as <br><br> runs, lines within by <br>, subheadings in <b>."""
    return "<br>\n<br>\n".join("<br>\n".join(line_html(line, text=entities) for line in paragraph)
                               for paragraph in paragraphs)


def _php2006_labels(content: Content) -> str:
    return (f'<tr><td><font {FONT} size="1" color="#666666">{"<br>".join(label_lines(content))}'
            "</font></td></tr>")


def _php2006_section(section: Section) -> str:
    """A section: its heading in bold, then one item a line (a literature item with the bullet
    the seed shows, a video with its description after a blank line)."""
    head = f"<b>{esc(section.heading)}</b>"
    if section.subheading:
        head += f"<br>\n<i>{esc(section.subheading)}</i>"
    items = []
    for ref in section.items:
        link = f'<a href="{attr(ref.anchor.href)}" target="_blank">{esc(ref.anchor.text)}</a>'
        doctype = (f'<img src="/img/icoon_pdf.gif" width="16" height="16" border="0" alt=""> '
                   f"{esc(ref.doctype)} " if ref.doctype else "")
        note = note_text(ref)
        if section.key == "video":
            items.append(f"<br>\n{link}{note}")
        elif section.key == "verwant":
            items.append(anchor_link(ref.anchor))
        else:
            items.append(f"&nbsp;&nbsp;&#8226; {doctype}{link}{note}")
    body = "<br>\n".join([head, *items])
    return f'<tr><td><font {FONT} size="2">{body}</font><br><br></td></tr>'


def _php2006_extra(content: Content) -> str:
    """The Extra box: a bordered table in the text column."""
    if not content.extra:
        return ""
    text = _php2006_text(content.extra)
    return ('<tr><td><table width="100%" border="1" bordercolor="#CCCCCC" cellspacing="0" '
            f'cellpadding="6" bgcolor="#F5F5EB"><tr><td><font {FONT} size="2">'
            f'<font color="#CC6600"><b>Extra</b></font> {text}</font></td></tr></table><br>'
            "</td></tr>")


def _php2006_window(content: Content) -> str:
    sections = sections_with_extra(content, _php2006_section, _php2006_extra(content))
    return joined((
        '<table width="600" border="0" cellspacing="0" cellpadding="0">',
        f"<tr><td>{SPACER.format(w=600, h=12)}</td></tr>",
        _php2006_title(content),
        _php2006_nav(content.nav_top),
        f"<tr><td>{SPACER.format(w=1, h=10)}</td></tr>",
        f'<tr><td><font {FONT} size="2">{_php2006_text(content.body)}</font><br><br></td></tr>',
        _php2006_labels(content),
        f"<tr><td>{SPACER.format(w=1, h=10)}</td></tr>",
        *sections,
        _php2006_nav(content.nav_bottom),
        '<tr><td align="right"><font size="1"><a href="javascript:printVenster()">'
        "print dit venster</a> | <a href=\"javascript:bookmark(document.location.href, "
        'document.title)">bewaar als favoriet</a></font></td></tr>',
        "</table>",
    ))


def _php2006_author(content: Content) -> str:
    image = portrait(content, '<img src="{src}" alt="{alt}" width="{width}" align="right" '
                              'hspace="6" border="0">')
    windows = "<br>\n".join(anchor_link(a) for a in content.author_windows)
    return joined((
        '<table width="600" border="0" cellspacing="0" cellpadding="0">',
        f"<tr><td>{SPACER.format(w=600, h=12)}</td></tr>",
        f'<tr><td><font face="Georgia, Times New Roman, Times, serif" size="5" color="#003366">'
        f"<b>{esc(content.title)}</b></font></td></tr>",
        f"<tr><td>{SPACER.format(w=1, h=10)}</td></tr>",
        f'<tr><td><font {FONT} size="2">{image}{_php2006_text(content.body)}</font>'
        "<br><br></td></tr>",
        f'<tr><td><font {FONT} size="2"><b>Vensters van deze auteur</b><br>\n{windows}'
        "</font></td></tr>",
        "</table>",
    ))


def _php2006_footer(content: Content) -> str:
    links = (("colofon", "/colofon.php"), ("disclaimer", "/disclaimer.php"),
             ("contact", "/contact.php"), ("sitemap", "/sitemap.php"),
             ("English", "http://www.historyofsocialwork.org/"))
    line = " &nbsp;|&nbsp; ".join(f'<a href="{attr(h)}"><font color="#FFFFFF">{esc(t)}</font></a>'
                                  for t, h in links)
    return ('<tr><td colspan="3" bgcolor="#003366" align="center" height="24">'
            f'<font {FONT} size="1" color="#FFFFFF">&copy; {SITE_NAME} 2006-2021 &nbsp;|&nbsp; '
            f"{line}</font></td></tr>")


def _php2006_maps(content: Content) -> str:
    return (
        '<map name="Map">'
        '<area shape="rect" coords="0,0,260,110" href="/" alt="Canon van het sociaal werk">'
        f'<area shape="rect" coords="261,0,620,110" href="/{content.canon}/index.php" '
        f'alt="{attr(content.canon_name)}">'
        '<area shape="rect" coords="621,0,780,110" href="/overdecanon.php" alt="over de canon">'
        "</map>"
    )


def _php2006_counter() -> str:
    return ('<script type="text/javascript">\nvar sc_project=1234567; var sc_invisible=1; '
            'var sc_security="a1b2c3d4";\n</script>\n'
            '<script type="text/javascript" src="http://www.statcounter.com/counter/counter.js">'
            "</script><noscript><div><img src=\"http://c.statcounter.com/1234567/0/a1b2c3d4/1/\" "
            'alt="teller" border="0"></div></noscript>')


# -- php-2010-divs: XHTML 1.0 Transitional, divs with ids, labels in a table -------------------

def php_2010_divs(page: Page) -> Rendered:
    """The same PHP scripts after the 2010 refresh."""
    content = read_content(page)
    return document(
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="nl" lang="nl">',
        _x10_head(content),
        f'<body class="canon-{content.canon} {content.kind}">',
        '<div id="wrapper">',
        _x10_header(content),
        _x10_news(content),
        _x10_timeline(content),
        '<div id="kolommen">',
        f'<div id="kolom-links">{_x10_left(content)}</div>',
        f'<div id="kolom-midden">{by_kind(content, _x10_author, _x10_window)}</div>',
        f'<div id="kolom-rechts">{_x10_right(content)}</div>',
        '<div class="clear"></div>',
        "</div>",
        _x10_footer(content),
        "</div>",
        _x10_scripts(),
    )


def _x10_head(content: Content) -> str:
    return html_head(
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
        f"<title>{esc(content.head_title)}</title>",
        f'<meta name="description" content="{attr(content.description)}" />',
        '<meta name="keywords" content="canon, sociaal werk, geschiedenis, vensters" />',
        '<meta name="google-site-verification" content="q8vX2mYbE3kKc9sJ0pW1nR4tL7uZ5aD6fG" />',
        '<link rel="stylesheet" type="text/css" href="/css/stijl2010.css?v=14" media="screen" />',
        '<link rel="stylesheet" type="text/css" href="/css/print.css" media="print" />',
        '<link rel="stylesheet" type="text/css" href="/js/fancybox/jquery.fancybox-1.3.1.css" '
        'media="screen" />',
        '<!--[if lte IE 7]><link rel="stylesheet" type="text/css" href="/css/ie7.css" />'
        "<![endif]-->",
        '<!--[if IE 6]><script type="text/javascript" src="/js/DD_belatedPNG_0.0.8a-min.js">'
        "</script><script type=\"text/javascript\">DD_belatedPNG.fix('#logo img, .knop');"
        "</script><![endif]-->",
        '<link rel="alternate" type="application/rss+xml" title="Nieuws van de Canon" '
        'href="/rss.php" />',
        '<style type="text/css">\n/*<![CDATA[*/\n' + _x10_css() + "\n/*]]>*/\n</style>",
        '<script type="text/javascript" src="/js/jquery-1.4.2.min.js"></script>',
        '<script type="text/javascript" src="/js/jquery.cycle.all.min.js"></script>',
        '<script type="text/javascript" src="/js/fancybox/jquery.fancybox-1.3.1.pack.js">'
        "</script>",
        '<script type="text/javascript">\n//<![CDATA[\n' + _x10_inline_js() + "\n//]]>\n"
        "</script>",
    )


def _x10_css() -> str:
    """The refresh's stylesheet: the layout's ids first, then the classes of its parts."""
    blocks = ("wrapper", "kop", "hoofdmenu", "nieuwsbalk", "kolom-links", "kolom-midden",
              "kolom-rechts", "venster", "venster-titel", "venster-subtitel", "bladeren",
              "venster-inhoud", "gegevens", "blok", "verwant", "literatuur", "aanvullend",
              "links", "video", "extra", "voet", "canonmenu", "vensterlijst", "agenda", "promo",
              "deel", "auteur", "auteur-bio", "auteur-foto", "zoekbalk")
    props = ("margin:0 auto", "padding:6px 10px", "float:left", "width:180px", "width:560px",
             "font:12px/1.5 Verdana,Arial,sans-serif", "color:#2b2b2b", "background:#f4f1e8",
             "border-bottom:1px dotted #b5a88a", "font-weight:bold", "color:#7a2e0e",
             "list-style:none", "display:block", "overflow:hidden", "text-transform:uppercase",
             "background:url(/img/bg_kop.jpg) no-repeat 0 0", "clear:both", "font-size:11px")
    ids, classes = blocks[:7], blocks[7:]
    return css_rules("#", ids, props) + "\n" + css_rules(".", classes, props)


def _x10_inline_js() -> str:
    return """var _gaq = _gaq || [];
_gaq.push(['_setAccount', 'UA-1081543-1']);
_gaq.push(['_trackPageview']);
(function() {
  var ga = document.createElement('script'); ga.type = 'text/javascript'; ga.async = true;
  ga.src = ('https:' == document.location.protocol ? 'https://ssl' : 'http://www')
    + '.google-analytics.com/ga.js';
  var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(ga, s);
})();
$(document).ready(function() {
  $('#nieuwsbalk ul').cycle({ fx: 'scrollUp', timeout: 6000, pause: 1 });
  $('a.vergroot').fancybox({ 'titlePosition': 'inside', 'transitionIn': 'elastic' });
  $('#hoofdmenu li').hover(function() { $(this).addClass('over'); },
                           function() { $(this).removeClass('over'); });
  $('#canonmenu h3').click(function() { $(this).next('ul').slideToggle('fast'); });
  $('a[href^="http"]').not('[href*="canonsociaalwerk"]').attr('target', '_blank');
});
var addthis_config = { ui_language: 'nl', data_track_clickback: true };"""


def _x10_header(content: Content) -> str:
    menu = (("homepage", f"/{content.canon}/index.php"), ("over de canon", "/overdecanon.php"),
            ("boeken", f"/{content.canon}/publicaties.php?cps=0"),
            ("bronnen", f"/{content.canon}/bronnen.php"),
            ("onderwijs", f"/onderwijs.php?canon={content.canon}"),
            ("eregalerij", "/eregalerij/"), ("contact", "/contact.php"))
    items = "".join(f'<li><a href="{attr(h)}">{esc(t)}</a></li>' for t, h in menu)
    return joined((
        '<div id="kop">',
        f'<h1 id="logo"><a href="/" title="{SITE_NAME}"><img src="/img/logo2010.png" '
        f'width="320" height="90" alt="{SITE_NAME}" /></a></h1>',
        f'<p id="canonnaam">{esc(content.canon_name)}</p>',
        '<div id="zoekbalk"><form action="/zoeken.php" method="get"><fieldset>'
        '<label for="zoekterm">Zoeken</label> <input type="text" id="zoekterm" name="q" />'
        f'<input type="hidden" name="canon" value="{attr(content.canon)}" />'
        '<input type="submit" value="Zoek" class="knop" /></fieldset></form></div>',
        "</div>",
        f'<ul id="hoofdmenu">{items}</ul>',
    ))


def _x10_news(content: Content) -> str:
    box = '<div id="nieuwsbalk"><span class="nieuw">NIEUW</span><ul>{links}</ul></div>'
    return news_banner(content, box, '<li><a href="{href}">{text}</a></li>',
                       '<strong>{title}</strong><em class="datum">{date}</em>')


def _x10_left(content: Content) -> str:
    active = ' class="actief"'
    canons = "".join(
        f'<li{active if slug == content.canon else ""}><a href="/{slug}/">{esc(name)}</a></li>'
        for slug, name in ALL_CANONS)
    parts = [f'<div id="canonmenu"><h3>Alle canons</h3><ul>{canons}</ul></div>']
    if content.window_list:
        title, anchors = content.window_list
        links = "".join(f"<li>{anchor_link(a)}</li>" for a in anchors)
        parts.append(f'<div class="vensterlijst"><h3>{esc(title)}</h3><ul>{links}</ul></div>')
    if content.kind == "auteur":
        lines = "".join(f'<li><span class="datum">{day}</span> &rarr; {esc(event)}</li>'
                        for day, event in content.agenda)
        parts.append(f'<div class="agenda"><h3>Agenda &amp; nieuws</h3><ul>{lines}</ul></div>')
    return joined(parts)


def _x10_right(content: Content) -> str:
    promo = list(content.promo)
    boxes = []
    for i in range(0, len(promo) - 1, 2):
        boxes.append(f'<div class="promo"><h3>{esc(promo[i])}</h3>'
                     f'<a href="/{content.canon}/publicaties.php?cps=0" class="vergroot">'
                     f'<img src="/img/boek_{i}.jpg" width="150" alt="" /></a>'
                     f"<p>{esc(promo[i + 1])}</p></div>")
    share = ('<div class="deel"><h3>Deel dit venster</h3>'
             '<div class="addthis_toolbox addthis_default_style">'
             '<a class="addthis_button_facebook"></a><a class="addthis_button_twitter"></a>'
             '<a class="addthis_button_hyves"></a><a class="addthis_button_email"></a>'
             '<a class="addthis_button_compact"></a></div></div>'
             '<iframe src="http://www.facebook.com/plugins/like.php?href='
             f'{quote(content.url, safe="")}&amp;layout=button_count&amp;width=150" '
             'scrolling="no" '
             'frameborder="0" style="border:none; width:150px; height:21px;" '
             'allowTransparency="true"></iframe>')
    return joined([*boxes, share])


def _x10_nav(anchors: tuple[Anchor, ...], where: str) -> str:
    links = " ".join(f'<a href="{attr(a.href)}" class="{attr(a.text)}">{esc(a.text)}</a>'
                     for a in anchors)
    return f'<div class="bladeren bladeren-{where}">{links}</div>'


def _x10_text(paragraphs: tuple[tuple[Line, ...], ...]) -> str:
    """<p>s as the editor left them: a subheading in <strong> with its lines under it."""
    return html_paragraphs(paragraphs, bold="strong", br="<br />")


def _x10_labels(content: Content) -> str:
    rows = []
    if content.published:
        rows.append(("Publicatiedatum:", esc(content.published)))
    if content.modified:
        rows.append(("Datum laatste wijziging :", esc(content.modified)))
    if content.authors:
        rows.append(("Auteur(s):", ", ".join(text_or_link(a) for a in content.authors)))
    if content.contributors:
        rows.append(("met medewerking van", esc(content.contributors)))
    cells = "".join(f"<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>"
                    for label, value in rows)
    return (f'<table class="gegevens" summary="Gegevens van dit venster" cellspacing="0">'
            f"{cells}</table>")


def _x10_section(section: Section) -> str:
    head = f"<h3>{esc(section.heading)}</h3>"
    if section.subheading:
        head += f"<h4>{esc(section.subheading)}</h4>"
    if section.key == "video":
        items = "".join(_x10_video(ref) for ref in section.items)
        return f'<div class="blok video">{head}{items}</div>'
    lis = []
    for ref in section.items:
        doctype = (f'<span class="doctype pdf">{esc(ref.doctype)}</span> ' if ref.doctype
                   else "")
        lis.append(f"<li>{doctype}{anchor_link(ref.anchor)}{note_text(ref)}</li>")
    listing = f"<ul>{''.join(lis)}</ul>" if lis else ""
    return f'<div class="blok {section.key}">{head}{listing}</div>'


def _x10_video(ref: Reference) -> str:
    """A YouTube film as 2010 embedded it: <object> with an <embed> inside, the link below."""
    film = youtube_id(ref.anchor.href)
    player = ""
    if film:
        movie = f"http://www.youtube.com/v/{film}?fs=1&amp;hl=nl_NL"
        player = (f'<object width="480" height="385"><param name="movie" value="{movie}" />'
                  '<param name="allowFullScreen" value="true" />'
                  '<param name="allowscriptaccess" value="always" />'
                  f'<embed src="{movie}" type="application/x-shockwave-flash" '
                  'allowscriptaccess="always" allowfullscreen="true" width="480" height="385">'
                  "</embed></object>")
    return f'<div class="film">{player}<p>{anchor_link(ref.anchor)}{note_text(ref)}</p></div>'


def _x10_extra(content: Content) -> str:
    if not content.extra:
        return ""
    return f'<div class="extra"><h3>Extra</h3>{_x10_text(content.extra)}</div>'


def _x10_window(content: Content) -> str:
    sections = sections_with_extra(content, _x10_section, _x10_extra(content))
    subtitle = (f'<div class="venster-subtitel">{esc(content.subtitle)}</div>'
                if content.subtitle else "")
    year = f'<span class="jaartal">{content.year}</span> ' if content.year else ""
    return joined((
        '<div class="venster">',
        f'<div class="venster-titel">{year}{esc(content.title)}</div>',
        subtitle,
        _x10_nav(content.nav_top, "boven"),
        f'<div class="venster-inhoud">{_x10_text(content.body)}</div>',
        _x10_labels(content),
        *sections,
        _x10_nav(content.nav_bottom, "onder"),
        '<p class="printlink"><a href="?print=1" rel="nofollow">Printvriendelijke versie</a></p>',
        "</div>",
    ))


def _x10_author(content: Content) -> str:
    image = portrait(content, '<img class="auteur-foto" src="{src}" alt="{alt}" width="{width}" />')
    windows = "".join(f"<li>{anchor_link(a)}</li>" for a in content.author_windows)
    return joined((
        '<div class="auteur">',
        f'<div class="venster-titel">{esc(content.title)}</div>',
        f'<div class="auteur-bio">{image}{_x10_text(content.body)}</div>',
        f'<h3>Vensters van deze auteur</h3><ul class="vensterlijst">{windows}</ul>',
        "</div>",
    ))


def _x10_sitemap() -> str:
    """The footer's sitemap: every canon with its pages."""
    columns = "".join(
        f'<div class="sitemap-kolom"><h4><a href="/{slug}/">{esc(name)}</a></h4><ul>'
        + "".join(f'<li><a href="/{slug}/{target}">{esc(label)}</a></li>'
                  for label, target in SECTIONS_OF_A_CANON)
        + "</ul></div>" for slug, name in ALL_CANONS)
    return f'<div id="sitemap">{columns}<div class="clear"></div></div>'


def _x10_timeline(content: Content) -> str:
    """The data of the canon's timeline slider above the columns (drawn by jQuery)."""
    items = [{"jaar": a.text[:4], "titel": a.text[5:], "url": a.href,
              "beeld": f"/upload/{content.canon}/tijdbalk_{a.text[:4]}.jpg"}
             for a in canon_windows(content.canon)]
    data = json.dumps(items, ensure_ascii=False).replace("</", "<\\/")
    return ('<script type="text/javascript">\n//<![CDATA[\n'
            f"var tijdbalk = {data};\n"
            "$(function() { $.each(tijdbalk, function(i, v) { $('#tijdbalk ul').append("
            "'<li><a href=\"' + v.url + '\" title=\"' + v.titel + '\">' + v.jaar + '</a></li>'"
            "); }); $('#tijdbalk').show(); });\n//]]>\n</script>"
            '<div id="tijdbalk" style="display:none"><ul></ul></div>')


def _x10_footer(content: Content) -> str:
    links = (("Colofon", "/colofon.php"), ("Disclaimer", "/disclaimer.php"),
             ("Contact", "/contact.php"), ("Sitemap", "/sitemap.php"), ("RSS", "/rss.php"),
             ("English", "http://www.historyofsocialwork.org/"))
    items = " | ".join(f'<a href="{attr(h)}">{esc(t)}</a>' for t, h in links)
    return (f'<div id="voet">{_x10_sitemap()}'
            f"<p>&copy; 2006-2021 Vereniging {SITE_NAME} | {items}</p>"
            "<p>Deze site is gemaakt met steun van Hogeschool Utrecht, Movisie en de LSA.</p>"
            "</div>")


def _x10_scripts() -> str:
    return ('<script type="text/javascript" '
            'src="http://s7.addthis.com/js/250/addthis_widget.js#pubid=canonsociaalwerk">'
            "</script>")


# -- php-2015-bootstrap: the same scripts made readable on phones ------------------------------

def php_2015_bootstrap(page: Page) -> Rendered:
    """The PHP site after its mobile refresh: a Bootstrap 3 grid, a collapsing navbar, the
    historical calendar banner on top, panels for the sections, a second navigation bar for
    phones, the year in its own block before the <h1> (CSS puts it on the title's line)."""
    content = read_content(page)
    return document(
        "<!DOCTYPE html>",
        '<html lang="nl">',
        _bs_head(content),
        f'<body class="{content.kind} canon-{content.canon}">',
        _bs_navbar(content),
        _bs_calendar(content),
        '<div class="container" id="pagina">',
        _bs_news(content),
        f'<div class="row">{by_kind(content, _bs_author, _bs_window)}</div>',
        "</div>",
        _bs_footer(),
        '<script src="https://ajax.googleapis.com/ajax/libs/jquery/1.12.4/jquery.min.js"></script>',
        '<script src="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.7/js/bootstrap.min.js" '
        'integrity="sha384-Tc5IQib027qvyjSMfHjOMaLkfuWVxZxUPnCJA7l2mCWNIpG9mGCD8wGNIcPD7Txa" '
        'crossorigin="anonymous"></script>',
        f"<script>{_bs_inline_js()}</script>",
    )


def _bs_head(content: Content) -> str:
    return html_head(
        '<meta charset="utf-8">',
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(content.head_title)}</title>",
        f'<meta name="description" content="{attr(content.description)}">',
        f'<meta property="og:title" content="{attr(content.title_line)}">',
        f'<meta property="og:description" content="{attr(content.description)}">',
        f'<meta property="og:url" content="{attr(content.url)}">',
        f'<meta property="og:image" content="https://www.canonsociaalwerk.eu/img/'
        f'og_{content.canon}.jpg">',
        '<link href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.7/css/bootstrap.min.css" '
        'rel="stylesheet" integrity="sha384-BVYiiSIFeK1dGmJRAkycuHAHRg32OmUcww7on3RYdg4Va+PmSTsz/'
        'K68vbdEjh4u" crossorigin="anonymous">',
        '<link href="https://fonts.googleapis.com/css?family=Open+Sans:400,400i,700|Merriweather:700"'
        ' rel="stylesheet">',
        '<link href="/css/canon2015.css?v=23" rel="stylesheet">',
        f"<style>{_bs_css(content)}</style>",
        "<!--[if lt IE 9]>"
        '<script src="https://oss.maxcdn.com/html5shiv/3.7.3/html5shiv.min.js"></script>'
        '<script src="https://oss.maxcdn.com/respond/1.4.2/respond.min.js"></script>'
        "<![endif]-->",
        "<script>(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){"
        "(i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),"
        "m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)"
        "})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');"
        "ga('create', 'UA-1081543-1', 'auto');ga('set', 'anonymizeIp', true);"
        "ga('send', 'pageview');</script>",
    )


def _bs_css(content: Content) -> str:
    """The refresh's own rules over Bootstrap: the year shown on the title's line, the
    calendar banner, the panels in the canon's colour."""
    colours = {"nl": "#7a2e0e", "nl_so": "#2e6b34", "nl_mw": "#1f4e79", "nl_jz": "#8a5a00"}
    colour = colours.get(content.canon, "#444")
    blocks = ("venster-kop", "jaartal", "venstertitel", "ondertitel", "navigatie",
              "navigatie-mobiel", "tekst", "gegevens", "panel-canon", "extra", "kalenderbanner",
              "kalender-item", "nieuws", "vensterlijst", "zijbalk", "promo", "deel", "footer")
    props = (f"color:{colour}", f"border-color:{colour}", "font-family:'Merriweather',serif",
             "font-family:'Open Sans',sans-serif", "margin:0 0 10px", "padding:8px 12px",
             "font-size:15px", "line-height:1.6", "background:#f7f5ef", "display:inline",
             "font-weight:700", "border-radius:0", "text-transform:uppercase")
    return (".venster-kop .jaartal,.venster-kop h1{display:inline}"
            ".venster-kop .jaartal:after{content:' '}\n" + css_rules(".", blocks, props))


def _bs_inline_js() -> str:
    return """$(function () {
  var items = $('.kalender-item'), i = 0;
  if (items.length > 1) {
    items.hide().eq(0).show();
    setInterval(function () { items.eq(i).fadeOut(400); i = (i + 1) % items.length;
      items.eq(i).delay(400).fadeIn(400); }, 7000);
  }
  $('[data-toggle="tooltip"]').tooltip();
  $('.tekst a[href$=".pdf"], .panel a[href$=".pdf"]').attr('target', '_blank');
});"""


def _bs_navbar(content: Content) -> str:
    canons = "".join(f'<li><a href="/{slug}/">{esc(name)}</a></li>'
                     for slug, name in ALL_CANONS)
    pages = "".join(f'<li><a href="/{content.canon}/{target}">{esc(label)}</a></li>'
                    for label, target in SECTIONS_OF_A_CANON)
    return (
        '<nav class="navbar navbar-default navbar-static-top"><div class="container">'
        '<div class="navbar-header"><button type="button" class="navbar-toggle collapsed" '
        'data-toggle="collapse" data-target="#hoofdmenu" aria-expanded="false">'
        '<span class="sr-only">Menu</span><span class="icon-bar"></span><span class="icon-bar">'
        '</span><span class="icon-bar"></span></button>'
        f'<a class="navbar-brand" href="/">{SITE_NAME}</a></div>'
        '<div class="collapse navbar-collapse" id="hoofdmenu"><ul class="nav navbar-nav">'
        '<li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown" '
        'role="button">Canons <span class="caret"></span></a>'
        f'<ul class="dropdown-menu">{canons}</ul></li>'
        '<li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown" '
        f'role="button">{esc(content.canon_name)} <span class="caret"></span></a>'
        f'<ul class="dropdown-menu">{pages}</ul></li>'
        '<li><a href="/eregalerij/">Eregalerij</a></li></ul>'
        '<form class="navbar-form navbar-right" action="/zoeken.php" method="get">'
        f'<input type="hidden" name="canon" value="{attr(content.canon)}">'
        '<div class="form-group"><input type="text" class="form-control" name="q" '
        'placeholder="Zoeken"></div></form></div></div></nav>'
    )


def _bs_calendar(content: Content) -> str:
    """The historical calendar banner at the top of every page; its lines are what today's
    author pages print in their ticker."""
    items = "".join(f'<div class="kalender-item"><span class="kalender-datum">{day}</span> '
                    f"&rarr; {esc(event)}</div>" for day, event in content.agenda)
    return f'<div class="kalenderbanner hidden-xs"><div class="container">{items}</div></div>'


def _bs_news(content: Content) -> str:
    box = ('<div class="row"><div class="col-xs-12 nieuws"><span class="label label-danger">'
           'NIEUW</span><div class="list-group">{links}</div></div></div>')
    return news_banner(content, box, '<a href="{href}" class="list-group-item">{text}</a>',
                       '<span class="nieuws-titel">{title}</span><span class="nieuws-datum">'
                       "{date}</span>")


def _bs_nav(anchors: tuple[Anchor, ...]) -> str:
    """The bar as the seeds show it, and beside it the buttons phones get instead."""
    icons = {"eerste": "step-backward", "vorige": "chevron-left", "homepage": "home",
             "volgende": "chevron-right", "laatste": "step-forward"}
    buttons = "".join(
        f'<a href="{attr(a.href)}" class="btn btn-default" title="{attr(a.text)}">'
        f'<span class="glyphicon glyphicon-{icons.get(a.text, "link")}" aria-hidden="true">'
        f'</span><span class="sr-only">{esc(a.text)}</span></a>' for a in anchors)
    return (f'<div class="navigatie hidden-xs">{seed_nav_links(anchors)}</div>'
            f'<div class="navigatie-mobiel visible-xs btn-group btn-group-justified">{buttons}'
            "</div>")


def _bs_text(paragraphs: tuple[tuple[Line, ...], ...]) -> str:
    """<p>s in HTML5: subheadings kept in <b>, as the editor stored them."""
    return html_paragraphs(paragraphs, bold="b", br="<br>")


def _bs_labels(content: Content) -> str:
    return (f'<div class="gegevens"><p class="small text-muted">{"<br>".join(label_lines(content))}'
            "</p></div>")


def _bs_section(section: Section) -> str:
    """A section as a Bootstrap panel; films in a responsive embed above their line."""
    sub = f'<h5 class="sub">{esc(section.subheading)}</h5>' if section.subheading else ""
    parts = []
    for ref in section.items:
        note = note_text(ref)
        link = anchor_link(ref.anchor)
        if section.key == "video":
            film = youtube_id(ref.anchor.href)
            frame = (f'<div class="embed-responsive embed-responsive-16by9"><iframe '
                     f'class="embed-responsive-item" src="https://www.youtube.com/embed/'
                     f'{film}?rel=0" allowfullscreen></iframe></div>' if film else "")
            parts.append(f"{frame}<p>{link}{note}</p>")
        else:
            doctype = (f'<span class="glyphicon glyphicon-file" aria-hidden="true"></span> '
                       f"{esc(ref.doctype)} " if ref.doctype else "")
            parts.append(f"<li>{doctype}{link}{note}</li>")
    body = "".join(parts) if section.key == "video" else (
        f'<ul class="list-unstyled">{"".join(parts)}</ul>' if parts else "")
    return (f'<div class="panel panel-default panel-canon panel-{section.key}">'
            f'<div class="panel-heading"><h4 class="panel-title">{esc(section.heading)}</h4>'
            f'</div><div class="panel-body">{sub}{body}</div></div>')


def _bs_window(content: Content) -> str:
    extra = (f'<div class="well extra"><span class="label label-warning">Extra</span> '
             f"{_bs_text(content.extra)}</div>" if content.extra else "")
    sections = sections_with_extra(content, _bs_section, extra)
    side = ""
    if content.window_list:
        title, anchors = content.window_list
        links = "".join(f'<a href="{attr(a.href)}" class="list-group-item">{esc(a.text)}</a>'
                        for a in anchors)
        side = (f'<div class="col-md-3 col-sm-4 hidden-xs vensterlijst"><h4>{esc(title)}</h4>'
                f'<div class="list-group">{links}</div></div>')
    year = f'<div class="jaartal">{content.year}</div>' if content.year else ""
    subtitle = f'<h2 class="ondertitel">{esc(content.subtitle)}</h2>' if content.subtitle else ""
    width = "col-md-9 col-sm-8" if side else "col-md-10 col-md-offset-1"
    return joined((
        side,
        f'<div class="{width}" id="venster">',
        f'<div class="venster-kop">{year}<h1 class="venstertitel">{esc(content.title)}</h1></div>',
        subtitle,
        _bs_nav(content.nav_top),
        f'<div class="tekst">{_bs_text(content.body)}</div>',
        _bs_labels(content),
        *sections,
        _bs_nav(content.nav_bottom),
        '<div class="deel a2a_kit a2a_kit_size_32 a2a_default_style">'
        '<a class="a2a_button_facebook"></a><a class="a2a_button_twitter"></a>'
        '<a class="a2a_button_linkedin"></a><a class="a2a_button_email"></a></div>'
        '<script async src="https://static.addtoany.com/menu/page.js"></script>',
        "</div>",
    ))


def _bs_author(content: Content) -> str:
    """An author page: the sidebar with the ticker and promos first in the source, pushed to
    the right on wide screens."""
    ticker = "".join(f"<li>{day} &rarr; {esc(event)}</li>" for day, event in content.agenda)
    promo = "".join(f"<h4>{esc(line)}</h4>" if is_promo_heading(line) else f"<p>{esc(line)}</p>"
                    for line in content.promo)
    image = portrait(content, '<img src="{src}" alt="{alt}" '
                              'class="img-responsive img-thumbnail pull-right" width="160">')
    windows = "".join(f'<a href="{attr(a.href)}" class="list-group-item">{esc(a.text)}</a>'
                      for a in content.author_windows)
    return joined((
        '<div class="col-md-3 col-md-push-9 zijbalk">',
        f'<div class="ticker"><h4>Agenda &amp; nieuws</h4><ul class="list-unstyled">{ticker}</ul>'
        "</div>",
        f'<div class="promo">{promo}</div>',
        "</div>",
        '<div class="col-md-9 col-md-pull-3" id="auteur">',
        f'<h1 class="venstertitel">{esc(content.title)}</h1>',
        f'<div class="tekst">{image}{_bs_text(content.body)}</div>',
        '<div class="panel panel-default panel-canon"><div class="panel-heading">'
        '<h4 class="panel-title">Vensters van deze auteur</h4></div>'
        f'<div class="list-group">{windows}</div></div>',
        "</div>",
    ))


def _bs_footer() -> str:
    links = (("Colofon", "/colofon.php"), ("Disclaimer", "/disclaimer.php"),
             ("Privacy", "/privacy.php"), ("Contact", "/contact.php"),
             ("English", "https://www.historyofsocialwork.org/"))
    items = "".join(f'<li><a href="{attr(h)}">{esc(t)}</a></li>' for t, h in links)
    return ('<footer class="footer"><div class="container"><div class="row">'
            f'<div class="col-sm-8"><ul class="list-inline">{items}</ul></div>'
            f'<div class="col-sm-4 text-right"><p>&copy; 2006-2021 Vereniging {SITE_NAME}</p>'
            "</div></div></div></footer>")


# -- cms-2020: a Drupal 8/9 theme --------------------------------------------------------------

def cms_2020(page: Page) -> Rendered:
    """The site migrated to a CMS: Drupal with a subtheme of Bartik."""
    content = read_content(page)
    return document(
        "<!DOCTYPE html>",
        '<html lang="nl" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  '
        "dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  "
        'schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#">',
        _cms_head(content),
        f'<body class="layout-one-sidebar layout-sidebar-second path-node '
        f'page-node-type-{content.kind} canon--{content.canon.replace("_", "-")}">',
        '<a href="#main-content" class="visually-hidden focusable skip-link">'
        "Overslaan en naar de inhoud gaan</a>",
        _cms_consent(),
        _cms_svg_sprite(),
        '<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>',
        '<div id="page-wrapper"><div id="page">',
        _cms_header(content),
        _cms_highlighted(content),
        '<div id="main-wrapper" class="layout-main-wrapper layout-container clearfix">',
        '<div id="main" class="layout-main clearfix">',
        _cms_breadcrumb(content),
        '<main id="content" class="column main-content" role="main"><section class="section">',
        '<a id="main-content" tabindex="-1"></a>',
        '<div class="region region-content">',
        '<div data-drupal-messages-fallback class="hidden"></div>',
        f'<div id="block-canon-content" class="block block-system block-system-main-block">'
        f'<div class="content">{by_kind(content, _cms_author, _cms_window)}</div></div>',
        "</div></section></main>",
        _cms_sidebar(content),
        "</div></div>",
        _cms_footer(content),
        "</div></div>",
        "</div>",
        _cms_settings(content),
        '<script src="/sites/default/files/js/js_hP3x1nQ4WVl6yKzD0rB2m8cFZtJgAuE7sO5iTq9vNwY.js">'
        "</script>",
    )


def _alias(content: Content) -> str:
    """The node's path alias the migration gave it (the old URL redirects there)."""
    slug = re.sub(r"[^a-z0-9]+", "-", content.title_line.lower()
                  .translate(str.maketrans("ëïéèöüáà", "eieeouaa"))).strip("-")
    folder = "auteurs" if content.kind == "auteur" else "vensters"
    return f"/{content.canon.replace('_', '-')}/{folder}/{slug}"


def _iso_time(day: str | None, hour: str) -> str | None:
    return f"{day}T{hour}:00+01:00" if day else None


def _cms_head(content: Content) -> str:
    alias = "https://www.canonsociaalwerk.eu" + _alias(content)
    title = f"{content.title} | {content.canon_name} | {SITE_NAME}"
    metas = [
        '<meta charset="utf-8" />',
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-7QK2M9XW4C"></script>',
        "<script>window.dataLayer = window.dataLayer || [];function gtag(){dataLayer.push("
        "arguments)};gtag(\"js\", new Date());gtag(\"set\", \"developer_id.dMDhkMT\", true);"
        'gtag("config", "G-7QK2M9XW4C", {"groups":"default","anonymize_ip":true,'
        '"page_placeholder":"PLACEHOLDER_page_location"});</script>',
        f'<meta name="description" content="{attr(content.description)}" />',
        f'<link rel="canonical" href="{attr(alias)}" />',
        f'<meta property="og:site_name" content="{SITE_NAME}" />',
        '<meta property="og:type" content="article" />' if content.kind == "venster"
        else '<meta property="og:type" content="profile" />',
        f'<meta property="og:url" content="{attr(alias)}" />',
        f'<meta property="og:title" content="{attr(content.title)}" />',
        f'<meta property="og:description" content="{attr(content.description)}" />',
        '<meta property="og:image" content="https://www.canonsociaalwerk.eu/sites/default/files/'
        f'styles/og_image/public/canons/{content.canon}.jpg" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:title" content="{attr(content.title)}" />',
    ]
    if content.published_iso:
        metas.append('<meta property="article:published_time" '
                     f'content="{_iso_time(content.published_iso, "10:14")}" />')
    if content.modified_iso:
        metas.append('<meta property="article:modified_time" '
                     f'content="{_iso_time(content.modified_iso, "16:42")}" />')
    metas += [
        '<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />',
        '<meta name="MobileOptimized" content="width" />',
        '<meta name="HandheldFriendly" content="true" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
        f'<script type="application/ld+json">{_cms_json_ld(content, alias)}</script>',
        '<link rel="icon" href="/themes/custom/canon/favicon.ico" '
        'type="image/vnd.microsoft.icon" />',
        f'<link rel="shortlink" href="https://www.canonsociaalwerk.eu/node/{_node_id(content)}" />',
        f"<title>{esc(title)}</title>",
        '<link rel="stylesheet" media="all" href="/sites/default/files/css/'
        'css_9cS2bQ1kV8yXwZ4mN0pR3tU6vL5oJ7hG1fE2dC3bA4.css" />',
        '<link rel="stylesheet" media="all" href="/sites/default/files/css/'
        'css_Jk4Lm8Np2Qr6St0Uv3Wx7Yz1Ab5Cd9Ef2Gh6Ij0Kl4.css" />',
        '<link rel="stylesheet" media="print" href="/sites/default/files/css/'
        'css_Pq1Rs5Tu9Vw3Xy7Za1Bc5De9Fg3Hi7Jk1Lm5No9Pq3.css" />',
        f"<style>{_cms_css()}</style>",
        '<script src="/sites/default/files/js/js_4Fg8Hj2Kl6Zx0Cv4Bn8Mq2We6Rt0Yu4Io8Pa2Sd6.js">'
        "</script>",
    ]
    return html_head(*metas)


def _node_id(content: Content) -> int:
    return int(re.sub(r"\D", "", urlsplit(content.url).query) or 0) + 1000


def _cms_json_ld(content: Content, alias: str) -> str:
    """What the Schema.org Metatag module prints: the node as an Article with its authors (the
    contributors' field is not mapped), or the author as a Person."""
    if content.kind == "auteur":
        node = {"@type": "Person", "@id": alias, "name": content.title, "url": alias}
    else:
        node = {
            "@type": "Article",
            "@id": alias,
            "headline": content.title,
            "name": content.title_line,
            "author": [{"@type": "Person", "name": a.text} for a in content.authors],
            "datePublished": _iso_time(content.published_iso, "10:14"),
            "dateModified": _iso_time(content.modified_iso, "16:42"),
            "isPartOf": {"@type": "CreativeWorkSeries", "name": content.canon_name},
            "publisher": {"@type": "Organization", "name": f"Vereniging {SITE_NAME}",
                          "logo": {"@type": "ImageObject",
                                   "url": "https://www.canonsociaalwerk.eu/themes/custom/"
                                          "canon/logo.svg"}},
            "mainEntityOfPage": alias,
        }
    graph = {"@context": "https://schema.org",
             "@graph": [{k: v for k, v in node.items() if v is not None}]}
    return json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")


def _cms_css() -> str:
    blocks = ("site-header", "site-branding", "menu", "menu--main", "menu--account",
              "breadcrumb", "venster", "venster__kop", "venster__jaar", "venster__titel",
              "venster__ondertitel", "venster__body", "venster-pager", "venster-gegevens",
              "venster-sectie", "paragraph--type--kader", "media-oembed-content", "consent",
              "sidebar", "block-views-block-vensters", "block-agenda", "block-boeken",
              "site-footer", "site-footer__top", "site-footer__bottom", "newsletter", "icon",
              "field", "field--label-inline", "field__label", "field__item", "visually-hidden",
              "auteur", "auteur__foto", "auteur__bio", "teaser", "teaser__jaar", "tag",
              "button", "button--primary", "form-item", "pager", "skip-link", "messages",
              "offcanvas", "offcanvas__toggle", "search-block-form", "layout-container")
    props = ("display:flex", "flex-wrap:wrap", "gap:var(--space-m)", "margin-block:0 1.5rem",
             "padding-inline:clamp(1rem,4vw,3rem)", "font-family:var(--font-serif)",
             "font-size:clamp(1.75rem,1.2rem + 2vw,3rem)", "line-height:1.2",
             "color:var(--color-ink)", "background:var(--color-paper)",
             "border-block-end:1px solid var(--color-line)", "max-inline-size:72ch",
             "position:relative", "inset:0", "z-index:10", "transition:all .2s ease-in-out",
             "text-decoration-thickness:.08em", "text-underline-offset:.2em",
             "grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))", "display:grid",
             "border-radius:.25rem", "box-shadow:0 .125rem .5rem rgba(0,0,0,.12)")
    root = (":root{--color-ink:#1d1d1b;--color-paper:#fbf8f1;--color-accent:#a33a17;"
            "--color-line:#d8cfbd;--font-serif:'Source Serif Pro',Georgia,serif;"
            "--font-sans:'Source Sans Pro',Arial,sans-serif;--space-m:1.25rem}")
    labels = ".venster-gegevens__label::after{content:\":\"}"
    media = "\n".join(f"@media (min-width:{w}px){{{css_rules('', blocks[:12], props[i:])}}}"
                      for i, w in enumerate((576, 768, 992, 1200)))
    return "\n".join((root, labels, css_rules("", blocks, props), media))


def _cms_svg_sprite() -> str:
    """The theme's icon sprite, inlined at the top of the body as themes do."""
    icons = ("zoek", "menu", "sluit", "pijl-links", "pijl-rechts", "pijl-omhoog", "pdf",
             "video", "link", "boek", "agenda", "facebook", "twitter", "linkedin", "mail",
             "print", "deel", "podcast", "canon", "venster")
    symbols = []
    for i, icon in enumerate(icons):
        points = " ".join(f"{(i * 7 + k * 13) % 24}.{k}{(i + k) % 10} {(i * 3 + k * 5) % 24}.{k}"
                          for k in range(40))
        symbols.append(f'<symbol id="icoon-{icon}" viewBox="0 0 24 24"><title>{icon}</title>'
                       f'<path d="M{points}Z"/></symbol>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(symbols)}'
            "</svg>")


def _icon(name: str) -> str:
    return (f'<svg class="icon icon--{name}" aria-hidden="true" focusable="false">'
            f'<use xlink:href="#icoon-{name}"></use></svg>')


def _cms_consent() -> str:
    """A consent dialog the theme renders in its own region (open until answered)."""
    return (
        '<div class="region region-consent"><div id="block-canon-toestemming" '
        'class="block block-block-content block-block-content4f2a9c1e">'
        '<dialog class="consent" open aria-labelledby="consent-titel">'
        '<h2 id="consent-titel">Mogen wij cookies plaatsen?</h2>'
        "<p>De Canon Sociaal Werk gebruikt functionele en analytische cookies. Met uw "
        "toestemming plaatsen we ook cookies van YouTube en Vimeo, zodat u de films bij de "
        'vensters kunt bekijken. <a href="/privacyverklaring">Lees onze privacyverklaring</a>.'
        "</p>"
        '<form method="dialog" class="consent__knoppen">'
        '<button value="alles" class="button button--primary">Alles accepteren</button>'
        '<button value="noodzakelijk" class="button">Alleen noodzakelijke</button>'
        "</form></dialog></div></div>"
    )


def _cms_header(content: Content) -> str:
    canons = "".join(
        f'<li class="menu-item"><a href="/{slug}/" data-drupal-link-system-path="taxonomy/term/'
        f'{i + 3}">{esc(name)}</a></li>'
        for i, (slug, name) in enumerate(ALL_CANONS))
    windows = "".join(f'<li class="menu-item">{anchor_link(a)}</li>'
                      for a in canon_windows(content.canon))
    main_menu = (
        '<ul class="clearfix menu">'
        f'<li class="menu-item menu-item--expanded"><a href="/">Canons</a><ul class="menu">'
        f"{canons}</ul></li>"
        f'<li class="menu-item menu-item--expanded"><a href="/{content.canon}/">Vensters</a>'
        f'<ul class="menu">{windows}</ul></li>'
        '<li class="menu-item"><a href="/eregalerij">Eregalerij</a></li>'
        '<li class="menu-item"><a href="/onderwijs">Onderwijs</a></li>'
        '<li class="menu-item"><a href="/boeken">Boeken</a></li>'
        '<li class="menu-item"><a href="/over-de-canon">Over de canon</a></li></ul>'
    )
    return joined((
        '<header id="header" class="header" role="banner" aria-label="Kop van de site">',
        '<div class="section layout-container clearfix">',
        '<div class="region region-secondary-menu"><nav role="navigation" '
        'aria-labelledby="block-canon-account-menu-menu" id="block-canon-account-menu" '
        'class="block block-menu navigation menu--account">'
        '<h2 class="visually-hidden" id="block-canon-account-menu-menu">Gebruikersmenu</h2>'
        '<ul class="clearfix menu"><li class="menu-item"><a href="/user/login">Inloggen</a>'
        "</li></ul></nav></div>",
        '<div class="clearfix region region-header">',
        '<div id="block-canon-branding" class="clearfix site-branding block block-system '
        'block-system-branding-block"><a href="/" rel="home" class="site-branding__logo">'
        '<img src="/themes/custom/canon/logo.svg" alt="Home" /></a>'
        '<div class="site-branding__text"><div class="site-branding__name">'
        f'<a href="/" rel="home">{SITE_NAME}</a></div>'
        f'<div class="site-branding__slogan">{esc(content.canon_name)}</div></div></div>',
        '<div class="search-block-form block block-search container-inline" '
        'data-drupal-selector="search-block-form" id="block-canon-search" role="search">'
        '<form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8">'
        '<div class="js-form-item form-item"><label for="edit-keys" class="visually-hidden">'
        'Zoeken</label><input title="Geef de woorden op waarnaar u wilt zoeken." '
        'data-drupal-selector="edit-keys" type="search" id="edit-keys" name="keys" size="15" '
        f'maxlength="128" class="form-search" /></div><button type="submit">{_icon("zoek")}'
        '<span class="visually-hidden">Zoeken</span></button></form></div>',
        "</div>",
        '<div class="region region-primary-menu">',
        f'<button class="offcanvas__toggle" aria-expanded="false" aria-controls="block-canon-'
        f'main-menu">{_icon("menu")}<span class="visually-hidden">Menu</span></button>',
        '<nav role="navigation" aria-labelledby="block-canon-main-menu-menu" '
        'id="block-canon-main-menu" class="block block-menu navigation menu--main">',
        '<h2 class="visually-hidden" id="block-canon-main-menu-menu">Hoofdnavigatie</h2>',
        main_menu,
        "</nav></div>",
        "</div></header>",
    ))


def _cms_highlighted(content: Content) -> str:
    """The NIEUW block (a view of news items) where the page has one."""
    box = ('<div class="highlighted"><div class="layout-container section clearfix">'
           '<div class="region region-highlighted"><div class="views-element-container block '
           'block-views block-views-block-meldingen-block-1" id="block-canon-meldingen">'
           '<div class="view view-meldingen view-id-meldingen view-display-id-block_1">'
           '<div class="view-header"><span class="melding__label">NIEUW</span></div>'
           '<div class="view-content">{links}</div></div></div></div></div></div>')
    return news_banner(content, box, '<div class="views-row"><a href="{href}">{text}</a></div>',
                       '<span class="melding__titel">{title}</span><span class="melding__datum">'
                       "{date}</span>")


def _cms_breadcrumb(content: Content) -> str:
    crumbs = [("Home", "/"), (content.canon_name, f"/{content.canon}/")]
    items = "".join(f'<li><a href="{attr(h)}">{esc(t)}</a></li>' for t, h in crumbs)
    return ('<div class="region region-breadcrumb"><div id="block-canon-breadcrumbs" '
            'class="block block-system block-system-breadcrumb-block"><div class="content">'
            '<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
            '<h2 id="system-breadcrumb" class="visually-hidden">Kruimelpad</h2>'
            f"<ol>{items}<li>{esc(content.title_line)}</li></ol></nav></div></div></div>")


def _cms_field(name: str, inner: str, kind: str = "string", tag: str = "div") -> str:
    return (f'<{tag} class="field field--name-field-{name} field--type-{kind} '
            f'field--label-hidden field__item">{inner}</{tag}>')


def _cms_pager(anchors: tuple[Anchor, ...], where: str) -> str:
    """The navigation bar as the theme's pager between the canon's windows."""
    rels = {"eerste": "first", "vorige": "prev", "homepage": "up", "volgende": "next",
            "laatste": "last"}
    items = "".join(f'<li class="venster-pager__item venster-pager__item--{attr(a.text)}">'
                    f'<a href="{attr(a.href)}" rel="{rels.get(a.text, "nofollow")}">'
                    f"{esc(a.text)}</a></li>" for a in anchors)
    return (f'<nav class="venster-pager venster-pager--{where}" role="navigation" '
            f'aria-label="Bladeren door de canon"><ul>{items}</ul></nav>')


def _cms_text(paragraphs: tuple[tuple[Line, ...], ...]) -> str:
    """The text as CKEditor holds it after the migration: subheadings became <h3>s."""
    out = []
    for paragraph in paragraphs:
        lines: list[str] = []
        for line in paragraph:
            if line.heading:
                if lines:
                    out.append(f"<p>{'<br>'.join(lines)}</p>")
                    lines = []
                out.append(f"<h3>{esc(line.text)}</h3>")
            else:
                lines.append(inline(line.parts, bold="strong"))
        if lines:
            out.append(f"<p>{'<br>'.join(lines)}</p>")
    return "\n".join(out)


def _cms_labels(content: Content) -> str:
    """The labels as a list; the colon after each label is the stylesheet's (::after)."""
    items = []

    def item(name: str, label: str, value: str) -> None:
        items.append(f'<li class="venster-gegevens__item venster-gegevens__item--{name}">'
                     f'<span class="venster-gegevens__label">{label}</span> {value}</li>')

    if content.published:
        item("publicatiedatum", "Publicatiedatum",
             f'<time datetime="{content.published_iso}T12:00:00Z" class="datetime">'
             f"{content.published}</time>")
    if content.modified:
        item("gewijzigd", "Datum laatste wijziging",
             f'<time datetime="{content.modified_iso}T12:00:00Z" class="datetime">'
             f"{content.modified}</time>")
    if content.authors:
        item("auteurs", "Auteur(s)", ", ".join(
            f'<a href="{attr(a.href)}" hreflang="nl">{esc(a.text)}</a>' if a.href
            else esc(a.text) for a in content.authors))
    if content.contributor_names:
        item("medewerking", "Met medewerking van", ", ".join(map(esc, content.contributor_names)))
    return f'<ul class="venster-gegevens">{"".join(items)}</ul>'


def _cms_section(section: Section) -> str:
    """A link section with its <h2>; a CMS prints no empty field, so no empty section."""
    if not section.items:
        return ""
    head = f"<h2>{esc(section.heading)}</h2>"
    if section.subheading and section.subheading != section.heading:
        head += f"<h3>{esc(section.subheading)}</h3>"
    if section.key == "video":
        items = "".join(_cms_video(ref) for ref in section.items)
    else:
        lis = []
        for ref in section.items:
            icon = (f'{_icon("pdf")}<span class="visually-hidden">{esc(ref.doctype)}</span> '
                    if ref.doctype else "")
            note = (f' <span class="verwijzing__toelichting">{esc(ref.note)}</span>'
                    if ref.note else "")
            lis.append(f'<li class="verwijzing">{icon}<a href="{attr(ref.anchor.href)}">'
                       f"{esc(ref.anchor.text)}</a>{note}</li>")
        items = f'<ul class="verwijzingen">{"".join(lis)}</ul>'
    return (f'<section class="venster-sectie venster-sectie--{section.key}">{head}{items}'
            "</section>")


def _cms_video(ref: Reference) -> str:
    """A media entity with a remote video: Drupal's oEmbed iframe, then the source line."""
    src = ("/media/oembed?url=" + re.sub(r"[:/?=&]", lambda m: f"%{ord(m.group()):02X}",
                                          ref.anchor.href)
           + "&amp;max_width=0&amp;max_height=0&amp;hash=Xk3f9QbV0nLw2Zs7Pq1Rt5Yu8Io4Ea6Dg")
    return ('<div class="paragraph paragraph--type--video paragraph--view-mode--default">'
            '<div class="field field--name-field-media-oembed-video field--type-string '
            f'field--label-hidden field__item"><iframe src="{src}" frameborder="0" '
            'allowtransparency width="640" height="360" class="media-oembed-content" '
            f'loading="lazy" title="{attr(ref.anchor.text)}"></iframe></div>'
            f'<p class="video__bron">{anchor_link(ref.anchor)}{note_text(ref)}</p></div>')


def _cms_extra(content: Content) -> str:
    if not content.extra:
        return ""
    return ('<div class="paragraph paragraph--type--kader paragraph--view-mode--default">'
            '<div class="kader__label">Extra</div>'
            f'<div class="clearfix text-formatted field field--name-field-tekst '
            f'field--type-text-long field--label-hidden field__item">{_cms_text(content.extra)}'
            "</div></div>")


def _cms_window(content: Content) -> str:
    sections = sections_with_extra(content, _cms_section, _cms_extra(content))
    subtitle = (_cms_field("ondertitel", esc(content.subtitle), tag="p")
                .replace('class="field', 'class="venster__ondertitel field')
                if content.subtitle else "")
    year_field = _cms_field("jaar", str(content.year), "integer", "span")
    year = f'<span class="venster__jaar">{year_field}</span>' if content.year else ""
    return joined((
        f'<article role="article" about="{_alias(content)}" class="node node--type-venster '
        'node--view-mode-full venster">',
        '<header class="venster__kop">',
        year,
        f'<h1 class="venster__titel"><span class="field field--name-title field--type-string '
        f'field--label-hidden">{esc(content.title)}</span></h1>',
        subtitle,
        "</header>",
        _cms_pager(content.nav_top, "boven"),
        '<div class="node__content clearfix">',
        '<div class="venster__body clearfix text-formatted field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item">{_cms_text(content.body)}'
        "</div>",
        _cms_labels(content),
        *sections,
        _cms_share(content),
        "</div>",
        _cms_pager(content.nav_bottom, "onder"),
        "</article>",
    ))


def _cms_share(content: Content) -> str:
    url, title = quote(content.url, safe=""), quote(content.title_line)
    links = (("facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
             ("twitter", f"https://twitter.com/intent/tweet?url={url}&amp;text={title}"),
             ("linkedin", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
             ("mail", f"mailto:?subject={title}&amp;body={url}"))
    items = "".join(f'<li><a href="{h}" class="deel__link deel__link--{n}">{_icon(n)}'
                    f'<span class="visually-hidden">Deel via {n}</span></a></li>'
                    for n, h in links)
    return (f'<div class="deel"><span class="deel__label">Deel dit venster</span><ul>{items}'
            "</ul></div>")


def _cms_author(content: Content) -> str:
    image = portrait(content, '<img src="/sites/default/files/styles/portret/public/auteurs/'
                              '{file}" alt="{alt}" width="240" height="300" loading="lazy" '
                              'class="image-style-portret" />')
    windows = "".join(f'<li class="teaser">{anchor_link(a)}</li>' for a in content.author_windows)
    return joined((
        f'<article role="article" about="{_alias(content)}" class="node node--type-auteur '
        'node--view-mode-full auteur">',
        f'<h1 class="auteur__naam"><span class="field field--name-title">{esc(content.title)}'
        "</span></h1>",
        f'<div class="auteur__foto field field--name-field-foto field--type-image '
        f'field--label-hidden field__item">{image}</div>',
        '<div class="auteur__bio clearfix text-formatted field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item">'
        f"{_cms_text(content.body)}</div>",
        '<div class="views-element-container"><div class="view view-vensters-van-auteur">'
        f'<h2>Vensters van deze auteur</h2><ul class="view-content">{windows}</ul></div></div>',
        "</article>",
    ))


def _cms_sidebar(content: Content) -> str:
    """The sidebar: the canon's windows, the agenda, the books."""
    windows = "".join(
        f'<li class="teaser{" teaser--actief" if a.href == content.url else ""}">'
        f'<a href="{attr(a.href)}"><span class="teaser__jaar">{esc(a.text[:4])}</span> '
        f"{esc(a.text[5:])}</a></li>" for a in canon_windows(content.canon))
    agenda = "".join(
        f'<li><time datetime="{"-".join(reversed(day.split("-")))}">{day}</time> '
        f"{esc(event)}</li>" for day, event in content.agenda)
    promo = list(content.promo)
    books = "".join(f"<h3>{esc(promo[i].capitalize())}</h3><p>{esc(promo[i + 1])}</p>"
                    for i in range(0, len(promo) - 1, 2))
    return joined((
        '<div id="sidebar-second" class="column sidebar"><aside class="section" '
        'role="complementary">',
        '<div class="views-element-container block block-views '
        'block-views-block-vensters-block-canon" id="block-canon-vensters">'
        f"<h2>Vensters van de {esc(content.canon_name)}</h2><ul>{windows}</ul></div>",
        f'<div id="block-canon-agenda" class="block block-agenda"><h2>Agenda</h2><ul>{agenda}'
        "</ul></div>",
        f'<div id="block-canon-boeken" class="block block-boeken"><h2>Boeken</h2>{books}</div>',
        "</aside></div>",
    ))


def _cms_footer(content: Content) -> str:
    columns = (
        ("Over de canon", (("Wat is de canon?", "/over-de-canon"),
                           ("Redactie", "/redactie"), ("Vereniging", "/vereniging"),
                           ("Word donateur", "/donateur"))),
        ("Voor het onderwijs", (("Lesmateriaal", "/onderwijs"),
                                ("Canon in de klas", "/onderwijs/klas"),
                                ("Eregalerij", "/eregalerij"))),
        ("Service", (("Contact", "/contact"), ("Privacyverklaring", "/privacyverklaring"),
                     ("Cookies", "/cookies"), ("Toegankelijkheid", "/toegankelijkheid"),
                     ("English", "https://www.historyofsocialwork.org/"))),
    )
    blocks = "".join(
        f'<nav role="navigation" aria-labelledby="footer-{i}" class="block block-menu '
        f'navigation"><h2 id="footer-{i}">{esc(title)}</h2><ul class="menu">'
        + "".join(f'<li class="menu-item"><a href="{attr(h)}">{esc(t)}</a></li>' for t, h in links)
        + "</ul></nav>" for i, (title, links) in enumerate(columns))
    newsletter = (
        '<div id="block-canon-nieuwsbrief" class="block newsletter"><h2>Nieuwsbrief</h2>'
        "<p>Eens per kwartaal de nieuwe vensters en de agenda in uw mailbox.</p>"
        '<form action="https://canonsociaalwerk.us4.list-manage.com/subscribe/post" method="post">'
        '<label for="mce-EMAIL" class="visually-hidden">E-mailadres</label>'
        '<input type="email" name="EMAIL" id="mce-EMAIL" placeholder="uw e-mailadres" />'
        '<button type="submit" class="button">Aanmelden</button></form></div>')
    return (f'<footer class="site-footer"><div class="layout-container">'
            f'<div class="site-footer__top clearfix"><div class="region region-footer-first">'
            f"{blocks}{newsletter}</div></div>"
            f'<div class="site-footer__bottom"><div class="region region-footer-fifth">'
            f"<p>&copy; 2006-2021 Vereniging {SITE_NAME}. De teksten vallen onder een "
            '<a href="https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl" rel="license">'
            "Creative Commons BY-NC-SA-licentie</a>.</p></div></div></div></footer>")


def _cms_settings(content: Content) -> str:
    """drupalSettings: what core and the contributed modules hand their JavaScript."""
    settings = {
        "path": {"baseUrl": "/", "scriptPath": None, "pathPrefix": "", "currentPath":
                 f"node/{_node_id(content)}", "currentPathIsAdmin": False, "isFront": False,
                 "currentLanguage": "nl"},
        "pluralDelimiter": "\u0003",
        "suppressDeprecationErrors": True,
        "ajaxPageState": {"libraries": ",".join(
            ("canon/global-styling", "canon/venster", "core/drupal.dialog", "core/picturefill",
             "google_analytics/google_analytics", "media/oembed.formatter", "paragraphs/drupal."
             "paragraphs.unpublished", "system/base", "views/views.module")), "theme": "canon",
            "theme_token": None},
        "google_analytics": {"account": "G-7QK2M9XW4C", "trackOutbound": True,
                             "trackMailto": True, "trackTel": True, "trackDownload": True,
                             "trackDownloadExtensions":
                                 "7z|aac|arc|arj|asf|asx|avi|bin|csv|doc(x|m)?|dot(x|m)?|exe|"
                                 "flv|gif|gz|gzip|hqx|jar|jpe?g|js|mp(2|3|4|e?g)|mov(ie)?|msi|"
                                 "msp|pdf|phps|png|ppt(x|m)?|pot(x|m)?|pps(x|m)?|ppam|sld(x|m)?|"
                                 "thmx|qtm?|ra(m|r)?|sea|sit|tar|tgz|torrent|txt|wav|wma|wmv|"
                                 "wpd|xls(x|m|b)?|xlt(x|m)|xlam|xml|z|zip"},
        "canon": {"canon": content.canon, "naam": content.canon_name,
                  "vensters": [{"titel": a.text, "url": a.href}
                               for a in canon_windows(content.canon)]},
        "user": {"uid": 0, "permissionsHash": "5d2f1a9c8b7e6d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e"},
    }
    return ('<script type="application/json" data-drupal-selector="drupal-settings-json">'
            f"{json.dumps(settings, ensure_ascii=False)}</script>")


MARKUPS: dict[str, Renderer] = {
    "php-2006": php_2006,
    "php-2010-divs": php_2010_divs,
    "cms-2020": cms_2020,
    # Between the second and the third in time, listed last so the first three stay in the order
    # the other sites' modules keep (nth_markups).
    "php-2015-bootstrap": php_2015_bootstrap,
}
