"""Rights signals per capture, as a crawl of the mirror records them: each page's robots
directives, TDM reservation and licence; the robots.txt and tdmrep.json each run read for each
site; and a page that asks not to be archived kept out of the pages and the WARC files, unless the
archivist opts in. The mirror's pages carry each signal (their site.json routes and files)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from mirror import MirrorServer
from mirror.server import SITES_DIR
from spiders.items import FetchFailure
from spiders.movisie import MovisieSpider
from tests.conftest import query, run_archive

CANON = "https://www.canonsociaalwerk.eu"
MOVISIE = "https://www.movisie.nl"
ZORGWELZIJN = "https://www.zorgwelzijn.nl"
HOSTS = {"canon": CANON, "movisie": MOVISIE, "zorgwelzijn": ZORGWELZIJN,
         "socialevraagstukken": "https://www.socialevraagstukken.nl"}
NOARCHIVE = f"{MOVISIE}/artikel/intervisie-over-discriminatie-in-het-team"
CANON_POLICY = f"{CANON}/tdm-beleid.php"
MOVISIE_POLICY = f"{MOVISIE}/tdm-beleid"
COLUMNS = ("x_robots_tag", "noarchive", "noindex", "nosnippet", "tdm_reservation", "tdm_policy",
           "tdm_source", "licence", "licence_source")
SILENT = (None, 0, 0, 0, None, None, None, None, None)
SIGNALS = {
    # X-Robots-Tag for every crawler, and one for another crawler only.
    f"{ZORGWELZIJN}/akkoord-over-cao-sociaal-werk/":
        ("noindex, nosnippet", 0, 1, 1, None, None, None, None, None),
    f"{ZORGWELZIJN}/mantelzorgers-vaker-overbelast/":
        ("googlebot: noarchive", 0, 0, 0, None, None, None, None, None),
    # The tagDiv theme's Yoast graph with an Article and its licence.
    f"{ZORGWELZIJN}/buurtsportcoach-verbindt-sport-en-welzijn/":
        (None, 0, 0, 0, None, None, None, "https://creativecommons.org/licenses/by-nc-nd/4.0/",
         "json-ld"),
    # The TDM header, and Drupal's metatag printing the TDM meta.
    f"{MOVISIE}/artikel/eenzaamheid-vraagt-om-een-lange-adem":
        (None, 0, 0, 0, 1, MOVISIE_POLICY, "header", None, None),
    f"{MOVISIE}/publicatie/factsheet-sociaal-werk-in-de-wijk":
        (None, 0, 0, 0, 1, MOVISIE_POLICY, "meta", None, None),
    # The canon's tdmrep.json reserves /nl_so/; one window's header says otherwise.
    f"{CANON}/nl_so/details.php?canon_id=623":
        (None, 0, 0, 0, 1, CANON_POLICY, "tdmrep.json",
         "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl", "rel-license"),
    f"{CANON}/nl_so/details.php?canon_id=631": (None, 0, 0, 0, 0, None, "header", None, None),
    f"{CANON}/nl_so/details.php?canon_id=601":
        (None, 0, 0, 0, 1, CANON_POLICY, "tdmrep.json", None, None),
    f"{CANON}/nl/details.php?canon_id=22": SILENT,
    f"{MOVISIE}/artikel/zonder-burgerkracht-geen-wijkteams": SILENT,
}


def rights_of(db: Path, url: str) -> tuple:
    (row,) = query(db, f"SELECT {', '.join(COLUMNS)} FROM page_rights WHERE url = ?"
                       " ORDER BY id DESC LIMIT 1", url)
    return row


def warc_bytes(db: Path) -> bytes:
    return b"".join(gzip.decompress(path.read_bytes())
                    for path in sorted((db.parent / "captures").glob("*.warc.gz")))


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    """Movisie crawled by an archivist who opted in to noarchive pages."""
    db = tmp_path_factory.mktemp("keep-noarchive") / "archive.db"
    done = run_archive("crawl", "--mirror", "--site", "movisie", "--keep-noarchive",
                       "--db", str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    return db


@pytest.mark.parametrize("url", sorted(SIGNALS))
def test_each_pages_signals_are_recorded_for_it(crawled, url):
    assert crawled.first.returncode == 0, crawled.first.stdout + crawled.first.stderr
    assert rights_of(crawled.db_path, url) == SIGNALS[url]


def test_the_pages_row_carries_its_current_tdm_reservation_policy_and_licence(crawled):
    rows = dict((url, (noarchive, reservation, policy, licence)) for url, noarchive, reservation,
                policy, licence in query(crawled.db_path, "SELECT url, noarchive,"
                                         " tdm_reservation, tdm_policy, licence FROM pages"))
    canon = f"{CANON}/nl_so/details.php?canon_id=623"
    assert rows[canon] == (0, 1, CANON_POLICY,
                           "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl")
    assert rows[f"{MOVISIE}/artikel/eenzaamheid-vraagt-om-een-lange-adem"] == (
        0, 1, MOVISIE_POLICY, None)
    assert all(row[0] == 0 for row in rows.values())
    assert len(query(crawled.db_path, "SELECT DISTINCT url FROM page_rights")) == len(
        query(crawled.db_path, "SELECT url FROM page_urls"))


def test_each_run_keeps_each_sites_robots_txt_as_it_obeyed_it(crawled):
    rows = query(crawled.db_path, "SELECT run_id, site, url, status, body, sha256"
                                  " FROM policy_files WHERE kind = 'robots.txt'")
    assert sorted((run, site) for run, site, *_ in rows) == sorted(
        (run, site) for run in (1, 2) for site in HOSTS)
    for _, site, url, status, body, sha256 in rows:
        served = (SITES_DIR / site / "files" / "robots.txt").read_bytes()
        assert (url, status, body) == (f"{HOSTS[site]}/robots.txt", 200, served.decode())
        assert sha256 == hashlib.sha256(served).hexdigest()


def test_each_page_row_names_the_robots_txt_its_crawl_obeyed(crawled):
    named = query(crawled.db_path, "SELECT r.site, f.url, f.run_id = r.run_id FROM page_rights r"
                                   " JOIN policy_files f ON f.id = r.robots_file_id")
    assert len(named) == query(crawled.db_path, "SELECT count(*) FROM page_rights")[0][0]
    assert all(url == f"{HOSTS[site]}/robots.txt" and same_run for site, url, same_run in named)


def test_each_run_keeps_each_hosts_tdmrep_json_or_that_it_has_none(crawled):
    rows = query(crawled.db_path, "SELECT run_id, site, url, status, body FROM policy_files"
                                  " WHERE kind = 'tdmrep.json' ORDER BY run_id, site")
    served = (SITES_DIR / "canon" / "files" / ".well-known" / "tdmrep.json").read_text()
    assert rows == [
        (run, site, f"{HOSTS[site]}/.well-known/tdmrep.json", *(
            (200, served) if site == "canon" else (404, None)))
        for run in (1, 2) for site in sorted(HOSTS)]


def test_a_noarchive_page_is_neither_stored_nor_written_but_recorded_as_such(crawled):
    db = crawled.db_path
    assert query(db, "SELECT url FROM page_urls WHERE url = ?", NOARCHIVE) == []
    assert query(db, "SELECT url FROM captures WHERE url = ?", NOARCHIVE) == []
    assert NOARCHIVE.encode() not in warc_bytes(db)
    assert query(db, "SELECT run_id, reason FROM fetch_failures WHERE url = ?", NOARCHIVE) == [
        (1, "noarchive"), (2, "noarchive")]
    # The listing that links it was captured, with the link.
    assert b'href="/artikel/intervisie-over-discriminatie-in-het-team"' in warc_bytes(db)
    # And the run's summary names it, with the way to keep such pages.
    for run in (crawled.first, crawled.second):
        assert (f"noarchive            1 page not captured, as the publisher asked"
                f" (`--keep-noarchive` keeps them): {NOARCHIVE}") in run.stdout + run.stderr


def test_a_noarchive_pages_links_are_still_followed():
    settings = Settings()
    settings.setmodule("spiders.settings")
    spider = MovisieSpider.from_crawler(Crawler(MovisieSpider, settings))
    with MirrorServer() as mirror:
        body, content_type = mirror.get(NOARCHIVE)
    response = HtmlResponse(NOARCHIVE, body=body, headers={"Content-Type": content_type},
                            request=Request(NOARCHIVE))
    output = list(spider.parse(response))
    (failure,) = [entry for entry in output if isinstance(entry, FetchFailure)]
    assert (failure["url"], failure["reason"], failure["status"]) == (NOARCHIVE, "noarchive", 200)
    assert any(isinstance(entry, Request) for entry in output)


def test_a_second_crawl_of_unchanged_signals_adds_no_rows_and_carries_them_forward(crawled):
    assert crawled.second.returncode == 0, crawled.second.stdout + crawled.second.stderr
    assert (crawled.counts_after_second["page_rights"]
            == crawled.counts_after_first["page_rights"])
    assert query(crawled.db_path, "SELECT DISTINCT run_id, last_seen_run FROM page_rights") == [
        (1, 2)]


def test_with_the_opt_in_a_noarchive_page_is_archived_and_marked(kept):
    assert query(kept, "SELECT noarchive FROM pages WHERE url = ?", NOARCHIVE) == [(1,)]
    assert query(kept, "SELECT noarchive, noindex FROM page_rights WHERE url = ?", NOARCHIVE) == [
        (1, 0)]
    assert query(kept, "SELECT status, record_type FROM captures WHERE url = ?", NOARCHIVE) == [
        (200, "response")]
    assert b'<meta name="robots" content="noarchive" />' in warc_bytes(kept)
    assert query(kept, "SELECT count(*) FROM fetch_failures WHERE reason = 'noarchive'") == [(0,)]
    assert query(kept, "SELECT count(*) FROM pages WHERE noarchive = 0")[0][0] >= 10
