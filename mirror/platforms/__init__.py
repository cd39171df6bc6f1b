"""The mirror's pages in the markup the sites' real platforms print.

Today's mirror files are one rendering of each site, and this project wrote it: the live sites'
class names and nesting were never seen. So the extractor is also held to renderings of the same
pages in the markup their platforms really print (WordPress core and its themes, the tagDiv
Newspaper theme, Drupal 10, a hand-built PHP site of 2006 to 2015; docs/platforms/ says what is
known and what is guessed, with sources).

Each site module (mirror/platforms/<slug>.py) exposes MARKUPS: markup name -> renderer. A renderer
takes a Page, the record today's mirror page extracts to (mirror/sites/<slug>/expected.json) with
that page itself for what a record does not hold (the body's own HTML, the links that lead on),
and returns the page as that platform would serve it. The mirror serves a site in one of them
when asked (`MirrorServer(markups={"canon": "php-2006"})`, `python -m mirror --markup ...`), so a
whole crawl runs on each."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import lxml.html
from lxml import etree

from mirror.server import SITES_DIR, load_sites

EXPECTED_FILE = "expected.json"
SITES = ("canon", "movisie", "socialevraagstukken", "zorgwelzijn")


@dataclass(frozen=True)
class Page:
    url: str  # the real, canonical URL
    site: str
    record: dict  # what today's mirror markup extracts to: the content to render
    original: etree._Element  # today's mirror page, parsed


@dataclass(frozen=True)
class Rendered:
    html: str
    charset: str = "utf-8"  # what the page is encoded in, and what its Content-Type says

    def encoded(self) -> bytes:
        """The bytes served: characters the charset lacks become character references, as a
        browser would have submitted them to a windows-1252 site."""
        return self.html.encode(self.charset, "xmlcharrefreplace")


Renderer = Callable[[Page], Rendered]


def has_class(name: str) -> str:
    """An XPath test for an element that has the class `name` among its classes, as the platform
    modules read today's mirror pages (the mirror runs without parsel's `has-class()`)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@cache
def expected_records(site: str) -> dict[str, dict]:
    """URL -> the record today's mirror markup gives for the page (tests/expectations.py)."""
    path = SITES_DIR / site / EXPECTED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@cache
def markups(site: str) -> dict[str, Renderer]:
    """The site's platform markups by name, in the order its module lists them."""
    return importlib.import_module(f"mirror.platforms.{site}").MARKUPS


def check_markups(chosen: dict[str, str]) -> None:
    """Raise ValueError naming what exists, for a site or markup that does not."""
    for site, markup in chosen.items():
        if site not in SITES:
            raise ValueError(f"no site {site!r}; sites: {', '.join(SITES)}")
        if markup not in markups(site):
            raise ValueError(f"no markup {markup!r} for {site}; "
                             f"markups: {', '.join(markups(site))}")


def nth_markups(index: int) -> dict[str, str]:
    """Each site's index-th platform markup, counting round for a site with fewer: a whole mirror
    in platform markup at once; indexes 0 to `most_markups() - 1` serve every markup."""
    return {site: list(markups(site))[index % len(markups(site))] for site in SITES}


def most_markups() -> int:
    return max(len(markups(site)) for site in SITES)


def render(site: str, markup: str, url: str, original: bytes) -> Rendered | None:
    """The page at `url` as `markup` prints it; None for a page that is not an archived page
    (listings, feeds and redirects are served as they are)."""
    record = expected_records(site).get(url)
    if record is None:
        return None
    tree = lxml.html.document_fromstring(original.decode("utf-8", "replace"))
    return markups(site)[markup](Page(url=url, site=site, record=record, original=tree))


def rendered(site: str, markup: str, url: str) -> Rendered:
    """An archived page (a URL of expected.json) as `markup` prints it, without a server."""
    mirror = next(s for s in load_sites(SITES_DIR).values() if s.slug == site)
    key = mirror.target(url.removeprefix(f"https://{mirror.hosts[0]}"))
    found = render(site, markup, url, mirror.file_for(key).read_bytes())
    if found is None:
        raise ValueError(f"{url} is no archived page of {site}")
    return found
