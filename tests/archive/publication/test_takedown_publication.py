"""A removal request from start to end, as an archivist handles one: a takedown of a URL, of an
author and of a commenter each hides what it names from the public Datasette, its search, the
public export and the WACZ; a crawl and a re-extraction afterwards bring none of it back;
lifting them restores everything; the register keeps all three with dates and reasons. On a
copy of the crawled mirror (tests/conftest.py), through the `archive` command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import query, run_archive
from tests.serving import get_json, served

PAGE = "https://www.movisie.nl/artikel/zonder-burgerkracht-geen-wijkteams"
PAGE_TITLE = "Zonder burgerkracht geen wijkteams"
AUTHOR = "Femke Dijkstra"
AUTHORS_PAGE = "https://www.socialevraagstukken.nl/buurtteams-in-de-praktijk/"
COMMENTER = "Kees van Dam"
COMMENTERS_PAGE = "https://www.socialevraagstukken.nl/vrijwilligers-zijn-geen-gratis-professionals/"
EVERYWHERE = {"datasette": True, "search": True, "export": True, "wacz": True}
NOWHERE = dict.fromkeys(EVERYWHERE, False)


@pytest.fixture(scope="module")
def archive(crawled, tmp_path_factory) -> Path:
    """A copy of the crawled archive with its captures, for this module to write to."""
    folder = tmp_path_factory.mktemp("takedowns")
    shutil.copy(crawled.db_path, folder / "archive.db")
    shutil.copytree(crawled.db_path.parent / "captures", folder / "captures")
    return folder / "archive.db"


def succeeded(*args: str) -> str:
    done = run_archive(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wacz_urls(db: Path) -> set[str]:
    """The target URLs of every WARC record in the archive's WACZ."""
    out = db.with_name("archive.wacz")
    succeeded("export", "--db", str(db), "--format", "wacz", "--out", str(out))
    urls = set()
    with zipfile.ZipFile(out) as wacz:
        for name in wacz.namelist():
            if name.startswith("archive/") and name.endswith(".warc.gz"):
                with wacz.open(name) as stream:
                    urls.update(record.rec_headers.get_header("WARC-Target-URI")
                                for record in ArchiveIterator(stream))
    return urls


def visible(db: Path) -> dict[str, dict[str, bool]]:
    """For each of the three, whether the public outputs show it."""
    kees = {reaction_id for reaction_id, in query(
        db, "SELECT id FROM reactions WHERE author = ?", COMMENTER)}
    assert kees, "the mirror's commenter is gone from the archive"
    with served(db, "--public") as base:
        site = base + "/archive"

        def rows(path: str, **params: str) -> list[dict]:
            return get_json(f"{site}/{path}.json?"
                            + urllib.parse.urlencode({**params, "_shape": "array"}))

        shown = {
            "url": {"datasette": bool(rows("pages", url=PAGE)),
                    "search": bool(rows("page_overview", _search=f'"{PAGE_TITLE}"'))},
            "author": {"datasette": bool(rows("authors", name=AUTHOR)),
                       "search": bool(rows("authors", _search=f'"{AUTHOR}"'))},
            "commenter": {"datasette": bool({row["id"] for row in rows(
                "reactions", _size="max")} & kees),
                # Her answer to the others, "Eens met Marja", is searchable as long as she is.
                "search": bool(rows("reactions", _search='"vrijwilligers moeten niet"'))},
        }
    pages = succeeded("export", "--db", str(db), "--table", "page_overview", "--public")
    reactions = list(csv.DictReader(io.StringIO(succeeded(
        "export", "--db", str(db), "--table", "reactions", "--public"))))
    shown["url"]["export"] = PAGE in pages
    shown["author"]["export"] = AUTHOR in pages
    shown["commenter"]["export"] = bool({row["id"] for row in reactions} & kees)
    urls = wacz_urls(db)
    shown["url"]["wacz"] = PAGE in urls
    shown["author"]["wacz"] = AUTHORS_PAGE in urls
    shown["commenter"]["wacz"] = COMMENTERS_PAGE in urls
    return shown


def test_takedowns_hide_what_they_name_until_lifted_through_crawls_and_reextraction(archive):
    db = str(archive)
    assert visible(archive) == {"url": EVERYWHERE, "author": EVERYWHERE,
                                "commenter": EVERYWHERE}
    for kind, value, reason in (("--url", PAGE, "verzoek uitgever, brief 12"),
                                ("--author", AUTHOR.upper(), "AVG-verzoek 2026-3"),
                                ("--commenter", "  kees van  dam ", "AVG-verzoek 2026-4")):
        succeeded("takedown", "add", "--db", db, kind, value, "--reason", reason, "--by", "Ans")
    hidden = {"url": NOWHERE, "author": NOWHERE, "commenter": NOWHERE}
    assert visible(archive) == hidden

    crawl = run_archive("crawl", "--mirror", "--db", db)
    assert crawl.returncode == 0, crawl.stderr
    succeeded("reextract", "--db", db)
    assert query(archive, "SELECT count(*) FROM pages WHERE url = ?", PAGE) == [(1,)]
    assert visible(archive) == hidden

    register = json.loads(succeeded("takedown", "list", "--db", db, "--json"))
    assert [(t["kind"], t["reason"], t["added_by"]) for t in register] == [
        ("url", "verzoek uitgever, brief 12", "Ans"), ("author", "AVG-verzoek 2026-3", "Ans"),
        ("commenter", "AVG-verzoek 2026-4", "Ans")]
    assert all(t["added_at"] and t["lifted_at"] is None for t in register)
    for takedown in register:
        succeeded("takedown", "lift", "--db", db, str(takedown["id"]), "--reason",
                  "verzoek ingetrokken", "--by", "Bert")
    assert visible(archive) == {"url": EVERYWHERE, "author": EVERYWHERE,
                                "commenter": EVERYWHERE}
    lifted = json.loads(succeeded("takedown", "list", "--db", db, "--json"))
    assert len(lifted) == 3
    assert all(t["lifted_at"] and t["lifted_by"] == "Bert" and t["added_at"] for t in lifted)
    text = succeeded("takedown", "list", "--db", db)
    assert all(reason in text for reason in ("brief 12", "2026-3", "2026-4"))
