"""Datasette publishes the crawled archive: searchable for Dutch, faceted, readable, read-only."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse

import pytest

from tests.serving import REPO, free_port, get, get_json, served


@pytest.fixture(scope="module")
def site(crawled):
    with served(crawled.db_path) as base:
        yield base


def search(site: str, term: str) -> list[dict]:
    query = urllib.parse.urlencode({"_search": term, "_shape": "array", "_size": "max"})
    return get_json(f"{site}/archive/pages.json?{query}")


def test_pages_are_faceted_by_site_kind_year_and_author(site):
    facets = get_json(site + "/archive/pages.json?_size=1")["facet_results"]
    assert {"site", "kind", "year", "author_names"} <= set(facets)
    sites = {row["value"] for row in facets["site"]["results"]}
    assert sites == {"canon", "movisie", "socialevraagstukken", "zorgwelzijn"}
    assert "Jos van der Lans" in {row["value"] for row in facets["author_names"]["results"]}


def test_the_archive_lists_its_pages_by_publication_date(site):
    """The internal archive's rowids are the order pages were archived: it sorts by the column
    (the public copy sorts by its rowid, which there is the date, test_bounded_search.py)."""
    data = get_json(site + "/archive/pages.json?_search=zorg&_size=max&_col=published"
                    "&_shape=objects")
    assert data["human_description_en"].endswith("sorted by published descending")
    dates = [row["published"] for row in data["rows"] if row["published"]]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)


def test_full_text_search_finds_pages(site):
    rows = search(site, "burgerkracht")
    assert len(rows) >= 3
    assert all("burgerkracht" in (r["title"] + r["body_text"]).lower() for r in rows)


def test_search_ignores_accents_both_ways(site):
    assert any("continuÏteit" in r["body_text"] for r in search(site, "continuiteit"))
    assert any("Mariël" in r["body_text"] for r in search(site, "Mariel"))
    assert search(site, "Mariël") == search(site, "Mariel")


def test_prefix_search_finds_every_form_of_a_word(site):
    exact, prefixed = search(site, "wijkteam"), search(site, "wijkteam*")
    assert len(prefixed) > len(exact)
    assert {r["id"] for r in exact} < {r["id"] for r in prefixed}


def test_search_reaches_reader_reactions(site):
    rows = search(site, "nearonomics")
    assert [r["title"] for r in rows] == ["Overheid moet zich bezinnen op eigen kracht"]
    assert "nearonomics" not in rows[0]["body_text"]


def test_ranked_search_puts_title_matches_first_and_marks_the_words(site):
    rows = get_json(site + "/archive/search.json?q=burgerkracht&_shape=array")
    assert "burgerkracht" in rows[0]["title"].lower()
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)
    assert all("<mark>" in r["snippet"].lower() for r in rows)
    page = get(site + "/archive/search?q=burgerkracht").decode()
    assert "<mark>burgerkracht</mark>" in page.lower()


def test_an_empty_ranked_search_returns_nothing_rather_than_an_error(site):
    assert get_json(site + "/archive/search.json?q=&_shape=array") == []


def test_the_overview_view_joins_authors_and_counts_reactions(site):
    rows = get_json(site + "/archive/page_overview.json?_shape=array&_size=max"
                    "&title=Overheid+moet+zich+bezinnen+op+eigen+kracht")
    assert rows[0]["authors"] == "Eltje Bos; Pieter van Vliet"
    assert rows[0]["reaction_count"] == 2 and rows[0]["year"]


def test_canned_queries_answer_a_researchers_questions(site):
    timeline = get_json(site + "/archive/canon_timeline.json?_shape=array")
    years = [row["canon_year"] for row in timeline]
    windows = get_json(site + "/archive/pages.json?site=canon&kind=venster&_size=0")
    assert years == sorted(years) and len(years) == windows["filtered_table_rows_count"]
    kinder = [row for row in timeline if row["title"] == "Kinderwetten"]
    assert set(kinder[0]["canons"].split(", ")) == {"nl", "nl_jz", "nl_mw"}
    work = get_json(site + "/archive/author_work.json?name=jan+steyaert&_shape=array")
    assert {row["site"] for row in work} == {"canon", "movisie"}
    discussed = get_json(site + "/archive/most_discussed.json?_shape=array")
    counts = [row["reaction_count"] for row in discussed]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    per_year = get_json(site + "/archive/term_per_year.json?term=wijkteam*&_shape=array")
    assert sum(row["pages"] for row in per_year) == len(search(site, "wijkteam*"))


def test_a_page_reads_as_paragraphs_with_a_link_to_the_live_page(site):
    (row,) = get_json(site + "/archive/pages.json?_shape=array&title=Burgerkracht+en+wijkteams")
    html = get(f"{site}/archive/pages/{row['id']}").decode()
    article = html[html.index('<article class="archived-page">'):html.index("</article>")]
    assert "<h2 class=\"archived-title\">2011 Burgerkracht en wijkteams</h2>" in article
    assert "<p>Grondhouding</p>" in article
    assert f'href="{row["url"]}"' in article
    assert "Publicatiedatum" not in article


def test_the_dashboard_and_the_search_box_across_tables_are_served(site):
    assert b"pages-per-year" in get(site + "/-/dashboards/archief")
    assert b"burgerkracht" in get(site + "/-/search?q=burgerkracht")


def test_the_metadata_describes_the_archive_and_its_sources(site):
    metadata = get_json(site + "/-/metadata.json")
    assert metadata["title"] and metadata["license"]
    assert "pages" in metadata["databases"]["archive"]["tables"]
    sites = get_json(site + "/archive/sites.json?_shape=array")
    assert len(sites) == 4 and all(s["licence"] and s["source"] for s in sites)


def test_a_page_row_links_to_its_authors(site):
    rows = get_json(site + "/archive/page_authors.json?_shape=array&_labels=on&_size=5")
    assert rows and isinstance(rows[0]["author_id"], dict)


def test_sql_cannot_write_to_the_archive(site):
    query = urllib.parse.urlencode({"sql": "delete from pages"})
    with pytest.raises(urllib.error.HTTPError) as error:
        get(f"{site}/archive.json?{query}")
    assert error.value.code == 400
    assert get_json(site + "/archive/pages.json?_size=0")["filtered_table_rows_count"] > 0


def test_robots_are_blocked_by_default_and_allowed_by_choice(site, crawled):
    assert get(site + "/robots.txt").decode().splitlines() == ["User-agent: *", "Disallow: /"]
    with served(crawled.db_path, "--robots", "allow", "--public") as public:
        assert "Allow: /" in get(public + "/robots.txt").decode()
        assert get_json(public + "/-/databases.json")[0]["is_mutable"] is False


def test_the_overview_is_searchable_and_leads_to_the_reading_page(site):
    rows = get_json(site + "/archive/page_overview.json?_search=burgerkracht&_shape=array")
    assert {r["id"] for r in rows} == {r["id"] for r in search(site, "burgerkracht")}
    html = get(site + "/archive/page_overview?_search=burgerkracht").decode()
    assert f'href="/archive/pages/{rows[0]["id"]}"' in html


def test_stopping_archive_serve_stops_its_datasette(crawled):
    """However the command is stopped, no Datasette is left holding the port and the file."""
    for stop in (signal.SIGTERM, signal.SIGKILL):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "archive", "serve", "--db", str(crawled.db_path), "--port",
             str(port)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        children = [int(p) for p in subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
        assert children
        os.kill(server.pid, stop)
        server.wait(timeout=20)
        for child in children:
            for _ in range(100):
                if not os.path.exists(f"/proc/{child}") or "Z" in open(
                        f"/proc/{child}/stat").read().split()[2]:
                    break
                time.sleep(0.1)
            else:
                raise AssertionError(f"datasette {child} outlived archive serve after {stop!r}")
