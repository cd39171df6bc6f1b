"""The shape of a site's extraction rules. Rules are data: landmark patterns on what a reader
sees, label patterns and the odd XPath that the generic extractor (pipeline/extractor.py) tries in
turn, so a site redesign means editing one small module and never the extraction code.

The sites' real markup was never seen, so rules key on the visible text: label patterns and
landmarks are regular expressions tried on each visible text block of the page (a block is a
paragraph, heading, list item, table cell or a line between <br>s), in page order, from the
page's title on; a label's named group `value` holds the raw value. XPaths are for what a page
says to machines (meta tags) and for markup whose meaning is its element (a <dl>'s terms), and
are evaluated on the whole parsed page after the `drop` XPaths have removed what no reader reads
as the page's own (dialogs, asides). Every XPath and regular expression is compiled when the
rules are made, so a broken one stops the rules from loading, naming its site and field, instead
of surfacing on the first page that uses it.

A site's rules also say what the archive publishes about the site (its name, home page and
description: the `sites` table), so each site's facts are written once, in its module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from pipeline.urls import UrlRules

# Fields a site may fill through `xpaths` or `labels`. Dates are parsed from any Dutch or ISO
# spelling, counts from the first integer, names split into people.
PROBED_FIELDS = (
    "published",
    "modified",
    "authors",
    "contributors",
    "view_count",
    "reading_time_minutes",
)


@cache
def xpath(expression: str) -> etree.XPath:
    """Site rules are XPath strings; each is compiled once per process instead of once per use
    (compiling costs as much as evaluating on a whole page)."""
    return etree.XPath(expression)


@cache
def regex(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, compiled once per process. `re.search(pattern, text)` finds it
    in re's own cache too, but through a Python function on every call, and the extractor tries
    each label and body pattern on every block of a page."""
    return re.compile(pattern)


# What a rule's XPath is tried on when the rules load: some errors (an unknown function or
# namespace prefix) only show when an expression is evaluated.
STAND_IN_PAGE = etree.fromstring("<html><head/><body/></html>")
# Extraction writes each author's name, escaped, where a pattern says {author}
# (pipeline/extractor.py); a pattern is checked with this name there.
STAND_IN_AUTHOR = re.escape("Jan de Vries")


@dataclass(frozen=True)
class SiteRules:
    site: str
    # Hosts and URL spellings; the spider follows URLs and the extractor records links by them.
    urls: UrlRules
    # The site as the archive names and describes it (the `sites` table); its home page is
    # `home`, on the canonical host.
    name: str = ""
    description: str = ""
    # (regex searched in "path?query", kind); the first that matches gives the page's kind.
    kinds: tuple[tuple[str, str], ...] = ()
    default_kind: str = "pagina"
    # The site's and its collections' names, as <title> and og:title print them beside a page's
    # own title ("Zorg+Welzijn", "Canon samenlevingsopbouw"): regexes matched whole.
    names: tuple[str, ...] = ()
    # Applied to the title text; named groups `title` and, for canon windows, `canon_year`.
    title_pattern: str = ""
    # Boilerplate removed from the page before anything is read: dialogs, asides.
    drop: tuple[str, ...] = ()
    # Landmarks on the visible blocks that bound the body (see pipeline/extractor.py): it follows
    # the title, or the first line matching `body_after` within `body_after_within` blocks of it
    # (one block, or a run of short blocks matched whole: a navigation bar set as a list; the
    # blocks between are the subtitle); leading blocks matching `body_lead` are passed over,
    # and so are trailing ones matching `body_trail`; the first block matching `body_end`, or
    # `bio_start` for one of the authors ({author} stands for the name, in `body_lead` and
    # `body_end` too), and all after it leave the body; blocks matching `body_skip` are dropped
    # wherever they stand (promo lines, captions).
    body_after: tuple[str, ...] = ()
    body_after_within: int = 4
    # Whether a subtitle may stand apart from the text without a landmark: a block in an element
    # of its own (a field), between the title and the element that holds the text.
    subtitle_apart: bool = False
    body_lead: tuple[str, ...] = ()
    body_trail: tuple[str, ...] = ()
    body_end: tuple[str, ...] = ()
    bio_start: tuple[str, ...] = ()
    body_skip: tuple[str, ...] = ()
    xpaths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Labels are read from the title's header on, up to the first block matching one of these:
    # the heading of other articles' teasers, which print their own dates and reading times.
    labels_end: tuple[str, ...] = ()
    # field -> regex matching a heading whole, under which the values stand one per line
    # ("Auteurs" above the names), read while the lines are short and no sentence.
    listed: Mapping[str, str] = field(default_factory=dict)
    # (link kind, regex matching a section's visible heading whole): related, literature, link,
    # video, download; `links_end` closes the sections (a landmark after the last one).
    link_sections: tuple[tuple[str, str], ...] = ()
    links_end: tuple[str, ...] = ()
    # (link kind, regex on the line a link stands in): "Lees ook: <links>", "Lees verder op ...".
    link_lines: tuple[tuple[str, str], ...] = ()
    # Reader reactions (pipeline/reactions.py) stand between the first block after the title
    # that matches `comments_start` and the first after it that matches `comments_end`.
    comments_start: tuple[str, ...] = ()
    comments_end: tuple[str, ...] = ()
    # Which record fields identify a page of a kind, where the URL does not (the canon shows one
    # window under several URLs). Kinds not named here are identified by their URL.
    identity: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Regex on the URL path whose first group names the collection a page was found in (the
    # canon's sub-canon prefix); empty when a site has one collection.
    collection: str = ""
    # ISO 639-1 code of the site's pages where a page does not state its own (<html lang>).
    language: str = "nl"

    @property
    def hosts(self) -> tuple[str, ...]:
        return self.urls.hosts

    @property
    def home(self) -> str:
        """The site's home page: the root of its canonical host, over https as every page of the
        site is stored."""
        return f"https://{self.urls.canonical_host}/"

    def __post_init__(self) -> None:
        # ("x") is a string, not a tuple: iterating it would try one character at a time.
        for name in ("kinds", "names", "drop", "body_after", "body_lead", "body_trail", "body_end",
                     "bio_start",
                     "body_skip", "labels_end", "link_sections", "links_end", "link_lines",
                     "comments_start", "comments_end"):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"{self.site}: SiteRules.{name} must be a tuple")
        for name in ("xpaths", "labels", "listed", "identity"):
            for field_name, values in getattr(self, name).items():
                if name != "identity" and field_name not in PROBED_FIELDS:
                    raise ValueError(f"{self.site}: SiteRules.{name} names unknown field "
                                     f"{field_name!r}; known: {', '.join(PROBED_FIELDS)}")
                if name != "listed" and not isinstance(values, tuple):
                    raise TypeError(
                        f"{self.site}: SiteRules.{name}[{field_name!r}] must be a tuple")
        for where, expression in self._xpaths():
            try:
                xpath(expression)(STAND_IN_PAGE)
            except etree.XPathError as error:
                raise ValueError(f"{self.site}: SiteRules.{where} is not a valid XPath: "
                                 f"{error}") from None
        for where, pattern, group in self._regexes():
            try:
                compiled = regex(pattern)
            except re.error as error:
                raise ValueError(f"{self.site}: SiteRules.{where} is not a valid regular "
                                 f"expression: {error}") from None
            if group and group not in compiled.groupindex:
                raise ValueError(f"{self.site}: SiteRules.{where} has no group (?P<{group}>...)")

    def _xpaths(self) -> Iterator[tuple[str, str]]:
        """Every XPath, with where it stands in the rules."""
        for index, expression in enumerate(self.drop):
            yield f"drop[{index}]", expression
        for field_name, expressions in self.xpaths.items():
            for index, expression in enumerate(expressions):
                yield f"xpaths[{field_name!r}][{index}]", expression

    def _regexes(self) -> Iterator[tuple[str, str, str]]:
        """Every regular expression as extraction compiles it, with where it stands in the rules
        and the named group extraction reads from its match, if any."""
        for name in ("names", "body_after", "body_trail", "body_skip", "labels_end", "links_end",
                     "comments_start", "comments_end"):
            for index, pattern in enumerate(getattr(self, name)):
                yield f"{name}[{index}]", pattern, ""
        for name in ("body_lead", "body_end", "bio_start"):
            for index, pattern in enumerate(getattr(self, name)):
                yield f"{name}[{index}]", pattern.replace("{author}", STAND_IN_AUTHOR), ""
        for index, (pattern, _) in enumerate(self.kinds):
            yield f"kinds[{index}]", pattern, ""
        for name in ("link_sections", "link_lines"):
            for index, (_, pattern) in enumerate(getattr(self, name)):
                yield f"{name}[{index}]", pattern, ""
        for field_name, patterns in self.labels.items():
            for index, pattern in enumerate(patterns):
                yield f"labels[{field_name!r}][{index}]", pattern, "value"
        for field_name, heading in self.listed.items():
            yield f"listed[{field_name!r}]", f"^(?:{heading})$", ""  # a heading matched whole
        if self.title_pattern:
            yield "title_pattern", self.title_pattern, "title"
        if self.collection:
            yield "collection", self.collection, ""
        for index, (pattern, _) in enumerate(self.urls.rewrites):
            yield f"urls.rewrites[{index}]", pattern, ""
