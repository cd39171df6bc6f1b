"""The shape of a site's extraction rules. Rules are data: ordered XPaths and label patterns that
the generic extractor tries in turn, so a site redesign means editing one small module and never
the extraction code.

XPaths are evaluated on the whole parsed page (lxml.html), after the `drop` XPaths have removed
boilerplate. An XPath may select elements (their visible text is used) or strings (attributes,
text()). Label patterns are regular expressions tried on each visible text block of the page
(a block is a paragraph, heading, list item, table cell or a line between <br>s), in page order;
the named group `value` holds the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from pipeline.urls import UrlRules

# Fields a site may fill through `xpaths` or `labels`. Dates are parsed from any Dutch or ISO
# spelling, counts from the first integer, names split into people. A "bios" value is the text of
# one author's biography; it is given to the author whose name it starts with.
PROBED_FIELDS = (
    "published",
    "modified",
    "authors",
    "contributors",
    "bios",
    "view_count",
    "reading_time_minutes",
)


@cache
def regex(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, compiled once per process. `re.search(pattern, text)` finds it
    in re's own cache too, but through a Python function on every call, and the extractor tries
    each label and body pattern on every block of a page."""
    return re.compile(pattern)


@dataclass(frozen=True)
class ReactionRules:
    """Reader comments. `item` selects each comment in page order; the rest are relative to it."""

    item: str
    author: str = ""
    posted: str = ""  # element text or an attribute such as @datetime
    text: str = ""
    id: str = ""  # the comment's own id, so replies can point at it
    parent: str = ""  # the id of the comment this one replies to


@dataclass(frozen=True)
class SiteRules:
    site: str
    # Hosts and URL spellings; the spider follows URLs and the extractor records links by them.
    urls: UrlRules
    # (regex searched in "path?query", kind); the first that matches gives the page's kind.
    kinds: tuple[tuple[str, str], ...] = ()
    default_kind: str = "pagina"
    title: tuple[str, ...] = ("//h1",)
    # Applied to the title text; named groups `title` and, for canon windows, `canon_year`.
    title_pattern: str = ""
    subtitle: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    # Boilerplate removed from the page before anything is read: banners, menus, share buttons.
    drop: tuple[str, ...] = ()
    # Regexes on body blocks: the first block matching `body_end` and all after it leave the body;
    # blocks matching `body_skip` are dropped wherever they stand (promo lines, captions).
    body_end: tuple[str, ...] = ()
    body_skip: tuple[str, ...] = ()
    xpaths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # (link kind, XPath selecting <a> elements): related, literature, link, video, download.
    links: tuple[tuple[str, str], ...] = ()
    # Tried in order, the first that finds any comment wins (old and new comment markup).
    reactions: tuple[ReactionRules, ...] = ()
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

    def __post_init__(self) -> None:
        # ("x") is a string, not a tuple: iterating it would try one character at a time.
        for name in ("reactions", "kinds", "title", "subtitle", "body", "drop", "body_end",
                     "body_skip", "links"):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"{self.site}: SiteRules.{name} must be a tuple")
        for name in ("xpaths", "labels", "identity"):
            for field_name, values in getattr(self, name).items():
                if name != "identity" and field_name not in PROBED_FIELDS:
                    raise ValueError(f"{self.site}: SiteRules.{name} names unknown field "
                                     f"{field_name!r}; known: {', '.join(PROBED_FIELDS)}")
                if not isinstance(values, tuple):
                    raise TypeError(
                        f"{self.site}: SiteRules.{name}[{field_name!r}] must be a tuple")
