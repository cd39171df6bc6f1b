"""The public copy as strangers pull it from Datasette: no reader's name in any table, view,
search, facet, JSON or CSV, each reader under one stable pseudonym per site, also where they
signed their own text; authors named; the archivist's own server shows the names, on loopback
only. The archive is the crawled mirror (tests/conftest.py), served with `archive serve
--public` as a publisher would."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import urllib.parse
from contextlib import closing

import pytest

from archive.publication.public import (
    FTS_INDEXES,
    PSEUDONYM_DIGITS,
    Pseudonyms,
    build_public_copy,
    cached_copy_path,
    public_copy,
)
from tests.conftest import query, run_archive
from tests.serving import get, get_json, served

PSEUDONYM = re.compile(rf"^Lezer [0-9a-f]{{{PSEUDONYM_DIGITS}}}$")
# Readers of the mirror's Sociale Vraagstukken pages who signed their reaction with their name.
SIGNERS = ("Gerrit Mulder", "Kees van Dam", "Wilma de Graaf")


@pytest.fixture(scope="module")
def commenters(crawled) -> set[str]:
    """The readers' names. An author who answers the readers under her own article (Marieke de
    Wit, on Sociale Vraagstukken) is a reader there, under a pseudonym, and stays named as the
    article's author: her name is not one of these."""
    names = {name for name, in query(crawled.db_path, "SELECT DISTINCT author FROM reactions"
                                                      " WHERE author IS NOT NULL")}
    authors = {name for name, in query(crawled.db_path, "SELECT name FROM authors")}
    assert set(SIGNERS) <= names and names & authors == {"Marieke de Wit"}
    return names - authors


@pytest.fixture(scope="module")
def public_url(crawled):
    with served(crawled.db_path, "--public") as base:
        yield base + "/archive"


def named(body: str, names: set[str]) -> set[str]:
    """The names that stand in `body` as words of their own, in any case."""
    return {name for name in names
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body, re.IGNORECASE)}


def every_row_as_json(url: str) -> str:
    """Every row of a table or view, following the pages of results."""
    bodies, next_url = [], f"{url}.json?_size=max&_shape=objects"
    while next_url:
        data = get_json(next_url)
        bodies.append(repr(data["rows"]))
        next_url = data.get("next_url")
    return "\n".join(bodies)


def test_public_mode_shows_no_commenter_name_in_any_table_or_view_as_json_or_csv(
        public_url, commenters):
    listing = get_json(public_url + ".json")
    tables = [table["name"] for table in listing["tables"]]
    views = [view["name"] for view in listing["views"]]
    assert {"reactions", "pages", "revisions", "page_overview"} <= set(tables) | set(views)
    for name in tables + views:
        url = f"{public_url}/{urllib.parse.quote(name)}"
        assert named(every_row_as_json(url), commenters) == set(), f"{name} as JSON"
        body = get(f"{url}.csv?_stream=on&_size=max").decode("utf-8")
        assert named(body, commenters) == set(), f"{name} as CSV"


def test_public_mode_finds_nothing_for_a_commenters_name(public_url, commenters):
    for name in sorted(commenters):
        term = f'"{name}"'
        pages = get_json(f"{public_url}/page_overview.json?"
                         + urllib.parse.urlencode({"_search": term, "_shape": "array"}))
        reactions = get_json(f"{public_url}/reactions.json?"
                             + urllib.parse.urlencode({"_search": term, "_shape": "array"}))
        ranked = get_json(f"{public_url}/search.json?"
                          + urllib.parse.urlencode({"q": term, "_shape": "array"}))
        assert (pages, reactions, ranked) == ([], [], []), name


def test_public_mode_facets_commenters_by_pseudonym(public_url):
    data = get_json(f"{public_url}/reactions.json?_facet=author&_size=0&_facet_size=max")
    authors = [row["value"] for row in data["facet_results"]["author"]["results"]]
    assert authors and all(PSEUDONYM.match(author) for author in authors if author), authors


def test_each_reader_is_one_pseudonym_per_site_and_different_readers_are_not(
        crawled, public_url):
    names = query(crawled.db_path, "SELECT r.id, r.author FROM reactions r"
                                   " WHERE r.author IS NOT NULL")
    public = {row["id"]: row["author"] for row in get_json(
        f"{public_url}/reactions.json?_shape=array&_size=max&_col=author")}
    alias_of: dict[str, set[str]] = {}
    for reaction_id, name in names:
        assert PSEUDONYM.match(public[reaction_id]), public[reaction_id]
        alias_of.setdefault(name, set()).add(public[reaction_id])
    assert all(len(aliases) == 1 for aliases in alias_of.values()), alias_of
    assert len({next(iter(a)) for a in alias_of.values()}) == len(alias_of)


def test_readers_whose_digits_collide_get_longer_pseudonyms_and_no_one_else_changes():
    secret = bytes(32)
    names = [f"Lezer Nummer {number}" for number in range(2000)]  # about 30 colliding pairs
    everyone = Pseudonyms(secret, [("socialevraagstukken", name) for name in names])
    aliases = {name: everyone.of("socialevraagstukken", name) for name in names}
    assert len(set(aliases.values())) == len(names)
    longer = [name for name, alias in aliases.items() if not PSEUDONYM.match(alias)]
    assert len(longer) >= 2
    first_few = Pseudonyms(secret, [("socialevraagstukken", name) for name in names[:200]])
    for name in names[:200]:
        if name not in longer:
            assert first_few.of("socialevraagstukken", name) == aliases[name]
    assert everyone.of("socialevraagstukken", "lezer  nummer 7") == aliases["Lezer Nummer 7"]
    other_site = Pseudonyms(secret, [("zorgwelzijn", "Lezer Nummer 7")])
    assert other_site.of("zorgwelzijn", "Lezer Nummer 7") != aliases["Lezer Nummer 7"]


def test_a_signed_reaction_carries_the_pseudonym_where_the_name_was(crawled, public_url):
    internal = dict(query(crawled.db_path, "SELECT id, text FROM reactions"))
    rows = get_json(f"{public_url}/reactions.json?_shape=array&_size=max")
    by_id = {row["id"]: row for row in rows}
    signed = {reaction_id: text for reaction_id, text in internal.items()
              if any(signer in text for signer in SIGNERS)}
    assert len(signed) >= len(SIGNERS)
    names = dict(query(crawled.db_path, "SELECT id, author FROM reactions"))
    for reaction_id, text in signed.items():
        public = by_id[reaction_id]
        assert not any(signer in public["text"] for signer in SIGNERS)
        restored = public["text"]
        for row in rows:  # the page's readers' pseudonyms back to their names
            if row["page_id"] == public["page_id"] and row["author"]:
                restored = restored.replace(row["author"], names[row["id"]])
        assert restored == text
    # A reader answering another by name: "Eens met Marja," names Marja's pseudonym.
    answer = next(row for row in rows if row["text"].startswith("Eens met "))
    marja = next(row["author"] for row in rows
                 if row["page_id"] == answer["page_id"] and row["id"] != answer["id"])
    assert answer["text"].startswith(f"Eens met {marja},")


def test_authors_of_articles_stay_named_with_their_bios(crawled, public_url):
    internal = {name for name, in query(crawled.db_path, "SELECT name FROM authors")}
    public = {row["name"] for row in get_json(f"{public_url}/authors.json?_shape=array&_size=max")}
    assert public == internal and len(internal) > 5
    bios = [row for row in get_json(f"{public_url}/page_authors.json?_shape=array&_size=max")
            if row["bio"]]
    assert bios


def test_public_mode_withholds_the_captures_of_pages_that_print_readers_names(
        crawled, public_url):
    with_reactions = {url for url, in query(
        crawled.db_path, "SELECT u.url FROM page_urls u WHERE u.page_id IN"
                         " (SELECT page_id FROM reactions)")}
    assert with_reactions
    public = {row["url"] for row in get_json(
        f"{public_url}/captures.json?_shape=array&_size=max&_col=url")}
    assert public and not public & with_reactions


def test_public_copy_holds_neither_the_pseudonym_key_nor_the_register(crawled, public_url):
    tables = {table["name"] for table in get_json(public_url + ".json")["tables"]}
    assert not {"publication_secret", "takedowns"} & tables
    assert "publication" in tables
    with closing(sqlite3.connect(cached_copy_path(crawled.db_path))) as conn:
        names = {name for name, in conn.execute("SELECT name FROM sqlite_master")}
    assert "publication_secret" not in names


def test_the_pseudonyms_are_the_same_in_every_copy_of_one_archive(crawled, tmp_path):
    first = build_public_copy(crawled.db_path, tmp_path / "one.db")
    second = build_public_copy(crawled.db_path, tmp_path / "two.db")
    read = "SELECT id, author, text FROM reactions ORDER BY id"
    assert query(first.path, read) == query(second.path, read)
    assert first.commenters == second.commenters > 5


def test_the_copys_search_indexes_hold_its_rows_and_stay_kept_in_step(crawled, tmp_path):
    made = build_public_copy(crawled.db_path, tmp_path / "copy.db")
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    assert query(made.path, triggers) == query(crawled.db_path, triggers)
    with closing(sqlite3.connect(made.path)) as conn:
        for index in FTS_INDEXES:  # rank 1: checked against the table's rows too
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")


def test_the_cached_copy_is_reused_until_the_archive_changes(crawled, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(crawled.db_path, db)
    made = public_copy(db)
    assert not made.reused and made.path == cached_copy_path(db)
    assert public_copy(db).reused
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE reactions SET text = text || ' Nieuw.' WHERE position = 1")
    again = public_copy(db)
    assert not again.reused
    assert query(again.path, "SELECT count(*) FROM reactions WHERE text LIKE '% Nieuw.'")[0][0]


def test_export_public_writes_pseudonyms_and_the_archive_export_names(crawled, commenters):
    public = run_archive("export", "--db", str(crawled.db_path), "--table", "reactions",
                         "--public")
    assert public.returncode == 0, public.stderr
    rows = list(csv.DictReader(io.StringIO(public.stdout)))
    assert rows and all(PSEUDONYM.match(row["author"]) for row in rows if row["author"])
    assert named(public.stdout, commenters) == set()
    internal = run_archive("export", "--db", str(crawled.db_path), "--table", "reactions")
    assert set(SIGNERS) <= named(internal.stdout, commenters)


def test_internal_mode_shows_the_names(crawled):
    with served(crawled.db_path) as base:
        rows = get_json(base + "/archive/reactions.json?_shape=array&_size=max")
    assert set(SIGNERS) <= {row["author"] for row in rows}


def test_internal_mode_is_refused_on_an_address_others_can_reach(crawled):
    refused = run_archive("serve", "--db", str(crawled.db_path), "--host", "0.0.0.0",
                          "--port", "0", timeout=60)
    assert refused.returncode != 0
    assert "loopback" in refused.stderr and "--public" in refused.stderr


# -- the publishers' rights signals in public mode -------------------------------------------

NOARCHIVE = "https://www.movisie.nl/artikel/intervisie-over-discriminatie-in-het-team"
# A page of each signal the mirror serves, and what its reading page says of it.
SHOWN = {
    "https://www.canonsociaalwerk.eu/nl_so/details.php?canon_id=623": (
        "Tekst- en datamining voorbehouden (bron: tdmrep.json)",
        "https://www.canonsociaalwerk.eu/tdm-beleid.php",
        "Licentie: https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl"),
    "https://www.movisie.nl/artikel/eenzaamheid-vraagt-om-een-lange-adem": (
        "Tekst- en datamining voorbehouden (bron: header)", "https://www.movisie.nl/tdm-beleid"),
    "https://www.movisie.nl/publicatie/factsheet-sociaal-werk-in-de-wijk": (
        "Tekst- en datamining voorbehouden (bron: meta)",),
    "https://www.canonsociaalwerk.eu/nl_so/details.php?canon_id=631": (
        "Tekst- en datamining niet voorbehouden (bron: header)",),
    "https://www.zorgwelzijn.nl/akkoord-over-cao-sociaal-werk/": ("Robots: noindex, nosnippet",),
    "https://www.zorgwelzijn.nl/buurtsportcoach-verbindt-sport-en-welzijn/": (
        "Licentie: https://creativecommons.org/licenses/by-nc-nd/4.0/",),
}


@pytest.fixture(scope="module")
def kept_noarchive(tmp_path_factory):
    """Movisie crawled by an archivist who opted in to the page that says noarchive."""
    db = tmp_path_factory.mktemp("kept-noarchive") / "archive.db"
    done = run_archive("crawl", "--mirror", "--site", "movisie", "--keep-noarchive", "--db",
                       str(db))
    assert done.returncode == 0, done.stderr
    assert query(db, "SELECT noarchive FROM pages WHERE url = ?", NOARCHIVE) == [(1,)]
    return db


def test_a_noarchive_page_the_archivist_kept_is_absent_from_public_mode(kept_noarchive):
    (title,), = query(kept_noarchive, "SELECT title FROM pages WHERE url = ?", NOARCHIVE)
    checks = {
        "pages": f"pages.json?url={urllib.parse.quote(NOARCHIVE)}&_shape=array",
        "search": "page_overview.json?_shape=array&" + urllib.parse.urlencode(
            {"_search": f'"{title}"'}),
        "captures": f"captures.json?url={urllib.parse.quote(NOARCHIVE)}&_shape=array",
        "rights": f"page_rights.json?url={urllib.parse.quote(NOARCHIVE)}&_shape=array",
    }
    with served(kept_noarchive) as internal:
        assert all(get_json(f"{internal}/archive/{path}") for path in checks.values())
    with served(kept_noarchive, "--public") as public:
        assert {name: get_json(f"{public}/archive/{path}") for name, path in checks.items()} == {
            name: [] for name in checks}
    exported = run_archive("export", "--db", str(kept_noarchive), "--public")
    assert exported.returncode == 0 and NOARCHIVE not in exported.stdout


def test_tdm_reserved_rows_carry_their_flag_and_policy_in_every_csv(crawled, public_url):
    reserved = dict(query(crawled.db_path,
                          "SELECT url, tdm_policy FROM pages WHERE tdm_reservation = 1"))
    assert len(reserved) >= 4 and all(reserved.values())
    exported = run_archive("export", "--db", str(crawled.db_path), "--public")
    assert exported.returncode == 0, exported.stderr
    for name, body in (
            ("pages", get(f"{public_url}/pages.csv?_stream=on&_size=max").decode()),
            ("page_overview", get(f"{public_url}/page_overview.csv?_stream=on&_size=max").decode()),
            ("archive export", exported.stdout)):
        rows = list(csv.DictReader(io.StringIO(body)))
        flagged = {row["url"]: row["tdm_policy"] for row in rows if row["tdm_reservation"] == "1"}
        assert flagged == reserved, name


def test_each_rights_signal_is_faceted_and_shown_on_its_reading_page(crawled, public_url):
    facets = get_json(f"{public_url}/page_rights.json?_size=0")["facet_results"]
    assert {"site", "tdm_reservation", "noarchive", "licence"} <= set(facets)
    for url, said in SHOWN.items():
        (page_id,), = query(crawled.db_path, "SELECT page_id FROM page_urls WHERE url = ?", url)
        html = get(f"{public_url}/pages/{urllib.parse.quote(page_id)}").decode()
        section = html[html.index('<section class="page-rights"'):]
        section = re.sub(r"<[^>]+>", "", section[:section.index("</section>")])
        assert all(words in " ".join(section.split()) for words in said), (url, section)


def test_archive_publish_writes_the_public_copy_for_datasette_publish(crawled, tmp_path):
    out = tmp_path / "publish" / "archive.db"
    out.parent.mkdir()
    done = run_archive("publish", "--db", str(crawled.db_path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "publish: copying" in done.stderr and "readers under pseudonyms" in done.stderr
    tables = {name for name, in query(out, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "publication" in tables and not {"publication_secret", "takedowns"} & tables
    assert query(out, "SELECT value FROM publication WHERE key = 'mode'") == [("public",)]
    assert not list(tmp_path.glob("publish/.*partial*"))
    again = run_archive("publish", "--db", str(out), "--out", str(tmp_path / "twice.db"))
    assert again.returncode == 1 and "is a public copy already" in again.stderr
    folder = run_archive("publish", "--db", str(crawled.db_path), "--out", str(tmp_path))
    assert folder.returncode != 0 and not (tmp_path / "archive.db").exists()
