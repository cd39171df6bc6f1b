"""The revisit policy on the mirror: a run re-checks the known URLs that are due, within its
budget, and whatever a sitemap or feed announces; `--all` re-checks everything, as before."""

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mirror import SITES_DIR, MirrorServer
from tests.conftest import query, run_archive

SV = "https://www.socialevraagstukken.nl/"
ANNOUNCED = "armoede-is-meer-dan-geldgebrek"  # edited, its sitemap lastmod moved
SILENT = "participatiewet-sluit-mensen-buiten"  # edited, its lastmod left as it was
SITEMAP = Path("socialevraagstukken/files/wp-sitemap-posts-post-1.xml")
ZW = "https://www.zorgwelzijn.nl/"
ZW_NEW = "akkoord-over-cao-sociaal-werk-getekend"  # a new article the feed announces


def crawl(sites: Path, db: Path, *extra: str):
    """A run against a mirror of its own: (result, the paths it asked for)."""
    with MirrorServer(sites_dir=sites) as mirror:
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db), *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return done, [f"{host}{path}" for host, path, _ in mirror.log]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """A mirror copy crawled, crawled again unchanged; then one article edited and announced in
    its sitemap, one edited silently, a new one announced in a feed; crawled a third time."""
    root = tmp_path_factory.mktemp("revisits")
    sites = root / "sites"
    shutil.copytree(SITES_DIR, sites)
    db = root / "archive.db"
    first, first_asked = crawl(sites, db)
    second, second_asked = crawl(sites, db)
    shutil.copy(db, root / "after-second.db")

    articles = sites / "socialevraagstukken/files"
    replace_in(articles / ANNOUNCED / "index.html", "Armoede is meer dan geldgebrek",
               "Armoede is meer dan een tekort aan geld")
    replace_in(sites / SITEMAP, "<lastmod>2019-05-23T11:05:00+02:00</lastmod>",
               f"<lastmod>{now_iso()}</lastmod>")
    replace_in(articles / SILENT / "index.html", "De Participatiewet sluit mensen buiten",
               "De Participatiewet sluit nog steeds mensen buiten")

    news = sites / "zorgwelzijn/files"
    shutil.copytree(news / "akkoord-over-cao-sociaal-werk", news / ZW_NEW)
    replace_in(news / ZW_NEW / "index.html", "Akkoord over cao Sociaal Werk",
               "Cao Sociaal Werk getekend")
    published = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    replace_in(news / "feed/index.xml", "<channel>",
               f"<channel>\n\t<item>\n\t\t<title>Cao Sociaal Werk getekend</title>\n"
               f"\t\t<link>{ZW}{ZW_NEW}/</link>\n\t\t<pubDate>{published}</pubDate>\n"
               "\t</item>")
    third, third_asked = crawl(sites, db)
    return {"db": db, "after_second": root / "after-second.db", "sites": sites,
            "runs": (first, second, third),
            "asked": (first_asked, second_asked, third_asked)}


def test_a_second_crawl_of_an_unchanged_mirror_asks_far_less(nights):
    first, second, _ = nights["asked"]
    print(f"\nrequests: first crawl {len(first)}, second crawl {len(second)}")
    assert len(second) < len(first) / 2


def test_a_second_crawl_reports_every_page_unchanged_or_not_due(nights):
    db = nights["after_second"]
    (started,) = query(db, "SELECT started_at FROM crawl_runs WHERE id = 2")[0]
    counts = query(db, "SELECT pages_new, pages_changed, pages_gone FROM crawl_runs WHERE id = 2")
    assert counts == [(0, 0, 0)]
    pages = query(db, "SELECT s.url, s.discovered_run, s.next_check_at FROM page_urls u"
                      " JOIN crawl_state s ON s.url = u.url")
    assert len(pages) >= 40
    rechecked = {url for url, in query(
        db, "SELECT url FROM captures WHERE run_id = 2 AND status IN (200, 304)")}
    for url, discovered_run, next_check_at in pages:
        if url not in rechecked:  # not due: not chosen, and its next check still to come
            assert discovered_run == 1 and next_check_at > started, url
    report = nights["runs"][1].stdout
    for site in ("canon", "movisie", "socialevraagstukken", "zorgwelzijn"):
        assert f"{site:<20} revisits: known " in report, report
    assert "not due" in report and "every one re-checked" not in report


def test_the_summary_counts_match_the_run_revisits_table(nights):
    db = nights["db"]
    rows = query(db, "SELECT site, known, due, chosen FROM run_revisits WHERE run_id = 2"
                     " ORDER BY site")
    report = nights["runs"][1].stdout
    for site, known, due, _ in rows:
        assert f"{site:<20} revisits: known {known}, due {due}, not due {known - due}" in report
    assert sum(known for _, known, _, _ in rows) == query(
        db, "SELECT count(*) FROM crawl_state WHERE discovered_at < (SELECT started_at FROM"
            " crawl_runs WHERE id = 2) AND (status IS NULL OR status NOT IN (404, 410))")[0][0]


def test_a_change_announced_in_the_sitemap_is_fetched_the_next_run(nights):
    _, _, third = nights["asked"]
    assert f"www.socialevraagstukken.nl/{ANNOUNCED}/" in third
    (title,) = query(nights["db"], "SELECT title FROM pages WHERE url = ?", SV + ANNOUNCED + "/")[0]
    assert title == "Armoede is meer dan een tekort aan geld"
    assert query(nights["db"], "SELECT announced FROM run_revisits WHERE run_id = 3"
                               " AND site = 'socialevraagstukken'") == [(1,)]
    assert "1 announced by a sitemap or feed" in nights["runs"][2].stdout


def test_a_silent_edit_waits_for_the_pages_next_check(nights):
    _, _, third = nights["asked"]
    assert f"www.socialevraagstukken.nl/{SILENT}/" not in third
    (title,) = query(nights["db"], "SELECT title FROM pages WHERE url = ?", SV + SILENT + "/")[0]
    assert title == "De Participatiewet sluit mensen buiten"


def test_a_new_page_announced_in_a_feed_is_captured_the_same_run(nights):
    _, _, third = nights["asked"]
    assert f"www.zorgwelzijn.nl/{ZW_NEW}/" in third
    rows = query(nights["db"], "SELECT title FROM pages WHERE url = ?", f"{ZW}{ZW_NEW}/")
    assert rows and rows[0][0].startswith("Cao Sociaal Werk getekend"), rows
    assert query(nights["db"], "SELECT pages_new FROM crawl_runs WHERE id = 3") == [(1,)]


def test_all_rechecks_every_known_url_as_before(nights, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(nights["db"], db)
    shutil.copytree(nights["db"].parent / "captures", tmp_path / "captures")
    done, asked = crawl(nights["sites"], db, "--all")
    run = query(db, "SELECT max(id) FROM crawl_runs")[0][0]
    assert query(db, "SELECT count(*) FROM run_revisits WHERE run_id = ? AND every_url = 1"
                     " AND budget IS NULL AND due = known AND chosen = known", run) == [(4,)]
    archived = query(db, "SELECT count(*) FROM page_urls WHERE gone_at IS NULL")[0][0]
    counts = query(db, "SELECT pages_new, pages_changed, pages_unchanged + pages_merged"
                       " FROM crawl_runs WHERE id = ?", run)[0]
    assert counts[:2] == (0, 1)  # the silent edit, found at last
    assert counts[2] + 1 >= archived - 2  # every other page (a page's canonical alone aside)
    assert len(asked) > 2 * len(nights["asked"][1])
    assert "every one re-checked (--all)" in done.stdout


def test_a_run_takes_the_most_overdue_urls_up_to_its_budget(nights, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(nights["db"], db)
    shutil.copytree(nights["db"].parent / "captures", tmp_path / "captures")
    with closing(sqlite3.connect(db)) as conn, conn:  # weeks pass: every canon URL falls due
        urls = [url for url, in conn.execute(
            "SELECT url FROM crawl_state WHERE site = 'canon' AND status = 200 ORDER BY url")]
        conn.executemany("UPDATE crawl_state SET next_check_at = ? WHERE url = ?",
                         [(f"2026-01-{day:02d}T00:00:00Z", url)
                          for day, url in enumerate(reversed(urls), start=1)])
    done, _ = crawl(nights["sites"], db, "--site", "canon", "--budget", "3")
    run = query(db, "SELECT max(id) FROM crawl_runs")[0][0]
    ((known, due, chosen, budget),) = query(
        db, "SELECT known, due, chosen, budget FROM run_revisits WHERE run_id = ?", run)
    assert (chosen, budget) == (3, 3) and due >= len(urls)
    most_overdue = list(reversed(urls))[:3]
    fetched = {url for url, in query(db, "SELECT url FROM crawl_state WHERE fetched_run = ?",
                                     run)}
    assert set(most_overdue) <= fetched
    assert f"over the budget {due - 3} (left for the next run)" in done.stdout
