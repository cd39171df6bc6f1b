"""Structured metadata a page carries for machines (OpenGraph and article meta, JSON-LD,
<time datetime>, <html lang>): the second layer, behind the site rules, for when a template
changes but the metadata survives."""

from __future__ import annotations

import json
from collections.abc import Iterator

from lxml import etree

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
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                stack.extend(item.get("@graph", []))
                yield item


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def read_metadata(tree: etree._Element) -> dict[str, list[str]]:
    """Candidate values per field, best first. Must run before boilerplate is dropped."""
    found: dict[str, list[str]] = {field: [] for field in (*META_XPATHS, *JSON_LD_KEYS)}
    for field, xpaths in META_XPATHS.items():
        for xpath in xpaths:
            found[field].extend(v.strip() for v in tree.xpath(xpath) if v.strip())
    for item in _json_ld_objects(tree):
        types = item.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if not types & ARTICLE_TYPES:
            continue
        for field, keys in JSON_LD_KEYS.items():
            for key in keys:
                people = field in ("authors", "contributors")
                values = _names(item.get(key)) if people else [item.get(key)]
                found[field].extend(v.strip() for v in values if isinstance(v, str) and v.strip())
    lang = tree.xpath("string(/html/@lang)").strip().lower()
    found["language"] = [lang[:2]] if lang[:2].isalpha() else []
    return found
