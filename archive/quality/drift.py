"""Drift alarms: a site redesign shows first as its rules finding a field on fewer pages.

After each run the share of each site's live pages on which the site's own rules found each
field is stored in `field_coverage`, and compared with the last earlier run that covered the
site. A drop beyond the threshold is an alarm: the crawl exits non-zero and names site and field.
Spidermon would watch one spider's run stats; the comparison needed here is across runs and
over the whole archive, which the database already holds, so it is a query, not a framework."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

# Percentage points a field's share may fall between runs before it is an alarm.
DEFAULT_THRESHOLD = 0.2


@dataclass(frozen=True)
class Alarm:
    site: str
    field: str
    pages: int
    share: float
    previous_share: float
    previous_run: int

    def __str__(self) -> str:
        return (f"DRIFT {self.site}: site rules found `{self.field}` on {self.share:.0%} of"
                f" {self.pages} pages, {self.previous_share:.0%} after run {self.previous_run}")


def record_coverage(conn: sqlite3.Connection, run_id: int, sites: list[str]) -> None:
    """Store, per site and field, on how many live pages the site rules found the field, in the
    caller's transaction."""
    rows = []
    for site in sites:
        pages, by_rule = 0, Counter()
        fields: set[str] = set()
        for (sources,) in conn.execute(
                "SELECT field_sources FROM pages WHERE site = ? AND gone_at IS NULL", (site,)):
            pages += 1
            found = json.loads(sources or "{}")
            fields.update(found)
            by_rule.update(field for field, layer in found.items() if layer == "rule")
        rows += [(run_id, site, field, pages, by_rule[field]) for field in sorted(fields)]
    conn.executemany(
        "INSERT OR REPLACE INTO field_coverage (run_id, site, field, pages, by_rule)"
        " VALUES (?, ?, ?, ?, ?)", rows)


def alarms(conn: sqlite3.Connection, run_id: int,
           threshold: float = DEFAULT_THRESHOLD) -> list[Alarm]:
    """Fields whose share fell by more than `threshold` since the last run covering the site."""
    found = []
    current = conn.execute(
        "SELECT site, field, pages, by_rule FROM field_coverage WHERE run_id = ?", (run_id,))
    for site, field, pages, by_rule in current.fetchall():
        previous = conn.execute(
            "SELECT run_id, pages, by_rule FROM field_coverage WHERE site = ? AND field = ?"
            " AND run_id < ? ORDER BY run_id DESC LIMIT 1", (site, field, run_id)).fetchone()
        if previous is None or not previous[1] or not pages:
            continue
        share, previous_share = by_rule / pages, previous[2] / previous[1]
        if previous_share - share > threshold:
            found.append(Alarm(site, field, pages, share, previous_share, previous[0]))
    # A field the rules stopped finding on every page is absent from field_sources only if no
    # layer found it; such a field is still listed for the earlier run, so look for it too.
    missing = conn.execute(
        "SELECT p.site, p.field, p.run_id, p.by_rule, p.pages FROM field_coverage p"
        " WHERE p.run_id = (SELECT max(run_id) FROM field_coverage WHERE site = p.site"
        "  AND run_id < ?) AND p.by_rule > 0 AND p.site IN"
        "  (SELECT site FROM field_coverage WHERE run_id = ?) AND NOT EXISTS"
        "  (SELECT 1 FROM field_coverage c WHERE c.run_id = ? AND c.site = p.site"
        "   AND c.field = p.field)", (run_id, run_id, run_id))
    for site, field, previous_run, by_rule, pages in missing.fetchall():
        if by_rule / pages > threshold:
            current_pages = conn.execute(
                "SELECT max(pages) FROM field_coverage WHERE run_id = ? AND site = ?",
                (run_id, site)).fetchone()[0]
            found.append(Alarm(site, field, current_pages, 0.0, by_rule / pages, previous_run))
    return sorted(found, key=lambda alarm: (alarm.site, alarm.field))
