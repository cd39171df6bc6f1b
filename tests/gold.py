"""The gold standard (shared/gold/seeds.json) as checks, so the seed pages in the mirror and
their redesigned twins are held to the same single source of truth."""

from __future__ import annotations

import json

from pipeline.record import problems
from tests.conftest import SHARED

GOLD = SHARED / "gold" / "seeds.json"


def gold_pages() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["pages"] if GOLD.is_file() else []


def mismatches(record: dict, gold: dict) -> list[str]:
    """Every way the record differs from its gold entry; empty when it matches."""
    found = [f"schema: {p}" for p in problems(record)]
    if (record["site"], record["kind"]) != (gold["site"], gold["kind"]):
        found.append(f"site/kind {record['site']}/{record['kind']}")
    for field, expected in gold["expect"].items():
        got = record[field]
        if field == "authors":
            got = [{"name": a["name"], "role": a["role"]} for a in got]
        if isinstance(got, str) and isinstance(expected, str):
            got, expected = got.strip(), expected.strip()
        if got != expected:
            found.append(f"{field}: {got!r} != {expected!r}")
    body = record["body_text"]
    if not body.startswith(gold["body_starts"]):
        found.append(f"body starts {body[:80]!r}")
    if not body.endswith(gold["body_ends"]):
        found.append(f"body ends {body[-80:]!r}")
    found += [f"body lacks {s!r}" for s in gold.get("body_contains", []) if s not in body]
    found += [f"body has {s!r}" for s in gold.get("body_excludes", []) if s in body]
    for kind, count in gold.get("links_by_kind", {}).items():
        got = sum(1 for link in record["links"] if link["kind"] == kind)
        if got != count:
            found.append(f"{got} {kind} links, not {count}")
    if "reactions" in gold:
        found += _reaction_mismatches(record["reactions"], gold["reactions"])
    return found


def _reaction_mismatches(reactions: list[dict], expected: list[dict]) -> list[str]:
    if len(reactions) != len(expected):
        return [f"{len(reactions)} reactions, not {len(expected)}"]
    found = []
    for got, want in zip(reactions, expected, strict=True):
        n = want["position"]
        if got["position"] != n:
            found.append(f"reaction {n} at position {got['position']}")
        if "author" in want and got["author"] != want["author"]:
            found.append(f"reaction {n} author {got['author']!r}")
        if not got["text"].startswith(want["text_starts"]):
            found.append(f"reaction {n} starts {got['text'][:60]!r}")
        found += [f"reaction {n} lacks {s!r}" for s in want.get("text_contains", [])
                  if s not in got["text"]]
    return found
