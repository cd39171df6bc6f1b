"""The five seed texts laid out in markup this project did not write, for the generic fallback
(pipeline/fallback.py): a hand-built PHP page of 2006 (layout tables, <font>, <b> headings,
<br><br> paragraphs, windows-1252), classless div soup, HTML5 with header/nav/aside/footer with
and without <article>, and an article in a table cell beside a menu cell. Each page carries the
seed's own boilerplate (banner, navigation, labels, link lists, reactions) where such a site
prints it, and a site's menu, news column and footer around it.

A seed's lines are split where the gold file says its body starts and ends. The body's lines
are what a reader sees as its paragraphs and headings, one block each, which is what the rules
give; everything else on the page is in elements of its own, as a template prints it.

The figures also cover the redesigned seed pages (tests/fixtures/drift/), today's mirror pages
and, where mirror/platforms/ has them, those pages in their platforms' markups, each under a URL
no site rule knows, against the gold or the rules' body.

    .venv/bin/python -m tests.old_layouts                 # the fallback's figures
    .venv/bin/python -m tests.old_layouts -v              # and what each failing page got
    .venv/bin/python -m tests.old_layouts --without mark  # with one step left out
    .venv/bin/python -m tests.old_layouts --option favor_precision=False
    .venv/bin/python -m tests.old_layouts --fallback old.py   # another fallback.py's figures
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
DRIFT = REPO / "tests" / "fixtures" / "drift"

SITE = "Stichting Welzijn Oost"
MENU = ("Home", "Over de stichting", "Vensters", "Publicaties", "Agenda", "Contact")
NEWS = ("Laatste nieuws", "12-05-2006 Nieuwe website online",
        "03-04-2006 Jaarverslag 2005 verschenen", "28-02-2006 Aanmelden voor de nieuwsbrief")
FOOTER = ("© 2006 Stichting Welzijn Oost", "Disclaimer", "Postbus 1234, 3500 AA Utrecht")
# What every layout adds around the seed, none of it ever body text.
FURNITURE = (*MENU[1:], *NEWS, *FOOTER)
SENTENCE_END = tuple(".,;:!’”)")
NAV_WORD = re.compile(r"^[^\W\d_]{2,12}$")


@dataclass(frozen=True)
class Seed:
    name: str
    title: str  # the title line as printed (a canon window prints its year before it)
    subtitle: str | None
    banner: list[str]  # lines above the title
    lead: list[str]  # lines between the title and the body
    body: list[str]  # the body's lines, "" where a paragraph ends
    after: list[str]  # everything below the body
    gold: dict

    def blocks(self) -> list[str]:
        """The body as a reader sees it and the rules give it: one block per printed line."""
        return [squash(line) for line in self.body if squash(line)]

    def headings(self) -> list[str]:
        return [squash(line) for at, line in enumerate(self.body) if is_heading(self.body, at)]


def squash(text: str) -> str:
    return " ".join(text.split())


def is_heading(lines: list[str], at: int) -> bool:
    """A body line an editor set as a heading: the first of its paragraph, followed by more,
    short, and not ending as a sentence does (a question may)."""
    line = squash(lines[at])
    first = at == 0 or not squash(lines[at - 1])
    return (first and 0 < len(line) <= 160 and not line.endswith(SENTENCE_END)
            and at + 1 < len(lines))


def is_nav(line: str) -> bool:
    """A line of a few short words, printed as links ("homepage volgende laatste")."""
    words = squash(line).split()
    return 1 < len(words) <= 5 and all(NAV_WORD.match(word) for word in words)


def load_seeds() -> list[Seed]:
    return [_split(gold) for gold in json.loads(GOLD.read_text(encoding="utf-8"))["pages"]]


def _split(gold: dict) -> Seed:
    lines = (SEEDS / gold["seed"]).read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(gold["body_starts"]))
    end = next(i for i, ln in enumerate(lines) if ln.strip().endswith(gold["body_ends"]))
    title_at = next(i for i, ln in enumerate(lines[:start]) if gold["expect"]["title"] in ln)
    subtitle = gold["expect"].get("subtitle")
    lead = [ln for ln in lines[title_at + 1:start] if not subtitle or ln.strip() != subtitle]
    return Seed(name=gold["seed"], title=lines[title_at].strip(), subtitle=subtitle,
                banner=lines[:title_at], lead=lead, body=lines[start:end + 1],
                after=lines[end + 1:], gold=gold)


def paragraphs(lines: list[str]) -> list[list[str]]:
    """The lines in runs separated by blank lines."""
    runs: list[list[str]] = [[]]
    for line in lines:
        if squash(line):
            runs[-1].append(line.strip())
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def body_parts(seed: Seed) -> list[tuple[str, list[str]]]:
    """The body as ("h", [heading]) and ("p", [its lines]) in order, for the layouts that print
    headings and paragraphs as elements of their own."""
    parts: list[tuple[str, list[str]]] = []
    for at, line in enumerate(seed.body):
        text = line.strip()
        if is_heading(seed.body, at):
            parts += [("h", [text]), ("p", [])]
        elif not squash(text):
            parts.append(("p", []))
        else:
            if not parts:
                parts.append(("p", []))
            parts[-1][1].append(text)
    return [(kind, lines) for kind, lines in parts if lines]


# --- the markup of boilerplate lines, as such sites printed them ---------------------------

def esc(text: str) -> str:
    return html.escape(text, quote=False)


def links(words: list[str], separator: str) -> str:
    return separator.join(f'<a href="{w.lower()}.php">{esc(w)}</a>' for w in words)


def line_html(line: str) -> str:
    """One boilerplate line: a menu as links, a media entry ("YouTube, 2020 | what it is") with
    its source linked, anything else as text."""
    text = squash(line)
    if is_nav(text):
        return links(text.split(), " &nbsp; ")
    if " | " in text:
        source, what = text.split(" | ", 1)
        return f'<a href="media.php">{esc(source)}</a> | {esc(what)}'
    return esc(text)


def lines_br(lines: list[str]) -> str:
    """Boilerplate as a hand-built page printed it: a line ended by <br>, short headings bold."""
    out = []
    for at, line in enumerate(lines):
        text = squash(line)
        if not text:
            out.append("<br>")
        elif is_heading(lines, at) and len(text) < 40 and not is_nav(text):
            out.append(f"<b>{esc(text)}</b><br>")
        else:
            out.append(f"{line_html(text)}<br>")
    return "\n".join(out)


def lines_p(lines: list[str], tag: str = "p") -> str:
    """Boilerplate as block elements: a paragraph of lines ended by <br> each."""
    return "\n".join(f"<{tag}>{'<br>'.join(map(line_html, run))}</{tag}>"
                     for run in paragraphs(lines))


def nl2br(lines: list[str]) -> str:
    """The editor's text as PHP's nl2br printed it: a blank line is <br><br>, a heading bold
    on a line of its own."""
    out = []
    for at, line in enumerate(lines):
        text = line.strip()
        if is_heading(lines, at):
            out.append(f"<b>{esc(text)}</b><br />")
        elif text:
            out.append(f"{esc(text)}<br />" if at + 1 < len(lines) else esc(text))
        else:
            out.append("<br />")
    return "\n".join(out)


def news_rows() -> str:
    """The news column as a small data table: date | title."""
    rows = (item.split(" ", 1) for item in NEWS[1:])
    return "\n".join(f'<tr><td>{esc(day)}</td><td><a href="nieuws.php">{esc(title)}</a></td></tr>'
                     for day, title in rows)


# --- a hand-built PHP page of 2006 -------------------------------------------------------

PHP_HEAD = """<html>
<head>
<title>{site} - {title}</title>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<link rel="stylesheet" href="stijl.css" type="text/css">
<script language="JavaScript" src="menu.js"></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="3"><img src="img/banner.jpg" width="780" height="100" alt="{site}"></td></tr>
<tr><td colspan="3" bgcolor="#003366"><font face="Verdana, Arial" size="1" color="#FFFFFF">
{menu}</font></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#EEEEEE"><font face="Verdana, Arial" size="1">
<b>Menu</b><br>
<table border="0" cellpadding="2" cellspacing="0">{left}</table>
</font></td>
<td width="480" valign="top">
<table width="100%" border="0" cellpadding="8" cellspacing="0"><tr><td>
"""
PHP_FOOT = """</td></tr></table>
</td>
<td width="150" valign="top"><font face="Verdana, Arial" size="1">
{banner}<br><br>
<b>{news_title}</b><br>
<table border="0" cellpadding="1" cellspacing="0">
{news}
</table>
</font></td>
</tr>
<tr><td colspan="3" align="center" bgcolor="#EEEEEE"><font face="Verdana, Arial" size="1">
{footer0} | <a href="disclaimer.php">{footer1}</a><br>
{footer2}
</font></td></tr>
</table>
</body>
</html>
"""
FONT = '<font face="Verdana, Arial" size="{size}">'


def php_page(seed: Seed, cell: str) -> tuple[bytes, str]:
    """The layout around the article's cell: a banner row, a menu bar, a menu column of one
    link a row, the news column; windows-1252, as the pages of the time were served."""
    menu = " |\n".join(f'&nbsp;<a href="{w.lower()}.php"><font color="#FFFFFF">{esc(w)}</font>'
                       "</a>" for w in MENU)
    left = "".join(f'<tr><td><a href="v{n}.php">{esc(w)}</a></td></tr>'
                   for n, w in enumerate(MENU[2:]))
    page = (PHP_HEAD.format(site=esc(SITE), title=esc(seed.title), menu=menu, left=left)
            + cell + PHP_FOOT.format(banner=lines_br(seed.banner), news_title=esc(NEWS[0]),
                                     news=news_rows(), footer0=esc(FOOTER[0]),
                                     footer1=esc(FOOTER[1]), footer2=esc(FOOTER[2])))
    url = f"https://www.example.org/venster.php?id={seed.name[:3]}"
    return page.encode("windows-1252", "xmlcharrefreplace"), url


def php_2006(seed: Seed) -> tuple[bytes, str]:
    """No ids or classes, no <h1>: the title in a big bold <font>, the body as nl2br printed
    it in a <font> of its own, the labels and the rest in a small <font> below it."""
    subtitle = (f"{FONT.format(size=2)}<i>{esc(seed.subtitle)}</i></font><br><br>"
                if seed.subtitle else "<br>")
    cell = (f'{FONT.format(size=4)[:-1]} color="#003366"><b>{esc(seed.title)}</b></font><br>\n'
            f"{subtitle}\n{lines_br(seed.lead)}\n"
            f"{FONT.format(size=2)}\n{nl2br(seed.body)}\n</font>\n<br><br>\n"
            f"{FONT.format(size=1)}\n{lines_br(seed.after)}\n</font>\n")
    return php_page(seed, cell)


def php_one_cell(seed: Seed) -> tuple[bytes, str]:
    """The limit: title, body, labels, bios and reactions all loose in one cell, nothing but
    <br><br> and an <hr> between them. No structure tells the bio below the body from it."""
    subtitle = f"<i>{esc(seed.subtitle)}</i><br>" if seed.subtitle else ""
    cell = (f"<font size=\"4\"><b>{esc(seed.title)}</b></font><br>{subtitle}<br>\n"
            f"{lines_br(seed.lead)}\n{nl2br(seed.body)}\n<br><br><hr>\n{lines_br(seed.after)}\n")
    return php_page(seed, cell)


# --- classless div soup ------------------------------------------------------------------

DIV_SOUP = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | {site}</title></head>
<body>
<div style="background:#036">
<div><a href="/">{site}</a></div>
<div>{menu}</div>
</div>
<div style="display:flex">
<div style="width:200px">{banner}
<div><b>{news_title}</b></div>
{news}
</div>
<div style="width:600px">
<div style="font-size:24px;font-weight:bold">{title}</div>
{subtitle}
{lead}
<div>
{body}
</div>
<div style="font-size:11px">
{after}
</div>
</div>
</div>
<div style="font-size:11px">
<div>{footer0}</div><div><a href="/disclaimer">{footer1}</a></div>
<div>{footer2}</div>
</div>
</body></html>
"""


def div_soup(seed: Seed) -> tuple[bytes, str]:
    """Divs for everything, no ids or classes, inline styles; a paragraph is a <div>, a
    heading a <div><strong>."""
    body = "\n".join(
        f'<div style="margin-top:12px"><strong>{esc(lines[0])}</strong></div>' if kind == "h"
        else f'<div style="margin:8px 0">{"<br>".join(map(esc, lines))}</div>'
        for kind, lines in body_parts(seed))
    page = DIV_SOUP.format(
        title=esc(seed.title), site=esc(SITE), menu=links(list(MENU), " "),
        banner=lines_p(seed.banner, "div"), news_title=esc(NEWS[0]),
        news="".join(f'<div><a href="/nieuws/{n}">{esc(w)}</a></div>'
                     for n, w in enumerate(NEWS[1:])),
        subtitle=f'<div style="font-style:italic">{esc(seed.subtitle)}</div>'
        if seed.subtitle else "",
        lead=lines_p(seed.lead, "div"), body=body, after=lines_p(seed.after, "div"),
        footer0=esc(FOOTER[0]), footer1=esc(FOOTER[1]), footer2=esc(FOOTER[2]))
    return page.encode("utf-8"), f"https://www.example.org/artikel/{seed.name[:3]}"


# --- HTML5 with header, nav, aside and footer -------------------------------------------

HTML5 = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{title} - {site}</title></head>
<body>
<header><a href="/">{site}</a>
<nav><ul>{menu}</ul></nav>
</header>
<aside>{banner}</aside>
<{main}>
<{article}>
<header><h1>{title}</h1>
{subtitle}
{lead}
</header>
{body}
<footer>
{after}
</footer>
</{article}>
<aside><h3>{news_title}</h3><ul>
{news}
</ul></aside>
</{main}>
<footer><p>{footer0} · <a href="/disclaimer">{footer1}</a></p>
<p>{footer2}</p></footer>
</body></html>
"""


def html5(seed: Seed, article: str = "article", main: str = "main") -> tuple[bytes, str]:
    """Semantic markup without classes: <h2> headings, <p> paragraphs, the labels and what
    follows the body in the article's <footer>."""
    body = "\n".join(f"<h2>{esc(lines[0])}</h2>" if kind == "h"
                     else f"<p>{'<br>'.join(map(esc, lines))}</p>"
                     for kind, lines in body_parts(seed))
    page = HTML5.format(
        title=esc(seed.title), site=esc(SITE), article=article, main=main,
        menu="".join(f'<li><a href="/{w.lower()}">{esc(w)}</a></li>' for w in MENU),
        banner=lines_p(seed.banner), subtitle=f"<p>{esc(seed.subtitle)}</p>"
        if seed.subtitle else "", lead=lines_p(seed.lead), body=body,
        after=lines_p(seed.after), news_title=esc(NEWS[0]),
        news="".join(f'<li><a href="/nieuws/{n}">{esc(w)}</a></li>'
                     for n, w in enumerate(NEWS[1:])),
        footer0=esc(FOOTER[0]), footer1=esc(FOOTER[1]), footer2=esc(FOOTER[2]))
    return page.encode("utf-8"), f"https://www.example.org/{seed.name[:3]}/artikel.html"


def html5_divs(seed: Seed) -> tuple[bytes, str]:
    """The same with <div> where <article> and <main> stood: header, nav, aside, footer only."""
    return html5(seed, article="div", main="div")


# --- the article in a table cell beside a menu cell -------------------------------------

TABLE_CELL = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{site}: {title}</title></head>
<body>
<div><img src="/logo.gif" alt="{site}"></div>
<table width="100%" cellpadding="6" cellspacing="0" border="0">
<tr>
<td width="200" valign="top" bgcolor="#F0F0F0">
<ul>{menu}</ul>
<p><b>{news_title}</b></p>
<table>{news}</table>
{banner}
</td>
<td valign="top">
<h1>{title}</h1>
{subtitle}
{lead}
<div>
{body}
</div>
<div>
{after}
</div>
</td>
</tr>
</table>
<p><small>{footer0} - <a href="/disclaimer.asp">{footer1}</a> - {footer2}</small></p>
</body></html>
"""


def table_cell(seed: Seed) -> tuple[bytes, str]:
    """A two-cell layout table: the site's menu and news on the left, the article on the
    right in <p> and <h3>, the labels and the rest below it in the same cell."""
    body = "\n".join(f"<h3>{esc(lines[0])}</h3>" if kind == "h"
                     else f"<p>{'<br>'.join(map(esc, lines))}</p>"
                     for kind, lines in body_parts(seed))
    page = TABLE_CELL.format(
        site=esc(SITE), title=esc(seed.title),
        menu="".join(f'<li><a href="/{w.lower()}.asp">{esc(w)}</a></li>' for w in MENU),
        news_title=esc(NEWS[0]), news=news_rows(), banner=lines_p(seed.banner),
        subtitle=f"<h2>{esc(seed.subtitle)}</h2>" if seed.subtitle else "",
        lead=lines_p(seed.lead), body=body, after=lines_p(seed.after),
        footer0=esc(FOOTER[0]), footer1=esc(FOOTER[1]), footer2=esc(FOOTER[2]))
    return page.encode("utf-8"), f"https://www.example.org/nieuws.asp?id={seed.name[:3]}"


Layout = Callable[[Seed], tuple[bytes, str]]
LAYOUTS: dict[str, Layout] = {
    "php-2006": php_2006,
    "div-soup": div_soup,
    "html5": html5,
    "html5-divs": html5_divs,
    "table-cell": table_cell,
}
# Measured, not held: what the fallback cannot do without structure to go by.
LIMITS: dict[str, Layout] = {"php-one-cell": php_one_cell}


# --- measuring the fallback --------------------------------------------------------------

CHECKS = ("starts", "ends", "contains", "excludes", "no pipes", "headings", "blocks",
          "no furniture")


def gold_checks(body: str, gold: dict) -> dict[str, bool]:
    """The gold file's body checks, by kind; a kind holds when all its snippets do."""
    return {
        "starts": body.startswith(gold["body_starts"]),
        "ends": body.endswith(gold["body_ends"]),
        "contains": all(s in body for s in gold.get("body_contains", [])),
        "excludes": all(s not in body for s in gold.get("body_excludes", [])),
    }


def reader_checks(body: str, want: list[str], headings: list[str] | None = None,
                  furniture: tuple[str, ...] | None = None) -> dict[str, bool]:
    """Against what a reader sees: the same blocks and nothing else, no table rows, and where
    they are known, each heading a block of its own and none of the site's furniture."""
    got = body.split("\n\n") if body else []
    results = {
        "no pipes": not any(line.lstrip().startswith("|") for line in body.splitlines()),
        "blocks": got == want,
    }
    if headings is not None:
        results["headings"] = set(headings) <= set(got)
    if furniture is not None:
        results["no furniture"] = all(line not in body for line in furniture)
    return results


def seed_pages(layouts: dict[str, Layout] = LAYOUTS) -> Iterator[tuple[str, Seed, bytes, str]]:
    """(layout, seed, page bytes, URL) for every seed in every layout."""
    for seed in load_seeds():
        for layout, build in layouts.items():
            page, url = build(seed)
            yield layout, seed, page, url


def unknown_url(url: str) -> str:
    """The same path under a host no site rule knows, so the fallback gives the body."""
    parts = urlsplit(url)
    return "https://www.example.org" + parts.path + (f"?{parts.query}" if parts.query else "")


def mirror_pages() -> Iterator[tuple[str, bytes, list[str]]]:
    """(URL, page bytes, the rules' body blocks) of today's mirror pages that have a body."""
    from mirror.server import SITES_DIR, load_sites

    sites = {site.slug: site for site in load_sites().values()}
    for site in (sites[slug] for slug in sorted(sites)):
        expected = json.loads((SITES_DIR / site.slug / "expected.json").read_text("utf-8"))
        for url, record in expected.items():
            parts = urlsplit(url)
            key = site.target(parts.path + (f"?{parts.query}" if parts.query else ""))
            path = site.file_for(key)
            if path is not None and record["body_text"]:
                yield url, path.read_bytes(), record["body_text"].split("\n\n")


def platform_pages() -> Iterator[tuple[str, str, bytes, list[str]]]:
    """(site/markup, URL, page bytes, the rules' body blocks): today's mirror pages rendered in
    the markups of the sites' platforms (mirror/platforms/), where those are there."""
    try:
        from mirror.platforms import SITES, markups, render
    except ImportError:
        return
    pages = list(mirror_pages())
    for site in SITES:
        try:
            names = list(markups(site))
        except ImportError:
            continue
        for name in names:
            for url, page, want in pages:
                rendered = render(site, name, url, page)
                if rendered is not None:
                    yield f"{site}/{name}", url, rendered.encoded(), want


def drift_pages() -> Iterator[tuple[Seed, bytes]]:
    """The redesigned seed pages (tests/fixtures/drift/), with their seeds."""
    for seed in load_seeds():
        path = DRIFT / seed.name.replace(".txt", ".html")
        if path.is_file():
            yield seed, path.read_bytes()


def fallback_body(page: bytes, url: str, body_text: Callable | None = None) -> str:
    """The fallback's body of a page, parsed as the extractor parses it."""
    from pipeline.html import parse

    if body_text is None:
        from pipeline.fallback import body_text
    return body_text(parse(page), url)


def measure(body_text: Callable | None = None, verbose: bool = False, limits: bool = True,
            platforms: bool = True) -> dict[str, dict[str, list[int]]]:
    """Group (layout, "drift", "mirror", site/markup) -> check -> [passed, pages]."""
    tally: dict[str, dict[str, list[int]]] = {}

    def count(group: str, results: dict[str, bool], label: str, body: str) -> None:
        row = tally.setdefault(group, {})
        for check, ok in results.items():
            row.setdefault(check, [0, 0])
            row[check][0] += ok
            row[check][1] += 1
        if verbose and not all(results.values()):
            print(f"{group} {label}: {', '.join(c for c, ok in results.items() if not ok)}")
            print("    " + "\n    ".join(block[:96] for block in body.split("\n\n")))

    layouts = {**LAYOUTS, **LIMITS} if limits else LAYOUTS
    for layout, seed, page, url in seed_pages(layouts):
        body = fallback_body(page, url, body_text)
        count(layout, gold_checks(body, seed.gold)
              | reader_checks(body, seed.blocks(), seed.headings(), FURNITURE), seed.name, body)
    for seed, page in drift_pages():
        body = fallback_body(page, f"https://www.example.org/venster/{seed.name[:3]}", body_text)
        count("drift", gold_checks(body, seed.gold)
              | reader_checks(body, seed.blocks(), seed.headings()), seed.name, body)
    for url, page, want in mirror_pages():
        body = fallback_body(page, unknown_url(url), body_text)
        results = {"starts": body.startswith(want[0]), "ends": body.endswith(want[-1])}
        count("mirror", results | reader_checks(body, want), url, body)
    if platforms:
        for markup, url, page, want in platform_pages():
            body = fallback_body(page, unknown_url(url), body_text)
            results = {"starts": body.startswith(want[0]), "ends": body.endswith(want[-1])}
            count(markup, results | reader_checks(body, want), url, body)
    return tally


def table(tally: dict[str, dict[str, list[int]]]) -> str:
    lines = [f"{'pages':<36}" + "".join(f"{c:>13}" for c in CHECKS)]
    for group, row in tally.items():
        cells = [f"{row[c][0]}/{row[c][1]}" if c in row else "-" for c in CHECKS]
        lines.append(f"{group:<36}" + "".join(f"{c:>13}" for c in cells))
    return "\n".join(lines)


def without(step: str) -> None:
    """Leave one step of the fallback out, to measure what it does (for this process only)."""
    from pipeline import fallback

    def as_text(body):  # trafilatura's own text rendering, one block a line
        text = fallback.trafilatura.xml.xmltotxt(body, False)
        return [fallback.Block(" ".join(line.split()), "p") for line in text.splitlines()
                if line.strip()]

    replacements = {
        "unwrap": ("unwrap_layout_tables", lambda root: None),
        "paragraphs": ("split_paragraphs", lambda root: None),
        "mark": ("mark_article", lambda root, titles: None),
        "xml": ("trafilatura_blocks", as_text),
        "trim": ("trim_edges", lambda found, titles: [block.text for block in found]),
    }
    name, replacement = replacements[step]
    setattr(fallback, name, replacement)


def with_option(option: str) -> None:
    """Call trafilatura with one option changed (name=value, value a Python literal)."""
    import ast
    import types

    from pipeline import fallback

    name, value = option.split("=", 1)
    real = fallback.trafilatura.bare_extraction

    def bare_extraction(*args, **kwargs):
        return real(*args, **{**kwargs, name: ast.literal_eval(value)})

    fallback.trafilatura = types.SimpleNamespace(bare_extraction=bare_extraction,
                                                 xml=fallback.trafilatura.xml)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show failing pages")
    parser.add_argument("--fallback", type=Path, metavar="FILE",
                        help="measure the body_text of another fallback.py (say, an old one)")
    parser.add_argument("--without", action="append", default=[],
                        choices=("unwrap", "paragraphs", "mark", "xml", "trim"),
                        help="leave a step of the fallback out")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="call trafilatura with this option instead (favor_precision=False)")
    args = parser.parse_args(argv)
    body_text = None
    if args.fallback:
        spec = importlib.util.spec_from_file_location("measured_fallback", args.fallback)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        body_text = module.body_text
    for step in args.without:
        without(step)
    for option in args.option:
        with_option(option)
    print(table(measure(body_text, args.verbose)))


if __name__ == "__main__":
    main()
