"""Sociale Vraagstukken: the spider crawled against the mirror over real HTTP archives every
article once and nothing else, obeys robots.txt and reports the removed article; the site rules
turn the mirror's WordPress pages into records."""

from collections import Counter

import pytest

from pipeline.record import problems
from tests.crawling import crawl_items, extract_page, failures, pages

HOST = "www.socialevraagstukken.nl"
SITE = f"https://{HOST}"
ARTICLE_PATHS = (
    "/overheid-moet-zich-bezinnen-op-eigen-kracht/",
    "/wijkteams-zijn-geen-wondermiddel/",
    "/buurtteams-in-de-praktijk/",
    "/jongerenwerk-verdient-meer-erkenning/",
    "/mantelzorgers-raken-overbelast/",
    "/participatiewet-sluit-mensen-buiten/",
    "/armoede-is-meer-dan-geldgebrek/",
    "/schuldhulpverlening-begint-met-vertrouwen/",
    "/eenzaamheid-is-geen-individueel-probleem/",
    "/vrijwilligers-zijn-geen-gratis-professionals/",
    "/sociale-basis-versterken-begint-bij-bewoners/",
    "/housing-first-werkt-ook-in-nederland/",
)
ARTICLES = {SITE + path for path in ARTICLE_PATHS}
REMOVED = f"{SITE}/jeugdzorg-moet-terug-naar-de-gemeente/"
SEARCH = "/?s=wijkteams"  # linked from an article; robots.txt disallows /?s=


@pytest.fixture(scope="module")
def items(mirror, tmp_path_factory):
    return crawl_items("socialevraagstukken", mirror.url, tmp_path_factory.mktemp("crawl"))


def record(mirror, path: str) -> dict:
    return extract_page(mirror, SITE + path)


# The crawl


def test_archives_exactly_the_articles_each_once_under_its_canonical_url(items):
    urls = [page["url"] for page in pages(items)]
    assert Counter(urls) == Counter(ARTICLES)


def test_removed_article_is_reported_as_a_404_failure(items):
    assert [(f["url"], f["status"], f["reason"]) for f in failures(items) if f["status"]] == [
        (REMOVED, 404, "http-error")
    ]


def test_search_link_is_refused_by_robots_and_never_requested(fresh_mirror, tmp_path):
    items = crawl_items("socialevraagstukken", fresh_mirror.url, tmp_path)
    assert fresh_mirror.requested(HOST, "/robots.txt")
    assert not fresh_mirror.requested(HOST, SEARCH)
    assert (SITE + SEARCH, "robots") in [(f["url"], f["reason"]) for f in failures(items)]


def test_follows_pagination_feed_and_sitemap_but_fetches_each_article_once(fresh_mirror, tmp_path):
    crawl_items("socialevraagstukken", fresh_mirror.url, tmp_path)
    for path in ("/page/2/", "/page/3/", "/feed/", "/wp-sitemap-posts-post-1.xml"):
        assert fresh_mirror.requested(HOST, path), path
    fetched = Counter(p for h, p, _ in fresh_mirror.log if h == HOST and p in ARTICLE_PATHS)
    assert fetched == Counter(ARTICLE_PATHS)
    # The old shortlink an article links to was followed, and its target not fetched again.
    assert fresh_mirror.requested(HOST, "/?p=2345")


# The site rules, on pages the gold file does not cover


@pytest.mark.parametrize("path", ARTICLE_PATHS)
def test_every_article_extracts_to_a_complete_record(mirror, path):
    page = record(mirror, path)
    assert problems(page) == []
    assert page["kind"] == "artikel"
    assert page["title"] and page["body_text"] and page["authors"]
    assert page["published"] and page["modified"] >= page["published"]
    assert isinstance(page["view_count"], int)


def test_a_reply_points_at_the_reaction_it_answers(mirror):
    reactions = record(mirror, "/armoede-is-meer-dan-geldgebrek/")["reactions"]
    assert [(r["position"], r["author"], r["parent"]) for r in reactions] == [
        (1, "Johan Bakker", None),
        (2, "Marieke de Wit", 1),
        (3, "Ans Vermeulen", None),
    ]
    assert reactions[1]["posted"] == "2019-05-21T13:40:03+02:00"
    assert reactions[1]["text"].startswith("Dank voor uw reactie.")


def test_article_without_reactions_has_none_and_keeps_all_its_authors(mirror):
    page = record(mirror, "/eenzaamheid-is-geen-individueel-probleem/")
    assert page["reactions"] == []
    names = [a["name"] for a in page["authors"]]
    assert names == ["Ruud Jansen", "Lotte Hendriks", "Marieke de Wit"]


def test_body_leaves_out_bios_view_count_reactions_and_form(mirror):
    body = record(mirror, "/armoede-is-meer-dan-geldgebrek/")["body_text"]
    assert body.startswith("Wie langdurig arm is")
    assert body.endswith("wat mensen in armoede kunnen opbrengen.")
    for boilerplate in ("Marieke de Wit is lector", "keer bekeken", "Reacties op dit artikel",
                        "Mooi betoog", "Reageer", "Het e-mailadres"):
        assert boilerplate not in body


def test_editorial_piece_is_credited_to_the_redactie_and_its_read_also_links_are_related(mirror):
    page = record(mirror, "/wijkteams-zijn-geen-wondermiddel/")
    assert [a["name"] for a in page["authors"]] == ["Redactie"]
    assert "Lees ook" not in page["body_text"]
    assert page["body_text"].endswith("Meer over dit onderwerp vindt u in ons dossier wijkteams.")
    assert [(link["kind"], link["title"]) for link in page["links"]] == [
        ("related", "Jeugdzorg moet terug naar de gemeente"),
        ("related", "Overheid moet zich bezinnen op eigen kracht"),
    ]


def test_renamed_article_keeps_its_url_and_shows_its_current_title(mirror):
    page = record(mirror, "/mantelzorgers-raken-overbelast/")
    assert page["url"] == f"{SITE}/mantelzorgers-raken-overbelast/"
    assert page["title"] == "Mantelzorg vraagt om meer dan een bedankje"
    assert (page["published"], page["modified"]) == ("2017-11-14", "2018-01-09")


@pytest.mark.parametrize(
    ("path", "views"),
    [
        ("/participatiewet-sluit-mensen-buiten/", 4410),
        ("/housing-first-werkt-ook-in-nederland/", 88),
    ],
)
def test_view_count_is_read_from_its_label(mirror, path, views):
    assert record(mirror, path)["view_count"] == views
