"""A researcher reads how a page changed: its reading page lists its versions with their dates
and marks, word by word, what each took out and put in; `page_changes` lists every change, to
search and facet. A copy of the mirror is crawled, one article re-titled and re-worded and
another given quoted markup, and crawled again."""

import html
import re
import shutil
import sqlite3
import urllib.parse
from contextlib import closing
from pathlib import Path

import pytest
from markupsafe import escape

from mirror import SITES_DIR, MirrorServer
from tests.archive.publication import test_browser
from tests.archive.publication.test_browser import screenshot
from tests.conftest import run_archive
from tests.serving import datasette_plugin, get, get_json, served

# Headless Chromium and its loopback-only tab, as the browser tests have them.
browser, page = test_browser.browser, test_browser.page

ARTICLES = Path("socialevraagstukken/files")
RETITLED = ARTICLES / "armoede-is-meer-dan-geldgebrek/index.html"
OLD_TITLE, NEW_TITLE = "Armoede is meer dan geldgebrek", "Armoede is meer dan een tekort aan geld"
OLD_SENTENCE = "Niet uit onwil, maar omdat"
NEW_SENTENCE = "Niet uit onwil of gemakzucht, maar omdat"
QUOTING = ARTICLES / "housing-first-werkt-ook-in-nederland/index.html"
QUOTE_ANCHOR = "<p>Eerst een woning, dan de rest."
# Markup an article quotes as text (escaped in its source): the archive stores the characters.
QUOTED = '<img src=x onerror="window.__archive_pwned=1"> &lt;b&gt;'
QUOTED_SOURCE = "<p>" + html.escape(QUOTED) + "</p>\n"
quote = urllib.parse.quote


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has changed: {old!r} is not in it"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_db(tmp_path_factory) -> Path:
    """Sociale Vraagstukken crawled from a copy of the mirror, then one article re-titled and a
    sentence of it re-worded, another given a paragraph quoting markup, and crawled again."""
    root = tmp_path_factory.mktemp("revisions")
    sites = root / "sites"
    shutil.copytree(SITES_DIR, sites)
    db = root / "archive.db"
    with MirrorServer(sites_dir=sites) as server:
        crawl = ["crawl", "--mirror-url", server.url, "--db", str(db), "--site",
                 "socialevraagstukken"]
        first = run_archive(*crawl)
        assert first.returncode == 0, first.stdout + first.stderr
        replace_in(sites / RETITLED, OLD_TITLE, NEW_TITLE)
        replace_in(sites / RETITLED, OLD_SENTENCE, NEW_SENTENCE)
        replace_in(sites / QUOTING, QUOTE_ANCHOR, QUOTED_SOURCE + QUOTE_ANCHOR)
        second = run_archive(*crawl, "--all")
        assert second.returncode == 0, second.stdout + second.stderr
    return db


@pytest.fixture(scope="module")
def site(changed_db):
    with served(changed_db) as base:
        yield base


def reading_page(site: str, title: str) -> str:
    rows = get_json(f"{site}/archive/pages.json?title={quote(title)}&_shape=array&_col=id")
    assert len(rows) == 1, rows
    return f"{site}/archive/pages/{rows[0]['id']}"


def versions_section(page_html: str) -> str:
    section = re.search(r'<section class="page-versions".*?</section>', page_html, re.S)
    assert section, "the reading page shows no versions"
    return section.group(0)


# -- the diff ------------------------------------------------------------------------------------


def test_a_word_diff_marks_the_words_taken_out_and_put_in():
    diff = datasette_plugin("revisions").word_diff(OLD_TITLE, NEW_TITLE)
    assert diff == "Armoede is meer dan <del>geldgebrek</del> <ins>een tekort aan geld</ins>"


def test_inserted_markup_is_escaped_and_escaped_text_is_never_unescaped():
    plugin = datasette_plugin("revisions")
    new = 'Titel <script>alert(1)</script> &lt;b&gt; <ins>echt</ins>'
    diff = str(plugin.word_diff("Titel", new))
    assert "<script>" not in diff and "&lt;script&gt;alert(1)&lt;/script&gt;" in diff
    assert "&amp;lt;b&amp;gt;" in diff  # the characters "&lt;b&gt;", shown as typed
    # The only markup is the diff's own: without it, the new text reads back exactly.
    assert re.findall(r"<[^>]*>", diff) == ["<ins>", "</ins>"]
    assert html.unescape(re.sub(r"</?ins>", "", diff)) == new


def test_both_versions_read_back_from_a_diff_but_for_spaces():
    plugin = datasette_plugin("revisions")
    old = "Wie langdurig arm is, moet elke dag keuzes maken die <b>anderen</b> nooit hoeven."
    new = "Wie arm is, moet soms keuzes maken die & anderen nooit hoeven te maken."
    diff = str(plugin.word_diff(old, new))

    def read(kept: str, dropped: str) -> str:
        text = re.sub(rf"<{dropped}>.*?</{dropped}>", "", diff)
        return "".join(html.unescape(re.sub(rf"</?{kept}>", "", text)).split())

    assert read("ins", "del") == "".join(new.split())
    assert read("del", "ins") == "".join(old.split())


def test_a_text_diff_shows_the_changed_paragraphs_and_counts_the_rest():
    old = "Een.\n\nTwee drie.\n\nVier.\n\nVijf."
    new = "Een.\n\nTwee en drie.\n\nVier.\n\nVijf.\n\nZes <b>."
    blocks = datasette_plugin("revisions").text_diff(old, new)
    assert blocks == [{"same": 1}, {"diff": "Twee <ins>en</ins> drie."}, {"same": 2},
                      {"diff": "<ins>Zes &lt;b&gt;.</ins>"}]


# -- served --------------------------------------------------------------------------------------


def test_the_reading_page_lists_both_versions_with_their_dates(site, changed_db):
    section = versions_section(get(reading_page(site, NEW_TITLE)).decode())
    versions = re.findall(r'<li class="version">', section)
    dates = re.findall(r'<span class="version-date">(\d{4}-\d\d-\d\d)</span>', section)
    assert len(versions) == 2 and len(dates) == 2
    assert "huidige versie" in section and "eerste versie" in section
    assert "gewijzigd: body_text, title" in section


def test_the_diff_marks_the_old_title_deleted_and_the_new_one_inserted(site):
    section = versions_section(get(reading_page(site, NEW_TITLE)).decode())
    assert "Armoede is meer dan <del>geldgebrek</del> <ins>een tekort aan geld</ins>" in section
    assert "Niet uit onwil <ins>of gemakzucht</ins>, maar omdat" in section
    assert "ongewijzigd" in section  # the paragraphs that stayed are counted, not repeated


def test_quoted_markup_in_a_new_version_reaches_the_diff_as_text(site):
    section = versions_section(get(reading_page(site, "Housing First werkt ook in Nederland"))
                               .decode())
    assert "<img" not in section
    versions = section[section.index('<ol class="versions"'):]
    assert f'<p class="diff-text"><ins>{escape(QUOTED)}</ins></p>' in versions
    assert "&amp;lt;b&amp;gt;" in versions  # the characters "&lt;b&gt;", shown as printed
    assert re.findall(r"<(?:ins|del)>", versions) == ["<ins>"]


def test_page_changes_has_a_row_naming_the_changed_title(site):
    rows = get_json(f"{site}/archive/page_changes.json?_shape=array&title={quote(NEW_TITLE)}")
    assert len(rows) == 1, rows
    (row,) = rows
    assert row["fields"] == "body_text, title" and row["site"] == "socialevraagstukken"
    assert row["run_id"] == 2 and row["date"] == row["fetched_at"][:10]
    all_rows = get_json(f"{site}/archive/page_changes.json?_shape=array")
    assert len(all_rows) == 2  # a page's first version is no change


def test_page_changes_is_searchable_and_faceted_by_site_and_field(site):
    found = get_json(f"{site}/archive/page_changes.json?_search=gemakzucht&_shape=array")
    assert [row["title"] for row in found] == [NEW_TITLE]
    listing = get_json(f"{site}/archive/page_changes.json?_size=0")
    facets = listing["facet_results"]
    assert {r["value"]: r["count"] for r in facets["site"]["results"]} == {
        "socialevraagstukken": 2}
    assert {r["value"]: r["count"] for r in facets["changed_fields"]["results"]} == {
        "body_text": 2, "title": 1}
    narrowed = get_json(f"{site}/archive/page_changes.json?_shape=array"
                        "&changed_fields__arraycontains=title")
    assert [row["title"] for row in narrowed] == [NEW_TITLE]


def test_a_change_leads_to_the_versions_on_the_reading_page(site):
    listing = get(f"{site}/archive/page_changes?title={quote(NEW_TITLE)}").decode()
    link = re.search(r'<a href="(/archive/pages/\w+#versies)">' + re.escape(NEW_TITLE), listing)
    assert link, "the change's title does not link to the page's versions"
    assert 'id="versies"' in get(site + link.group(1)).decode()


def test_a_page_with_many_versions_shows_its_newest_and_links_to_them_all(changed_db, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(changed_db, db)
    with closing(sqlite3.connect(db)) as conn, conn:
        (latest, page_id, record), = conn.execute(
            "SELECT id, page_id, record FROM revisions WHERE run_id = 2 AND record LIKE ?",
            [f"%{NEW_TITLE}%"]).fetchall()
        for n in range(1, 41):  # forty more versions of that one, each re-titled
            conn.execute(
                "INSERT INTO revisions (page_id, run_id, fetched_at, content_hash,"
                " changed_fields, record, extractor_version) SELECT page_id, run_id,"
                " fetched_at, content_hash, '[\"title\"]', ?, extractor_version FROM revisions"
                " WHERE id = ?",
                [record.replace(NEW_TITLE, f"{NEW_TITLE} {n}"), latest])
        assert conn.execute("SELECT count(*) FROM revisions WHERE page_id = ?",
                            [page_id]).fetchone() == (42,)
    with served(db) as base:
        section = versions_section(get(f"{base}/archive/pages/{page_id}").decode())
    assert len(re.findall(r'<li class="version">', section)) == 10
    assert "een tekort aan geld <del>39</del> <ins>40</ins>" in section
    assert (f'<a href="/archive/revisions?page_id={page_id}&amp;_sort_desc=id">'
            "alle 42 versies</a>") in section


def test_a_reader_sees_the_diff_in_a_browser(site, page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reading_page(site, NEW_TITLE) + "#versies")
    section = page.locator("section.page-versions")
    section.wait_for()
    section.scroll_into_view_if_needed()
    screenshot(page, "diff-page.png")
    section.screenshot(path=str(test_browser.SCREENSHOTS / "diff.png"))  # the README's
    title = section.locator(".diff-title")
    assert title.locator("del").inner_text() == "geldgebrek"
    assert title.locator("ins").inner_text() == "een tekort aan geld"
    assert title.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") \
        == "line-through"
    assert errors == [] and page.outside == []
