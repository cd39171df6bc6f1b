"""Which page a record is. Usually its URL; for kinds whose site rules name identity fields (the
canon's windows, shown under a different URL in every sub-canon that includes them) those fields,
so one window is one page however many canons it stands in. Told when the record is extracted
(pipeline.extract_page), so the archive stores a page without looking its site rules up again."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.rules import SiteRules
from pipeline.sites import rules_for_url


@dataclass(frozen=True)
class Identity:
    """The archive's key for a record's page, and the collection (the canon's sub-canon) its URL
    belongs to, if the site has several."""

    page_id: str
    collection: str | None


def identify(record: dict) -> Identity:
    rules = rules_for_url(record["url"])
    return Identity(_page_id(record, rules), _collection(record["url"], rules))


def page_id(record: dict) -> str:
    """A short stable id for the page, the archive's primary key."""
    return identify(record).page_id


def collection(url: str) -> str | None:
    """The collection a URL belongs to, if its site has several."""
    return _collection(url, rules_for_url(url))


def _fold(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _page_key(record: dict, rules: SiteRules | None) -> str:
    fields = rules.identity.get(record.get("kind") or "", ()) if rules else ()
    if fields and all(record.get(f) not in (None, "") for f in fields):
        return f"{record['site']}:" + "|".join(f"{f}={_fold(record[f])}" for f in fields)
    return record["url"]


def _page_id(record: dict, rules: SiteRules | None) -> str:
    return url_id(_page_key(record, rules))


def url_id(key: str) -> str:
    """A short stable id for what `key` names (a URL, a window's identity fields): the key of
    pages and documents alike."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _collection(url: str, rules: SiteRules | None) -> str | None:
    if not rules or not rules.collection:
        return None
    match = re.search(rules.collection, urlsplit(url).path)
    return match.group(1) if match else None
