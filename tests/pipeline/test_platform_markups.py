"""The mirror's pages in the markup the sites' real platforms print (mirror/platforms/: WordPress
and its themes, the tagDiv Newspaper theme, Drupal 10, hand-built PHP of 2006 to 2015) extract to
the records today's mirror markup gives (mirror/sites/<slug>/expected.json), the seed pages to the
gold in every markup, and a whole crawl on each markup gives the archive a crawl on today's
markup gives. Today's markup is ours; these are what the platforms print, so the extractor is
held to markup it did not grow up on.

A few markups do not print everything a record holds; there the record is compared with what
the page shows (`as_printed`), each case with its reason."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mirror import MirrorServer, seed_urls
from mirror.platforms import (
    SITES,
    expected_records,
    markups,
    most_markups,
    nth_markups,
    rendered,
)
from pipeline import extract
from tests.conftest import run_archive
from tests.gold import gold_pages, mismatches

# A moment printed to the minute ("8 oktober 2013 om 11:24") is that minute, in Dutch time.
TO_THE_MINUTE = 16


def minute(posted: str | None) -> str | None:
    """An ISO moment as a page printing it to the minute shows it."""
    if posted is None or len(posted) <= TO_THE_MINUTE:
        return posted
    return posted[:TO_THE_MINUTE] + posted[19:]


def as_printed(site: str, markup: str, record: dict) -> dict:
    """The record as far as the markup prints it."""
    shown = dict(record)
    if (site, markup) == ("socialevraagstukken", "classic-xhtml"):
        # WordPress's older comment format prints the date and time of a reaction as text, to
        # the minute; the seconds are in no element.
        shown["reactions"] = [{**r, "posted": minute(r["posted"])} for r in record["reactions"]]
    if (site, markup) == ("socialevraagstukken", "twentytwentyfour"):
        # The block theme's "bijgewerkt" date block prints only a date later than the first.
        if record["modified"] == record["published"]:
            shown["modified"] = None
    if (site, markup) == ("zorgwelzijn", "twentytwentyfour"):
        shown["modified"] = None  # the theme prints no date of change, nor does any metadata
    return shown


def rendered_record(site: str, markup: str, url: str) -> dict:
    page = rendered(site, markup, url)
    return extract(page.encoded(), url, f"text/html; charset={page.charset}")


PAGES = [(site, markup, url) for site in SITES for markup in markups(site)
         for url in expected_records(site)]


def test_every_site_has_at_least_three_platform_markups():
    assert {site: len(markups(site)) >= 3 for site in SITES} == dict.fromkeys(SITES, True)
    assert "php-2006" in markups("canon")


@pytest.mark.parametrize("site, markup, url", PAGES,
                         ids=[f"{m}:{u.split('//')[1]}" for _, m, u in PAGES])
def test_a_page_in_a_platform_markup_extracts_to_its_record(site, markup, url):
    want = as_printed(site, markup, expected_records(site)[url])
    got = rendered_record(site, markup, url)
    assert {field: got[field] for field in want if got[field] != want[field]} == {}


SEEDS = [(gold, markup) for gold in gold_pages() for markup in markups(gold["site"])]


@pytest.mark.parametrize("gold, markup", SEEDS, ids=[f"{m}:{g['seed']}" for g, m in SEEDS])
def test_a_seed_page_in_a_platform_markup_extracts_to_its_gold_record(gold, markup):
    record = rendered_record(gold["site"], markup, seed_urls()[gold["seed"]])
    assert mismatches(record, gold) == []


# Columns that say when, in which run or by which layer, not what was archived; and the rights
# signals a page's own headers and markup give (pipeline/rights.py), which the renderings, made
# from the records, do not print.
WHEN = {"first_seen_at", "last_seen_at", "last_changed_at", "fetched_at", "last_seen_run",
        "content_hash", "field_sources", "extractor_version",
        "noarchive", "tdm_reservation", "tdm_policy", "licence"}
# Each table's rows by what they are about.
KEYS = {"pages": ("id",), "page_urls": ("url",), "authors": ("id",),
        "page_authors": ("page_id", "author_id", "role"), "reactions": ("id",), "links": ("id",)}


def archive_content(db: Path, markup_of: dict[str, str] | None = None) -> dict:
    """What the archive holds, without its timestamps; with `markup_of` (site -> markup), as far
    as those markups print it."""
    content = {}
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        for table, key in KEYS.items():
            content[table] = {tuple(row[k] for k in key): {k: row[k] for k in row.keys()
                                                          if k not in WHEN}
                              for row in conn.execute(f"SELECT * FROM {table}")}
    if markup_of is None:
        return content
    site_of = {key[0]: page["site"] for key, page in content["pages"].items()}
    for page in content["pages"].values():
        page["modified"] = as_printed(page["site"], markup_of[page["site"]],
                                      {**page, "reactions": []})["modified"]
    for reaction in content["reactions"].values():
        site = site_of[reaction["page_id"]]
        shown = as_printed(site, markup_of[site], {"modified": None, "published": None,
                                                   "reactions": [reaction]})
        reaction["posted"] = shown["reactions"][0]["posted"]
    return content


@pytest.mark.parametrize("index", range(most_markups()))
def test_a_whole_crawl_on_platform_markups_archives_what_a_crawl_on_todays_markup_does(
        crawled, tmp_path, index):
    choice = nth_markups(index)
    db = tmp_path / "archive.db"
    with MirrorServer(markups=choice) as mirror:
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\n{choice}:\n{done.stdout}")
    assert archive_content(db) == archive_content(crawled.db_path, choice)
