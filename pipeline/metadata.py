"""Structured metadata a page carries for machines (OpenGraph and article meta, JSON-LD,
<time datetime>, <html lang>): the second layer, behind the site rules, for when a template
changes but the metadata survives."""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml import etree

from pipeline.html import xpath as xpath_of

META_XPATHS = {
    "title": (
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
    ),
    "published": (
        "//meta[@property='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//meta[@name='date' or @name='DC.date' or @name='dcterms.created']/@content",
        "//time[contains(concat(' ', @class, ' '), ' published ')]/@datetime",
    ),
    "modified": (
        "//meta[@property='article:modified_time']/@content",
        "//meta[@itemprop='dateModified']/@content",
        "//time[contains(concat(' ', @class, ' '), ' updated ')]/@datetime",
    ),
    "authors": (
        "//meta[@name='author']/@content",
        "//meta[@property='article:author' and not(starts-with(@content, 'http'))]/@content",
    ),
}
JSON_LD_KEYS = {
    "title": ("headline", "name"),
    "published": ("datePublished",),
    "modified": ("dateModified",),
    "authors": ("author",),
    "contributors": ("contributor",),
}
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ScholarlyArticle", "WebPage", "Report"}


def _json_ld_objects(tree: etree._Element) -> Iterator[dict]:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
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
    found: dict[str, list[str]] = {field: [] for field in (*META_XPATHS, *JSON_LD_KEYS)}
    for field, xpaths in META_XPATHS.items():
        for xpath in xpaths:
            found[field].extend(v.strip() for v in xpath_of(xpath)(tree) if v.strip())
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
    lang = tree.xpath("string(/html/@lang)").strip().lower()
    found["language"] = [lang[:2]] if lang[:2].isalpha() else []
    return found
