"""A search counts and facets every match in an archive of at most `--exact-up-to` pages
(100,000 by default); in a larger one it answers with its newest BOUND matches: exact below the
bound, "more than" above it. Checked against exhaustive SQL over the same public copy (a
20,000-page synthetic archive, whose broadest words match most of its pages), sorted by
publication date rather than by rowid, so the copy's numbering by date is checked too; the
bounded server is the same copy served with `--exact-up-to 10000`."""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections import Counter
from contextlib import closing

import pytest

from tests.serving import get, get_json, served

BOUND = 10_000
TERMS = ["de", "zorg", "wijkteam*", '"sociale basis"', "armoede", "straatadvocaat",
         "mantelzorg schulden", "clienten", "cliënt*"]


@pytest.fixture(scope="module")
def bounded(synthetic):
    """The synthetic copy served as an archive larger than `--exact-up-to` is."""
    with served(synthetic.copy, "--public", "--exact-up-to", "10000") as base:
        yield base


def search(base: str, term: str, **args: str) -> dict:
    query = urllib.parse.urlencode({"_search": term, "_size": "20", "_shape": "objects", **args})
    return get_json(f"{base}/archive/pages.json?{query}")


def exhaustive(copy, term: str, where: str = "", params: tuple = ()) -> list[tuple]:
    """(id, published, site) of every match, newest first, undated last."""
    with closing(sqlite3.connect(f"file:{copy}?immutable=1", uri=True)) as conn:
        return conn.execute(
            "select id, published, site from pages where rowid in (select rowid from pages_fts"
            f" where pages_fts match ?) {where} order by published is null, published desc, id",
            (term, *params)).fetchall()


def site_facet(data: dict) -> dict[str, int]:
    return facet(data, "site")


def facet(data: dict, name: str) -> dict:
    return {row["value"]: row["count"] for row in data["facet_results"][name]["results"]}


def exhaustive_facets(copy, term: str, size: int = 30) -> dict[str, list[tuple]]:
    """Every facet of the pages table's metadata, as Datasette's SQL counts it over every match:
    (value, count), most first, then by value; authors per author, by name."""
    matching = "select rowid from pages_fts where pages_fts match :term"
    facets = {column: f"select {column}, count(*) as n from pages where rowid in ({matching})"
                      f" and {column} is not null group by {column} order by n desc, {column}"
              for column in ("site", "kind", "year")}
    facets["author_names"] = (
        "select a.name, count(distinct pa.page_id) as n from page_authors pa"
        " join authors a on a.id = pa.author_id join pages p on p.id = pa.page_id"
        f" where p.rowid in ({matching}) group by a.id order by n desc, a.name")
    with closing(sqlite3.connect(f"file:{copy}?immutable=1", uri=True)) as conn:
        return {name: conn.execute(f"{sql} limit {size}", {"term": term}).fetchall()
                for name, sql in facets.items()}


@pytest.mark.parametrize("term", TERMS)
def test_a_search_counts_and_facets_every_match_in_an_archive_of_exact_size(synthetic, term):
    base, copy = synthetic.base, synthetic.copy
    data = search(base, term)
    every = exhaustive(copy, term)
    assert data["filtered_table_rows_count"] == len(every)
    assert "search_more_than" not in data["query"]["params"]
    assert [row["published"] for row in data["rows"]] == [p for _, p, _ in every[:20]]
    for name, expected in exhaustive_facets(copy, term).items():
        results = data["facet_results"][name]["results"]
        assert [(row["value"], row["count"]) for row in results] == expected, name


def test_a_filtered_search_counts_every_match_in_an_archive_of_exact_size(synthetic):
    base, copy = synthetic.base, synthetic.copy
    data = search(base, "de", site__not="movisie")
    every = exhaustive(copy, "de", "and site != ?", ("movisie",))
    assert len(every) > BOUND
    assert data["filtered_table_rows_count"] == len(every)
    assert site_facet(data) == Counter(site for _, _, site in every)


def test_a_facet_value_links_to_the_search_narrowed_to_it(synthetic):
    base = synthetic.base
    data = search(base, "zorg")
    movisie = next(row for row in data["facet_results"]["site"]["results"]
                   if row["value"] == "movisie")
    narrowed = get_json(movisie["toggle_url"].replace(".json?", ".json?_shape=objects&", 1))
    assert narrowed["filtered_table_rows_count"] == movisie["count"]
    assert {row["site"] for row in narrowed["rows"]} == {"movisie"}


@pytest.mark.parametrize("term", TERMS)
def test_a_search_answers_its_newest_matches_exactly_or_says_more_than(bounded, synthetic, term):
    base, copy = bounded, synthetic.copy
    data = search(base, term)
    every = exhaustive(copy, term)
    newest = every[:BOUND]
    assert [row["published"] for row in data["rows"]] == [p for _, p, _ in newest[:20]]
    assert {row["id"] for row in data["rows"]} <= {i for i, _, _ in newest[:40]}
    assert data["filtered_table_rows_count"] == len(newest)
    assert site_facet(data) == Counter(site for _, _, site in newest)
    if len(every) > BOUND:
        assert data["query"]["params"]["search_more_than"] == BOUND
        assert "meer dan 10.000 treffers" in data["human_description_en"]
    else:
        assert "search_more_than" not in data["query"]["params"]


def test_the_broadest_term_is_past_the_bound_and_a_rare_one_is_not(synthetic):
    copy = synthetic.copy
    assert len(exhaustive(copy, "de")) > BOUND
    assert 0 < len(exhaustive(copy, "armoede")) < BOUND


def test_folded_accents_and_prefixes_find_what_they_find_in_sqlite(synthetic):
    base, copy = synthetic.base, synthetic.copy
    counts = {term: search(base, term)["filtered_table_rows_count"]
              for term in ("cliënten", "clienten", "cliënt*")}
    for term, count in counts.items():
        assert count == len(exhaustive(copy, term))
    assert counts["cliënten"] == counts["clienten"] > 0


def test_a_filter_applies_before_the_bound(bounded, synthetic):
    base, copy = bounded, synthetic.copy
    data = search(base, "de", site="movisie")
    every = exhaustive(copy, "de", "and site = ?", ("movisie",))
    assert data["filtered_table_rows_count"] == min(BOUND, len(every))
    assert [row["published"] for row in data["rows"]] == [p for _, p, _ in every[:20]]
    assert site_facet(data) == {"movisie": min(BOUND, len(every))}


def test_the_search_page_says_more_than_the_bound(bounded):
    assert "meer dan 10.000 treffers" in get(f"{bounded}/archive/pages?_search=de").decode()


def test_the_next_page_of_a_search_goes_on_where_the_first_stopped(synthetic):
    """The public copy's pages sort by rowid, their order of publication; the next-page link of
    the HTML page (whose rows carry the site's label) and of the JSON both follow it."""
    base, copy = synthetic.base, synthetic.copy
    described = get_json(f"{base}/archive/pages.json?_search=zorg&_size=1")["human_description_en"]
    assert described.endswith("sorted by rowid descending")
    first = search(base, "zorg")
    second = get_json(first["next_url"])
    newest = exhaustive(copy, "zorg")[:40]
    assert [row["published"] for row in first["rows"] + second["rows"]] == [
        published for _, published, _ in newest]
    page = get(f"{base}/archive/pages?_search=zorg&_size=20").decode()
    assert "_next=" in page


def test_a_search_narrowed_by_where_is_counted_and_faceted_in_sql(synthetic):
    """`_where=` adds a clause the kept matches know nothing of: the count and the facets then
    come from Datasette's own SQL, and agree with it."""
    base, copy = synthetic.base, synthetic.copy
    data = search(base, "zorg", _where="site = 'movisie'")
    every = exhaustive(copy, "zorg", "and site = ?", ("movisie",))
    assert data["filtered_table_rows_count"] == len(every)
    assert site_facet(data) == {"movisie": len(every)}
    assert [row["published"] for row in data["rows"]] == [p for _, p, _ in every[:20]]
