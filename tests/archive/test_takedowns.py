"""`archive takedown add | list | lift` as an archivist uses it: each request kept with its
reason, date and who registered it, lifting that keeps the row, and a one-line error for a
request the register cannot take."""

import getpass
import json
import re

import pytest

from tests.archive.publication.test_withheld import ARTICLE, copy_archive
from tests.archive.test_cli import assert_clean_error
from tests.conftest import query, run_archive

DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def db(crawled, tmp_path):
    return copy_archive(crawled, tmp_path)


def takedown(db, *args: str):
    return run_archive("takedown", *args, "--db", str(db))


def registered(db) -> list[dict]:
    done = takedown(db, "list", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_add_list_and_lift_keep_each_request_with_its_reason_date_and_who(db):
    added = takedown(db, "add", "--commenter", "Kees  van DAM", "--reason", "AVG-verzoek per mail",
                     "--by", "anna")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("takedown 1 added: commenter 'Kees  van DAM'")
    assert "1 page withheld" in added.stdout
    assert "restart `archive serve --public` and re-publish to apply" in added.stdout
    lifted = takedown(db, "lift", "1", "--reason", "verzoek ingetrokken", "--by", "piet")
    assert lifted.returncode == 0, lifted.stderr
    assert lifted.stdout.startswith("takedown 1 lifted")
    (row,) = registered(db)
    assert {k: row[k] for k in ("id", "kind", "value", "key", "reason", "added_by", "lifted_by",
                                "lift_reason", "active")} == {
        "id": 1, "kind": "commenter", "value": "Kees  van DAM", "key": "kees-van-dam",
        "reason": "AVG-verzoek per mail", "added_by": "anna", "lifted_by": "piet",
        "lift_reason": "verzoek ingetrokken", "active": False}
    assert DATE.match(row["added_at"]) and DATE.match(row["lifted_at"])


def test_list_shows_takedowns_in_force_first_and_what_lifted_the_others(db):
    for value in ("Kees van Dam", "Marja"):
        assert takedown(db, "add", "--commenter", value, "--reason", "verzoek").returncode == 0
    assert takedown(db, "lift", "1", "--reason", "ingetrokken", "--by", "piet").returncode == 0
    done = takedown(db, "list")
    assert done.returncode == 0, done.stderr
    header, first, second, lifted = done.stdout.splitlines()
    assert header.split()[:6] == ["id", "status", "kind", "value", "added", "reason"]
    assert first.split()[:4] == ["2", "active", "commenter", "Marja"]
    assert f"by {getpass.getuser()}" in first and first.endswith("verzoek")
    assert second.split()[:3] == ["1", "lifted", "commenter"]
    assert lifted.strip().startswith("lifted ") and lifted.endswith("by piet: ingetrokken")


def test_a_url_is_registered_in_the_spelling_the_archive_stores(db):
    spelled = ARTICLE.replace("https://www.", "HTTP://") + "?utm_source=nieuwsbrief"
    done = takedown(db, "add", "--url", spelled, "--reason", "verzoek van de uitgever")
    assert done.returncode == 0, done.stderr
    assert registered(db)[0]["key"] == ARTICLE
    assert done.stderr == ""


def test_a_url_no_page_has_is_taken_with_a_warning(db):
    done = takedown(db, "add", "--url", "https://www.movisie.nl/nog-niet/", "--reason", "verzoek")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("warning: the archive has no page with the URL")
    assert "0 pages withheld" in done.stdout
    assert [row["key"] for row in registered(db)] == ["https://www.movisie.nl/nog-niet/"]


def test_a_second_takedown_of_the_same_person_is_refused_naming_the_first(db):
    assert takedown(db, "add", "--author", "Jos van der Lans", "--reason", "r").returncode == 0
    again = takedown(db, "add", "--author", "JOS VAN DER  LANS", "--reason", "r")
    assert_clean_error(again)
    assert "takedown 1 already withholds author jos-van-der-lans" in again.stderr
    assert len(registered(db)) == 1


def test_a_lifted_takedown_can_be_registered_again(db):
    assert takedown(db, "add", "--author", "Jos van der Lans", "--reason", "r").returncode == 0
    assert takedown(db, "lift", "1", "--reason", "r").returncode == 0
    assert takedown(db, "add", "--author", "Jos van der Lans", "--reason", "r").returncode == 0
    assert [row["active"] for row in registered(db)] == [False, True]


@pytest.mark.parametrize("args", [
    ("add", "--url", ARTICLE),  # no reason
    ("add", "--url", ARTICLE, "--reason", "   "),
    ("add", "--url", ARTICLE, "--author", "Jos van der Lans", "--reason", "r"),
    ("add", "--reason", "r"),
    ("add", "--url", "ftp://www.movisie.nl/x", "--reason", "r"),
    ("add", "--commenter", "--- ", "--reason", "r"),
    ("lift", "7", "--reason", "r"),
    ("lift", "1"),  # no reason
])
def test_a_request_the_register_cannot_take_is_a_one_line_error(db, args):
    assert_clean_error(takedown(db, *args))
    assert query(db, "SELECT count(*) FROM takedowns") == [(0,)]


def test_lifting_twice_is_refused_and_keeps_the_first_lifting(db):
    assert takedown(db, "add", "--commenter", "Marja", "--reason", "r").returncode == 0
    assert takedown(db, "lift", "1", "--reason", "eerste", "--by", "anna").returncode == 0
    again = takedown(db, "lift", "1", "--reason", "tweede", "--by", "piet")
    assert_clean_error(again)
    assert "takedown 1 was lifted already" in again.stderr and "by anna" in again.stderr
    assert [(row["lifted_by"], row["lift_reason"]) for row in registered(db)] == [
        ("anna", "eerste")]


def test_the_register_of_a_file_that_is_not_an_archive_is_a_clear_error(tmp_path):
    assert_clean_error(takedown(tmp_path / "nope.db", "list"))
