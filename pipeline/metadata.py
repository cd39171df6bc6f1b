"""Structured metadata a page carries for machines (OpenGraph and article meta, JSON-LD,
<time datetime>, <html lang>): the second layer, behind the site rules, for when a template
changes but the metadata survives."""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml import etree

# Where each field is found, best first: (tag, attribute, what the attribute says). A <meta> holds
# the value in content, a <time> in datetime; a <time>'s class is read word by word.
META_PLACES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "title": (
        ("meta", "property", ("og:title",)),
        ("meta", "name", ("twitter:title",)),
    ),
    "published": (
        ("meta", "property", ("article:published_time",)),
        ("meta", "itemprop", ("datePublished",)),
        ("meta", "name", ("date", "DC.date", "dcterms.created")),
        ("time", "class", ("published",)),
    ),
    "modified": (
        ("meta", "property", ("article:modified_time",)),
        ("meta", "itemprop", ("dateModified",)),
        ("time", "class", ("updated",)),
    ),
    "authors": (
        ("meta", "name", ("author",)),
        ("meta", "property", ("article:author",)),
    ),
}
VALUE_ATTRIBUTE = {"meta": "content", "time": "datetime"}
NAMING_ATTRIBUTES = {"meta": ("property", "name", "itemprop"), "time": ("class",)}
# (tag, attribute, what it says) -> (field, its place among the field's places)
PLACE_OF = {
    (tag, attribute, said): (field, rank)
    for field, places in META_PLACES.items()
    for rank, (tag, attribute, names) in enumerate(places)
    for said in names
}
# Facebook's article:author is often the author's profile URL, which names no one.
PROFILE_LINKS = ("meta", "property", "article:author")
# Every element any place is on, in page order: one pass over the page instead of one per place.
# XPath, not lxml's iteration, which misses what libxml2 hangs beside the root (after </html>).
META_ELEMENTS = etree.XPath("//meta | //time")
JSON_LD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']/text()")
LANGUAGE = etree.XPath("string(/html/@lang)")
JSON_LD_KEYS = {
    "title": ("headline", "name"),
    "published": ("datePublished",),
    "modified": ("dateModified",),
    "authors": ("author",),
    "contributors": ("contributor",),
}
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ScholarlyArticle", "WebPage", "Report"}


def _json_ld_objects(tree: etree._Element) -> Iterator[dict]:
    for script in JSON_LD_SCRIPTS(tree):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                graph = item.get("@graph", [])
                stack.extend(graph if isinstance(graph, list) else [graph])
                yield item


def _names(value) -> list[str]:
    """Every name in a credit, in order, however deeply the page nests it: a loop, because
    JSON nests deeper than Python recurses."""
    names, pending = [], [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            pending.append(item.get("name"))
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return names


def read_metadata(tree: etree._Element) -> dict[str, list[str]]:
    """Candidate values per field, best first. Must run before boilerplate is dropped."""
    found: dict[str, list[str]] = {field: [] for field in (*META_PLACES, *JSON_LD_KEYS)}
    for field, values in _meta_values(tree).items():
        found[field].extend(values)
    for item in _json_ld_objects(tree):
        types = item.get("@type")
        types = types if isinstance(types, list) else [types]
        if not ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
            continue
        for field, keys in JSON_LD_KEYS.items():
            for key in keys:
                people = field in ("authors", "contributors")
                values = _names(item.get(key)) if people else [item.get(key)]
                found[field].extend(v.strip() for v in values if isinstance(v, str) and v.strip())
    lang = LANGUAGE(tree).strip().lower()
    found["language"] = [lang[:2]] if lang[:2].isalpha() else []
    return found


def _meta_values(tree: etree._Element) -> dict[str, list[str]]:
    """The values META_PLACES point at, per field: place by place, each place in page order."""
    by_place = {field: [[] for _ in places] for field, places in META_PLACES.items()}
    for element in META_ELEMENTS(tree):
        tag = element.tag
        value = (element.get(VALUE_ATTRIBUTE[tag]) or "").strip()
        if not value:
            continue
        for attribute in NAMING_ATTRIBUTES[tag]:
            said = element.get(attribute)
            if said is None:
                continue
            # A class is a list of words; each names a place once, however often it is given.
            for name in set(said.split(" ")) if attribute == "class" else (said,):
                place = PLACE_OF.get((tag, attribute, name))
                if place is None or ((tag, attribute, name) == PROFILE_LINKS
                                     and element.get("content").startswith("http")):
                    continue
                field, rank = place
                by_place[field][rank].append(value)
    return {field: [v for values in places for v in values] for field, places in by_place.items()}
