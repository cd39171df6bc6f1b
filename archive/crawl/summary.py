"""What `archive crawl` tells the archivist: per site what became of its URLs, the whole run's
figures, what the revisit policy chose of the URLs known before the run, the documents kept and
those that could not be read (by name, with the reason), the pages not captured because their
publishers said noarchive, what was fetched again or in full and why, drift alarms, and, when a
write was not kept, how much of what the crawl handed over the archive holds and how to resume."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from archive.crawl.capture import NOT_ASKED, REFETCHED
from archive.quality import drift
from archive.storage.store import DOCUMENT_OUTCOMES, OUTCOMES, STORED


@dataclass
class Kept:
    """Pages and failures (counted outcomes), and WARC records (indexed captures): what the
    database holds of a run, or what the crawlers handed it."""

    outcomes: int = 0
    captures: int = 0

    @classmethod
    def of(cls, conn: sqlite3.Connection, run_id: int) -> Kept:
        columns = " + ".join(f"pages_{outcome}" for outcome in OUTCOMES)
        return cls(*conn.execute(
            f"SELECT {columns}, (SELECT count(*) FROM captures WHERE run_id = ?)"
            " FROM crawl_runs WHERE id = ?", (run_id, run_id)).fetchone())


@dataclass
class RunDocuments:
    """The documents a run stored, by outcome, and those it kept without their text: (URL,
    problem), as read from the database, so a resumed run reports the whole run."""

    outcomes: Counter = field(default_factory=Counter)
    unread: list[tuple[str, str]] = field(default_factory=list)

    def report(self) -> list[str]:
        kept = sum(self.outcomes.values())
        if not kept:
            return []
        lines = [f"  {'documents':<20} kept {kept}: " + ", ".join(
            f"{outcome} {self.outcomes[outcome]}" for outcome in DOCUMENT_OUTCOMES)
            + f"; text read from {kept - len(self.unread)}"]
        if self.unread:
            lines.append(f"  {'documents not read':<20} {len(self.unread)}, kept in the WARC"
                         " files: " + ", ".join(f"{url} ({problem})"
                                                for url, problem in self.unread))
        return lines


@dataclass
class Revisits:
    """What the revisit policy chose of a site's URLs known before the run (run_revisits), and
    how many of them the run fetched."""

    every_url: bool
    budget: int | None
    known: int
    due: int
    chosen: int
    announced: int
    checked: int

    def report(self, site: str, changed: int) -> str:
        over = self.due - self.chosen
        return (f"  {site:<20} revisits: known {self.known}, due {self.due},"
                f" not due {self.known - self.due}"
                + (f", over the budget {over} (left for the next run)" if over else "")
                + f"; checked {self.checked} ({self.announced} announced by a sitemap or feed),"
                f" changed {changed}")


def revisits_of_run(conn: sqlite3.Connection, run_id: int) -> dict[str, Revisits]:
    """Per site; a URL known before the run was discovered before it started."""
    rows = conn.execute(
        "SELECT r.site, r.every_url, r.budget, r.known, r.due, r.chosen, r.announced,"
        " (SELECT count(*) FROM crawl_state s WHERE s.site = r.site AND s.fetched_run = r.run_id"
        "  AND s.discovered_at < c.started_at)"
        " FROM run_revisits r JOIN crawl_runs c ON c.id = r.run_id WHERE r.run_id = ?"
        " ORDER BY r.site", (run_id,))
    return {site: Revisits(bool(every), *counts) for site, every, *counts in rows}


def noarchive_of_run(conn: sqlite3.Connection, run_id: int) -> list[str]:
    return [url for url, in conn.execute(
        "SELECT DISTINCT url FROM fetch_failures WHERE run_id = ? AND reason = 'noarchive'"
        " ORDER BY url", (run_id,))]


def documents_of_run(conn: sqlite3.Connection, run_id: int) -> RunDocuments:
    columns = ", ".join(f"documents_{outcome}" for outcome in DOCUMENT_OUTCOMES)
    counts = conn.execute(f"SELECT {columns} FROM crawl_runs WHERE id = ?", (run_id,)).fetchone()
    unread = conn.execute("SELECT url, problem FROM documents WHERE last_seen_run = ?"
                          " AND problem IS NOT NULL ORDER BY url", (run_id,)).fetchall()
    return RunDocuments(Counter(dict(zip(DOCUMENT_OUTCOMES, counts, strict=True))),
                        [tuple(row) for row in unread])


@dataclass
class Summary:
    run_id: int
    db_path: str
    mirror: bool
    resumed: bool = False
    per_site: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    finish_reasons: dict[str, str] = field(default_factory=dict)
    spider_errors: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    alarms: list[drift.Alarm] = field(default_factory=list)
    documents: RunDocuments = field(default_factory=RunDocuments)
    revisits: dict[str, Revisits] = field(default_factory=dict)  # by site
    # Pages not captured because their publisher said noarchive (the run's fetch failures).
    noarchive: list[str] = field(default_factory=list)
    # URLs fetched in full because their stored capture could not be used, by cause.
    refetched: Counter = field(default_factory=Counter)
    # Why the archive stopped taking writes, and how much of what the crawlers handed it (pages
    # and failures, WARC records written) it kept.
    write_failure: str | None = None
    handed: Kept = field(default_factory=Kept)
    kept: Kept = field(default_factory=Kept)
    ended: bool = True  # False when even the run's end could not be written: it stays running

    def record(self, outcome: str, item: dict, **_) -> None:
        self.per_site[item["site"]][outcome] += 1

    def site_ok(self, site: str) -> bool:
        stored = sum(self.per_site[site][o] for o in STORED)
        # A resumed run may find a site already done, and a run may find none of its pages due:
        # nothing stored is then fine.
        revisits = self.revisits.get(site)
        resting = revisits is not None and revisits.known > revisits.due
        return (self.finish_reasons.get(site) == "finished" and not self.spider_errors.get(site)
                and (stored > 0 or self.resumed or resting))

    @property
    def ok(self) -> bool:
        return self.write_failure is None and all(
            self.site_ok(site) for site in self.finish_reasons)

    def not_kept(self) -> str:
        return (f"the archive kept {self.kept.outcomes} of the {self.handed.outcomes} pages and"
                f" failures the crawl handed it, and indexed {self.kept.captures} of the"
                f" {self.handed.captures} WARC records it wrote")

    def error(self, resume: str) -> str | None:
        """One line that tells the archivist what went wrong and what to do (`resume`: the
        command that continues the run); None when every write was kept."""
        if self.write_failure is None:
            return None
        state = "is marked failed" if self.ended else "is still marked running"
        return (f"{self.write_failure}. Crawl run {self.run_id} stopped and {state}:"
                f" {self.not_kept()}. Mend that, then run `{resume}`")

    def report(self) -> str:
        source = "the bundled mirror" if self.mirror else "the live sites"
        verb = "resumed" if self.resumed else "of"
        lines = [f"crawl run {self.run_id} {verb} {source} into {self.db_path}"]
        total = Counter()
        for site in self.finish_reasons:
            counts = self.per_site[site]
            total.update(counts)
            if self.write_failure is not None:
                state = "NOT KEPT"  # whatever the spider did: see the line below
            elif self.site_ok(site):
                state = "ok"
            else:
                state = (f"FAILED ({self.finish_reasons[site]},"
                         f" {self.spider_errors.get(site, 0)} errors)")
            lines.append(f"  {site:<20} {_counts(counts)}  {state}")
        lines.append(f"  {'total':<20} {_counts(total)}")
        if self.totals:
            run = Counter({k.removeprefix("pages_"): v for k, v in self.totals.items()})
            lines.append(f"  {'whole run':<20} {_counts(run)}; "
                         f"downloaded {self.totals['bytes_downloaded']:,} bytes, "
                         f"retried {self.totals['retries']} times")
        lines += self._revisits_report()
        lines += self.documents.report()
        if self.noarchive:
            pages = "page" if len(self.noarchive) == 1 else "pages"
            lines.append(f"  {'noarchive':<20} {len(self.noarchive)} {pages} not captured, as the"
                         " publisher asked (`--keep-noarchive` keeps them): "
                         + ", ".join(self.noarchive))
        if self.write_failure is not None:
            lines.append(f"  {'NOT KEPT':<20} {self.write_failure}: {self.not_kept()}")
        if self.refetched[NOT_ASKED]:
            lines.append(f"  {'fetched in full':<20} {self.refetched[NOT_ASKED]} URLs: the WARC"
                         " file of their last capture is missing")
        if self.refetched[REFETCHED]:
            lines.append(f"  {'fetched again':<20} {self.refetched[REFETCHED]} URLs: their last"
                         " capture could not be read")
        lines += [str(alarm) for alarm in self.alarms]
        return "\n".join(lines)


    def _revisits_report(self) -> list[str]:
        known = {site: revisits for site, revisits in self.revisits.items() if revisits.known}
        if not known:
            return []  # a first crawl
        first = next(iter(known.values()))
        rule = ("every one re-checked (--all)" if first.every_url else
                f"re-checked when due, at most {first.budget:,} a site")
        return [f"  {'revisits':<20} URLs known before this run: {rule}",
                *(revisits.report(site, self.per_site[site]["changed"])
                  for site, revisits in known.items())]


def _counts(counts: Counter) -> str:
    pages = sum(counts[o] for o in STORED)
    return (f"archived {pages:>3}: new {counts['new']}, changed {counts['changed']}, "
            f"unchanged {counts['unchanged']}, merged {counts['merged']}; "
            f"gone {counts['gone']}, failed {counts['failed']}, skipped {counts['skipped']}")
