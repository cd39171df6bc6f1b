"""`archive report`: per site and field, how many pages have the field and which layer gave it.
A site redesign shows here first, as fields moving from `rule` to `metadata` or `fallback`."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.record import FIELDS

LAYERS = ("rule", "metadata", "fallback")
# Fields every record has by construction, so their coverage says nothing.
ALWAYS_SET = {"url", "site", "kind"}
REPORTED = [f for f in FIELDS if f not in ALWAYS_SET]


def field_coverage(db_path: str | Path) -> dict[str, dict]:
    """{site: {"pages": n, "fields": {field: Counter(layer -> pages)}}}"""
    coverage: dict[str, dict] = defaultdict(lambda: {"pages": 0, "fields": defaultdict(Counter)})
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        try:
            rows = conn.execute("SELECT site, field_sources FROM pages ORDER BY site").fetchall()
        except sqlite3.OperationalError:
            raise ValueError(f"{db_path} was made before field sources were recorded: crawl into "
                             "it once with this version to add them") from None
        for site, sources in rows:
            coverage[site]["pages"] += 1
            for field, layer in json.loads(sources or "{}").items():
                coverage[site]["fields"][field][layer] += 1
    return coverage


def format_coverage(coverage: dict[str, dict]) -> str:
    lines = [f"{'site':<20} {'field':<21} {'pages':>9} " + " ".join(f"{x:>8}" for x in LAYERS)]
    for site, data in coverage.items():
        for field in REPORTED:
            layers = data["fields"].get(field, Counter())
            have = sum(layers.values())
            lines.append(f"{site:<20} {field:<21} {have:>4}/{data['pages']:<4} "
                         + " ".join(f"{layers[x]:>8}" for x in LAYERS))
    return "\n".join(lines)
