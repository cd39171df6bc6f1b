"""A synthetic Zorg+Welzijn of any size for the mirror server, so crawl and memory benches can
crawl thousands of pages with the unchanged spider over the real transport.

Every page is made from the real mirror's own files, so the spider and the extractor meet the
markup they know: articles from the seed article (its head, share bar, reading time, "Tekst
door:" closing, related-posts block), with a title, URL, post id, dates, author and a text of
its own, recombined from the sentences of all the mirror's Zorg+Welzijn articles; the news
category `/nieuws-zorg-welzijn/` with WordPress pagination `/page/K/`, ten articles a page, in
the listing's module markup, with the page-nav block Newspaper prints (arrows, first, neighbours,
last); `/movisie/` and `/feed/`, the spider's other start URLs, naming the newest articles, so
nothing the spider asks for fails. robots.txt and site.json are the real site's.

    .venv/bin/python bench/synthetic_mirror.py --pages 200 --out /tmp/zw-mirror --check

MirrorServer(sites_dir=Path("/tmp/zw-mirror")) serves it under the real URLs; `--check` crawls it
with `archive crawl --mirror-url` and compares what was archived with the articles made.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

from common import PYTHON, run_child
from lxml import html as lxml_html

from mirror.server import SITES_DIR, MirrorServer

SITE = "https://www.zorgwelzijn.nl"
REAL = SITES_DIR / "zorgwelzijn"
LISTING = "/nieuws-zorg-welzijn/"
PER_LISTING = 10
# The seed article: the longest text and the newer template, which most pages of the site use.
TEMPLATE_SLUG = "hernieuwde-aandacht-voor-samenlevingsopbouw"
TEMPLATE_TITLE = "Hernieuwde aandacht voor samenlevingsopbouw"
TEMPLATE_AUTHOR = "Sigrid Starremans"
TEMPLATE_POST = "41467"
TEMPLATE_PUBLISHED = "2021-03-19T09:00:00+01:00"
TEMPLATE_MODIFIED = "2021-03-19T11:24:05+01:00"
# The listing module copied from the real category page, and what in it names its article.
MODULE_SLUG = "wijkteams-krijgen-meer-ruimte-voor-preventie"
MODULE_TITLE = "Wijkteams krijgen meer ruimte voor preventie"
MODULE_IMAGE = "wijkteams-krijgen-meer-ruimte-voor-preve"
MODULE_DATETIME = "2021-03-24T10:05:00+01:00"
MODULE_DATE = "24 maart 2021"
NEWEST = datetime(2021, 3, 24, 9, 0)
# Newspaper's page-nav shows this many page numbers either side of the current one.
NAV_NEIGHBOURS = 2

MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
          "december").split()
SUBJECTS = (
    "Wijkteams", "Gemeenten", "Sociaal werkers", "Jongerenwerkers", "Mantelzorgers",
    "Vrijwilligers", "Buurtsportcoaches", "Opbouwwerkers", "Schuldhulpverleners",
    "Welzijnsorganisaties", "Sociaal raadslieden", "Huisartsen", "Ouderenadviseurs",
    "Ervaringsdeskundigen", "Straatcoaches", "Taalcoaches",
)
PREDICATES = (
    "krijgen meer ruimte voor preventie", "zoeken samenwerking met de huisarts",
    "pleiten voor minder regels", "investeren in vroegsignalering", "ervaren hogere werkdruk",
    "werken vaker outreachend", "bereiken meer jongeren online", "starten met buurtgesprekken",
    "maken werk van eenzaamheid", "vragen om structurele financiering",
    "zetten in op de sociale basis", "leren van ervaringsdeskundigen",
    "helpen gezinnen met schulden", "versterken bewonersinitiatieven",
    "signaleren armoede eerder", "ondersteunen statushouders bij werk",
    "brengen mantelzorg in beeld", "delen kennis over huiselijk geweld",
    "evalueren de Wmo", "experimenteren met het basisinkomen",
)
PLACES = (
    "Almere", "Amersfoort", "Amsterdam", "Apeldoorn", "Arnhem", "Breda", "Delft", "Deventer",
    "Dordrecht", "Eindhoven", "Enschede", "Groningen", "Haarlem", "Heerlen", "Helmond",
    "Hengelo", "Leeuwarden", "Leiden", "Maastricht", "Nijmegen", "Oss", "Rotterdam",
    "Schiedam", "Tilburg", "Utrecht", "Venlo", "Zaanstad", "Zoetermeer", "Zwolle", "Den Haag",
)
FIRST_NAMES = ("Eline", "Mark", "Sigrid", "Marloes", "Joost", "Fatima", "Ruud", "Anouk",
               "Bram", "Yasmina", "Karin", "Pieter")
SURNAMES = ("Vermeulen", "Schreuder", "Starremans", "Dijkstra", "de Wit", "El Amrani",
            "Jansen", "Visser", "Bos", "Kramer")


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    slug: str
    published: datetime
    author: str
    paragraphs: tuple[str, ...]  # HTML blocks: <p> and the odd <h3>

    @property
    def url(self) -> str:
        return f"{SITE}/{self.slug}/"

    @property
    def excerpt(self) -> str:
        first = re.sub(r"<[^>]+>", "", self.paragraphs[0])
        return first[:130].rsplit(" ", 1)[0] + "&#8230;"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+01:00")


def _dutch_date(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _marked(text: str, replacements: dict[str, str]) -> str:
    """The real file with each thing that names its page replaced by a @@MARK@@; a mark that
    finds nothing means the real file changed, and the synthetic pages would silently be wrong."""
    for old, mark in replacements.items():
        if old not in text:
            raise ValueError(f"the real mirror file no longer contains {old!r}")
        text = text.replace(old, f"@@{mark}@@")
    return text


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"@@(\w+)@@", lambda match: values[match[1]], template)


class TextPool:
    """Sentences and subheads of the real Zorg+Welzijn articles, recombined into new texts of
    the seed article's length and spread."""

    def __init__(self):
        sentences, heads = [], []
        for path in sorted(REAL.glob("files/*/index.html")):
            tree = lxml_html.parse(str(path))
            content = "//div[contains(@class, 'td-post-content')]"
            for paragraph in tree.xpath(f"{content}/p[not(@class)]"):
                text = " ".join(paragraph.text_content().split())
                sentences += re.split(r"(?<=[.!?’])\s+(?=[A-Z‘])", text)
            heads += [" ".join(h.text_content().split()) for h in tree.xpath(f"{content}/h3")]
        self.sentences = [s for s in sentences if len(s) > 20]
        self.heads = heads

    def text(self, rng: random.Random) -> tuple[str, ...]:
        blocks = []
        for index in range(rng.randint(8, 16)):
            if index and index % 4 == 0:
                blocks.append(f"<h3>{html.escape(rng.choice(self.heads))}</h3>")
            chosen = rng.sample(self.sentences, rng.randint(2, 5))
            blocks.append(f"<p>{html.escape(' '.join(chosen))}</p>")
        return tuple(blocks)


def articles(count: int, seed: int = 2025) -> list[Article]:
    """The articles, newest first, three hours apart: every title, URL and text its own."""
    rng = random.Random(seed)
    pool = TextPool()
    authors = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    made = []
    for number in range(1, count + 1):
        title = (f"{rng.choice(SUBJECTS)} in {rng.choice(PLACES)} "
                 f"{rng.choice(PREDICATES)}")
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + f"-{number}"
        made.append(Article(number, title, slug, NEWEST - timedelta(hours=3 * number),
                            rng.choice(authors), pool.text(rng)))
    return made


class Templates:
    """The real files cut into what the synthetic site is made of."""

    def __init__(self):
        files = REAL / "files"
        article = (files / TEMPLATE_SLUG / "index.html").read_text(encoding="utf-8")
        start = article.index("            <p>", article.index('rt-reading-time"'))
        end = article.index('            <p class="zw-author">')
        description = re.search(r'<meta name="description" content="([^"]*)"', article)[1]
        article = article[:start] + "@@BODY@@\n" + article[end:]
        self.article = _marked(article, {
            quote(TEMPLATE_TITLE, safe=""): "TITLE_Q",
            TEMPLATE_TITLE: "TITLE",
            TEMPLATE_SLUG: "SLUG",
            TEMPLATE_SLUG[:40]: "IMAGE",
            TEMPLATE_POST: "POST",
            TEMPLATE_PUBLISHED: "PUBLISHED",
            TEMPLATE_MODIFIED: "MODIFIED",
            TEMPLATE_AUTHOR: "AUTHOR",
            description: "DESCRIPTION",
            '<span class="rt-time">4</span>': '<span class="rt-time">@@MINUTES@@</span>',
        })
        listing = (files / LISTING.strip("/") / "index.html").read_text(encoding="utf-8")
        first = listing.index('        <div class="td_module_106')
        second = listing.index('        <div class="td_module_106', first + 1)
        nav = listing.index('        <div class="page-nav')
        modules_end = listing.rindex("            </div>\n        </div>\n", first, nav)
        nav_end = listing.index("</div></div>\n", nav) + len("</div></div>\n")
        module = listing[first:second]
        excerpt = re.search(r'<div class="td-excerpt">([^<]*)</div>', module)[1]
        self.module = _marked(module, {
            MODULE_TITLE: "TITLE", MODULE_SLUG: "SLUG", MODULE_IMAGE: "IMAGE",
            MODULE_DATETIME: "DATETIME", MODULE_DATE: "DATE", excerpt: "EXCERPT",
        })
        head = _marked(listing[:first], {f"{SITE}{LISTING}": "URL",
                                         "Nieuws zorg en welzijn": "NAME"})
        self.listing = (head + "@@MODULES@@" + listing[modules_end:nav] + "@@NAV@@"
                        + listing[nav_end:])

    def article_page(self, article: Article) -> str:
        words = sum(len(block.split()) for block in article.paragraphs)
        lead = re.sub(r"<[^>]+>", "", article.paragraphs[0])
        return _fill(self.article, {
            "TITLE_Q": quote(article.title, safe=""),
            "TITLE": html.escape(article.title),
            "SLUG": article.slug,
            "IMAGE": article.slug[:40],
            "POST": str(100000 + article.number),
            "PUBLISHED": _iso(article.published),
            "MODIFIED": _iso(article.published + timedelta(hours=2)),
            "AUTHOR": html.escape(article.author),
            "DESCRIPTION": lead[:200].rsplit(" ", 1)[0],
            "MINUTES": str(max(1, round(words / 220))),
            "BODY": "\n".join("            " + block for block in article.paragraphs),
        })

    def listing_page(self, url: str, name: str, shown: list[Article], nav: str) -> str:
        modules = "".join(_fill(self.module, {
            "TITLE": html.escape(a.title), "SLUG": a.slug, "IMAGE": a.slug[:40],
            "DATETIME": _iso(a.published), "DATE": _dutch_date(a.published),
            "EXCERPT": a.excerpt,
        }) for a in shown)
        return _fill(self.listing, {"URL": url, "NAME": name, "MODULES": modules, "NAV": nav})


def listing_url(page: int) -> str:
    return f"{SITE}{LISTING}" if page == 1 else f"{SITE}{LISTING}page/{page}/"


def page_nav(page: int, last: int) -> str:
    """Newspaper's pagination: arrows, the first and last page, the neighbours, "..." between."""
    shown = sorted({1, last, *range(max(1, page - NAV_NEIGHBOURS),
                                    min(last, page + NAV_NEIGHBOURS) + 1)})
    parts = []
    if page > 1:
        parts.append(f'<a href="{listing_url(page - 1)}"><i class="td-icon-menu-left"></i></a>')
    previous = 0
    for number in shown:
        if number - previous > 1:
            parts.append('<span class="extend">...</span>')
        if number == page:
            parts.append(f'<span class="current">{number}</span>')
        else:
            kind = "last" if number == last and number > page + NAV_NEIGHBOURS else "page"
            parts.append(f'<a href="{listing_url(number)}" class="{kind}" title="{number}">'
                         f"{number}</a>")
        previous = number
    if page < last:
        parts.append(f'<a href="{listing_url(page + 1)}"><i class="td-icon-menu-right"></i></a>')
    parts.append(f'<span class="pages">Pagina {page} van {last}</span>')
    return ('        <div class="page-nav td-pb-padding-side">' + "".join(parts)
            + '<div class="clearfix"></div></div>\n')


def feed(newest: list[Article]) -> str:
    items = "".join(
        f"\t<item>\n\t\t<title>{html.escape(a.title)}</title>\n\t\t<link>{a.url}</link>\n"
        f"\t\t<dc:creator><![CDATA[{a.author}]]></dc:creator>\n"
        f"\t\t<pubDate>{format_datetime(a.published - timedelta(hours=1))}</pubDate>\n"
        f"\t\t<guid isPermaLink=\"false\">{SITE}/?p={100000 + a.number}</guid>\n"
        f"\t\t<description><![CDATA[{a.excerpt}]]></description>\n\t</item>\n"
        for a in newest)
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n\t>\n\n<channel>\n'
            f"\t<title>Zorg+Welzijn</title>\n\t<link>{SITE}</link>\n"
            "\t<language>nl-NL</language>\n" + items + "</channel>\n</rss>\n")


def build(out: Path, pages: int, seed: int = 2025) -> list[str]:
    """Write a sites folder for MirrorServer(sites_dir=out) with `pages` articles; returns their
    URLs, which are exactly what a crawl of it archives."""
    site = out / "zorgwelzijn"
    if site.exists():
        shutil.rmtree(site)
    files = site / "files"
    files.mkdir(parents=True)
    shutil.copy(REAL / "site.json", site / "site.json")
    shutil.copy(REAL / "files" / "robots.txt", files / "robots.txt")
    templates = Templates()
    made = articles(pages, seed)
    for article in made:
        folder = files / article.slug
        folder.mkdir()
        (folder / "index.html").write_text(templates.article_page(article), encoding="utf-8")
    last = max(1, -(-pages // PER_LISTING))
    for page in range(1, last + 1):
        url = listing_url(page)
        folder = files / url.removeprefix(SITE + "/")
        folder.mkdir(parents=True, exist_ok=True)
        name = "Nieuws zorg en welzijn" + (f" - Pagina {page} van {last}" if page > 1 else "")
        shown = made[(page - 1) * PER_LISTING:page * PER_LISTING]
        (folder / "index.html").write_text(
            templates.listing_page(url, name, shown, page_nav(page, last)), encoding="utf-8")
    (files / "movisie").mkdir()
    (files / "movisie" / "index.html").write_text(
        templates.listing_page(f"{SITE}/movisie/", "Movisie", made[:4], ""), encoding="utf-8")
    (files / "feed").mkdir()
    (files / "feed" / "index.xml").write_text(feed(made[:10]), encoding="utf-8")
    return [article.url for article in made]


def check(out: Path, urls: list[str]) -> None:
    """Crawl the synthetic site as a user would and hold the archive to the articles made."""
    db = out / "check" / "archive.db"
    shutil.rmtree(db.parent, ignore_errors=True)
    with MirrorServer(sites_dir=out) as server:
        crawl = run_child([str(Path(PYTHON).parent / "archive"), "crawl", "--mirror-url",
                           server.url, "--site", "zorgwelzijn", "--db", str(db)],
                          db.parent / "crawl.log").check()
    with sqlite3.connect(db) as conn:
        archived = {url for (url,) in conn.execute("SELECT url FROM page_urls")}
    missing, extra = set(urls) - archived, archived - set(urls)
    if missing or extra:
        raise SystemExit(f"check failed: {len(missing)} articles not archived, {len(extra)} "
                         f"other pages archived; see {crawl.log}")
    print(f"check: `archive crawl --mirror-url` archived {len(archived)} pages, exactly the "
          f"{len(urls)} articles, in {crawl.seconds:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path("/tmp/synthetic-mirror"))
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--check", action="store_true",
                        help="crawl it with `archive crawl` and compare the archive with it")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    urls = build(args.out, args.pages, args.seed)
    size = sum(p.stat().st_size for p in (args.out / "zorgwelzijn").rglob("*") if p.is_file())
    print(f"{len(urls)} articles in {args.out / 'zorgwelzijn'}, {size / 2**20:.1f} MB, "
          f"{time.perf_counter() - start:.1f} s; serve with MirrorServer(sites_dir={args.out!s})")
    if args.check:
        check(args.out, urls)


if __name__ == "__main__":
    main()
