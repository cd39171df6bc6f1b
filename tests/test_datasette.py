"""Datasette publishes the crawled archive: pages from every site, searchable and faceted."""

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(crawled):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "archive", "serve", "--db", str(crawled.db_path), "--port",
         str(port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(server.stderr.read().decode())
            time.sleep(0.2)
    yield base + "/" + crawled.db_path.stem
    server.terminate()
    server.wait(timeout=20)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read())


def test_pages_are_faceted_by_site_kind_and_year(datasette):
    data = get_json(datasette + "/pages.json?_size=1")
    facets = data["facet_results"]
    assert {"site", "kind", "year"} <= set(facets)
    sites = {row["value"] for row in facets["site"]["results"]}
    assert sites == {"canon", "movisie", "socialevraagstukken", "zorgwelzijn"}


def test_full_text_search_finds_pages(datasette):
    query = urllib.parse.urlencode({"_search": "burgerkracht", "_shape": "array"})
    rows = get_json(f"{datasette}/pages.json?{query}")
    assert len(rows) >= 3
    assert all("burgerkracht" in (r["title"] + r["body_text"]).lower() for r in rows)


def test_the_metadata_describes_the_archive_and_its_sources(datasette):
    metadata = get_json(datasette.rsplit("/", 1)[0] + "/-/metadata.json")
    assert metadata["title"]
    assert "license" in metadata or "licence" in json.dumps(metadata).lower()
    assert "pages" in metadata["databases"]["archive"]["tables"]


def test_a_page_row_links_to_its_authors(datasette):
    rows = get_json(datasette + "/page_authors.json?_shape=array&_labels=on&_size=5")
    assert rows and isinstance(rows[0]["author_id"], dict)
