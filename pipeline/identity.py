"""Which page a record is. Usually its URL; for kinds whose site rules name identity fields (the
canon's windows, shown under a different URL in every sub-canon that includes them) those fields,
so one window is one page however many canons it stands in."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from pipeline.sites import rules_for_url


def _fold(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def page_key(record: dict) -> str:
    rules = rules_for_url(record["url"])
    fields = rules.identity.get(record.get("kind") or "", ()) if rules else ()
    if fields and all(record.get(f) not in (None, "") for f in fields):
        return f"{record['site']}:" + "|".join(f"{f}={_fold(record[f])}" for f in fields)
    return record["url"]


def page_id(record: dict) -> str:
    """A short stable id for the page, the archive's primary key."""
    return hashlib.sha1(page_key(record).encode("utf-8")).hexdigest()[:16]


def collection(url: str) -> str | None:
    """The collection (the canon's sub-canon) a URL belongs to, if the site has several."""
    rules = rules_for_url(url)
    if not rules or not rules.collection:
        return None
    match = re.search(rules.collection, urlsplit(url).path)
    return match.group(1) if match else None
