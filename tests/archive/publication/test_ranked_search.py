"""The ranked search (canned query `search`) answers what FTS5's exhaustive bm25 answers: the same
pages in the same order with the same scores, for the query mix, folded accents, prefixes and
FTS5's operators. From the ranked index beside the public copy where it has one that is up to
date, from FTS5 itself where not."""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import urllib.parse
from contextlib import closing

import pytest
import yaml

from archive.publication import ranked
from archive.publication.public import public_copy
from archive.publication.serve import HERE
from tests.conftest import run_archive
from tests.serving import get_json, served

QUERIES = ("zorg", "welzijn", "participatie", "armoede", "mantelzorg schulden",
           "straatadvocaat", "wijkteam*", '"sociale basis"', "clienten", "cliënten", "cliënt*",
           "zorg NOT welzijn", "armoede OR schulden", "(jeugd OR ouderen) AND zorg")
TOP = 20


def exhaustive(copy, query: str) -> list[tuple[str, float]]:
    """(id, bm25) of FTS5's own best pages, as the canned query ranked before the index."""
    with closing(sqlite3.connect(f"file:{copy}?immutable=1", uri=True)) as conn:
        return conn.execute(
            "SELECT p.id, bm25(pages_fts, 10.0, 5.0, 1.0, 0.5) AS rank FROM pages_fts"
            " JOIN pages p ON p.rowid = pages_fts.rowid WHERE pages_fts MATCH ?"
            " ORDER BY rank LIMIT ?", (query, ranked.LIMIT)).fetchall()


def ranked_search(base: str, query: str) -> list[dict]:
    return get_json(f"{base}/archive/search.json?"
                    + urllib.parse.urlencode({"q": query, "_shape": "array"}))


def assert_same_ranking(ids: list[str], want: list[tuple[str, float]]) -> None:
    """The best TOP pages' exhaustive scores, in the order given, are the exhaustive best
    scores: pages that tie may come in either order, no other page may stand in (recall at 20 is
    1). Below them the answer holds as many pages, each a match."""
    scores = dict(want)
    assert len(ids) == len(want)
    got = [scores.get(page, math.nan) for page in ids[:TOP]]
    assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
               for a, b in zip(got, [score for _, score in want[:TOP]], strict=True)), ids[:TOP]


def test_the_public_copy_has_an_up_to_date_ranked_index(synthetic):
    assert ranked.opened_index(synthetic.copy) is not None


@pytest.mark.parametrize("query", QUERIES)
def test_the_ranked_search_answers_fts5s_own_best_pages(synthetic, query):
    want = exhaustive(synthetic.copy, query)
    rows = ranked_search(synthetic.base, query)
    assert_same_ranking([row["id"] for row in rows if row["soort"] == "pagina"], want)
    assert [row["score"] for row in rows[:TOP]] == [round(score, 2) for _, score in want[:TOP]]
    assert all("<mark>" in row["snippet"] for row in rows)


@pytest.mark.parametrize("query", ["zorg", "wijkteam*", "armoede OR schulden"])
def test_the_index_scores_a_page_as_fts5_does(synthetic, query):
    """Not rounded: the score is FTS5's bm25 formula with the whole index's statistics."""
    index = ranked.opened_index(synthetic.copy)
    with closing(sqlite3.connect(f"file:{synthetic.copy}?immutable=1", uri=True)) as conn:
        answer = ranked.ranked_pages(conn, index, query)
        ids = dict(conn.execute("SELECT rowid, id FROM pages"))
    want = dict(exhaustive(synthetic.copy, query))
    compared = [(page["score"], want[ids[page["rowid"]]]) for page in answer
                if ids[page["rowid"]] in want]
    assert len(compared) >= TOP
    assert all(math.isclose(got, score, rel_tol=1e-9, abs_tol=1e-12) for got, score in compared)


def test_a_snippet_is_the_one_fts5_makes(synthetic):
    with closing(sqlite3.connect(f"file:{synthetic.copy}?immutable=1", uri=True)) as conn:
        want = dict(conn.execute(
            "SELECT p.id, snippet(pages_fts, -1, '<mark>', '</mark>', ' … ', 24) FROM pages_fts"
            " JOIN pages p ON p.rowid = pages_fts.rowid WHERE pages_fts MATCH 'armoede'"))
    for row in ranked_search(synthetic.base, "armoede"):
        assert row["snippet"] == want[row["id"]]


def test_syntax_the_index_does_not_translate_is_ranked_by_fts5(synthetic):
    query = "title:armoede"
    assert ranked.answerable(synthetic.copy, query) is None
    rows = ranked_search(synthetic.base, query)
    assert_same_ranking([row["id"] for row in rows], exhaustive(synthetic.copy, query))


@pytest.mark.parametrize("query", ["title:zorg", "NEAR(zorg welzijn)", "^zorg", "zorg)", "",
                                   "NOT zorg", "a + b", "sociaal-werk"])
def test_the_parser_leaves_what_it_does_not_know_to_fts5(query):
    with pytest.raises(ranked.Unsupported):
        ranked.parse(query)


def test_the_parser_binds_not_tighter_than_and_and_and_tighter_than_or():
    node = ranked.parse("a b OR c NOT d")
    assert node.op == "or"
    left, right = node.children
    assert (left.op, [child.phrase.text for child in left.children]) == ("and", ["a", "b"])
    assert right.op == "not"
    assert [p.text for p in ranked.phrases(node)] == ["a", "b", "c", "d"]
    assert ranked.parse('"sociale basis"* wijk*').children[0].phrase == ranked.Phrase(
        "sociale basis", prefix=True)


def test_the_canned_query_weighs_the_columns_as_the_index_does():
    sql = yaml.safe_load((HERE / "metadata.yml").read_text())[
        "databases"]["archive"]["queries"]["search"]["sql"]
    weights = ", ".join(str(weight) for weight in ranked.WEIGHTS)
    assert f"bm25(pages_fts, {weights})" in sql


def test_an_index_of_another_state_of_the_file_is_not_used(tmp_path, crawled):
    """A write to the database after the index was built: the canned query ranks with FTS5,
    and `archive ranked-index` makes the index again. On the mirror's public copy."""
    copy = tmp_path / "copy.db"
    shutil.copy(public_copy(crawled.db_path).path, copy)
    index = ranked.build_index(copy)
    assert ranked.opened_index(copy) is not None
    os.utime(copy, ns=(1, 1))
    assert ranked.opened_index(copy) is None
    with served(copy, "--public") as base:
        rows = ranked_search(base, "burgerkracht")
    assert_same_ranking([row["id"] for row in rows if row["soort"] == "pagina"],
                        exhaustive(copy, "burgerkracht"))
    made = run_archive("ranked-index", "--db", str(copy))
    assert made.returncode == 0, made.stderr
    assert str(index) in made.stderr
    assert ranked.opened_index(copy) is not None


@pytest.mark.parametrize("query", ["burgerkracht", "wijkteam*", "ideeen", "sociale basis"])
def test_the_mirror_archives_ranked_search_is_fts5s(crawled, query):
    """The equality test on the mirror: its public copy, with the index it was made with."""
    copy = public_copy(crawled.db_path).path
    assert ranked.opened_index(copy) is not None
    with closing(sqlite3.connect(f"file:{copy}?immutable=1", uri=True)) as conn:
        answer = ranked.ranked_pages(conn, ranked.opened_index(copy), query)
        ids = dict(conn.execute("SELECT rowid, id FROM pages"))
    want = exhaustive(copy, query)
    assert want
    assert_same_ranking([ids[page["rowid"]] for page in answer], want)
