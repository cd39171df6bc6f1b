"""The archive store on a real SQLite file: records in, rows out, idempotent upserts."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing

import pytest

from archive.storage.schema import MIGRATIONS
from archive.storage.store import Archive
from pipeline.identity import page_id

FETCHED = "2024-05-01T10:00:00+00:00"
LATER = "2024-06-01T10:00:00+00:00"
CANON = "https://www.canonsociaalwerk.eu"


def record(**fields) -> dict:
    """A record with every key of the schema in shared/README.md."""
    base = {
        "url": "https://www.socialevraagstukken.nl/overheid-moet-zich-bezinnen-op-eigen-kracht/",
        "site": "socialevraagstukken",
        "kind": "artikel",
        "title": "Overheid moet zich bezinnen op eigen kracht",
        "subtitle": None,
        "canon_year": None,
        "published": "2013-09-20",
        "modified": None,
        "authors": [
            {"name": "Eltje Bos", "role": "author", "bio": "Eltje Bos is opleidingsmanager."},
            {"name": "Pieter van Vliet", "role": "author", "bio": None},
        ],
        "body_text": "In beleidsnota’s schittert de krachtige, participerende burger.\n\n"
        "Professionele drukte zit eigen kracht in de weg.",
        "reactions": [
            {"position": 1, "author": "Frans van der Reep", "posted": "2013-09-21T09:12:00",
             "text": "Het echte nieuws is denk ik dat we net doen alsof.", "parent": None},
            {"position": 2, "author": None, "posted": None,
             "text": "Groot deel van het management de praktijk in.", "parent": 1},
        ],
        "view_count": 3168,
        "reading_time_minutes": None,
        "links": [
            {"kind": "link", "title": "Platform31", "url": "https://www.platform31.nl/"},
        ],
        "language": "nl",
    }
    return {**base, **fields}


def window(url: str, **fields) -> dict:
    """A canon window as one sub-canon shows it; the canon's site rules identify a window by its
    year and title and read the sub-canon from the path prefix."""
    canon = dict(
        url=url,
        site="canon",
        kind="venster",
        title="Burgerkracht en wijkteams",
        subtitle="Gezocht: professionals met samenlevingsopbouwgenen",
        canon_year=2011,
        published="2019-11-14",
        modified="2021-01-27",
        authors=[{"name": "Evert Dagelet", "role": "author", "bio": None}],
        body_text="Toen Nico de Boer en Jos van der Lans begin 2011 klaar waren.",
        reactions=[],
        view_count=None,
        links=[],
    )
    return record(**{**canon, **fields})


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "data" / "archive.db") as archive:
        yield archive


def count(archive: Archive, sql: str, *params) -> int:
    return archive.db.execute(sql, params).fetchone()[0]


def test_storing_a_record_creates_page_author_reaction_and_link_rows(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)

    assert archive.store(record(), fetched_at=FETCHED, run_id=run) == "new"

    page = archive.db["pages"].get(page_id(record()))
    assert page["title"] == "Overheid moet zich bezinnen op eigen kracht"
    assert page["year"] == 2013
    assert page["view_count"] == 3168
    assert page["first_seen_at"] == page["last_seen_at"] == FETCHED
    authors = list(archive.db.query(
        "SELECT a.name, pa.role, pa.position, pa.bio FROM page_authors pa"
        " JOIN authors a ON a.id = pa.author_id ORDER BY pa.position"
    ))
    assert authors == [
        {"name": "Eltje Bos", "role": "author", "position": 1,
         "bio": "Eltje Bos is opleidingsmanager."},
        {"name": "Pieter van Vliet", "role": "author", "position": 2, "bio": None},
    ]
    reactions = list(archive.db["reactions"].rows_where(order_by="position"))
    assert [(r["id"], r["author"], r["parent"]) for r in reactions] == [
        (f"{page['id']}:1", "Frans van der Reep", None),
        (f"{page['id']}:2", None, 1),
    ]
    assert [link["url"] for link in archive.db["links"].rows] == ["https://www.platform31.nl/"]


def test_storing_the_same_records_again_changes_no_row_counts_and_reports_unchanged(archive):
    records = [record(), record(url="https://www.socialevraagstukken.nl/ander-artikel/",
                                title="Een ander artikel", authors=[], reactions=[])]
    first = archive.start_run(["socialevraagstukken"], mirror=True)
    for r in records:
        archive.store(r, fetched_at=FETCHED, run_id=first)
    archive.finish_run(first, "finished")
    before = archive.table_counts()
    pages_before = list(archive.db.query("SELECT * FROM pages ORDER BY id"))

    second = archive.start_run(["socialevraagstukken"], mirror=True)
    statuses = [archive.store(r, fetched_at=LATER, run_id=second) for r in records]
    counts = archive.finish_run(second, "finished")

    assert statuses == ["unchanged", "unchanged"]
    assert counts["pages_unchanged"] == 2 and counts["pages_new"] == 0
    after = archive.table_counts()
    assert {t: n for t, n in after.items() if t != "crawl_runs"} == {
        t: n for t, n in before.items() if t != "crawl_runs"
    }
    pages_after = list(archive.db.query("SELECT * FROM pages ORDER BY id"))
    assert [p["last_seen_at"] for p in pages_after] == [LATER, LATER]
    ignore_seen = [{k: v for k, v in p.items() if k != "last_seen_at"} for p in pages_after]
    assert ignore_seen == [{k: v for k, v in p.items() if k != "last_seen_at"}
                           for p in pages_before]


def test_a_changed_body_reports_changed_and_replaces_child_rows(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    archive.finish_run(run, "finished")

    edited = record(
        body_text="Een herziene tekst.",
        authors=[{"name": "Eltje Bos", "role": "author", "bio": None}],
        reactions=[{"position": 1, "author": "Anoniem", "posted": None, "text": "Eens.",
                    "parent": None}],
    )
    rerun = archive.start_run(["socialevraagstukken"], mirror=True)
    assert archive.store(edited, fetched_at=LATER, run_id=rerun) == "changed"

    page = archive.db["pages"].get(page_id(edited))
    assert page["body_text"] == "Een herziene tekst."
    assert page["last_changed_at"] == LATER and page["first_seen_at"] == FETCHED
    assert [r["author_id"] for r in archive.db["page_authors"].rows] == ["eltje-bos"]
    assert [r["id"] for r in archive.db["authors"].rows] == ["eltje-bos"]
    assert [r["text"] for r in archive.db["reactions"].rows] == ["Eens."]
    assert archive.finish_run(rerun, "finished")["pages_changed"] == 1


def test_a_canon_window_under_three_urls_is_one_page_with_three_memberships(archive):
    urls = [
        f"{CANON}/nl_mw/details.php?cps=12&canon_id=301",
        f"{CANON}/nl/details.php?cps=40&canon_id=120",
        f"{CANON}/nl_so/details.php?cps=9&canon_id=512",
    ]
    run = archive.start_run(["canon"], mirror=True)

    statuses = [archive.store(window(url), fetched_at=FETCHED, run_id=run) for url in urls]

    assert statuses == ["new", "merged", "merged"]
    assert archive.db["pages"].count == 1
    page = next(archive.db["pages"].rows)
    assert page["url"] == min(urls) == f"{CANON}/nl/details.php?cps=40&canon_id=120"
    memberships = {r["url"]: (r["page_id"], r["collection"]) for r in archive.db["page_urls"].rows}
    assert memberships == {
        urls[0]: (page["id"], "nl_mw"),
        urls[1]: (page["id"], "nl"),
        urls[2]: (page["id"], "nl_so"),
    }
    assert archive.finish_run(run, "finished")["pages_merged"] == 2


def test_a_window_keeps_the_smallest_urls_content_whatever_the_crawl_order(tmp_path):
    """Each sub-canon links the window's related windows inside itself, so the records differ."""
    small, large = f"{CANON}/nl/details.php?cps=40&canon_id=120", f"{CANON}/nl_mw/details.php?cps=1"
    records = {
        url: window(url, links=[{"kind": "related", "title": "1905 Kinderwetten",
                                 "url": url.replace("cps=", "cps=2")}])
        for url in (small, large)
    }
    rows = []
    for order in ([small, large], [large, small]):
        with Archive(tmp_path / f"{order[0][-3:]}.db") as archive:
            run = archive.start_run(["canon"], mirror=True)
            for url in order:
                archive.store(records[url], fetched_at=FETCHED, run_id=run)
            rerun = archive.start_run(["canon"], mirror=True)
            statuses = [archive.store(records[url], fetched_at=LATER, run_id=rerun)
                        for url in reversed(order)]
            assert statuses == ["unchanged", "merged"]
            rows.append((next(archive.db["pages"].rows)["url"],
                         [link["url"] for link in archive.db["links"].rows]))

    assert rows[0] == rows[1] == (small, [small.replace("cps=", "cps=2")])


def test_an_edited_window_is_changed_once_and_merged_in_its_other_canons(archive):
    urls = [f"{CANON}/nl_mw/details.php?cps=12", f"{CANON}/nl/details.php?cps=40"]
    run = archive.start_run(["canon"], mirror=True)
    for url in urls:
        archive.store(window(url), fetched_at=FETCHED, run_id=run)

    rerun = archive.start_run(["canon"], mirror=True)
    statuses = [archive.store(window(url, body_text="Herziene tekst."), fetched_at=LATER,
                              run_id=rerun) for url in urls]

    assert statuses == ["changed", "merged"]
    page = next(archive.db["pages"].rows)
    assert (page["body_text"], page["last_changed_at"]) == ("Herziene tekst.", LATER)

def test_one_author_across_two_sites_is_one_authors_row(archive):
    run = archive.start_run(["canon", "zorgwelzijn"], mirror=True)
    archive.store(
        record(url="https://www.zorgwelzijn.nl/hernieuwde-aandacht-voor-samenlevingsopbouw/",
               site="zorgwelzijn", authors=[{"name": "Jos van der Lans", "role": "author",
                                             "bio": None}]),
        fetched_at=FETCHED, run_id=run,
    )
    archive.store(
        window(f"{CANON}/nl/details.php?cps=40&canon_id=120",
               authors=[{"name": "Evert Dagelet", "role": "author", "bio": None},
                        {"name": "Jos Van der Lans", "role": "contributor", "bio": None}]),
        fetched_at=FETCHED, run_id=run,
    )

    assert list(archive.db["authors"].rows_where("id = ?", ["jos-van-der-lans"])) == [
        {"id": "jos-van-der-lans", "name": "Jos van der Lans", "page_count": 2}
    ]
    roles = archive.db.execute(
        "SELECT p.site, pa.role FROM page_authors pa JOIN pages p ON p.id = pa.page_id"
        " WHERE pa.author_id = 'jos-van-der-lans' ORDER BY p.site"
    ).fetchall()
    assert roles == [("canon", "contributor"), ("zorgwelzijn", "author")]


def test_foreign_keys_are_declared_and_enforced(archive):
    declared = {(fk.table, fk.column, fk.other_table) for t in archive.db.tables
                for fk in t.foreign_keys}
    assert {("pages", "site", "sites"), ("page_urls", "page_id", "pages"),
            ("page_authors", "author_id", "authors"), ("reactions", "page_id", "pages"),
            ("links", "page_id", "pages"), ("fetch_failures", "run_id", "crawl_runs")} <= declared
    run = archive.start_run(["onbekend"], mirror=True)
    with pytest.raises(ValueError, match="FOREIGN KEY"):
        archive.store(record(site="onbekend"), fetched_at=FETCHED, run_id=run)
    assert archive.db["pages"].count == 0


def test_full_text_search_finds_pages_by_body_text_accents_folded(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    ideas = record(url="https://www.socialevraagstukken.nl/ideeen/", title="Ideeën",
                   body_text="Nieuwe ideeën over wijkteams.")
    archive.store(ideas, fetched_at=FETCHED, run_id=run)

    def search(query: str) -> list[str]:
        return [row[0] for row in archive.db.execute(
            "SELECT pages.title FROM pages_fts JOIN pages ON pages.rowid = pages_fts.rowid"
            " WHERE pages_fts MATCH ? ORDER BY pages.title", [query])]

    assert search("drukte") == ["Overheid moet zich bezinnen op eigen kracht"]
    assert search("ideeen") == ["Ideeën"]
    archive.store(record(body_text="Alles is anders."), fetched_at=LATER,
                  run_id=archive.start_run(["socialevraagstukken"], mirror=True))
    assert search("drukte") == []


def test_failures_are_recorded_and_counted_robots_as_skipped(archive):
    run = archive.start_run(["movisie"], mirror=True)
    archive.record_failure(run, site="movisie", url="https://www.movisie.nl/bestaat-niet",
                           status=404, reason="http", error="Not Found", fetched_at=FETCHED)
    archive.record_failure(run, site="movisie", url="https://www.movisie.nl/admin/",
                           status=None, reason="robots", error=None, fetched_at=FETCHED)

    counts = archive.finish_run(run, "finished")

    assert counts == {"pages_new": 0, "pages_changed": 0, "pages_unchanged": 0,
                      "pages_merged": 0, "pages_failed": 1, "pages_skipped": 1,
                      "pages_gone": 0}
    failure = next(archive.db["fetch_failures"].rows_where("status = 404"))
    assert (failure["run_id"], failure["url"]) == (run, "https://www.movisie.nl/bestaat-niet")
    row = archive.db["crawl_runs"].get(run)
    assert row["status"] == "finished" and row["finished_at"] and row["pages_failed"] == 1


def test_storing_into_an_unknown_run_is_refused(archive):
    with pytest.raises(ValueError, match="start_run"):
        archive.store(record(), fetched_at=FETCHED, run_id=99)
    assert archive.db["pages"].count == 0


def test_opening_twice_applies_the_migrations_once(tmp_path):
    Archive(tmp_path / "a.db").close()
    with Archive(tmp_path / "a.db") as archive:
        numbers = [r["number"] for r in archive.db["schema_migrations"].rows]
        assert numbers == [number for number, _, _ in MIGRATIONS]
        assert archive.db["sites"].count == 4
        assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_sqlite_is_a_readable_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("dit is geen database\n" * 100)
    with pytest.raises(ValueError, match="not a SQLite archive database"):
        Archive(path)


def test_an_unwritable_place_is_a_readable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OSError, match="cannot create the archive's folder"):
        Archive(blocker / "archive.db")
    with pytest.raises(OSError, match="is a folder"):
        Archive(tmp_path)



def test_field_sources_are_kept_with_the_content_they_describe(archive):
    run = archive.start_run(["movisie"], mirror=True)
    page = record(url="https://www.movisie.nl/artikel/a")
    archive.store(page, fetched_at=FETCHED, run_id=run, sources={"title": "rule"})
    archive.store(page, fetched_at=FETCHED, run_id=run,
                  sources={"title": "metadata", "published": "fallback"})
    (stored,) = archive.db.execute("SELECT field_sources FROM pages").fetchall()
    assert json.loads(stored[0]) == {"title": "metadata", "published": "fallback"}


def test_author_page_counts_follow_the_pages_that_name_them(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    other = "https://www.socialevraagstukken.nl/een-tweede-artikel/"
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    archive.store(record(url=other, title="Een tweede artikel"), fetched_at=FETCHED, run_id=run)

    def counts() -> dict[str, int]:
        return {row["id"]: row["page_count"] for row in archive.db["authors"].rows}

    assert counts() == {"eltje-bos": 2, "pieter-van-vliet": 2}
    archive.store(record(url=other, title="Een tweede artikel",
                         authors=[{"name": "Eltje Bos", "role": "author", "bio": None}]),
                  fetched_at=FETCHED, run_id=run)
    assert counts() == {"eltje-bos": 2, "pieter-van-vliet": 1}


def test_a_changed_page_keeps_its_old_version_as_a_revision(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    second = archive.start_run(["socialevraagstukken"], mirror=True)
    assert archive.store(record(title="Nieuwe kop"), fetched_at=FETCHED, run_id=second) == "changed"
    versions = [(json.loads(r["record"])["title"], json.loads(r["changed_fields"]))
                for r in archive.db["revisions"].rows_where(order_by="id")]
    assert versions == [("Overheid moet zich bezinnen op eigen kracht", []),
                        ("Nieuwe kop", ["title"])]


def test_a_known_page_answering_404_is_gone_and_kept(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    outcome = archive.record_failure(run, site="socialevraagstukken", url=record()["url"],
                                     status=404, reason="http-error", error="404",
                                     fetched_at=FETCHED)
    unknown = archive.record_failure(run, site="socialevraagstukken",
                                     url="https://www.socialevraagstukken.nl/nooit-gezien/",
                                     status=404, reason="http-error", error="404",
                                     fetched_at=FETCHED)
    assert (outcome, unknown) == ("gone", "failed")
    (page,) = archive.db["pages"].rows
    assert page["gone_at"] == FETCHED and page["title"]


def test_a_page_that_cannot_be_stored_whole_leaves_nothing_behind(archive):
    """Its second reaction collides with the first: the page, its authors and its first
    reaction, written before the collision in the same transaction, are all rolled back."""
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    reactions = [{"position": 1, "author": None, "posted": None, "text": "Eens.", "parent": None}
                 ] * 2
    with pytest.raises(ValueError, match="cannot store the record"):
        archive.store(record(reactions=reactions), fetched_at=FETCHED, run_id=run)
    counts = {table: archive.db[table].count for table in
              ("pages", "page_urls", "authors", "page_authors", "reactions", "links",
               "revisions")}
    assert counts == dict.fromkeys(counts, 0)
    assert archive.db["crawl_runs"].get(run)["pages_new"] == 0


def counts_seen_by_another_connection(archive: Archive) -> dict[str, int]:
    with closing(sqlite3.connect(archive.path)) as other:
        return {table: other.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("pages", "reactions")}


def test_grouped_pages_are_committed_together_once_the_group_is_full(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.group_commits(units=3, seconds=3600)
    for number in (1, 2):
        archive.store(record(url=f"{record()['url']}?p={number}", title=f"Deel {number}"),
                      fetched_at=FETCHED, run_id=run)
    assert counts_seen_by_another_connection(archive) == {"pages": 0, "reactions": 0}
    archive.store(record(url=f"{record()['url']}?p=3", title="Deel 3"), fetched_at=FETCHED,
                  run_id=run)
    assert counts_seen_by_another_connection(archive) == {"pages": 3, "reactions": 6}


def test_a_grouped_page_that_fails_rolls_back_alone(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.group_commits(units=100, seconds=3600)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    colliding = [{"position": 1, "author": None, "posted": None, "text": "Eens.", "parent": None}
                 ] * 2
    with pytest.raises(ValueError, match="cannot store the record"):
        archive.store(record(url=f"{record()['url']}?p=2", title="Deel 2", reactions=colliding),
                      fetched_at=FETCHED, run_id=run)
    archive.store(record(url=f"{record()['url']}?p=3", title="Deel 3"), fetched_at=FETCHED,
                  run_id=run)
    archive.commit()
    assert counts_seen_by_another_connection(archive) == {"pages": 2, "reactions": 4}
    assert archive.db["crawl_runs"].get(run)["pages_new"] == 2


def test_a_group_is_committed_when_its_first_unit_is_old_enough_or_the_archive_closes(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.group_commits(units=100, seconds=0.2)
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    assert counts_seen_by_another_connection(archive)["pages"] == 0
    time.sleep(0.25)
    archive.store(record(url=f"{record()['url']}?p=2", title="Deel 2"), fetched_at=FETCHED,
                  run_id=run)
    assert counts_seen_by_another_connection(archive)["pages"] == 2
    archive.store(record(url=f"{record()['url']}?p=3", title="Deel 3"), fetched_at=FETCHED,
                  run_id=run)
    archive.close()
    assert counts_seen_by_another_connection(archive)["pages"] == 3


def test_the_hook_before_a_group_commit_runs_before_its_rows_are_visible(archive):
    run = archive.start_run(["socialevraagstukken"], mirror=True)
    archive.group_commits(units=1, seconds=3600)
    seen_by_hook = []
    archive.before_commit(lambda: seen_by_hook.append(counts_seen_by_another_connection(archive)))
    archive.store(record(), fetched_at=FETCHED, run_id=run)
    assert seen_by_hook == [{"pages": 0, "reactions": 0}]
    assert counts_seen_by_another_connection(archive) == {"pages": 1, "reactions": 2}


def test_a_hook_before_commits_is_refused_when_commits_are_not_grouped(archive):
    with pytest.raises(ValueError, match="group_commits"):
        archive.before_commit(lambda: None)
