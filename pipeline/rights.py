"""What a page's publisher says the archive may do with it, read from the page and its headers:
the robots directives (`noarchive`, `noindex`, `nosnippet`), the text and data mining
reservation, and the licence it is published under. Plain functions, so a crawl, a stored
capture and a test read a page the same way; what the archive does with them is its own affair.

Robots directives are those of `<meta name="robots">` and the X-Robots-Tag header, as the
search engines document them (developers.google.com/search/docs/crawling-indexing/robots-meta-tag,
MDN's X-Robots-Tag page): a header rule may name a user agent ("googlebot: noarchive"), which
scopes the rules after it; a `<meta>` may be named after one (`<meta name="googlebot">`). Only
rules for every crawler, or for this one by `CRAWLER` (the product token spiders/settings.py
builds the User-Agent from), apply here. Repeated X-Robots-Tag fields arrive joined by commas
(RFC 9110 5.3), so a rule for all agents sent in a field after an agent-scoped one reads as
that agent's.

The TDM reservation is the W3C TDM Reservation Protocol (TDMRep), Final Community Group Report,
https://www.w3.org/2022/tdmrep/ : `tdm-reservation` (1 reserved, 0 not; any other value is a
protocol error and counts as unset) and `tdm-policy` (a URL), declared in
`/.well-known/tdmrep.json` (an array of rules `{"location", "tdm-reservation", "tdm-policy"}`
whose locations are robots.txt path patterns with `*` and `$`, matched case-sensitively after
decoding percent-escaped unreserved characters; the first rule that matches is the one that
counts, and none matching means unset), in the `tdm-reservation` / `tdm-policy` HTTP header
fields, and in `<meta name="tdm-reservation">` / `<meta name="tdm-policy">`. Its "Processing
priority": the file first, the header supersedes the file, the HTML metadata supersedes the
header, and at every step a property that is absent does not reset the one before (`declared`).
A policy is kept only with a reservation: the report says not to process one that comes with 0.

A licence is what the page states for itself, strongest first: a `rel="license"` link (HTML's
"the main content is covered by this licence"; Creative Commons' chooser prints one), the
`license` of the page's JSON-LD (schema.org CreativeWork, as WordPress SEO plugins print it), and
a plain link to a Creative Commons licence deed, which a footer may print without `rel`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from pipeline.metadata import ARTICLE_TYPES

# The product token this crawler's User-Agent starts with, by which a site may address it.
CRAWLER = "SociaalWerkArchief"
# The robots rules recorded, and those that mean one of them (Bing documents `nocache` as
# `noarchive`; Google, `none` as `noindex, nofollow` and `max-snippet:0` as `nosnippet`).
DIRECTIVES = ("noarchive", "noindex", "nosnippet")
SYNONYMS = {"nocache": "noarchive", "none": "noindex", "max-snippet:0": "nosnippet"}
# Rules that carry a value after a colon: "max-snippet: 20" names no user agent.
VALUED_RULES = ("max-snippet", "max-image-preview", "max-video-preview", "unavailable_after")
AGENT_RULE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*:\s*(.*)$", re.S)
# Cheap test before any parsing: a page whose bytes never say it cannot be `noarchive` by meta.
NOARCHIVE_WORDS = re.compile(rb"noarchive|nocache", re.I)
CREATIVE_COMMONS = re.compile(r"^https?://(www\.)?creativecommons\.org/(licenses|publicdomain)/",
                              re.I)
# RFC 3986's unreserved characters: their percent escapes are decoded before a location matches.
UNRESERVED_ESCAPE = re.compile(r"%(2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])")

# The schema.org types of the page itself, whose `license` is the page's.
PAGE_TYPES = ARTICLE_TYPES | {"CreativeWork", "WebSite"}
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What may carry a signal, chosen by libxml2 rather than by a walk in Python: named <meta>s,
# links with a rel or to creativecommons.org, JSON-LD.
RIGHTS_ELEMENTS = etree.XPath(
    "//meta[@name] | //a[@href][@rel or contains(@href, 'creativecommons.org')]"
    " | //link[@href][@rel] | //script[@type='application/ld+json']")


@dataclass(frozen=True)
class Tdm:
    """A TDM declaration, or one layer of it: the reservation (1, 0, or None when unset), the
    policy URL, and where the reservation was read (header, meta, tdmrep.json)."""

    reservation: int | None = None
    policy: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Rights:
    """A page's rights signals as it was fetched. `tdm_*` are the page's own (header and meta,
    layered, a policy still kept whatever the reservation); `with_file` puts the host's
    tdmrep.json beneath them and gives the declaration as TDMRep reads it."""

    meta_robots: str | None = None  # the robots <meta> contents that apply, as printed
    x_robots_tag: str | None = None  # the header, as sent
    noarchive: bool = False
    noindex: bool = False
    nosnippet: bool = False
    tdm_reservation: int | None = None
    tdm_policy: str | None = None
    tdm_source: str | None = None
    licence: str | None = None
    licence_source: str | None = None  # rel-license, json-ld or creative-commons-link

    def with_file(self, file: Tdm) -> Rights:
        """The signals with the TDM declaration resolved: the file beneath the page's own."""
        tdm = declared(file, Tdm(self.tdm_reservation, self.tdm_policy, self.tdm_source))
        return replace(self, tdm_reservation=tdm.reservation, tdm_policy=tdm.policy,
                       tdm_source=tdm.source)


@dataclass(frozen=True)
class TdmRule:
    """One rule of a tdmrep.json: the location pattern, compiled, and its declaration."""

    location: str
    pattern: re.Pattern
    tdm: Tdm


def page_rights(html: bytes | str, url: str, headers: Mapping[str, str],
                crawler: str = CRAWLER) -> Rights:
    """The signals of one fetched page. `headers` by lower-case name; `crawler` is the product
    token rules may name. A body that is no HTML gives the headers' alone."""
    header = headers.get("x-robots-tag") or None
    header_rules = robots_rules(header or "", crawler)
    tdm_header = Tdm(_reservation(headers.get("tdm-reservation")),
                     (headers.get("tdm-policy") or "").strip() or None, "header")
    robots: list[str] = []
    meta_rules: set[str] = set()
    tdm_meta: dict[str, str] = {}
    licences: dict[str, str] = {}
    for element in _elements(html):
        tag = element.tag
        if tag == "meta":
            name = (element.get("name") or "").strip().lower()
            content = (element.get("content") or "").strip()
            if name == "robots" or (crawler and name == crawler.lower()):
                robots.append(content if name == "robots" else f"{element.get('name')}: {content}")
                meta_rules |= _rules(content)
            elif name in ("tdm-reservation", "tdm-policy"):
                tdm_meta.setdefault(name, content)
        elif tag == "script":
            for value in _json_ld_licences(element.text or ""):
                licences.setdefault("json-ld", urljoin(url, value))
        else:
            href = urljoin(url, (element.get("href") or "").strip())
            if "license" in (element.get("rel") or "").lower().split():
                licences.setdefault("rel-license", href)
            elif tag == "a" and CREATIVE_COMMONS.match(href):
                licences.setdefault("creative-commons-link", href)
    rules = header_rules | meta_rules
    tdm = _layered(tdm_header, Tdm(_reservation(tdm_meta.get("tdm-reservation")),
                                   tdm_meta.get("tdm-policy") or None, "meta"))
    source = next((s for s in ("rel-license", "json-ld", "creative-commons-link")
                   if s in licences), None)
    return Rights(
        meta_robots="; ".join(robots) or None, x_robots_tag=header,
        noarchive="noarchive" in rules, noindex="noindex" in rules,
        nosnippet="nosnippet" in rules,
        tdm_reservation=tdm.reservation, tdm_policy=tdm.policy, tdm_source=tdm.source,
        licence=licences.get(source) if source else None, licence_source=source)


def is_noarchive(headers: Mapping[str, str], body: bytes, crawler: str = CRAWLER) -> bool:
    """Whether the page asks not to be archived: `page_rights(...).noarchive`, without parsing
    a page whose header does not say so and whose bytes never do (nearly every page)."""
    if "noarchive" in robots_rules(headers.get("x-robots-tag") or "", crawler):
        return True
    if not NOARCHIVE_WORDS.search(body):
        return False
    return page_rights(body, "", headers, crawler).noarchive


def robots_rules(header: str, crawler: str = CRAWLER) -> set[str]:
    """The DIRECTIVES an X-Robots-Tag value gives every crawler or `crawler`."""
    agent, rules = None, set()
    for field in header.splitlines():
        agent = None  # a new header field starts for every agent
        for part in field.split(","):
            named = AGENT_RULE.match(part)
            if named and named.group(1).lower() not in VALUED_RULES:
                agent, part = named.group(1).lower(), named.group(2)
            if agent is None or (crawler and agent == crawler.lower()):
                rules |= _rules(part)
    return rules


def _rules(content: str) -> set[str]:
    rules = set()
    for part in content.lower().split(","):
        rule = re.sub(r"\s+", "", part)
        rule = SYNONYMS.get(rule, rule)
        if rule in DIRECTIVES:
            rules.add(rule)
    return rules


def _elements(html: bytes | str) -> list[etree._Element]:
    if not html or (isinstance(html, bytes) and not html.strip()):
        return []
    if isinstance(html, str):
        html = XML_DECLARATION.sub("", html)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml.html.document_fromstring(html, parser=etree.HTMLParser())
    except (etree.ParserError, ValueError):  # no markup at all
        return []
    return RIGHTS_ELEMENTS(tree)


def _json_ld_licences(script: str) -> list[str]:
    """The `license` of the page's own objects in a JSON-LD block (an Article, also within a
    @graph): a URL, or an object naming one by @id or url. An image's licence is the image's."""
    try:
        data = json.loads(script)
    except (ValueError, RecursionError):
        return []
    found, stack = [], [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & PAGE_TYPES:
                found += [url for url in _licence_urls(item.get("license")) if url]
            stack.extend(value for key, value in item.items()
                         if key == "@graph" or key == "mainEntity")
    return found


def _licence_urls(value) -> list[str]:
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, dict):
        named = value.get("@id") or value.get("url")
        return [named.strip()] if isinstance(named, str) else []
    if isinstance(value, list):
        return [url for item in value for url in _licence_urls(item)]
    return []


def declared(*layers: Tdm) -> Tdm:
    """TDMRep's processing priority over `layers`, first to last (tdmrep.json, header, meta):
    a later value supersedes an earlier one, an absent one resets nothing. The policy is kept
    only with a reservation of 1."""
    tdm = _layered(*layers)
    return tdm if tdm.reservation == 1 else replace(tdm, policy=None)


def _layered(*layers: Tdm) -> Tdm:
    """`declared` before its last step: the page's layers keep a policy that a reservation in the
    file beneath them may still take up."""
    reservation = policy = source = None
    for layer in layers:
        if layer.reservation is not None:
            reservation, source = layer.reservation, layer.source
        if layer.policy:
            policy = layer.policy
    return Tdm(reservation, policy, source)


def _reservation(value) -> int | None:
    """1 or 0; anything else is TDMRep's protocol error, read as unset."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in (0, 1) else None
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    return None


def tdm_rules(text: str | bytes | None) -> tuple[TdmRule, ...]:
    """The rules of a tdmrep.json, in its order; none for a file that is not such an array. A
    rule without a location can match nothing and is left out; one whose reservation is missing
    or not 0 or 1 stays, as unset, so that it still shadows the rules after it."""
    try:
        data = json.loads(text or "")
    except (ValueError, RecursionError):
        return ()
    if not isinstance(data, list):
        return ()
    rules = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("location"), str):
            continue
        location = item["location"]
        policy = item.get("tdm-policy")
        rules.append(TdmRule(location, _location_pattern(location), Tdm(
            _reservation(item.get("tdm-reservation")),
            policy.strip() if isinstance(policy, str) and policy.strip() else None,
            "tdmrep.json")))
    return tuple(rules)


def tdm_for(url: str, rules: tuple[TdmRule, ...]) -> Tdm:
    """The declaration of the first rule whose location matches the URL's path and query; unset
    when none does."""
    parts = urlsplit(url)
    target = _unescaped((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
    for rule in rules:
        if rule.pattern.match(target):
            return rule.tdm
    return Tdm()


def _location_pattern(location: str) -> re.Pattern:
    """A robots.txt path pattern as a regex anchored at the path's start: `*` any run of
    characters, a final `$` the path's end, everything else itself."""
    location = _unescaped(location)
    anchored = location.endswith("$")
    body = location[:-1] if anchored else location
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + (r"\Z" if anchored else ""), re.S)


def _unescaped(path: str) -> str:
    return UNRESERVED_ESCAPE.sub(lambda match: unquote(match.group(0)), path)
