"""When a known URL is next re-checked: the revisit policy, measured on a simulated site by
bench/revisit_simulation.py (docs/performance.md). The store records what each fetch found and
the next check in the crawl state (note_checks; docs/operations.md, "Revisits"), and each run
re-checks the URLs whose next check has passed (archive/crawl/url_state.py).

The model is Heritrix's adaptive revisiting (the Internet Archive's AdaptiveRevisitFrontier and
its WaitEvaluator, Heritrix 1.x): each URL has a wait. A check that finds its content changed
divides the wait by CHANGED_FACTOR, one that finds it unchanged multiplies it by
UNCHANGED_FACTOR, within MIN_WAIT and MAX_WAIT; a URL whose change the crawler cannot judge waits
a fixed time. Heritrix's defaults are a first wait of a day, at least an hour, at most four
weeks, both factors 1.5 and three days for "unknown"; this archive runs nightly, so its shortest
wait is a night. MAX_WAIT is the ceiling: no URL goes unchecked longer, so a page that vanished
is noticed within it.

Three things are the archive's own. A page's first wait grows with its age, a night for each
AGE_PER_DAY_OF_WAIT days since it was published: an archive that already holds a site's ten
years starts with waits near the ceiling for its old pages instead of a night for every URL,
which in the simulation kept the first month's runs at their budget. A page published less than
YOUNG_DAYS ago waits one night at most: its readers' reactions change it for the first weeks,
and WordPress's core sitemap prints a post's `post_modified_gmt` as its `lastmod`, which a new
comment does not move. And each URL's waits are shortened by its own share of SPREAD, so that
the URLs of one run do not all fall due on one later night. What a sitemap or feed announces is
fetched the run it is announced, whatever its wait.

The observed change rate for the archivist is Cho and Garcia-Molina's estimator for a page
checked n times that was found changed X times over T days ("Estimating frequency of change",
ACM Transactions on Internet Technology 3(3), 2003): -ln((n - X + 0.5) / (n + 0.5)) / (T / n)
changes a day, which, unlike X / T, allows for changes a check missed."""

from __future__ import annotations

import email.utils
import hashlib
import math
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from pipeline.dates import TIME_FORMAT

FIRST_WAIT = 1.0  # days, before the second check of a URL of no known age
AGE_PER_DAY_OF_WAIT = 30.0  # a page's first wait: a night per month of its age
MIN_WAIT = 1.0
MAX_WAIT = 28.0
CHANGED_FACTOR = 1.5
UNCHANGED_FACTOR = 1.5
UNKNOWN_WAIT = 3.0  # a listing, feed or sitemap page: the archive keeps no version to compare
YOUNG_DAYS = 28.0
SPREAD = 0.25  # waits are shortened by up to this share, by URL, so that URLs checked together
# (the first run under the policy checks a whole site) do not all fall due on one night again


def spread(url: str) -> float:
    """A number in [0, 1) that stays with the URL: its share of SPREAD."""
    return int.from_bytes(hashlib.sha1(url.encode()).digest()[:4], "big") / 2**32


def next_wait(wait: float | None, changed: bool | None, age_days: float | None = None,
              share: float = 0.0) -> float:
    """The wait in days after a check that found the URL `changed` (None: cannot tell), given
    the wait before it (None: the URL's first check), for a page its days since publication,
    and the URL's spread()."""
    if changed is None:
        return UNKNOWN_WAIT * (1 - SPREAD * share)
    if wait is None:
        wait = FIRST_WAIT if age_days is None else age_days / AGE_PER_DAY_OF_WAIT
    elif changed:
        wait = wait / CHANGED_FACTOR
    else:
        wait = wait * UNCHANGED_FACTOR
    if age_days is not None and age_days < YOUNG_DAYS:
        wait = min(wait, MIN_WAIT)
    return max(MIN_WAIT, min(MAX_WAIT, wait) * (1 - SPREAD * share))


def change_rate(checks: int, changes: int, days: float) -> float | None:
    """Changes a day, estimated from `checks` checks over `days` days of which `changes`
    found the page changed; None before there is anything to go on."""
    if checks < 1 or days <= 0:
        return None
    return -math.log((checks - changes + 0.5) / (checks + 0.5)) / (days / checks)


def moment(text: str | None) -> datetime | None:
    """The time `text` gives: ISO 8601 (the archive's times, a sitemap's lastmod) or RFC 822 (a
    feed's pubDate); UTC when it names no zone, None when it is no time."""
    try:
        found = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        try:
            found = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


COMPARED = {"changed": True, "unchanged": False}  # outcomes that compared with a capture


def note_checks(conn: sqlite3.Connection, urls: Iterable[str], fetched_at: str,
                outcome: str | None, published: str | None = None) -> None:
    """Record a fetch of `urls` in their crawl state, before the fetch itself is marked.
    `outcome` is the store's for a page or document (changed, unchanged, or a first capture:
    new, merged), None where the archive keeps nothing to compare (a listing, a failure);
    `published` is the page's date."""
    changed = COMPARED.get(outcome) if outcome is not None else None
    now = moment(fetched_at)
    issued = moment(published) if published else None
    age = _days(issued, now) if issued and now else None
    updates = []
    for url in urls:
        row = conn.execute("SELECT fetched_at, checks, changes, first_checked_at, wait_days"
                           " FROM crawl_state WHERE url = ?", (url,)).fetchone()
        if row is None or now is None:
            continue
        before, checks, changes, first, wait = row
        if outcome in COMPARED:
            checks, changes = (checks or 0) + 1, (changes or 0) + changed
            first = first or before or fetched_at
        elif outcome is not None:  # a first capture: the wait starts again from its age
            wait, changed = None, False
        wait = next_wait(wait, changed, age, spread(url))
        start = moment(first) if first else None
        rate = change_rate(checks or 0, changes or 0, _days(start, now)) if start else None
        due = (now + timedelta(days=wait)).strftime(TIME_FORMAT)
        updates.append((checks, changes, first, wait, due, rate, url))
    conn.executemany(
        "UPDATE crawl_state SET checks = ?, changes = ?, first_checked_at = ?, wait_days = ?,"
        " next_check_at = ?, change_rate = ? WHERE url = ?", updates)
