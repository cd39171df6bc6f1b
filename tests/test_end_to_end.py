"""The whole path: four spiders over the mirror into SQLite, twice, as an archivist runs it."""

import re
from collections import Counter

import sqlite_utils

SITES = {"canon", "movisie", "socialevraagstukken", "zorgwelzijn"}
OUTCOMES = ("new", "changed", "unchanged", "merged", "gone", "failed", "skipped")
# "  canon                archived  16: new 14, changed 0, unchanged 0, merged 2; gone 0, failed 1,
# skipped 1  ok"
SUMMARY_LINE = re.compile(
    r"^  (?P<site>\S+) +archived +(?P<archived>\d+): new (?P<new>\d+), changed (?P<changed>\d+), "
    r"unchanged (?P<unchanged>\d+), merged (?P<merged>\d+); gone (?P<gone>\d+), "
    r"failed (?P<failed>\d+), skipped (?P<skipped>\d+)", re.M)
# A second crawl adds its own run, that run's failures, captures (revisits of the unchanged pages)
# and the WARC files holding them, and coverage figures; everything else must stay as it was.
RUN_LOG_TABLES = {"crawl_runs", "fetch_failures", "captures", "warc_files", "field_coverage",
                  "policy_files", "run_revisits"}


def test_a_mirror_crawl_archives_at_least_40_pages_from_all_four_sites(crawled):
    assert crawled.first.returncode == 0, crawled.first.stdout + crawled.first.stderr
    db = sqlite_utils.Database(crawled.db_path)
    per_site = {row["site"]: row["n"] for row in db.query(
        "select site, count(*) n from pages group by site")}
    assert set(per_site) == SITES
    assert sum(per_site.values()) >= 40
    assert all(n >= 8 for n in per_site.values()), per_site


def test_the_crawl_prints_a_summary_per_site(crawled):
    out = crawled.first.stdout
    run_id = int(re.search(r"^crawl run (\d+) ", out, re.M).group(1))
    printed = {line["site"]: {name: int(line[name]) for name in ("archived", *OUTCOMES)}
               for line in SUMMARY_LINE.finditer(out)}
    assert set(printed) == SITES | {"total"}
    db = sqlite_utils.Database(crawled.db_path)
    run = db["crawl_runs"].get(run_id)
    for outcome in OUTCOMES:
        assert (sum(printed[site][outcome] for site in SITES) == printed["total"][outcome]
                == run[f"pages_{outcome}"]), outcome
    pages = dict(db.execute("select site, count(*) from pages group by site").fetchall())
    urls = dict(db.execute("select p.site, count(*) from page_urls u join pages p "
                           "on p.id = u.page_id group by p.site").fetchall())
    failures = Counter(
        (site, "skipped" if reason == "robots" else "failed") for site, reason in db.execute(
            "select site, reason from fetch_failures where run_id = ?", [run_id]).fetchall())
    # The first crawl into an empty archive: every page it stored is new, under one URL or more
    # (merged: the same page under another URL), nothing can be gone, and every URL it could not
    # archive is a fetch failure of the run.
    for site in SITES:
        counts = printed[site]
        assert counts["new"] == pages[site], site
        assert counts["archived"] == counts["new"] + counts["merged"] == urls[site], site
        assert counts["gone"] == 0, site
        assert counts["skipped"] == failures[site, "skipped"], site
        assert counts["failed"] == failures[site, "failed"], site


def test_a_second_crawl_finds_everything_unchanged(crawled):
    assert crawled.second.returncode == 0, crawled.second.stdout + crawled.second.stderr
    db = sqlite_utils.Database(crawled.db_path)
    last = list(db.query("select * from crawl_runs order by id desc limit 1"))[0]
    assert last["pages_new"] == 0 and last["pages_changed"] == 0
    assert last["pages_unchanged"] == db["pages"].count


def test_the_crawl_state_says_what_each_check_found_and_when_the_next_is_due(crawled):
    db = sqlite_utils.Database(crawled.db_path)
    archived = {row["url"] for row in db.query(
        "select url from page_urls where gone_at is null")}
    states = {row["url"]: row for row in db.query(
        "select * from crawl_state where fetched_at is not null")}
    fetched_pages = archived & set(states)  # some archived URLs are a page's canonical only
    assert len(fetched_pages) >= 40
    for url in fetched_pages:  # compared once with the first crawl's capture, unchanged
        assert (states[url]["checks"], states[url]["changes"]) == (1, 0), url
        assert states[url]["change_rate"] == 0.0, url
    for url, state in states.items():
        assert state["wait_days"] >= 1 and state["next_check_at"] > state["fetched_at"], url


def test_a_second_crawl_leaves_every_table_the_same_size(crawled):
    first = {t: n for t, n in crawled.counts_after_first.items() if t not in RUN_LOG_TABLES}
    second = {t: n for t, n in crawled.counts_after_second.items() if t not in RUN_LOG_TABLES}
    assert first == second
    assert crawled.counts_after_second["crawl_runs"] == crawled.counts_after_first["crawl_runs"] + 1


def test_the_archive_holds_only_real_urls(crawled):
    db = sqlite_utils.Database(crawled.db_path)
    for table, column in (("pages", "url"), ("page_urls", "url"), ("fetch_failures", "url")):
        for row in db.query(f"select {column} from {table}"):
            assert row[column].startswith("https://www."), row[column]
            assert "127.0.0.1" not in row[column]


def test_a_window_in_three_canons_is_one_page_with_three_memberships(crawled):
    db = sqlite_utils.Database(crawled.db_path)
    rows = list(db.query(
        "select p.id, count(u.url) urls, group_concat(u.collection) canons from pages p "
        "join page_urls u on u.page_id = p.id where p.title = 'Kinderwetten' group by p.id"))
    assert len(rows) == 1
    assert rows[0]["urls"] == 3
    assert set(rows[0]["canons"].split(",")) == {"nl", "nl_jz", "nl_mw"}


def test_robots_disallowed_and_missing_pages_are_logged_not_archived(crawled):
    db = sqlite_utils.Database(crawled.db_path)
    failures = list(db.query("select distinct site, reason, status from fetch_failures"))
    assert {(f["site"], f["status"]) for f in failures if f["reason"] == "http-error"} >= {
        (site, 404) for site in SITES}
    archived = {row["url"] for row in db.query("select url from page_urls")}
    for failure in db.query("select url from fetch_failures"):
        assert failure["url"] not in archived


def test_one_person_credited_on_two_sites_is_one_author(crawled):
    db = sqlite_utils.Database(crawled.db_path)
    rows = list(db.query(
        "select a.id, group_concat(distinct p.site) sites from authors a "
        "join page_authors pa on pa.author_id = a.id join pages p on p.id = pa.page_id "
        "where a.name = 'Jan Steyaert' group by a.id"))
    assert len(rows) == 1
    assert set(rows[0]["sites"].split(",")) == {"canon", "movisie"}
