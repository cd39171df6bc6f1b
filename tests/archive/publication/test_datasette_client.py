"""The archive as a downstream tool pulls it from Datasette: CSV, JSON, search, pagination, facets
and canned queries over HTTP, exactly as docs/api.md promises; and that promise names every
column the server publishes, so the docs cannot drift from the schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sqlite3
import urllib.parse
import urllib.request
from contextlib import closing

import pytest

from tests.conftest import REPO
from tests.serving import get, get_json, served

API_DOCS = REPO / "docs" / "api.md"


@pytest.fixture(scope="module")
def archive_db(crawled):
    return crawled.db_path


@pytest.fixture(scope="module")
def database_url(archive_db):
    """`archive serve` on a free loopback port; the database's URL, always .../archive."""
    with served(archive_db) as base:
        yield base + "/archive"


def count_rows(db_path, table: str) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def test_all_pages_stream_as_csv_that_loads_into_the_table_row_count(database_url, archive_db):
    body = get(database_url + "/pages.csv?_stream=on&_size=max").decode("utf-8")
    expected = count_rows(archive_db, "pages")
    assert expected > 5

    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert len(rows) == expected
    assert {"id", "url", "title", "body_text"} <= set(rows[0])
    # Multi-paragraph body text survives the round trip: quoted newlines stay in one field.
    assert any("\n\n" in row["body_text"] for row in rows)
    assert len({row["id"] for row in rows}) == expected

    if importlib.util.find_spec("pandas"):
        import pandas

        frame = pandas.read_csv(io.StringIO(body))
        assert len(frame) == expected


def test_search_returns_a_plain_array_of_matching_pages(database_url):
    query = urllib.parse.urlencode({"_search": "wijkteam*", "_shape": "array"})
    rows = get_json(f"{database_url}/pages.json?{query}")
    assert isinstance(rows, list) and rows
    indexed = ("title", "subtitle", "body_text", "reactions_text")
    assert all(
        "wijkteam" in " ".join(row[column] or "" for column in indexed).lower() for row in rows
    )


def test_search_folds_accents_so_either_spelling_finds_the_same_pages(database_url):
    def ids(term: str) -> set[str]:
        query = urllib.parse.urlencode({"_search": term, "_shape": "array", "_col": "id"})
        return {row["id"] for row in get_json(f"{database_url}/pages.json?{query}")}

    assert ids("ideeën") == ids("ideeen")
    assert ids("ideeën")


def follow_next_url(url: str) -> tuple[list[dict], int]:
    """Every row of a listing, following next_url until it is null; and how many requests."""
    rows: list[dict] = []
    requests = 0
    while url:
        data = get_json(url)
        requests += 1
        rows.extend(data["rows"])
        url = data["next_url"]
        assert requests < 1000, "next_url never ran out"
    return rows, requests


@pytest.mark.parametrize(
    ("listing", "key", "table"),
    [
        # Keyset pagination over the default sort (published, descending, many of them null).
        ("pages.json?_size=5&_shape=objects&_col=published", "id", "pages"),
        # A view paginates by offset.
        ("page_overview.json?_size=5&_shape=objects", "id", "pages"),
        # A compound primary key.
        ("page_authors.json?_size=5&_shape=objects", ("page_id", "author_id", "role"),
         "page_authors"),
    ],
)
def test_following_next_url_visits_every_row_exactly_once(
    database_url, archive_db, listing, key, table
):
    rows, requests = follow_next_url(f"{database_url}/{listing}")
    keys = [tuple(row[k] for k in key) if isinstance(key, tuple) else row[key] for row in rows]
    expected = count_rows(archive_db, table)
    assert requests > 1
    assert len(keys) == len(set(keys)) == expected


@pytest.mark.parametrize("column", ["site", "kind"])
def test_facet_counts_add_up_to_the_table_count(database_url, archive_db, column):
    data = get_json(f"{database_url}/pages.json?_facet={column}&_size=0")
    facet = data["facet_results"][column]
    assert not facet["truncated"]
    assert sum(value["count"] for value in facet["results"]) == data["filtered_table_rows_count"]
    assert data["filtered_table_rows_count"] == count_rows(archive_db, "pages")


def facet_counts(data: dict, kind: str) -> dict[str, int]:
    (facet,) = [f for f in data["facet_results"].values() if f["type"] == kind]
    assert not facet["truncated"]
    return {value["value"]: value["count"] for value in facet["results"]}


def test_author_facet_counts_the_pages_of_each_author(database_url, archive_db):
    data = get_json(f"{database_url}/page_overview.json?_facet_size=max&_size=0")
    with closing(sqlite3.connect(archive_db)) as conn:
        pages_per_author = dict(conn.execute(
            "SELECT a.name, count(DISTINCT pa.page_id) FROM page_authors pa"
            " JOIN authors a ON a.id = pa.author_id GROUP BY a.id"))
    assert pages_per_author
    assert facet_counts(data, "authors") == pages_per_author


@pytest.mark.parametrize("narrowing", ["", "site=socialevraagstukken", "_search=sociaal*",
                                       "author_names__arraycontains=Jos+van+der+Lans"])
def test_author_facet_agrees_with_datasettes_array_facet(database_url, narrowing):
    data = get_json(f"{database_url}/page_overview.json?_facet_array=author_names"
                    f"&_facet_size=max&_size=0&{narrowing}")
    assert data["filtered_table_rows_count"] > 0
    assert facet_counts(data, "authors") == facet_counts(data, "array")


def test_canned_search_query_takes_its_parameter(database_url):
    query = urllib.parse.urlencode({"q": "burgerkracht", "_shape": "array"})
    rows = get_json(f"{database_url}/search.json?{query}")
    assert rows
    assert all("burgerkracht" in json.dumps(row, ensure_ascii=False).lower() for row in rows)


def test_canned_term_per_year_counts_the_pages_the_search_finds(database_url):
    term = urllib.parse.urlencode({"term": "wijkteam*", "_shape": "array"})
    per_year = get_json(f"{database_url}/term_per_year.json?{term}")
    search = urllib.parse.urlencode({"_search": "wijkteam*", "_size": 0, "_nofacet": 1})
    found = get_json(f"{database_url}/pages.json?{search}")["filtered_table_rows_count"]
    assert found > 1
    assert sum(row["pages"] for row in per_year) == found
    assert len({(row["year"], row["site"]) for row in per_year}) == len(per_year)


def test_labels_on_expands_foreign_keys_into_value_and_label(database_url):
    rows = get_json(f"{database_url}/page_urls.json?_shape=array&_labels=on&_size=3")
    page = rows[0]["page_id"]
    assert set(page) == {"value", "label"}


# -- the docs ------------------------------------------------------------------------------------


def documented_columns(markdown: str) -> dict[str, set[str]]:
    """Columns per table or view as docs/api.md lists them: under a heading whose text is the
    name in backticks (### `pages`), the first cell of each row of the markdown table."""
    documented: dict[str, set[str]] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.match(r"^#{2,4}\s+`(\w+)`", line)
        if heading:
            current = documented.setdefault(heading.group(1), set())
        elif line.startswith("#"):
            current = None
        elif current is not None and line.startswith("|"):
            cell = line.strip("|").split("|")[0].strip()
            name = re.fullmatch(r"`(\w+)`", cell)
            if name:
                current.add(name.group(1))
    return documented


def published_columns(database_url: str) -> dict[str, set[str]]:
    """Columns of every table and view Datasette publishes (hidden ones such as the full-text
    index and its shadow tables are not part of the API)."""
    database = get_json(database_url + ".json")
    names = [table["name"] for table in database["tables"] if not table["hidden"]]
    names += [view["name"] for view in database["views"]]
    return {
        name: set(get_json(f"{database_url}/{name}.json?_size=0")["columns"]) for name in names
    }


def test_api_docs_document_every_published_column_and_nothing_else(database_url):
    documented = documented_columns(API_DOCS.read_text(encoding="utf-8"))
    published = published_columns(database_url)
    assert {"pages", "page_overview", "author_overview"} <= set(published)
    assert sorted(documented) == sorted(published)
    for name, columns in published.items():
        assert documented[name] == columns, name
