"""Does the revisit policy (archive/storage/revisits.py) keep a nightly crawl of a large site
within its budget and still capture what changes? A synthetic site of 50,000 URLs on a virtual
clock, crawled night after night by the policy and by "re-check everything":

    .venv/bin/python bench/revisit_simulation.py                 # 50,000 URLs, 30 nights
    .venv/bin/python bench/revisit_simulation.py --nights 60 --seed 2

The site, as the sites this archive crawls print it (WordPress, Drupal):
- ARTICLES articles published over the past ten years and NAVIGATION listing and archive pages;
  NEW_PER_DAY new articles a day, in the feed and the sitemap the day they appear;
- readers' reactions on an article in its first YOUNG_DAYS days, most in its first week (rate
  REACTIONS * exp(-age / 7) a day): they change the page but not its sitemap `lastmod`;
- edits at a rate of each article's own, drawn from EDIT_RATES (most rarely, a few weekly);
  the sitemap's `lastmod` moves with an edit except for a SILENT share of them;
- DELETED_PER_DAY articles removed a day (404, and gone from the sitemap).

Each night the crawler reads the feed, the sitemap (its index and one file per 2,000 URLs, as
WordPress splits it) and FIRST_LISTINGS first listing pages; fetches what they announce as new
or changed; then, with the policy, the URLs whose wait is over, most overdue first, until the
night's BUDGET of requests is spent (the baseline: every URL it knows). A fetch finds a page
changed, unchanged or gone. Before the nights that are measured the policy runs WARM_UP nights,
so that the figures are of a crawl in its routine and not of its first nights (it starts from
an archive that knows every URL and has no waits yet).

Prints, per policy: requests per night (mean, max), the share of changes captured within one
night and within two, new pages captured the night they appear, deletions noticed and their
longest delay against the maximum wait, the longest any URL went unchecked, and whether every
night fit the budget. This is the policy's arithmetic on a simulated site, not HTTP: the
crawler's own path (Scrapy, the store) is tested on the mirror."""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.storage.revisits import MAX_WAIT, YOUNG_DAYS, next_wait, spread  # noqa: E402

URLS = 50_000
NAVIGATION = 4_000
ARTICLES = URLS - NAVIGATION
NEW_PER_DAY = 25
DELETED_PER_DAY = 5
REACTIONS = 0.5  # a day, on an article's first day
EDIT_RATES = ((0.85, 1 / 1000), (0.12, 1 / 60), (0.03, 1 / 7))  # (share, edits a day)
SILENT = 0.1  # edits that leave the sitemap's lastmod as it was
FIRST_LISTINGS = 3
SITEMAP_URLS = 2_000  # per sitemap file
BUDGET = 10_000  # requests a night, every request counted
WARM_UP = 28
NIGHTS = 30


@dataclass
class Page:
    published: float  # day; navigation pages and old articles before day 0
    navigation: bool = False
    edit_rate: float = 0.0
    version: int = 0
    lastmod: float = 0.0  # what the sitemap says
    deleted: float | None = None
    changes: list[float] = field(default_factory=list)  # when, not yet captured


@dataclass
class Known:
    """What the crawler knows of a URL."""

    checked: float
    wait: float | None = None
    due: float = 0.0
    version: int = 0
    gone: bool = False


@dataclass
class Figures:
    requests: list[int] = field(default_factory=list)
    # Each change of the measured nights: when, and the night that captured it (None: none did)
    changes: list[tuple[float, int | None]] = field(default_factory=list)
    new_same_night: int = 0
    new_pages: int = 0
    deletion_delays: list[float] = field(default_factory=list)
    longest_unchecked: float = 0.0
    over_budget: int = 0


class Site:
    def __init__(self, rng: random.Random, silent: float):
        self.rng, self.silent = rng, silent
        self.pages: list[Page] = []
        self.edits: list[tuple[float, int]] = []  # (when, page): the next edit of each article
        for _ in range(NAVIGATION):
            self.pages.append(Page(published=-3650.0, navigation=True))
        for _ in range(ARTICLES):
            self.add(-rng.uniform(0, 3650))

    def add(self, published: float) -> int:
        share, rate = self.rng.random(), EDIT_RATES[-1][1]
        for weight, edit_rate in EDIT_RATES:
            if share < weight:
                rate = edit_rate
                break
            share -= weight
        page = Page(published=published, edit_rate=rate, lastmod=published)
        self.pages.append(page)
        number = len(self.pages) - 1
        heapq.heappush(self.edits, (published + self.rng.expovariate(rate), number))
        return number

    def live(self, number: int, when: float) -> bool:
        deleted = self.pages[number].deleted
        return deleted is None or deleted > when

    def change(self, number: int, when: float, announced: bool) -> None:
        page = self.pages[number]
        page.version += 1
        page.changes.append(when)
        if announced:
            page.lastmod = when

    def day(self, day: int) -> list[int]:
        """What happens on the site in [day, day + 1); returns the articles published."""
        rng = self.rng
        new = [self.add(day + rng.random()) for _ in range(NEW_PER_DAY)]
        while self.edits and self.edits[0][0] < day + 1:
            when, number = heapq.heappop(self.edits)
            if self.live(number, when):
                self.change(number, when, announced=rng.random() >= self.silent)
                heapq.heappush(self.edits, (when + rng.expovariate(self.pages[number].edit_rate),
                                            number))
        for number in range(NAVIGATION, len(self.pages)):
            age = day - self.pages[number].published
            if 0 <= age < YOUNG_DAYS and self.live(number, day):
                for _ in range(poisson(rng, REACTIONS * math.exp(-age / 7))):
                    self.change(number, day + rng.random(), announced=False)
        alive = [n for n in range(NAVIGATION, len(self.pages)) if self.live(n, day)
                 and self.pages[n].published < day]
        for number in rng.sample(alive, DELETED_PER_DAY):
            self.pages[number].deleted = day + rng.random()
        return new


def poisson(rng: random.Random, rate: float) -> int:
    """Events in one day of a Poisson process (Knuth's method: the rates here are small)."""
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class Crawler:
    def __init__(self, site: Site, policy: bool):
        self.site, self.policy = site, policy
        # A full crawl at day 0 left every URL known, with no wait yet.
        self.known = {n: Known(checked=0.0) for n in range(len(site.pages))}
        for number, known in self.known.items():
            known.version = site.pages[number].version

    def fetch(self, number: int, now: float, night: int, figures: Figures | None) -> None:
        site, known = self.site, self.known.setdefault(number, Known(checked=now))
        page = site.pages[number]
        if figures is not None:
            figures.longest_unchecked = max(figures.longest_unchecked, now - known.checked)
        if not site.live(number, now):
            known.gone = True
            if figures is not None:
                figures.deletion_delays.append(now - page.deleted)
            return
        changed = None if page.navigation else page.version != known.version
        if figures is not None:
            figures.changes += [(when, night) for when in page.changes if when >= WARM_UP]
        page.changes.clear()
        known.version = page.version
        age = None if page.navigation else now - page.published
        known.wait = next_wait(known.wait, changed, age, spread(f"https://site.example/{number}"))
        known.checked, known.due = now, now + known.wait

    def night(self, night: int, new: list[int], figures: Figures | None) -> None:
        """The run at the end of day `night`."""
        site, now = self.site, night + 1.0
        live = [n for n in range(NAVIGATION, len(site.pages)) if site.live(n, now)]
        requests = 1 + 1 + math.ceil(len(live) / SITEMAP_URLS) + FIRST_LISTINGS
        fetched = set()
        announced = [n for n in live if n not in self.known
                     or site.pages[n].lastmod > self.known[n].checked]
        for number in announced:
            self.fetch(number, now, night, figures)
            fetched.add(number)
        requests += len(announced)
        if figures is not None:
            figures.new_pages += len(new)
            figures.new_same_night += sum(1 for n in new if n in fetched)
        waiting = [n for n, known in self.known.items() if not known.gone and n not in fetched
                   and (not self.policy or known.due <= now)]
        waiting.sort(key=lambda n: self.known[n].due)
        if self.policy:
            waiting = waiting[:max(0, BUDGET - requests)]
        for number in waiting:
            self.fetch(number, now, night, figures)
        requests += len(waiting)
        if figures is not None:
            figures.requests.append(requests)
            figures.over_budget += requests > BUDGET
            oldest = min((known.checked for known in self.known.values() if not known.gone),
                         default=now)
            figures.longest_unchecked = max(figures.longest_unchecked, now - oldest)


def simulate(policy: bool, nights: int, seed: int, silent: float) -> Figures:
    site = Site(random.Random(seed), silent)
    crawler = Crawler(site, policy)
    figures = Figures()
    for night in range(WARM_UP + nights):
        new = site.day(night)
        crawler.night(night, new, figures if night >= WARM_UP else None)
    figures.changes += [(when, None) for page in site.pages for when in page.changes
                        if when >= WARM_UP]
    return figures


def report(name: str, figures: Figures, end: int) -> str:
    """`end`: the day the simulation stopped; changes of its last night are left out, since
    the night after, which could still capture them within two, was not run."""
    judged = [(when, night) for when, night in figures.changes if when < end - 1]

    def within(nights: int) -> float:
        on_time = sum(night is not None and night - math.floor(when) < nights
                      for when, night in judged)
        return on_time / len(judged)

    deletions = figures.deletion_delays
    return "\n".join([
        f"{name}:",
        f"  requests per night: mean={statistics.mean(figures.requests):,.0f},"
        f" max={max(figures.requests):,}",
        f"  changes captured within 1 night: {within(1):.1%}, within 2 nights: {within(2):.1%}"
        f" (n={len(judged):,})",
        f"  new pages captured the night they appeared: {figures.new_same_night:,} of"
        f" {figures.new_pages:,}",
        f"  deletions noticed: {len(deletions):,}, longest after"
        f" {max(deletions, default=0):.1f} days (maximum wait {MAX_WAIT:.0f})",
        f"  longest a URL went unchecked: {figures.longest_unchecked:.1f} days",
        f"  nights over the budget of {BUDGET:,} requests: {figures.over_budget}",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nights", type=int, default=NIGHTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--silent", type=float, default=SILENT,
                        help="share of edits that leave the sitemap's lastmod as it was")
    args = parser.parse_args(argv)
    print(f"site: {URLS:,} URLs ({ARTICLES:,} articles, {NAVIGATION:,} listings), "
          f"{NEW_PER_DAY} new and {DELETED_PER_DAY} deleted a day; {args.nights} nights measured"
          f" after {WARM_UP} of warm-up, seed {args.seed}, silent edits {args.silent:.0%}",
          flush=True)
    end = WARM_UP + args.nights
    everything = simulate(False, args.nights, args.seed, args.silent)
    print(report("re-check everything", everything, end), flush=True)
    policy = simulate(True, args.nights, args.seed, args.silent)
    print(report("revisit policy", policy, end))
    share = statistics.mean(policy.requests) / statistics.mean(everything.requests)
    print(f"policy requests per night: {share:.1%} of re-check everything (target at most 20%)")


if __name__ == "__main__":
    main()
