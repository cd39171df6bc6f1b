"""The record schema (shared/README.md) as code: every key always present, types checked, so a
record that leaves the pipeline can be trusted by the archive and by downstream tools."""

from __future__ import annotations

import re

FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str,),
    "site": (str,),
    "kind": (str,),
    "title": (str,),
    "subtitle": (str, type(None)),
    "canon_year": (int, type(None)),
    "published": (str, type(None)),
    "modified": (str, type(None)),
    "authors": (list,),
    "body_text": (str,),
    "reactions": (list,),
    "view_count": (int, type(None)),
    "reading_time_minutes": (int, type(None)),
    "links": (list,),
    "language": (str,),
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AUTHOR_ROLES = ("author", "contributor")
LINK_KINDS = ("related", "literature", "link", "video", "download")


def empty_record(url: str, site: str) -> dict:
    record: dict = {name: None for name in FIELDS}
    record.update(url=url, site=site, kind="", title="", body_text="", language="nl",
                  authors=[], reactions=[], links=[])
    return record


def problems(record: dict) -> list[str]:
    """What is wrong with a record; empty when it matches the schema."""
    found = [f"missing key {k}" for k in FIELDS if k not in record]
    for key, types in FIELDS.items():
        if key in record and not isinstance(record[key], types):
            found.append(f"{key} is {type(record[key]).__name__}")
    for key in ("published", "modified"):
        if isinstance(record.get(key), str) and not ISO_DATE.match(record[key]):
            found.append(f"{key} is not YYYY-MM-DD: {record[key]!r}")
    for author in record.get("authors") or []:
        if author.get("role") not in AUTHOR_ROLES or not author.get("name"):
            found.append(f"bad author {author!r}")
    for link in record.get("links") or []:
        if link.get("kind") not in LINK_KINDS or not link.get("url"):
            found.append(f"bad link {link!r}")
    for position, reaction in enumerate(record.get("reactions") or [], 1):
        if reaction.get("position") != position:
            found.append(f"reaction out of order at {position}")
    return found
