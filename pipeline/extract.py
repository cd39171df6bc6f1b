"""The generic extractor: one page in, one record out. Each field is tried layer by layer (the
site rules, then the page's structured metadata, then trafilatura/htmldate) and the layer that
gave it is kept, so a drop in rule coverage after a redesign shows up instead of hiding. The
fallback sees the page after the rules' boilerplate drops, which only helps it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from pipeline.dates import parse_date
from pipeline.fallback import body_text as fallback_body
from pipeline.fallback import published as fallback_published
from pipeline.html import parse
from pipeline.html import xpath as xpath_of
from pipeline.metadata import read_metadata
from pipeline.names import split_names
from pipeline.record import empty_record
from pipeline.rules import ReactionRules, SiteRules, regex
from pipeline.sites import rules_for_url
from pipeline.text import PageText, squash
from pipeline.urls import UrlRules, web_url

UNKNOWN_SITE = SiteRules(site="", urls=UrlRules(canonical_host=""))
FIRST_INT = re.compile(r"\d[\d.]*")
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def extract(html: bytes | str, url: str, content_type: str | None = None) -> dict:
    """The record for one page (shared/README.md's schema)."""
    return extract_with_sources(html, url, content_type)[0]


def extract_with_sources(
    html: bytes | str, url: str, content_type: str | None = None
) -> tuple[dict, dict[str, str]]:
    """The record and, per filled field, the layer that filled it: rule, metadata or fallback.

    Raises ValueError for what is not a page: empty, binary, or without any title or text."""
    rules = rules_for_url(url) or UNKNOWN_SITE
    tree = parse(html, content_type)
    page = _Page(tree, url, rules)
    if not page.record["title"] and not page.record["body_text"]:
        raise ValueError("no title and no text found on the page")
    return page.record, page.sources


class _Page:
    def __init__(self, tree: etree._Element, url: str, rules: SiteRules):
        self.url, self.rules = url, rules
        self.record = empty_record(url, rules.site or (urlsplit(url).hostname or ""))
        self.sources: dict[str, str] = {}
        self.metadata = read_metadata(tree)
        for xpath in rules.drop:
            for node in xpath_of(xpath)(tree):
                _remove(node)
        self.tree = tree
        body = tree.find("body")
        self.text = PageText(body if body is not None else tree)
        self._kind()
        self._title()
        self._body()
        self._probed_fields()
        self._links()
        self._reactions()
        self._language()

    def _set(self, field: str, value, source: str) -> None:
        if value not in (None, "", []):
            self.record[field] = value
            self.sources[field] = source

    def _kind(self) -> None:
        parts = urlsplit(self.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        kind = next((k for pattern, k in self.rules.kinds if regex(pattern).search(target)), None)
        self.record["kind"] = kind or self.rules.default_kind

    def _first_text(self, xpaths: tuple[str, ...]) -> str:
        for xpath in xpaths:
            for hit in xpath_of(xpath)(self.tree):
                text = self.text.text_of(hit)
                if text:
                    return text
        return ""

    def _title(self) -> None:
        title = self._first_text(self.rules.title)
        source = "rule"
        if not title and self.metadata["title"]:
            title, source = squash(self.metadata["title"][0]), "metadata"
        if not title:
            title, source = squash(self.tree.findtext(".//title") or ""), "fallback"
        if title and self.rules.title_pattern:
            match = regex(self.rules.title_pattern).match(title)
            if match:
                groups = match.groupdict()
                title = squash(groups.get("title") or title)
                if groups.get("canon_year"):
                    self._set("canon_year", int(groups["canon_year"]), source)
        self._set("title", title, source)
        self._set("subtitle", self._first_text(self.rules.subtitle) or None, "rule")

    def _body(self) -> None:
        container = next(
            (hit for xpath in self.rules.body for hit in xpath_of(xpath)(self.tree)
             if isinstance(hit, etree._Element)),
            None,
        )
        if container is None:
            self._set("body_text", fallback_body(self.tree, self.url), "fallback")
            return
        ends = [regex(pattern) for pattern in self.rules.body_end]
        skips = [regex(pattern) for pattern in self.rules.body_skip]
        kept: list[str] = []
        for block in self.text.blocks_of(container):
            if any(end.search(block) for end in ends):
                break
            if any(skip.search(block) for skip in skips):
                continue
            kept.append(block)
        self._set("body_text", "\n\n".join(kept), "rule")

    def _rule_values(self, field: str) -> list[str]:
        values: list[str] = []
        for xpath in self.rules.xpaths.get(field, ()):
            values.extend(v for v in map(self.text.text_of, xpath_of(xpath)(self.tree)) if v)
        if values:
            return values
        for pattern in self.rules.labels.get(field, ()):
            label = regex(pattern)
            for block in self.text.blocks:
                match = label.search(block)
                if match and squash(match.group("value")):
                    return [squash(match.group("value"))]
        return []

    def _probed_fields(self) -> None:
        for field in ("published", "modified"):
            self._date(field)
        people = [
            {"name": name, "role": role, "bio": None}
            for field, role in (("authors", "author"), ("contributors", "contributor"))
            for value in self._rule_values(field)
            for name in split_names(value)
        ]
        if people:
            people = _unique_people(people)
            bios = self._rule_values("bios")
            for person in people:
                name = person["name"].casefold()
                person["bio"] = next((b for b in bios if b.casefold().startswith(name)), None)
            self._set("authors", people, "rule")
        else:
            people = [
                {"name": name, "role": role, "bio": None}
                for field, role in (("authors", "author"), ("contributors", "contributor"))
                for value in self.metadata[field]
                for name in split_names(value)
            ]
            self._set("authors", _unique_people(people), "metadata")
        for field in ("view_count", "reading_time_minutes"):
            for value in self._rule_values(field):
                match = FIRST_INT.search(value)
                if match:
                    digits = match.group().replace(".", "")
                    # Past 18 digits it is no count, and SQLite's INTEGER could not store it.
                    self._set(field, int(digits) if len(digits) <= 18 else None, "rule")
                    break

    def _date(self, field: str) -> None:
        layers = [("rule", self._rule_values(field)), ("metadata", self.metadata[field])]
        for source, values in layers:
            for value in values:
                parsed = parse_date(value)
                if parsed:
                    self._set(field, parsed, source)
                    return
        if field == "published":
            self._set(field, fallback_published(self.tree, self.url), "fallback")

    def _links(self) -> None:
        seen: set[tuple[str, str]] = set()
        links = []
        for kind, xpath in self.rules.links:
            for anchor in xpath_of(xpath)(self.tree):
                href = web_url(self.url, anchor.get("href") or "")
                if href is None:  # javascript:, data:, mailto:, within the page: no web link
                    continue
                try:
                    url = self.rules.urls.canonicalise(href)
                except ValueError:  # a port past 65535: no URL to record
                    continue
                if (kind, url) not in seen:
                    seen.add((kind, url))
                    title = self.text.text_of(anchor) or None
                    links.append({"kind": kind, "title": title, "url": url})
        self._set("links", links, "rule")

    def _reactions(self) -> None:
        for rules in self.rules.reactions:
            reactions = self._reactions_by(rules)
            if reactions:
                self._set("reactions", reactions, "rule")
                return

    def _reactions_by(self, rules: ReactionRules) -> list[dict]:
        reactions, position_of = [], {}
        for position, item in enumerate(xpath_of(rules.item)(self.tree), 1):
            own_id = self._first(item, rules.id)
            if own_id:
                position_of[own_id] = position
            parent = self._first(item, rules.parent)
            text_nodes = xpath_of(rules.text)(item) if rules.text else [item]
            reactions.append({
                "position": position,
                "author": self._first(item, rules.author) or None,
                "posted": _posted(self._first(item, rules.posted)),
                "text": "\n\n".join(b for node in text_nodes for b in self.text.blocks_of(node)),
                "parent": position_of.get(parent) if parent else None,
            })
        return reactions

    def _first(self, item: etree._Element, xpath: str) -> str:
        """The first non-empty text the XPath finds from `item`."""
        if not xpath:
            return ""
        return next((text for text in map(self.text.text_of, xpath_of(xpath)(item)) if text), "")

    def _language(self) -> None:
        if self.metadata["language"]:
            self._set("language", self.metadata["language"][0], "metadata")
        else:
            self._set("language", self.rules.language, "rule")


def _posted(value: str) -> str | None:
    """Keep a full ISO timestamp when the page gives one, else the date."""
    if ISO_TIMESTAMP.match(value):
        return value
    return parse_date(value) if value else None


def _unique_people(people: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for person in people:
        key = (person["name"].casefold(), person["role"])
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def _remove(node) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    if not isinstance(node, etree._Element) or node.getparent() is None:
        return
    parent, tail = node.getparent(), node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
