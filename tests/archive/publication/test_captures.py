"""A page's captures in the published archive, over HTTP: the reading page lists them, each opens
as it was captured from its WARC record (a revisit from the record holding its payload), under a
policy and in a frame that let nothing in it run or reach the live web, and a capture the archive
cannot read back is a clear page, not a server error (plugins/captures.py)."""

import json
import re
import sqlite3
from contextlib import closing

import lxml.html
import pytest

from tests.serving import fetch, get, served

# An article without reactions: a public copy holds no capture of a page whose HTML prints
# readers' names (test_public_mode.py).
ARTICLE = "https://www.socialevraagstukken.nl/wijkteams-zijn-geen-wondermiddel/"
TITLE = "Wijkteams zijn geen wondermiddel"


def published_copy(db, copy):
    """A finished copy of the archive, as docs/publishing.md makes one (`.backup`): the file
    alone, without the captures folder beside it."""
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


@pytest.fixture(scope="module")
def public_site(crawled, tmp_path_factory):
    """The mirror crawled twice (so its pages have full captures and revisits), served as a
    public copy is, its WARC files named by `--captures`."""
    copy = published_copy(crawled.db_path, tmp_path_factory.mktemp("published") / "archive.db")
    captures = crawled.db_path.parent / "captures"
    with served(copy, "--public", "--captures", str(captures)) as base:
        yield base


def query(db, sql: str, *parameters):
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, parameters).fetchall()


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in
            (part.split() for part in policy.split(";") if part.strip())}


def article_captures(crawled):
    return query(crawled.db_path, "select * from captures where url = ? order by id", ARTICLE)


def test_the_reading_page_lists_every_capture_of_the_page(crawled, public_site):
    page_id = query(crawled.db_path, "select page_id from page_urls where url = ?",
                    ARTICLE)[0]["page_id"]
    html = get(f"{public_site}/archive/pages/{page_id}").decode()
    rows = lxml.html.fromstring(html).xpath("//table[@class='page-captures-list']/tbody/tr")
    captures = article_captures(crawled)
    assert [r.xpath("string(.//a/@href)") for r in rows] == [f"/-/capture/{c['id']}"
                                                             for c in captures]
    cells = [[cell.text_content() for cell in row.xpath("td")] for row in rows]
    full, revisit = cells
    assert full[0] == captures[0]["fetched_at"].replace("T", " ").replace("Z", " UTC")
    assert full[1:3] == ["200", "volledig"]
    assert revisit[1] == "304" and revisit[2].startswith("herbezoek (inhoud van ")


def test_a_capture_opens_in_a_sandboxed_frame_under_a_banner(crawled, public_site):
    capture = article_captures(crawled)[0]
    status, headers, body = fetch(f"{public_site}/-/capture/{capture['id']}")
    assert status == 200
    page = lxml.html.fromstring(body)
    banner = page.xpath("string(//section[@class='capture-banner'])")
    assert ARTICLE in banner and "volledige opname" in banner
    assert capture["fetched_at"].replace("T", " ").replace("Z", " UTC") in banner
    (frame,) = page.xpath("//iframe")
    assert frame.get("src") == f"/-/capture/{capture['id']}/raw"
    assert frame.get("sandbox") == "allow-top-navigation-by-user-activation"
    policy = directives(headers["content-security-policy"])
    assert policy["frame-src"] == ["'self'"], "the capture's page must be able to frame it"
    _, elsewhere, _ = fetch(f"{public_site}/archive")
    assert "frame-src" not in directives(elsewhere["content-security-policy"])


def test_the_captured_body_has_a_policy_of_its_own_that_runs_nothing(crawled, public_site):
    capture = article_captures(crawled)[0]
    status, headers, body = fetch(f"{public_site}/-/capture/{capture['id']}/raw")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert len(headers.get_all("content-security-policy")) == 1, "two policies: both enforced"
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["sandbox"] == ["allow-top-navigation-by-user-activation"]
    for name in ("object-src", "base-uri", "form-action"):
        assert policy[name] == ["'none'"], name
    remote = [source for sources in policy.values() for source in sources
              if not source.startswith("'") and source not in ("data:", "allow-top-navigation-by"
                                                               "-user-activation")]
    assert remote == []
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "no-referrer"
    text = lxml.html.fromstring(body).text_content()
    assert TITLE in text


def test_links_in_a_capture_lead_to_the_archives_captures(crawled, public_site):
    capture = article_captures(crawled)[0]
    body = fetch(f"{public_site}/-/capture/{capture['id']}/raw")[2]
    links = lxml.html.fromstring(body).xpath("//a")
    archived = [a for a in links if re.fullmatch(r"/-/capture/\d+", a.get("href", ""))]
    assert archived and all(a.get("target") == "_top" for a in archived)
    home = next(a for a in links if a.text_content().strip() == "Home")
    home_capture = int(home.get("href").rsplit("/", 1)[1])
    (row,) = query(crawled.db_path, "select url from captures where id = ?", home_capture)
    assert row["url"] == "https://www.socialevraagstukken.nl/"
    live = [a.get("href") for a in links if (a.get("href") or "#")[0] not in "/#"]
    assert live == [], "a link in a capture leads to the live web"


def test_a_revisit_is_read_from_the_record_that_holds_its_payload(crawled, public_site):
    full, revisit = article_captures(crawled)
    assert revisit["record_type"] == "revisit" and revisit["refers_to"] == full["id"]
    shown = {capture["id"]: lxml.html.fromstring(
        fetch(f"{public_site}/-/capture/{capture['id']}/raw")[2]) for capture in (full, revisit)}
    assert TITLE in shown[revisit["id"]].text_content()
    assert shown[revisit["id"]].text_content() == shown[full["id"]].text_content()
    # Its links lead to the captures nearest its own time: the last of each URL made by then.
    linked = [int(href.rsplit("/", 1)[1]) for href in shown[revisit["id"]].xpath("//a/@href")
              if href.startswith("/-/capture/")]
    nearest = {row["id"] for row in query(
        crawled.db_path, "select max(id) as id from captures where fetched_at <= ? and url in"
        " (select url from captures where id in (select value from json_each(?))) group by url",
        revisit["fetched_at"], json.dumps(linked))}
    assert linked and set(linked) == nearest
    banner = lxml.html.fromstring(fetch(f"{public_site}/-/capture/{revisit['id']}")[2]).xpath(
        "string(//section[@class='capture-banner'])")
    assert "HTTP 304" in banner and "herbezoek" in banner


@pytest.mark.parametrize("path", ["/-/capture/999999", "/-/capture/999999/raw"])
def test_an_unknown_capture_is_not_found(public_site, path):
    status, _, body = fetch(public_site + path)
    assert status == 404 and b"geen opname 999999" in body


def test_a_capture_whose_warc_file_is_missing_says_so(crawled, tmp_path):
    """A copy of the database without its captures folder, as a careless publish makes it; with
    `--captures` naming the folder, the captures are there again."""
    copy = published_copy(crawled.db_path, tmp_path / "archive.db")
    capture = article_captures(crawled)[0]
    with served(copy, "--public") as base:
        status, _, body = fetch(f"{base}/-/capture/{capture['id']}")
        assert status == 404
        problem = lxml.html.fromstring(body).xpath("string(//p[@class='capture-problem'])")
        assert f"het WARC-bestand {capture['warc_file']} ontbreekt" in problem
        assert ARTICLE in lxml.html.fromstring(body).xpath("string(//section)"), "no banner"
        status, headers, body = fetch(f"{base}/-/capture/{capture['id']}/raw")
        assert status == 404 and b"ontbreekt" in body
        assert "script-src 'none'" in headers["content-security-policy"]
    folder = crawled.db_path.parent / "captures"
    with served(copy, "--captures", str(folder)) as base:
        assert fetch(f"{base}/-/capture/{capture['id']}/raw")[0] == 200
