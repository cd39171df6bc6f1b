"""What no public output may show, decided from the mirror crawl's archive and its register: the
pages a takedown names by URL, author or commenter (however the name is spelled), `noarchive`
pages, and for public outputs every page that has or had readers' reactions; each as all the
URLs its captures are under, and the redirects that led there."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from archive.publication.withheld import redirect_sources, withheld_page_ids, withheld_urls
from archive.takedowns import add, lift

WINDOW = "https://www.canonsociaalwerk.eu/nl_mw/details.php?canon_id=131"  # one of three URLs
ARTICLE = "https://www.socialevraagstukken.nl/vrijwilligers-zijn-geen-gratis-professionals/"
TOOL = "https://www.movisie.nl/tool/gesprekskaarten-vrijwillige-inzet"
OLD_TOOL_URL = "https://www.movisie.nl/node/2718"  # answers 301 to TOOL


def copy_archive(crawled, folder: Path) -> Path:
    """A copy of the mirror crawl's database to write a register into; its WARC files stay in
    the crawl's captures folder (`captures_of`)."""
    copy = folder / "archive.db"
    with closing(sqlite3.connect(crawled.db_path)) as source, closing(sqlite3.connect(copy)) as to:
        source.backup(to)
    return copy


def captures_of(crawled) -> Path:
    return crawled.db_path.parent / "captures"


@pytest.fixture
def archive(crawled, tmp_path):
    db = copy_archive(crawled, tmp_path)
    with closing(sqlite3.connect(db)) as conn:
        yield conn


def page_of(conn, url: str) -> str:
    return conn.execute("SELECT page_id FROM page_urls WHERE url = ?", (url,)).fetchone()[0]


def urls_of(conn, page: str) -> set[str]:
    return {url for url, in conn.execute("SELECT url FROM page_urls WHERE page_id = ?", (page,))}


def test_nothing_is_withheld_from_the_archivist_without_a_takedown_or_noarchive(archive):
    assert withheld_urls(archive, public=False) == set()


def test_a_url_takedown_withholds_every_url_of_its_page(archive):
    """A canon window stands under three canons' URLs: taking down one takes down the page."""
    page = page_of(archive, WINDOW)
    assert len(urls_of(archive, page)) == 3
    add(archive, "url", WINDOW.replace("https://www.", "http://"), "verzoek", "tester")
    assert withheld_page_ids(archive, public=False) == {page}
    assert withheld_urls(archive, public=False) == urls_of(archive, page)


def test_a_url_no_page_has_is_withheld_itself(archive):
    """A request may come before the page is crawled, or name a document."""
    add(archive, "url", "https://www.movisie.nl/nog-niet-gecrawld", "verzoek", "tester")
    assert withheld_urls(archive, public=False) == {"https://www.movisie.nl/nog-niet-gecrawld"}


def test_an_author_takedown_matches_the_name_in_any_case_and_spacing(archive):
    credited = {page for page, in archive.execute(
        "SELECT page_id FROM page_authors pa JOIN authors a ON a.id = pa.author_id"
        " WHERE a.name = 'Jos van der Lans'")}
    assert len(credited) > 1
    add(archive, "author", "  jos VAN der   lans ", "verzoek", "tester")
    assert withheld_page_ids(archive, public=False) == credited


def test_a_commenter_takedown_withholds_the_pages_they_reacted_on(archive):
    add(archive, "commenter", "kees  VAN DAM", "AVG-verzoek", "tester")
    assert withheld_page_ids(archive, public=False) == {page_of(archive, ARTICLE)}
    assert ARTICLE in withheld_urls(archive, public=False)


def test_a_commenter_is_found_in_an_earlier_version_of_a_page_too(archive):
    """Their reaction was taken off the page since: the reactions table no longer has it, the
    page's earlier version (and its captures) still do."""
    page = page_of(archive, ARTICLE)
    _reactions_gone_since(archive, page)
    add(archive, "commenter", "Kees van Dam", "AVG-verzoek", "tester")
    assert withheld_page_ids(archive, public=False) == {page}


def test_a_lifted_takedown_withholds_nothing(archive):
    taken = add(archive, "commenter", "Kees van Dam", "AVG-verzoek", "tester")
    lift(archive, taken.id, "verzoek ingetrokken", "tester")
    assert withheld_urls(archive, public=False) == set()


def test_a_noarchive_page_is_withheld(archive):
    page = page_of(archive, TOOL)
    with archive:
        archive.execute("UPDATE pages SET noarchive = 1 WHERE id = ?", (page,))
    assert withheld_urls(archive, public=False) == urls_of(archive, page)


def test_public_outputs_also_leave_out_every_page_with_readers_reactions(archive):
    reacted = {page for page, in archive.execute("SELECT DISTINCT page_id FROM reactions")}
    assert reacted
    assert withheld_page_ids(archive, public=False) == set()
    assert withheld_page_ids(archive, public=True) == reacted


def test_public_outputs_leave_out_a_page_whose_earlier_version_had_reactions(archive):
    page = page_of(archive, ARTICLE)
    _reactions_gone_since(archive, page)
    assert page not in {p for p, in archive.execute("SELECT page_id FROM reactions")}
    assert page in withheld_page_ids(archive, public=True)


def test_redirects_to_a_withheld_url_are_found_in_their_captures(crawled, archive):
    add(archive, "url", TOOL, "verzoek", "tester")
    urls = withheld_urls(archive, public=False)
    assert redirect_sources(archive, captures_of(crawled), urls) == {OLD_TOOL_URL}
    assert redirect_sources(archive, captures_of(crawled), {WINDOW}) == set()


def _reactions_gone_since(conn: sqlite3.Connection, page: str) -> None:
    """As a re-crawl that found the page's reactions removed stores it: a new version whose
    changed fields name the reactions, and no rows in `reactions`."""
    (record,) = conn.execute("SELECT record FROM revisions WHERE page_id = ? ORDER BY id DESC"
                             " LIMIT 1", (page,)).fetchone()
    assert '"author": "Kees van Dam"' in record
    conn.execute("DELETE FROM reactions WHERE page_id = ?", (page,))
    conn.execute(
        "INSERT INTO revisions (page_id, run_id, fetched_at, content_hash, changed_fields, record)"
        " VALUES (?, 2, '2030-01-01T00:00:00Z', 'later', '[\"reactions\"]',"
        " json_set(?, '$.reactions', json('[]')))", (page, record))
    conn.commit()
